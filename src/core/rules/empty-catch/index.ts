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
 * `<language>.ts` next to this file exporting a `LanguageCheck`, reusing the language-agnostic
 * pieces in `../shared/errors.ts` (handler classification, exemptions, messages, fix titles) and
 * `../shared/indentation.ts` (indentation-preserving edits). `meta.languages` follows this map.
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
    id: 'empty-catch',
    category: 'swallowed-error',
    severity: 'warning',
    languages: LANGUAGE_IDS.filter((id) => CHECKS[id] !== undefined),
    description: 'An error is caught and dropped: the handler is empty, comment-only, or only discards it.',
    fixable: true,
  },
  check: CHECKS,
});
