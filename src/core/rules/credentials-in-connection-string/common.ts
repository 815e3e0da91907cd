/**
 * What every language of `credentials-in-connection-string` shares: the whole-file and per-literal
 * gates, and the environment-variable name a fix moves a connection string to.
 */
import { envNameForScheme, type ConnectionCredentials } from '../shared/connection-strings';
import { deriveEnvName } from '../shared/env-fix';
import { lastNameSegment, splitNameWords } from '../shared/secrets';

const GENERIC_CONNECTION_WORDS = new Set(['connection', 'string', 'conn', 'str', 'url', 'uri', 'dsn', 'database', 'db', 'cs']);

/** Per-literal gate: a URL or a password / account-key keyword. */
export const VALUE_CANDIDATE = /:\/\/|password|pwd|accountkey|sharedaccesskey/i;
/** Whole-file gate: no URL userinfo and no password key means nothing to find. */
export const FILE_CANDIDATE = /:\/\/[^\s/@'"`]{0,256}:[^\s/'"`]{0,256}@|password|pwd\s*=|accountkey|sharedaccesskey/i;

/** `DATABASE_URL` from a URL-ish name (`mongoUri`, `DB_URL`, `connectionString`), else by scheme. */
export function connectionEnvName(match: ConnectionCredentials, name: string | undefined, context: readonly string[]): string {
  const fallback = envNameForScheme(match.scheme);
  if (name === undefined || !/(?:url|uri|dsn|conn|connection|string|database|db)$/i.test(name.replace(/[^A-Za-z]/g, ''))) return fallback;
  if (splitNameWords(lastNameSegment(name)).every((w) => GENERIC_CONNECTION_WORDS.has(w))) return fallback;
  return deriveEnvName(name, context, fallback);
}
