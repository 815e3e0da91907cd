/**
 * Language-agnostic detection of credentials embedded in connection strings, for
 * `credentials-in-connection-string` in every language:
 *
 *   findConnectionCredentials(value) -> ConnectionCredentials | undefined
 *       URLs with userinfo (`postgres://app:s3cr3t@db/app`, `mongodb+srv://…`, `redis://:pw@…`, `amqp://`,
 *       `jdbc:mysql://…?password=…`, `https://user:token@…`), ADO.NET / ODBC `Password=…;` / `Pwd=…;`,
 *       Azure `AccountKey=…;` / `SharedAccessKey=…;`, and libpq `host=… password=…`.
 *   isPlaceholderPassword(password)   -> boolean   `${DB_PASSWORD}`, `<password>`, `password`, `changeme`, `%s`, `***` …
 *   envNameForScheme(scheme)          -> string   `DATABASE_URL`, `MONGODB_URI`, `REDIS_URL`, … (whole string to env)
 *   passwordEnvNameForScheme(scheme)  -> string   `DB_PASSWORD`, `REDIS_PASSWORD`, … (only the password to env)
 *   connectionMessage(match, subject, envName) -> string
 *
 * Decision: passwords that are obvious placeholders (`password`, `pass`, `secret`, `changeme`, `pwd`, `xxx`,
 * templating) are quiet whatever the host; any other password is reported, including `postgres:postgres@localhost`
 * (a committed default credential is still a credential, and the literal URL cannot follow the deployment).
 */

import { INTERPOLATION_MARK, isPlaceholder, maskSecret } from './secrets';
import { parseUrlAuthority } from './hosts';

export interface ConnectionCredentials {
  readonly kind: 'url' | 'key-value';
  /** URL scheme (`postgres`, `mongodb+srv`) or the connection-string style (`ado`, `libpq`, `azure`). */
  readonly scheme: string;
  readonly user?: string;
  readonly password: string;
  /** Offsets of the password inside the value. */
  readonly passwordStart: number;
  readonly passwordEnd: number;
  /** Name of the key that held the password in key-value strings (`Password`, `AccountKey`). */
  readonly key?: string;
}

/** Placeholders plus the words people put where a password goes in examples. */
export function isPlaceholderPassword(password: string): boolean {
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // keep the raw text
  }
  const trimmed = decoded.trim();
  if (isPlaceholder(trimmed)) return true;
  if (/^[{<[(%:$]/.test(trimmed) || trimmed.includes(INTERPOLATION_MARK)) return true; // {password}, <pw>, :password, $PW, %(pw)s
  if (/^(?:pass(?:word)?|pw|pwd|secret|changeme|admin_?password|db_?password|user_?password|mypass(?:word)?|yourpass(?:word)?)$/i.test(trimmed)) {
    return true;
  }
  return false;
}

const QUERY_PASSWORD = /[?&;](password|pwd|passwd|pass)=([^&;#\s'"]{1,256})/i;
const KEY_VALUE_PASSWORD = /(?:^|;)\s*(password|pwd|accountkey|sharedaccesskey)\s*=\s*("[^"]{1,512}"|'[^']{1,512}'|[^;]{1,512})/i;
const LIBPQ_PASSWORD = /(?:^|\s)password\s*=\s*('[^']{1,256}'|[^\s']{1,256})/;

/** Finds a username/password pair embedded in a connection string or URL. */
export function findConnectionCredentials(value: string): ConnectionCredentials | undefined {
  if (value.length < 8 || value.length > 8192) return undefined;
  const url = value.includes('://') ? parseUrlAuthority(value) : undefined;
  if (url) {
    if (url.password !== undefined && url.passwordStart !== undefined && url.passwordEnd !== undefined) {
      // an empty host list is fine when the string stops at `@` (`'postgres://u:pw@' + host`)
      const hasHost = url.hosts.length > 0 || url.authorityEnd === value.length;
      if (url.password.length > 0 && !isPlaceholderPassword(url.password) && hasHost) {
        return {
          kind: 'url',
          scheme: url.scheme,
          password: url.password,
          passwordStart: url.passwordStart,
          passwordEnd: url.passwordEnd,
          ...(url.user ? { user: url.user } : {}),
        };
      }
      return undefined;
    }
    const query = QUERY_PASSWORD.exec(value.slice(url.authorityEnd));
    if (query?.[2] && !isPlaceholderPassword(query[2])) {
      const start = url.authorityEnd + query.index + query[0].length - query[2].length;
      return { kind: 'url', scheme: url.scheme, password: query[2], passwordStart: start, passwordEnd: start + query[2].length, key: query[1] ?? 'password' };
    }
    return undefined;
  }
  if (value.includes(';') && /(?:^|;)\s*(?:server|data source|host|address|addr|uid|user id|username|accountname|endpoint|database|initial catalog|driver|dsn|defaultendpointsprotocol)\s*=/i.test(value)) {
    const match = KEY_VALUE_PASSWORD.exec(value);
    const raw = match?.[2];
    if (match && raw !== undefined) {
      const password = raw.trim().replace(/^(["'])(.*)\1$/, '$2');
      if (password.length > 0 && !isPlaceholderPassword(password)) {
        const start = match.index + match[0].length - raw.length + raw.indexOf(password);
        const key = match[1] ?? 'Password';
        const scheme = /accountkey|sharedaccesskey/i.test(key) ? 'azure' : 'ado';
        const user = /(?:^|;)\s*(?:uid|user id|user|username)\s*=\s*([^;]{1,128})/i.exec(value)?.[1]?.trim();
        return { kind: 'key-value', scheme, password, passwordStart: start, passwordEnd: start + password.length, key, ...(user ? { user } : {}) };
      }
    }
    return undefined;
  }
  if (/(?:^|\s)(?:host|hostaddr|dbname)\s*=/.test(value)) {
    const match = LIBPQ_PASSWORD.exec(value);
    const raw = match?.[1];
    if (match && raw !== undefined) {
      const password = raw.replace(/^'(.*)'$/, '$1');
      if (password.length > 0 && !isPlaceholderPassword(password)) {
        const start = match.index + match[0].length - raw.length + raw.indexOf(password);
        const user = /(?:^|\s)user\s*=\s*(\S{1,128})/.exec(value)?.[1];
        return { kind: 'key-value', scheme: 'libpq', password, passwordStart: start, passwordEnd: start + password.length, key: 'password', ...(user ? { user } : {}) };
      }
    }
  }
  return undefined;
}

/** The conventional environment variable for a connection string of this scheme. */
export function envNameForScheme(scheme: string): string {
  const s = scheme.toLowerCase();
  if (s.startsWith('mongodb')) return 'MONGODB_URI';
  if (s.startsWith('redis') || s.startsWith('rediss')) return 'REDIS_URL';
  if (s.startsWith('amqp')) return 'AMQP_URL';
  if (s.startsWith('nats')) return 'NATS_URL';
  if (s.startsWith('smtp')) return 'SMTP_URL';
  if (s === 'ldap' || s === 'ldaps') return 'LDAP_URL';
  if (s === 'ftp' || s === 'sftp') return 'FTP_URL';
  if (s === 'azure') return 'AZURE_STORAGE_CONNECTION_STRING';
  if (s === 'ado') return 'DB_CONNECTION_STRING';
  if (s === 'http' || s === 'https' || s.startsWith('git')) return 'SERVICE_URL';
  return 'DATABASE_URL';
}

/** The variable for the password alone, when the rest of the string stays in code (`DB_PASSWORD`, `REDIS_PASSWORD`). */
export function passwordEnvNameForScheme(scheme: string): string {
  const s = scheme.toLowerCase();
  if (s.startsWith('mongodb')) return 'MONGO_PASSWORD';
  if (s.startsWith('redis')) return 'REDIS_PASSWORD';
  if (s.startsWith('amqp')) return 'RABBITMQ_PASSWORD';
  if (s.startsWith('smtp')) return 'SMTP_PASSWORD';
  if (s === 'azure') return 'AZURE_STORAGE_KEY';
  if (s === 'http' || s === 'https' || s.startsWith('git')) return 'SERVICE_PASSWORD';
  return 'DB_PASSWORD';
}

/** The finding message: names the scheme and user, masks the password. */
export function connectionMessage(match: ConnectionCredentials, subject: string | undefined, envName: string): string {
  const kind =
    match.kind === 'url'
      ? `${match.scheme} URL`
      : match.scheme === 'azure'
        ? 'Azure connection string'
        : match.scheme === 'libpq'
          ? 'PostgreSQL connection string'
          : 'connection string';
  const who = match.user ? ` for user "${match.user}"` : '';
  const where = subject ? ` in ${subject}` : '';
  const secretWord = match.key && /key/i.test(match.key) ? 'an account key' : 'a password';
  return `The ${kind}${where} embeds ${secretWord}${who} (${maskSecret(match.password)}). Read it from the environment (\`${envName}\`) and rotate the ${match.key && /key/i.test(match.key) ? 'key' : 'password'}.`;
}
