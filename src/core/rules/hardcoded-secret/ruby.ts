/**
 * hardcoded-secret for Ruby: string literals bound to secret-like names in constants, initializers
 * and configuration (`API_TOKEN = "…"`, `Stripe.api_key = "…"`, `config.secret_key_base = "…"`,
 * `password: "…"` / `"api_key" => "…"` in hashes and keyword arguments, `set :session_secret, "…"`,
 * `def api_key; "…"; end`, `password == "…"`), vendor key formats anywhere, key material by position
 * (`JWT.encode(payload, "…")`, `OpenSSL::HMAC.hexdigest(digest, "…", data)`), and real-looking
 * fallbacks of `ENV.fetch("X", "…")` / `ENV["X"] || "…"`. The verdict is `classifyLiteral`
 * (../shared/secrets.ts). Fix: `ENV.fetch("NAME")`.
 */
import type { Fix, RuleContext } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { deriveEnvName, envAccessExpression, envVarFix } from '../shared/env-fix';
import { rubyIndex } from '../shared/ruby';
import { rubyBinding, rubyLiterals, rubyReplaceEdit, type RubyBinding } from '../shared/ruby-literals';
import { classifyLiteral, fallbackEnvName, isGenericSecretName, isSecretName, looksRandom, mayBeSecret, secretMessage, type SecretMatch } from '../shared/secrets';

function envNameFor(match: SecretMatch, binding: RubyBinding): string {
  const fallback = fallbackEnvName(match);
  if (binding.envFallback) return binding.envFallback.envName;
  if (binding.keyPosition && binding.name === undefined && match.kind !== 'key-format') {
    if (binding.callee?.startsWith('JWT.')) return 'JWT_SECRET';
    if (binding.callee?.includes('HMAC')) return 'HMAC_SECRET';
    return 'SECRET_KEY_BASE';
  }
  if (match.kind === 'key-format' && (binding.name === undefined || !isSecretName(binding.name) || isGenericSecretName(binding.name))) return fallback;
  // `config.secret_key_base` -> SECRET_KEY_BASE; `Stripe.api_key` -> STRIPE_API_KEY
  const name = binding.name?.replace(/^(?:config|Rails\.application\.config|self|@)\.?/, '').replace(/^@+/, '');
  return deriveEnvName(name, binding.context.map((c) => c.replace(/^(?:valid|check|verify|authenticate)_?/, '')), fallback);
}

function subjectOf(binding: RubyBinding): string | undefined {
  if (binding.comparedWith !== undefined && binding.comparedWith.length <= 60) return `the comparison with \`${binding.comparedWith}\``;
  if (binding.name !== undefined && binding.callee !== undefined && binding.name.length <= 60) return `the \`${binding.name}\` argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined && binding.callee.length <= 60) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkRuby(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const index = rubyIndex(ctx);
  const text = ctx.file.text;
  for (const literal of rubyLiterals(ctx)) {
    const start = literal.node.startIndex;
    if (!mayBeSecret(literal.value, text.slice(Math.max(0, start - 80), start))) continue;
    const binding = rubyBinding(literal.node, index);
    const match = classifyLiteral(literal.value, binding.name, { keyPosition: binding.keyPosition });
    if (!match) continue;
    if (binding.envFallback && match.kind !== 'key-format' && !looksRandom(match.secret)) continue;
    if (match.kind !== 'key-format' && findConnectionCredentials(literal.value)) continue;
    if (binding.comparedWith !== undefined && match.kind !== 'key-format' && /^(?:""|''|nil)$/.test(binding.comparedWith)) continue;

    const envName = envNameFor(match, binding);
    const fixes: Fix[] = [];
    if (binding.envFallback) {
      fixes.push(
        envVarFix({
          title: `Remove the hardcoded fallback (read ${envName} from the environment only)`,
          name: envName,
          edits: [{ start: binding.envFallback.deleteStart, end: binding.envFallback.deleteEnd, text: '' }],
        }),
      );
    } else {
      const edit = rubyReplaceEdit(literal, match.start, match.end, envAccessExpression('ruby', envName));
      if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
    }
    ctx.report({ node: literal.node, message: secretMessage(match, subjectOf(binding), envName), fixes });
  }
}
