import { defineRule } from '../../types';
import { checkEcma } from './ecmascript';
import { checkPython } from './python';
import { checkJava } from './java';
import { checkGo } from './go';
import { checkRuby } from './ruby';
import { checkCsharp } from './csharp';
import { checkPhp } from './php';

export default defineRule({
  meta: {
    id: 'hardcoded-secret',
    category: 'hardcoded-data',
    severity: 'error',
    languages: ['javascript', 'typescript', 'python', 'java', 'go', 'ruby', 'csharp', 'php'],
    description: 'A secret (API key, token, password, private key) is written into the code.',
    fixable: true,
  },
  check: { javascript: checkEcma, typescript: checkEcma, python: checkPython, java: checkJava, go: checkGo, ruby: checkRuby, csharp: checkCsharp, php: checkPhp },
});
