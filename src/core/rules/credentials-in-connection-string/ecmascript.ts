import type { Fix, RuleContext } from '../../types';
import {
  connectionMessage,
  envNameForScheme,
  findConnectionCredentials,
  passwordEnvNameForScheme,
  type ConnectionCredentials,
} from '../shared/connection-strings';
import { ecmaBinding, ecmaReplaceLiteral, ecmaStringAt, ecmaStringRefs, isEcmaDataString, type EcmaBinding } from '../shared/ecmascript-literals';
import { deriveEnvName, envAccessExpression, envVarFix } from '../shared/env-fix';
import { lastNameSegment, splitNameWords } from '../shared/secrets';

const GENERIC_CONNECTION_WORDS = new Set(['connection', 'string', 'conn', 'str', 'url', 'uri', 'dsn', 'database', 'db', 'cs']);

const CANDIDATE = /:\/\/|password|pwd|accountkey|sharedaccesskey/i;
/** Whole-file gate: no URL userinfo and no password key means nothing to find. */
export const FILE_CANDIDATE = /:\/\/[^\s/@'"`]{0,256}:[^\s/'"`]{0,256}@|password|pwd\s*=|accountkey|sharedaccesskey/i;

/** `DATABASE_URL` from a URL-ish name (`mongoUri`, `DB_URL`, `connectionString`), else by scheme. */
export function connectionEnvName(match: ConnectionCredentials, name: string | undefined, context: readonly string[]): string {
  const fallback = envNameForScheme(match.scheme);
  if (name === undefined || !/(?:url|uri|dsn|conn|connection|string|database|db)$/i.test(name.replace(/[^A-Za-z]/g, ''))) return fallback;
  if (splitNameWords(lastNameSegment(name)).every((w) => GENERIC_CONNECTION_WORDS.has(w))) return fallback;
  return deriveEnvName(name, context, fallback);
}

function subjectOf(binding: EcmaBinding): string | undefined {
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkEcma(ctx: RuleContext): void {
  if (ctx.file.isTestPath || !FILE_CANDIDATE.test(ctx.file.text)) return;
  for (const ref of ecmaStringRefs(ctx.tree, ctx.root, ctx.file.text)) {
    if (ref.value.length < 8 || !CANDIDATE.test(ref.value)) continue;
    const match = findConnectionCredentials(ref.value);
    const s = match ? ecmaStringAt(ctx.root, ref) : undefined;
    if (!match || !s || !isEcmaDataString(s)) continue;
    const binding = ecmaBinding(s.node);
    const fixes: Fix[] = [];
    let envName: string;
    if (binding.envFallback?.envName) {
      envName = binding.envFallback.envName;
      fixes.push(
        envVarFix({
          title: `Remove the hardcoded fallback (read ${envName} from the environment only)`,
          name: envName,
          edits: [{ start: binding.envFallback.deleteStart, end: binding.envFallback.deleteEnd, text: '' }],
        }),
      );
    } else {
      const inConcatenation = s.node.parent?.type === 'binary_expression' && s.node.parent.childForFieldName('operator')?.text === '+';
      if (s.hasInterpolation || inConcatenation) {
        // the rest of the string is built from variables: move only the password out
        envName = passwordEnvNameForScheme(match.scheme);
        const expression = envAccessExpression(ctx.file.language, envName);
        fixes.push(envVarFix({ name: envName, edits: [ecmaReplaceLiteral(s, match.passwordStart, match.passwordEnd, expression, binding.jsxAttribute)] }));
      } else {
        envName = connectionEnvName(match, binding.name, binding.context);
        const typedSuffix = ctx.file.language === 'typescript' && binding.typed ? " ?? ''" : '';
        const expression = `${envAccessExpression(ctx.file.language, envName)}${typedSuffix}`;
        fixes.push(envVarFix({ name: envName, edits: [ecmaReplaceLiteral(s, 0, s.value.length, expression, binding.jsxAttribute)] }));
      }
    }
    ctx.report({ node: s.node, message: connectionMessage(match, subjectOf(binding), envName), fixes });
  }
}
