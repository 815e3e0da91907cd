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
    id: 'credentials-in-connection-string',
    category: 'hardcoded-data',
    severity: 'error',
    languages: ['javascript', 'typescript', 'python', 'java', 'go', 'ruby', 'csharp', 'php'],
    description: 'A connection string or URL embeds a username and password.',
    fixable: true,
  },
  check: { javascript: checkEcma, typescript: checkEcma, python: checkPython, java: checkJava, go: checkGo, ruby: checkRuby, csharp: checkCsharp, php: checkPhp },
});
