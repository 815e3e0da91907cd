/**
 * credentials-in-connection-string for Go: URLs with a password (`postgres://app:s3cr3t@db/app`,
 * `mongodb+srv://…`, `redis://:pw@…`, `amqp://…`), key-value strings (`host=db user=app password=…`,
 * `Password=…;`), and go-sql-driver/mysql DSNs (`app:s3cr3t@tcp(db:3306)/shop`). Placeholder passwords
 * (`password`, `changeme`, `%s`, `${DB_PASSWORD}`) stay quiet. Fix: `os.Getenv("DATABASE_URL")` for a
 * whole literal; inside a concatenation or `fmt.Sprintf`, only the password moves (`DB_PASSWORD`).
 */
import type { Fix, RuleContext, TextEdit } from '../../types';
import { connectionMessage, findConnectionCredentials, isPlaceholderPassword, passwordEnvNameForScheme, type ConnectionCredentials } from '../shared/connection-strings';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { goAddImportEdits, goIndex } from '../shared/go';
import { goBinding, goLiterals, goReplaceEdit, type GoBinding } from '../shared/go-literals';
import { connectionEnvName, FILE_CANDIDATE } from './common';

/** go-sql-driver/mysql DSN: `user:password@tcp(host:port)/dbname?params` (also `unix(…)`, or no protocol). */
const MYSQL_DSN = /^([^:@/\s()]{1,64}):([^@\s]{1,256})@(?:tcp|unix|udp|tcp6)?\(/;

export function findMysqlDsn(value: string): ConnectionCredentials | undefined {
  const match = MYSQL_DSN.exec(value);
  const user = match?.[1];
  const password = match?.[2];
  if (!match || user === undefined || password === undefined || isPlaceholderPassword(password)) return undefined;
  const passwordStart = user.length + 1;
  return { kind: 'key-value', scheme: 'mysql', user, password, passwordStart, passwordEnd: passwordStart + password.length };
}

function subjectOf(binding: GoBinding): string | undefined {
  if (binding.callee !== undefined && binding.callee.length <= 60) return `the argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined && binding.callee.length <= 60) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkGo(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  if (!FILE_CANDIDATE.test(ctx.file.text) && !/@(?:tcp|unix|udp|tcp6)?\(/.test(ctx.file.text)) return;
  const index = goIndex(ctx);
  let importEdits: TextEdit[] | undefined;
  const osImport = (): TextEdit[] => (importEdits ??= goAddImportEdits(ctx.root, 'os', index));
  for (const literal of goLiterals(ctx)) {
    if (literal.value.length < 8 || !/[@=]/.test(literal.value)) continue;
    const match = findConnectionCredentials(literal.value) ?? findMysqlDsn(literal.value);
    if (!match) continue;
    const binding = goBinding(literal.node, index);
    const fixes: Fix[] = [];
    let envName: string;
    const partOfExpression = binding.concatenated || binding.callee === 'fmt.Sprintf';
    if (binding.envFallback) {
      envName = binding.envFallback.envName;
      fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from the environment only)`, name: envName, edits: [{ start: literal.node.startIndex, end: literal.node.endIndex, text: '""' }] }));
    } else if (partOfExpression) {
      envName = passwordEnvNameForScheme(match.scheme);
      const edit = binding.callee === 'fmt.Sprintf' || binding.inConst ? undefined : goReplaceEdit(literal, match.passwordStart, match.passwordEnd, envAccessExpression('go', envName));
      if (edit) fixes.push(envVarFix({ name: envName, edits: [edit, ...osImport()] }));
    } else {
      envName = match.scheme === 'mysql' && !literal.value.includes('://') ? connectionEnvName(match, binding.name, binding.context).replace(/^DATABASE_URL$/, 'DATABASE_DSN') : connectionEnvName(match, binding.name, binding.context);
      if (!binding.inConst || binding.constKeyword) {
        const edit = goReplaceEdit(literal, 0, literal.value.length, envAccessExpression('go', envName));
        const constToVar: TextEdit[] = binding.constKeyword ? [{ start: binding.constKeyword.startIndex, end: binding.constKeyword.endIndex, text: 'var' }] : [];
        if (edit) fixes.push(envVarFix({ name: envName, edits: [edit, ...constToVar, ...osImport()] }));
      }
    }
    ctx.report({ node: literal.node, message: connectionMessage(match, subjectOf(binding), envName), fixes });
  }
}
