import { defineRule, LANGUAGE_IDS, type LanguageCheck, type LanguageId } from '../../types';
import { checkEcmascript } from './ecmascript';
import { checkPython } from './python';
import { checkJava } from './java';
import { checkCsharp } from './csharp';
import { checkPhp } from './php';
import { checkGo } from './go';
import { checkRuby } from './ruby';

/**
 * One check per language. Adding a language is one import and one entry here: write
 * `<language>.ts` next to this file exporting a `LanguageCheck`, and reuse the language-agnostic
 * pieces in `./flags.ts` (messages, fix titles, settings-file path conventions, environment
 * variable names for fixes) and `../shared/hosts.ts` `isDevGuardCondition` (development-only branches).
 * `meta.languages` follows this map.
 */
const CHECKS: Partial<Record<LanguageId, LanguageCheck>> = {
  javascript: checkEcmascript,
  typescript: checkEcmascript,
  python: checkPython,
  java: checkJava,
  csharp: checkCsharp,
  php: checkPhp,
  go: checkGo,
  ruby: checkRuby,
};

export default defineRule({
  meta: {
    id: 'debug-mode-enabled',
    category: 'stack-trace-leak',
    severity: 'warning',
    languages: LANGUAGE_IDS.filter((id) => CHECKS[id] !== undefined),
    description: 'Framework debug mode or developer error pages are switched on in code that ships.',
    fixable: true,
  },
  check: CHECKS,
});
