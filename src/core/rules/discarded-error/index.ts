import { defineRule, LANGUAGE_IDS, type LanguageCheck, type LanguageId } from '../../types';
import { checkGo } from './go';

/**
 * Go only: Go reports failures as returned `error` values, and discarding one (`_ = f()`, `x, _ := f()`,
 * or calling `f()` as a bare statement) is Go's way of swallowing an exception. `meta.languages` follows this map.
 */
const CHECKS: Partial<Record<LanguageId, LanguageCheck>> = {
  go: checkGo,
};

export default defineRule({
  meta: {
    id: 'discarded-error',
    category: 'swallowed-error',
    severity: 'warning',
    languages: LANGUAGE_IDS.filter((id) => CHECKS[id] !== undefined),
    description: 'A returned Go error is discarded with `_` or by calling the function as a bare statement.',
    fixable: true,
  },
  check: CHECKS,
});
