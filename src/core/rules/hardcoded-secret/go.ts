/**
 * hardcoded-secret for Go: string literals bound to secret-like names (`const apiKey = "…"`,
 * `Password: "…"` in a struct or map literal, `stripe.Key = "…"`, `os.Setenv("API_KEY", "…")`,
 * `req.Header.Set("X-Api-Key", "…")`, `password == "…"`, `func apiKey() string { return "…" }`), vendor
 * key formats anywhere, and key material by position (`token.SignedString([]byte("…"))`,
 * `hmac.New(sha256.New, []byte("…"))`, session cookie stores). The verdict is `classifyLiteral`
 * (../shared/secrets.ts). Fix: `os.Getenv("NAME")` (adding the `os` import; `const` becomes `var`
 * when the declaration stands alone).
 */
import type { Fix, RuleContext, TextEdit } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { deriveEnvName, envAccessExpression, envVarFix } from '../shared/env-fix';
import { goAddImportEdits, goIndex } from '../shared/go';
import { goBinding, goLiterals, goReplaceEdit, textBefore, type GoBinding } from '../shared/go-literals';
import { classifyLiteral, fallbackEnvName, isGenericSecretName, isSecretName, looksRandom, mayBeSecret, secretMessage, type SecretMatch } from '../shared/secrets';

/** Env names for key material passed by position. */
function keyPositionEnvName(callee: string | undefined): string | undefined {
  if (!callee) return undefined;
  if (/SignedString$|^jwtauth\./.test(callee)) return 'JWT_SECRET';
  if (callee === 'hmac.New') return 'HMAC_SECRET';
  if (callee.endsWith('Store')) return 'SESSION_SECRET';
  return undefined;
}

/** `isAdmin` -> `Admin`, `loadConfig` -> `Config`: verbs say nothing about the variable. */
function contextWithoutVerbs(context: readonly string[]): string[] {
  return context.map((c) => c.replace(/^(?:is|has|get|set|check|validate|verify|handle|new|load|make|init|must)(?=[A-Z])/, ''));
}

function envNameFor(match: SecretMatch, binding: GoBinding): string {
  const fallback = fallbackEnvName(match);
  if (binding.envFallback) return binding.envFallback.envName;
  if (binding.keyPosition && binding.name === undefined && match.kind !== 'key-format') return keyPositionEnvName(binding.callee) ?? fallback;
  if (binding.callee && /(?:^|\.)Setenv$/.test(binding.callee) && binding.name !== undefined && /^[A-Z][A-Z0-9_]*$/.test(binding.name)) return binding.name;
  if (binding.callee && /Header\.(?:Set|Add)$/.test(binding.callee) && binding.name !== undefined) {
    return deriveEnvName(binding.name.replace(/^X-/i, ''), [], fallback);
  }
  if (match.kind === 'key-format' && (binding.name === undefined || !isSecretName(binding.name) || isGenericSecretName(binding.name))) return fallback;
  return deriveEnvName(binding.name, contextWithoutVerbs(binding.context), fallback);
}

function subjectOf(binding: GoBinding): string | undefined {
  if (binding.comparedWith !== undefined && binding.comparedWith.length <= 60) return `the comparison with \`${binding.comparedWith}\``;
  if (binding.name !== undefined && binding.callee !== undefined && binding.name.length <= 60) return `the \`${binding.name}\` argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined && binding.callee.length <= 60) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkGo(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const index = goIndex(ctx);
  const text = ctx.file.text;
  let importEdits: TextEdit[] | undefined;
  const osImport = (): TextEdit[] => (importEdits ??= goAddImportEdits(ctx.root, 'os', index));
  for (const literal of goLiterals(ctx)) {
    if (!mayBeSecret(literal.value, textBefore(text, literal.node.startIndex))) continue;
    const parent = literal.node.parent;
    const parentType = parent?.type;
    if (parentType === 'import_spec' || parentType === 'field_declaration') continue; // import paths, struct tags
    const binding = goBinding(literal.node, index, parent);
    const match = classifyLiteral(literal.value, binding.name, { keyPosition: binding.keyPosition });
    if (!match) continue;
    if (binding.envFallback && match.kind !== 'key-format' && !looksRandom(match.secret)) continue;
    if (match.kind !== 'key-format' && findConnectionCredentials(literal.value)) continue; // credentials-in-connection-string
    if (binding.comparedWith !== undefined && match.kind !== 'key-format' && /^(?:""|nil)$/.test(binding.comparedWith)) continue;

    const envName = envNameFor(match, binding);
    const fixes: Fix[] = [];
    if (binding.envFallback) {
      fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from the environment only)`, name: envName, edits: [{ start: literal.node.startIndex, end: literal.node.endIndex, text: '""' }] }));
    } else if (!binding.inConst || binding.constKeyword) {
      const edit = goReplaceEdit(literal, match.start, match.end, envAccessExpression('go', envName));
      if (edit) {
        const constToVar: TextEdit[] = binding.constKeyword ? [{ start: binding.constKeyword.startIndex, end: binding.constKeyword.endIndex, text: 'var' }] : [];
        fixes.push(envVarFix({ name: envName, edits: [edit, ...constToVar, ...osImport()] }));
      }
    }
    ctx.report({ node: literal.node, message: secretMessage(match, subjectOf(binding), envName), fixes });
  }
}
