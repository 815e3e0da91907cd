/**
 * credentials-in-connection-string for Ruby: URLs with a password in code that ships
 * (`Sequel.connect("postgres://app:s3cr3t@db/app")`, `Redis.new(url: "redis://:pw@cache:6379")`,
 * `establish_connection("mysql2://…")`, `DATABASE_URL = "…"`, `ENV.fetch("DATABASE_URL", "postgres://…")`)
 * and key-value strings (`"host=db user=app password=…"`). Placeholder passwords stay quiet. Fix:
 * `ENV.fetch("DATABASE_URL")` for a whole literal, `ENV.fetch("DB_PASSWORD")` interpolated for the
 * password alone inside a larger string.
 */
import type { Fix, RuleContext } from '../../types';
import { connectionMessage, findConnectionCredentials, passwordEnvNameForScheme } from '../shared/connection-strings';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { rubyIndex } from '../shared/ruby';
import { rubyBinding, rubyLiterals, rubyReplaceEdit, type RubyBinding } from '../shared/ruby-literals';
import { connectionEnvName, FILE_CANDIDATE } from './common';

function subjectOf(binding: RubyBinding): string | undefined {
  if (binding.name !== undefined && binding.callee !== undefined && binding.name.length <= 40) return `the \`${binding.name}\` argument of \`${binding.callee}\``;
  if (binding.callee !== undefined && binding.callee.length <= 60) return `the argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  return undefined;
}

export function checkRuby(ctx: RuleContext): void {
  if (ctx.file.isTestPath || !FILE_CANDIDATE.test(ctx.file.text)) return;
  const index = rubyIndex(ctx);
  for (const literal of rubyLiterals(ctx)) {
    if (literal.value.length < 8 || !/[@=]/.test(literal.value)) continue;
    const match = findConnectionCredentials(literal.value);
    if (!match) continue;
    const binding = rubyBinding(literal.node, index);
    const fixes: Fix[] = [];
    let envName: string;
    if (binding.envFallback) {
      envName = binding.envFallback.envName;
      fixes.push(
        envVarFix({
          title: `Remove the hardcoded fallback (read ${envName} from the environment only)`,
          name: envName,
          edits: [{ start: binding.envFallback.deleteStart, end: binding.envFallback.deleteEnd, text: '' }],
        }),
      );
    } else if (literal.hasInterpolation || literal.node.parent?.type === 'binary') {
      envName = passwordEnvNameForScheme(match.scheme);
      const edit = rubyReplaceEdit(literal, match.passwordStart, match.passwordEnd, envAccessExpression('ruby', envName));
      if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
    } else {
      const name = binding.name?.replace(/^(?:config|self)\./, '');
      envName = connectionEnvName(match, name, binding.context);
      const edit = rubyReplaceEdit(literal, 0, literal.value.length, envAccessExpression('ruby', envName));
      if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
    }
    ctx.report({ node: literal.node, message: connectionMessage(match, subjectOf(binding), envName), fixes });
  }
}
