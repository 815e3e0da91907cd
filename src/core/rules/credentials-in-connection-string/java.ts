/**
 * credentials-in-connection-string for Java: JDBC URLs with credentials — `jdbc:mysql://user:pw@host/db`,
 * `jdbc:postgresql://host/db?user=x&password=y`, SQL Server's `jdbc:sqlserver://host;user=sa;password=…`,
 * Oracle's thin `jdbc:oracle:thin:user/password@host:1521/SID` — and any other URL or key-value
 * connection string the shared detector knows (`mongodb://…`, `redis://:pw@…`, `Password=…;`).
 * The fix reads the whole string from the environment, or only the password when the rest is built
 * around it.
 */
import type { Fix, RuleContext } from '../../types';
import { connectionMessage, findConnectionCredentials, isPlaceholderPassword, passwordEnvNameForScheme, type ConnectionCredentials } from '../shared/connection-strings';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { javaBinding, javaReplaceLiteral, javaStrings, type LiteralBinding } from '../shared/java-literals';
import { connectionEnvName, FILE_CANDIDATE } from './common';

const CANDIDATE = /:\/\/|password|pwd|accountkey|sharedaccesskey|jdbc:oracle/i;
const JAVA_FILE_CANDIDATE = /jdbc:oracle:[a-z]+:[^/\s"]{1,64}\/[^@\s"]{1,128}@/i;

/**
 * JDBC formats the URL parser does not read: SQL Server (`;password=…` after the host) and Oracle
 * thin (`user/password@host`).
 */
export function findJdbcCredentials(value: string): ConnectionCredentials | undefined {
  const sqlServer = /^jdbc:(sqlserver|jtds:sqlserver):\/\/[^;]{1,256};(?:[^;]{0,256};){0,20}?\s*password\s*=\s*([^;]{1,256})/i.exec(value);
  if (sqlServer?.[2] !== undefined) {
    const password = sqlServer[2].trim().replace(/^\{(.*)\}$/, '$1');
    if (password.length === 0 || isPlaceholderPassword(password)) return undefined;
    const start = sqlServer.index + sqlServer[0].length - sqlServer[2].length + sqlServer[2].indexOf(password);
    const user = /;\s*user(?:Name)?\s*=\s*([^;]{1,128})/i.exec(value)?.[1]?.trim();
    return { kind: 'url', scheme: 'sqlserver', password, passwordStart: start, passwordEnd: start + password.length, key: 'password', ...(user ? { user } : {}) };
  }
  const oracle = /^jdbc:oracle:[a-z]{2,10}:([^/@\s:]{1,64})\/([^@\s]{1,128})@/i.exec(value);
  if (oracle?.[1] !== undefined && oracle[2] !== undefined && !isPlaceholderPassword(oracle[2])) {
    const start = value.indexOf('/', oracle.index) + 1;
    return { kind: 'url', scheme: 'oracle', user: oracle[1], password: oracle[2], passwordStart: start, passwordEnd: start + oracle[2].length };
  }
  return undefined;
}

function subjectOf(binding: LiteralBinding): string | undefined {
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkJava(ctx: RuleContext): void {
  if (ctx.file.isTestPath || (!FILE_CANDIDATE.test(ctx.file.text) && !JAVA_FILE_CANDIDATE.test(ctx.file.text))) return;
  for (const s of javaStrings(ctx.root, ctx.file.text)) {
    if (s.value.length < 8 || !CANDIDATE.test(s.value)) continue;
    const match = findJdbcCredentials(s.value) ?? findConnectionCredentials(s.value);
    if (!match) continue;
    const binding = javaBinding(s.node);
    if (binding.message) continue;
    const fixes: Fix[] = [];
    let envName: string;
    if (binding.fallback?.envName) {
      envName = binding.fallback.envName;
      if (binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from the environment only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else {
      const inConcatenation = s.node.parent?.type === 'binary_expression' && s.node.parent.child(1)?.type === '+';
      const partial = inConcatenation || binding.constantContext;
      envName = partial ? passwordEnvNameForScheme(match.scheme) : connectionEnvName(match, binding.name, [...binding.context, 'database']);
      if (!binding.constantContext) {
        const edit = partial
          ? javaReplaceLiteral(s, match.passwordStart, match.passwordEnd, envAccessExpression('java', envName))
          : javaReplaceLiteral(s, 0, s.value.length, envAccessExpression('java', envName));
        if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
      }
    }
    ctx.report({ node: s.node, message: connectionMessage(match, subjectOf(binding), envName), fixes });
  }
}
