import { defineRule, LANGUAGE_IDS, type LanguageCheck, type LanguageId } from '../../types';
import { checkEcmascript } from './ecmascript';
import { checkPython } from './python';
import { checkJava } from './java';
import { checkCsharp } from './csharp';
import { checkPhp } from './php';
import { checkGo } from './go';
import { checkRuby } from './ruby';

/**
 * One check per language. Adding a language (Java, Go, C#, PHP, Ruby...) is one import and one
 * entry here: write `<language>.ts` next to this file exporting a `LanguageCheck` that finds the
 * framework's response sinks and walks their arguments, and reuse the language-agnostic pieces:
 * `./leak.ts` (leak kinds, when a kind is reported, messages, fix titles, replacement text) and
 * `../shared/http.ts` (HTTP status classes from codes and constant names) and
 * `../shared/hosts.ts` `isDevGuardCondition` (development-only branches).
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
    id: 'error-details-in-response',
    category: 'stack-trace-leak',
    severity: 'error',
    languages: LANGUAGE_IDS.filter((id) => CHECKS[id] !== undefined),
    description: 'A stack trace, raw error or internal error message is sent to the client.',
    fixable: true,
  },
  check: CHECKS,
});
