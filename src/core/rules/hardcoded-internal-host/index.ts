import { defineRule } from '../../types';
import { checkEcma } from './ecmascript';
import { checkPython } from './python';
import { checkGo } from './go';
import { checkRuby } from './ruby';
import { checkJava } from './java';
import { checkCsharp } from './csharp';
import { checkPhp } from './php';

export default defineRule({
  meta: {
    id: 'hardcoded-internal-host',
    category: 'hardcoded-data',
    severity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'java', 'go', 'ruby', 'csharp', 'php'],
    description: 'An infrastructure host, private IP or internal URL is baked into application code.',
    fixable: true,
  },
  check: { javascript: checkEcma, typescript: checkEcma, python: checkPython, java: checkJava, go: checkGo, ruby: checkRuby, csharp: checkCsharp, php: checkPhp },
});
