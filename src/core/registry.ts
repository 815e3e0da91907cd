import credentialsInConnectionString from './rules/credentials-in-connection-string';
import debugModeEnabled from './rules/debug-mode-enabled';
import discardedError from './rules/discarded-error';
import emptyCatch from './rules/empty-catch';
import errorDetailsInResponse from './rules/error-details-in-response';
import fakeDataResponse from './rules/fake-data-response';
import hardcodedInternalHost from './rules/hardcoded-internal-host';
import hardcodedSecret from './rules/hardcoded-secret';
import ignoredPromiseRejection from './rules/ignored-promise-rejection';
import sqlConcatenation from './rules/sql-concatenation';
import type { Rule } from './types';

/**
 * Every rule, sorted by id. Explicit imports (no filesystem discovery) so the bundle is
 * self-contained and adding a rule is one line here.
 */
export const RULES: readonly Rule[] = [
  hardcodedSecret,
  credentialsInConnectionString,
  hardcodedInternalHost,
  fakeDataResponse,
  emptyCatch,
  discardedError,
  ignoredPromiseRejection,
  errorDetailsInResponse,
  debugModeEnabled,
  sqlConcatenation,
// plain code-unit order: ids are ASCII, and localeCompare's first call builds an ICU collator (~9 ms of start-up)
].sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));

export const RULES_BY_ID: ReadonlyMap<string, Rule> = new Map(RULES.map((rule) => [rule.meta.id, rule]));
