/**
 * hardcoded-secret for Java: string literals bound to secret-like names (fields, locals, setters and
 * builder methods such as `.password("…")`, `put("mail.smtp.password", "…")`, `Map.of("apiKey", "…")`),
 * passwords passed positionally (`DriverManager.getConnection(url, user, "…")`), key material
 * (`Algorithm.HMAC256("…")`, `new SecretKeySpec("…".getBytes(), …)`, `Keys.hmacShaKeyFor(…)`), vendor key
 * formats anywhere, and real-looking fallbacks (`@Value("${jwt.secret:…}")`,
 * `Optional.ofNullable(System.getenv("X")).orElse("…")`, `System.getenv().getOrDefault("X", "…")`).
 * The fix reads the value with `System.getenv("NAME")` (or drops the fallback).
 */
import type { Fix, RuleContext } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { envAccessExpression, envVarFix, toEnvName } from '../shared/env-fix';
import { javaBinding, javaReplaceLiteral, javaStrings, javaTextBefore, springPlaceholderDefault, type JavaString, type LiteralBinding } from '../shared/java-literals';
import { classifyLiteral, looksRandom, mayBeSecret, secretMessage } from '../shared/secrets';
import { envNameFor } from './common';

const FIREBASE_KEYS = new Set(['authDomain', 'messagingSenderId', 'storageBucket', 'appId', 'measurementId']);

export function secretSubject(binding: LiteralBinding): string | undefined {
  if (binding.keyArgument && binding.callee !== undefined) return `the key argument of \`${binding.callee}\``;
  if (binding.comparedWith !== undefined && binding.comparedWith.length <= 60) return `the comparison with \`${binding.comparedWith}\``;
  const shown = binding.display ?? binding.name;
  if (shown !== undefined && shown.length <= 60) return `\`${shown}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

/** `@Value("${jwt.secret:<fallback>}")`: a default baked into the property placeholder. */
function checkSpringDefault(ctx: RuleContext, s: JavaString): boolean {
  const placeholder = springPlaceholderDefault(s.value);
  if (!placeholder) return false;
  const fallback = s.value.slice(placeholder.defaultStart + 1, placeholder.defaultEnd);
  const match = classifyLiteral(fallback, placeholder.key);
  if (!match || (match.kind !== 'key-format' && !looksRandom(match.secret))) return true;
  const envName = toEnvName(placeholder.key) ?? envNameFor(match, { name: placeholder.key, context: [] });
  ctx.report({
    node: s.node,
    message: secretMessage({ ...match, secret: fallback }, `the default of \`\${${placeholder.key}}\``, envName),
    fixes: [
      envVarFix({
        title: `Remove the hardcoded default (set ${placeholder.key} in the environment or a secret store)`,
        name: envName,
        edits: [{ start: s.contentStart + placeholder.defaultStart, end: s.contentStart + placeholder.defaultEnd, text: '' }],
      }),
    ],
  });
  return true;
}

/** Key material passed to a JWT / HMAC API: `JWT_SECRET` or `SIGNING_KEY`. */
export function keyEnvName(binding: LiteralBinding): string | undefined {
  if (!binding.keyArgument || binding.name !== undefined) return undefined;
  return /jwt|Algorithm\.HMAC|hmacShaKeyFor|signWith|SigningKey|MAC(?:Signer|Verifier)|SymmetricSecurityKey|^Key$/i.test(binding.callee ?? '') ? 'JWT_SECRET' : 'SIGNING_KEY';
}

export function checkJava(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const text = ctx.file.text;
  for (const s of javaStrings(ctx.root, ctx.file.text)) {
    if (!mayBeSecret(s.value, javaTextBefore(text, s.node.startIndex))) continue;
    if (s.value.startsWith('${') && checkSpringDefault(ctx, s)) continue;
    const binding = javaBinding(s.node);
    if (binding.message) continue;
    const match = classifyLiteral(s.value, binding.name, { keyPosition: binding.keyArgument });
    if (!match) continue;
    if (binding.fallback && match.kind !== 'key-format' && !looksRandom(match.secret)) continue;
    if (match.formatId === 'google-api-key' && binding.siblingKeys.some((k) => FIREBASE_KEYS.has(k))) continue;
    if (match.kind !== 'key-format' && findConnectionCredentials(s.value)) continue;

    const fixes: Fix[] = [];
    const envName = binding.fallback?.envName ?? keyEnvName(binding) ?? envNameFor(match, binding);
    if (binding.fallback) {
      if (binding.fallback.envName && binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from the environment only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else if (!binding.constantContext) {
      const edit = javaReplaceLiteral(s, match.start, match.end, envAccessExpression('java', envName));
      if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
    }
    ctx.report({ node: s.node, message: secretMessage(match, secretSubject(binding), envName), fixes });
  }
}
