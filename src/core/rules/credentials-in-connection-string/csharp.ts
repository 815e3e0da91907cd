/**
 * credentials-in-connection-string for C#: ADO.NET / EF Core connection strings with `Password=` /
 * `Pwd=` (`"Server=…;User Id=sa;Password=…;"` in constants, `UseSqlServer("…")`, `new SqlConnection("…")`,
 * `AddDbContext` options), Azure `AccountKey=` / `SharedAccessKey=` strings, and URLs with credentials
 * (`"mongodb://user:pw@…"`, `"redis://:pw@…"`, `"amqp://user:pw@…"`). Integrated security, `Password=;`
 * and placeholders (`Password={0}`, `Password=<password>`, `Password=yourStrong(!)Password`) stay quiet.
 * The fix reads the string from the environment (or only the password when the rest is built around it).
 */
import type { Fix, RuleContext } from '../../types';
import { connectionMessage, findConnectionCredentials, isPlaceholderPassword, passwordEnvNameForScheme, type ConnectionCredentials } from '../shared/connection-strings';
import { constFieldEdits, csBinding, csReplaceLiteral, csStrings, type LiteralBinding } from '../shared/csharp-literals';
import { envAccessExpression, envVarFix, toEnvName } from '../shared/env-fix';
import { connectionEnvName, FILE_CANDIDATE } from './common';

const CANDIDATE = /:\/\/|password|pwd|accountkey|sharedaccesskey/i;

/** StackExchange.Redis configuration strings: `host:6380,password=…,ssl=True`. */
export function findRedisConfigCredentials(value: string): ConnectionCredentials | undefined {
  if (!/^[\w.-]{1,253}(?::\d{1,5})?,/.test(value)) return undefined;
  const match = /,\s*password\s*=\s*([^,]{1,256})/i.exec(value);
  const password = match?.[1]?.trim();
  if (!match || !password || isPlaceholderPassword(password)) return undefined;
  const start = match.index + match[0].length - (match[1]?.length ?? 0) + (match[1]?.indexOf(password) ?? 0);
  return { kind: 'key-value', scheme: 'redis', password, passwordStart: start, passwordEnd: start + password.length, key: 'password' };
}

/** `ConnectionStrings__Orders` for a constant of a `ConnectionStrings` class (how ASP.NET Core names them), else by scheme and name. */
function connectionVariable(match: ConnectionCredentials, binding: LiteralBinding): string {
  if (binding.name !== undefined && binding.context.includes('ConnectionStrings')) return `ConnectionStrings__${binding.name}`;
  const derived = connectionEnvName(match, binding.name, [...binding.context, 'database']);
  if (match.scheme === 'ado' && derived === 'DB_CONNECTION_STRING' && binding.name !== undefined) {
    const own = toEnvName(binding.name);
    if (own && !/^(?:CONNECTION|CONN|CS|CONNECTION_STRING|DB|DATABASE)$/.test(own)) return `${own}_CONNECTION_STRING`;
  }
  return derived;
}

function subjectOf(binding: LiteralBinding): string | undefined {
  const shown = binding.display ?? binding.name;
  if (shown !== undefined && shown.length <= 60) return `\`${shown}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkCsharp(ctx: RuleContext): void {
  if (ctx.file.isTestPath || !FILE_CANDIDATE.test(ctx.file.text)) return;
  for (const s of csStrings(ctx.root, ctx.file.text)) {
    if (s.value.length < 8 || !CANDIDATE.test(s.value)) continue;
    // `Password={0}` in a format string, `yourStrong(!)Password` from the SQL Server docs: the shared placeholder rules decide.
    const match = findConnectionCredentials(s.value) ?? findRedisConfigCredentials(s.value);
    if (!match) continue;
    const binding = csBinding(s.node);
    if (binding.message) continue;
    const fixes: Fix[] = [];
    let envName: string;
    if (binding.fallback?.envName) {
      envName = binding.fallback.envName;
      if (binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from configuration only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else {
      const inConcatenation = s.node.parent?.type === 'binary_expression' && s.node.parent.child(1)?.type === '+';
      envName = inConcatenation ? passwordEnvNameForScheme(match.scheme) : connectionVariable(match, binding);
      if (!binding.constantContext) {
        const access = envAccessExpression('csharp', envName);
        const edit = inConcatenation ? csReplaceLiteral(s, match.passwordStart, match.passwordEnd, access) : csReplaceLiteral(s, 0, s.value.length, access);
        if (edit) fixes.push(envVarFix({ name: envName, edits: [edit, ...constFieldEdits(s.node)] }));
      }
    }
    ctx.report({ node: s.node, message: connectionMessage(match, subjectOf(binding), envName), fixes });
  }
}
