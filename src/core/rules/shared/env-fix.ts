/**
 * Shared "Move to an environment variable" / "Read from configuration" quick fixes, for every language.
 *
 *   deriveEnvName(nameHint, contextHints, fallback) -> string    `stripeKey` -> STRIPE_KEY; `password` in
 *                                                               `mysql.createConnection({...})` -> DB_PASSWORD
 *   toEnvName(name)                              -> string | undefined   SCREAMING_SNAKE_CASE of a name
 *   envAccessExpression(language, name, quote?) -> string        process.env.X, os.environ["X"], System.getenv("X"),
 *                                                               os.Getenv("X"), Environment.GetEnvironmentVariable("X"),
 *                                                               getenv('X'), ENV.fetch("X")
 *   envFileEdits(name)                           -> FileEdit[]    `NAME=` into .env.example, `.env` into .gitignore
 *   envVarFix({ title, name, edits })            -> Fix           the preferred fix object
 *   pythonImportEdit(moduleRoot, text, module)   -> TextEdit | undefined   `import os` after docstring / __future__
 */

import type { Node } from 'web-tree-sitter';
import type { FileEdit, Fix, LanguageId, TextEdit } from '../../types';
import { lastNameSegment, splitNameWords } from './secrets';

/** `stripeSecretKey` -> `STRIPE_SECRET_KEY`; `undefined` when nothing usable remains. */
export function toEnvName(name: string): string | undefined {
  const words = splitNameWords(name);
  if (words.length === 0) return undefined;
  const joined = words.join('_').toUpperCase();
  if (!/^[A-Z]/.test(joined)) return undefined;
  return joined.slice(0, 64).replace(/_+$/, '');
}

/** Names too generic to stand alone as an environment variable (`password` -> `DB_PASSWORD`). */
const GENERIC_WORDS = new Set([
  'password', 'pass', 'passwd', 'pwd', 'secret', 'token', 'key', 'api', 'access', 'auth', 'client', 'user', 'username',
  'host', 'hostname', 'url', 'uri', 'port', 'dsn', 'credentials', 'private', 'signing', 'bearer', 'base', 'endpoint',
  'address', 'addr', 'server', 'connection', 'string', 'conn', 'str', 'apikey', 'authorization', 'value', 'x',
  'brokers', 'hosts', 'servers', 'nodes', 'seeds', 'baseurl', 'origin',
]);

/** Context words that carry no meaning for a variable name. */
const NOISE_WORDS = new Set([
  'create', 'connection', 'connect', 'client', 'new', 'config', 'configuration', 'options', 'opts', 'settings', 'init',
  'setup', 'pool', 'get', 'set', 'default', 'defaults', 'app', 'this', 'self', 'module', 'exports', 'the', 'of', 'with',
  'transport', 'instance', 'service', 'conf', 'cfg', 'params', 'args', 'kwargs', 'data', 'env', 'environ', 'os',
  'process', 'require', 'import', 'server', 'auth', 'credentials', 'creds', 'headers', 'header', 'use', 'make', 'build',
  'load', 'from', 'to', 'cls', 'main', 'const', 'init', 'initialize', 'register', 'engine', 'sign', 'verify', 'encode',
  'decode', 'fetch', 'request', 'requests', 'axios', 'http', 'https', 'get', 'post', 'put', 'patch', 'delete', 'call',
  'middleware', 'global', 'globals', 'common', 'shared', 'base', 'object', 'dict', 'map',
  'apply', 'update', 'start', 'crypto', 'createhmac', 'socket', 'sockets', 'net', 'tls', 'open', 'run', 'with', 'and', 'for', 'in', 'on', 'at', 'by', 'my', 'our', 'local',
]);

/** Context words mapped to a conventional prefix (`mysql`, `psycopg2`, `knex` -> DB). */
const PREFIX_MAP: Readonly<Record<string, string>> = {
  mysql: 'DB', mysql2: 'DB', mariadb: 'DB', pg: 'DB', postgres: 'DB', postgresql: 'DB', psycopg: 'DB', psycopg2: 'DB',
  asyncpg: 'DB', pymysql: 'DB', mysqldb: 'DB', sqlalchemy: 'DB', sequelize: 'DB', knex: 'DB', typeorm: 'DB',
  prisma: 'DB', db: 'DB', database: 'DB', databases: 'DB', mssql: 'DB', tedious: 'DB', oracledb: 'DB', cx: 'DB',
  pyodbc: 'DB', sql: 'DB', mongo: 'MONGO', mongoose: 'MONGO', mongodb: 'MONGO', pymongo: 'MONGO', motor: 'MONGO',
  redis: 'REDIS', ioredis: 'REDIS', aioredis: 'REDIS', amqp: 'RABBITMQ', amqplib: 'RABBITMQ', pika: 'RABBITMQ',
  rabbit: 'RABBITMQ', rabbitmq: 'RABBITMQ', nodemailer: 'SMTP', smtp: 'SMTP', smtplib: 'SMTP', mail: 'SMTP',
  mailer: 'SMTP', transporter: 'SMTP', email: 'SMTP', jwt: 'JWT', jsonwebtoken: 'JWT', jose: 'JWT', express: 'SESSION',
  cookie: 'COOKIE', ldap: 'LDAP', ftp: 'FTP', elasticsearch: 'ELASTICSEARCH', kafka: 'KAFKA', s3: 'AWS', boto3: 'AWS',
};

/** Words of a context name; PascalCase class names stay whole (`new OpenAI` -> new, openai). */
function contextWords(hint: string): string[] {
  return hint
    .split(/[^A-Za-z0-9]+/)
    .filter((segment) => segment.length > 0)
    .flatMap((segment) => (/^[A-Z]/.test(segment) && !/^[A-Z0-9_]+$/.test(segment) && !/[a-z][A-Z]/.test(segment.slice(1, -2)) ? [segment.toLowerCase()] : splitNameWords(segment)));
}

/**
 * The environment variable to suggest for a literal.
 * @param nameHint the variable / key / keyword the literal is bound to (may be undefined).
 * @param contextHints outer names, innermost first: the object's variable, the callee (`mysql.createConnection`),
 *        the enclosing class. Used only when the hint is generic (`password`, `apiKey`, `host`).
 * @param fallback used when nothing can be derived, or when the hint is one generic word (`password`, `url`)
 *        and the context gives no prefix (`PASSWORD`, `API_URL`, `DATABASE_URL`).
 */
export function deriveEnvName(nameHint: string | undefined, contextHints: readonly string[], fallback: string): string {
  const own = nameHint !== undefined ? splitNameWords(lastNameSegment(nameHint)) : [];
  const isGeneric = own.length === 0 || own.every((w) => GENERIC_WORDS.has(w));
  let prefix: string | undefined;
  if (isGeneric) {
    for (const hint of contextHints) {
      const words = contextWords(hint).filter((w) => !NOISE_WORDS.has(w) && (w === 'api' || !GENERIC_WORDS.has(w)) && !/^\d+$/.test(w));
      const mapped = words.map((w) => PREFIX_MAP[w]).find((p) => p !== undefined);
      if (mapped !== undefined) {
        prefix = mapped;
        break;
      }
      const first = words[0];
      if (first !== undefined && first.length > 1) {
        prefix = first.toUpperCase();
        break;
      }
    }
  }
  const ownName = own.length > 0 ? toEnvName(own.join('_')) : undefined;
  if (isGeneric && prefix === undefined && own.length === 1) return fallback;
  if (ownName === undefined) return prefix !== undefined ? `${prefix}_${fallback}`.replace(/^([A-Z0-9]+)_\1_/, '$1_') : fallback;
  if (prefix !== undefined && !ownName.startsWith(`${prefix}_`)) return `${prefix}_${ownName}`;
  return ownName;
}

/** How each language reads an environment variable; `quote` for Python inside f-strings. */
export function envAccessExpression(language: LanguageId, name: string, quote: '"' | "'" = '"'): string {
  switch (language) {
    case 'javascript':
    case 'typescript':
      return `process.env.${name}`;
    case 'python':
      return `os.environ[${quote}${name}${quote}]`;
    case 'java':
      return `System.getenv("${name}")`;
    case 'go':
      return `os.Getenv("${name}")`;
    case 'csharp':
      return `Environment.GetEnvironmentVariable("${name}")`;
    case 'php':
      return `getenv('${name}')`;
    case 'ruby':
      return `ENV.fetch("${name}")`;
  }
}

/** `NAME=` appended to `.env.example` (unless a `NAME=` line exists) and `.env` to `.gitignore`. */
export function envFileEdits(name: string): FileEdit[] {
  return [
    { file: '.env.example', appendLineIfMissing: `${name}=`, matchPrefix: `${name}=` },
    { file: '.gitignore', appendLineIfMissing: '.env' },
  ];
}

export interface EnvFixOptions {
  /** Defaults to "Move to an environment variable (NAME)". */
  readonly title?: string;
  readonly name: string;
  readonly edits: readonly TextEdit[];
}

/** The preferred quick fix: the given source edits plus the `.env.example` / `.gitignore` edits. */
export function envVarFix(options: EnvFixOptions): Fix {
  return {
    title: options.title ?? `Move to an environment variable (${options.name})`,
    edits: options.edits,
    fileEdits: envFileEdits(options.name),
    isPreferred: true,
  };
}

/**
 * An edit inserting `import <module>` into a Python module unless it is already imported. It goes
 * before the first import after the module docstring and `from __future__` imports (or after them
 * when there is no other import). `root` is the `module` node; `text` the file text.
 */
export function pythonImportEdit(root: Node, text: string, module = 'os'): TextEdit | undefined {
  const children = root.namedChildren.filter((n): n is Node => n !== null);
  const importPattern = new RegExp(`^import\\s+(?:[\\w.]+\\s*,\\s*)*${module}(?:\\s*,|\\s*$|\\s+#)`, 'm');
  for (const child of children) {
    if (child.type === 'import_statement' && importPattern.test(child.text)) return undefined;
  }
  let insertAt: number | undefined;
  let seenStatement = false;
  let afterHeader = 0;
  for (const child of children) {
    if (child.type === 'comment') continue;
    const isDocstring = !seenStatement && child.type === 'expression_statement' && child.namedChildCount === 1 && child.namedChild(0)?.type === 'string';
    seenStatement = true;
    if (isDocstring || child.type === 'future_import_statement') {
      afterHeader = child.endIndex;
      continue;
    }
    insertAt = child.startIndex - child.startPosition.column;
    break;
  }
  if (insertAt !== undefined && insertAt >= afterHeader) return { start: insertAt, end: insertAt, text: `import ${module}\n` };
  // Nothing after the header: append after it (or at the end of the file).
  const lineEnd = text.indexOf('\n', afterHeader);
  if (lineEnd === -1) return { start: text.length, end: text.length, text: `\nimport ${module}\n` };
  return { start: lineEnd + 1, end: lineEnd + 1, text: `import ${module}\n` };
}
