import { defineRule } from '../../types';
import { checkEcma } from './ecmascript';
import { checkPython } from './python';
import { checkGo } from './go';
import { checkRuby } from './ruby';

export default defineRule({
  meta: {
    id: 'fake-data-response',
    category: 'hardcoded-data',
    severity: 'warning',
    languages: ['javascript', 'typescript', 'python', 'go', 'ruby'],
    description: 'A request handler returns hardcoded mock data as if it were real.',
    fixable: false,
  },
  check: { javascript: checkEcma, typescript: checkEcma, python: checkPython, go: checkGo, ruby: checkRuby },
});
