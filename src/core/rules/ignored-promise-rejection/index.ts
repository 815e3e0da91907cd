import { defineRule, LANGUAGE_IDS, type LanguageCheck, type LanguageId } from '../../types';
import { checkEcmascript } from './ecmascript';

/**
 * One check per language. Adding a language (e.g. Java's `CompletableFuture.exceptionally(e -> null)`,
 * C#'s `ContinueWith(_ => { })`) is one import and one entry here: write `<language>.ts` next to this
 * file exporting a `LanguageCheck`, reusing `../shared/errors.ts`. `meta.languages` follows this map.
 */
const CHECKS: Partial<Record<LanguageId, LanguageCheck>> = {
  javascript: checkEcmascript,
  typescript: checkEcmascript,
};

export default defineRule({
  meta: {
    id: 'ignored-promise-rejection',
    category: 'swallowed-error',
    severity: 'warning',
    languages: LANGUAGE_IDS.filter((id) => CHECKS[id] !== undefined),
    description: 'A promise rejection handler swallows the error (.catch(() => {}), .then(ok, noop)).',
    fixable: true,
  },
  check: CHECKS,
});
