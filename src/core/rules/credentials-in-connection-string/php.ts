/**
 * credentials-in-connection-string for PHP: PDO DSNs with a password (`pgsql:host=…;user=…;password=…`),
 * libpq strings (`pg_connect("host=… password=…")`), URLs with credentials (`'mysql://user:pw@db/app'`,
 * Laravel `'url' => 'redis://:pw@…'`, `DATABASE_URL` defaults in Symfony) and ADO-style strings.
 * The fix reads the string from the environment (`env('…')` in `config/*.php`, else `getenv('…')`).
 */
import type { Fix, RuleContext } from '../../types';
import { connectionMessage, findConnectionCredentials, isPlaceholderPassword, passwordEnvNameForScheme, type ConnectionCredentials } from '../shared/connection-strings';
import { envVarFix } from '../shared/env-fix';
import { phpBinding, phpEnvAccess, phpReplaceLiteral, phpStrings, type LiteralBinding } from '../shared/php-literals';
import { connectionEnvName, FILE_CANDIDATE } from './common';

const CANDIDATE = /:\/\/|password|pwd|accountkey|sharedaccesskey/i;
const PDO_DSN = /^(mysql|pgsql|sqlsrv|dblib|oci|odbc|firebird|informix|ibm):/i;

/** PDO DSNs carry `password=` for pgsql (and `PWD=` for odbc/sqlsrv): `pgsql:host=db;dbname=app;user=app;password=…`. */
export function findDsnCredentials(value: string): ConnectionCredentials | undefined {
  const driver = PDO_DSN.exec(value)?.[1]?.toLowerCase();
  if (!driver) return undefined;
  const match = /[:;]\s*(password|pwd)\s*=\s*([^;]{1,256})/i.exec(value);
  const raw = match?.[2];
  const password = raw?.trim();
  if (!match || !raw || !password || isPlaceholderPassword(password)) return undefined;
  const start = match.index + match[0].length - raw.length + raw.indexOf(password);
  const user = /[:;]\s*(?:user|uid)\s*=\s*([^;]{1,128})/i.exec(value)?.[1]?.trim();
  return { kind: 'key-value', scheme: driver === 'pgsql' ? 'postgresql' : driver, password, passwordStart: start, passwordEnd: start + password.length, key: match[1] ?? 'password', ...(user ? { user } : {}) };
}

function subjectOf(binding: LiteralBinding): string | undefined {
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkPhp(ctx: RuleContext): void {
  if (ctx.file.isTestPath || !FILE_CANDIDATE.test(ctx.file.text)) return;
  for (const s of phpStrings(ctx.root, ctx.file.text)) {
    if (s.value.length < 8 || !CANDIDATE.test(s.value)) continue;
    const dsn = findDsnCredentials(s.value);
    const match = dsn ?? findConnectionCredentials(s.value);
    if (!match) continue;
    const binding = phpBinding(s.node);
    if (binding.message) continue;
    const fixes: Fix[] = [];
    let envName: string;
    if (binding.fallback?.envName) {
      envName = binding.fallback.envName;
      if (binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from the environment only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else {
      const partial = s.hasInterpolation || (s.node.parent?.type === 'binary_expression' && (s.node.parent.childForFieldName('operator')?.type ?? s.node.parent.child(1)?.type) === '.');
      // A PDO DSN is not a URL; Predis `tcp://` on 6379 is Redis.
      const redis = match.scheme === 'tcp' && /:6379\b/.test(s.value);
      envName = partial
        ? passwordEnvNameForScheme(redis ? 'redis' : match.scheme)
        : dsn
          ? 'DATABASE_DSN'
          : redis
            ? 'REDIS_URL'
            : connectionEnvName(match, binding.name, [...binding.context, 'database']);
      if (!binding.constantContext) {
        const access = phpEnvAccess(ctx.file.path, envName);
        const edit = partial ? phpReplaceLiteral(s, match.passwordStart, match.passwordEnd, access) : phpReplaceLiteral(s, 0, s.value.length, access);
        if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
      }
    }
    ctx.report({ node: s.node, message: connectionMessage(match, subjectOf(binding), envName), fixes });
  }
}
