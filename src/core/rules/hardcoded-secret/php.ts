/**
 * hardcoded-secret for PHP: secrets and passwords in config arrays (`'password' => '…'`,
 * `'api_key' => 'sk_live_…'`), `define('DB_PASSWORD', '…')`, class constants and properties,
 * assignments (`$mail->Password = '…'`), credentials passed positionally (`new PDO($dsn, $user, '…')`,
 * `mysqli_connect('db', 'root', '…')`), key material (`JWT::encode($payload, '…', 'HS256')`,
 * `hash_hmac('sha256', $data, '…')`), vendor key formats anywhere, and real-looking fallbacks
 * (`env('STRIPE_SECRET', 'sk_live_…')`, `getenv('X') ?: '…'`, `$_ENV['X'] ?? '…'`).
 * The fix reads `getenv('NAME')` (`env('NAME')` in `config/*.php`) or drops the fallback; class
 * constants and property defaults must stay constant expressions, so they get no automatic fix.
 *
 * Quiet Laravel look-alikes: validation rules (`'password' => 'required|string|min:8|confirmed'`), Eloquent
 * casts (`'two_factor_secret' => 'encrypted'`), the password-broker name (`'passwords' => 'users'` in
 * `config/auth.php`), and event maps keyed by hook names (`'Controller.Login.resetPassword' => 'onReset'`).
 */
import type { Fix, RuleContext } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { envVarFix } from '../shared/env-fix';
import { phpBinding, phpEnvAccess, phpReplaceLiteral, phpStrings, phpTextBefore } from '../shared/php-literals';
import { classifyLiteral, looksRandom, mayBeSecret, secretMessage } from '../shared/secrets';
import { envNameFor } from './common';
import { keyEnvName, secretSubject } from './java';

const FIREBASE_KEYS = new Set(['authDomain', 'messagingSenderId', 'storageBucket', 'appId', 'measurementId']);

/** Laravel / Symfony-style validation rule names (`required|string|min:8|confirmed`). */
const VALIDATION_RULES = new Set([
  'bail', 'required', 'sometimes', 'nullable', 'present', 'filled', 'string', 'confirmed', 'current_password', 'min', 'max',
  'between', 'size', 'alpha', 'alpha_num', 'alpha_dash', 'ascii', 'regex', 'not_regex', 'same', 'different', 'password',
  'required_with', 'required_without', 'required_if', 'prohibited', 'exclude', 'uncompromised', 'mixed_case', 'letters',
  'numbers', 'symbols', 'lowercase', 'uppercase', 'in', 'not_in', 'exists', 'unique',
]);

/** `'required|string|min:8|confirmed'`: the constraints on a secret, not the secret. */
function isValidationRule(value: string): boolean {
  const tokens = value.trim().split('|');
  if (tokens.length < 2 && !VALIDATION_RULES.has(tokens[0] ?? '')) return false;
  return tokens.every((token) => {
    const match = /^([a-z_]{2,30})(?::[^|]{0,200})?$/.exec(token.trim());
    return match?.[1] !== undefined && VALIDATION_RULES.has(match[1]);
  }) && tokens.length <= 20;
}

/**
 * Laravel look-alikes: an Eloquent cast (`'two_factor_secret' => 'encrypted'`), the password-broker name of
 * `config/auth.php` (`'passwords' => 'users'`: a plural name with a one-word value names a group, not a
 * secret), and an event map keyed by hook names (`'Controller.Login.resetPassword' => 'beforeLogin'`).
 */
function isFrameworkName(value: string, name: string | undefined): boolean {
  const trimmed = value.trim();
  if (/^encrypted(?::[\w\\]{1,80})?$/.test(trimmed)) return true;
  if (name === undefined) return false;
  if (/^[a-z][a-z_]{0,30}$/.test(trimmed) && /(?:^|_)(?:passwords|secrets|tokens)$/i.test(name)) return true;
  return /^[A-Z][A-Za-z0-9]*(?:\.[A-Za-z_][\w]*)+$/.test(name);
}

export function checkPhp(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const text = ctx.file.text;
  for (const s of phpStrings(ctx.root, ctx.file.text)) {
    if (!mayBeSecret(s.value, phpTextBefore(text, s.node.startIndex))) continue;
    const binding = phpBinding(s.node);
    if (binding.message) continue;
    const match = classifyLiteral(s.value, binding.name, { keyPosition: binding.keyArgument });
    if (!match) continue;
    if (match.kind !== 'key-format' && (isValidationRule(s.value) || isFrameworkName(s.value, binding.name))) continue;
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
      const edit = phpReplaceLiteral(s, match.start, match.end, phpEnvAccess(ctx.file.path, envName));
      if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
    }
    ctx.report({ node: s.node, message: secretMessage(match, secretSubject(binding), envName), fixes });
  }
}
