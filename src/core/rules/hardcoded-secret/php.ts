/**
 * hardcoded-secret for PHP: secrets and passwords in config arrays (`'password' => '…'`,
 * `'api_key' => 'sk_live_…'`), `define('DB_PASSWORD', '…')`, class constants and properties,
 * assignments (`$mail->Password = '…'`), credentials passed positionally (`new PDO($dsn, $user, '…')`,
 * `mysqli_connect('db', 'root', '…')`), key material (`JWT::encode($payload, '…', 'HS256')`,
 * `hash_hmac('sha256', $data, '…')`), vendor key formats anywhere, and real-looking fallbacks
 * (`env('STRIPE_SECRET', 'sk_live_…')`, `getenv('X') ?: '…'`, `$_ENV['X'] ?? '…'`).
 * The fix reads `getenv('NAME')` (`env('NAME')` in `config/*.php`) or drops the fallback; class
 * constants and property defaults must stay constant expressions, so they get no automatic fix.
 */
import type { Fix, RuleContext } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { envVarFix } from '../shared/env-fix';
import { phpBinding, phpEnvAccess, phpReplaceLiteral, phpStrings, phpTextBefore } from '../shared/php-literals';
import { classifyLiteral, looksRandom, mayBeSecret, secretMessage } from '../shared/secrets';
import { envNameFor } from './ecmascript';
import { keyEnvName, secretSubject } from './java';

const FIREBASE_KEYS = new Set(['authDomain', 'messagingSenderId', 'storageBucket', 'appId', 'measurementId']);

export function checkPhp(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const text = ctx.file.text;
  for (const s of phpStrings(ctx.root, ctx.file.text)) {
    if (!mayBeSecret(s.value, phpTextBefore(text, s.node.startIndex))) continue;
    const binding = phpBinding(s.node);
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
      const edit = phpReplaceLiteral(s, match.start, match.end, phpEnvAccess(ctx.file.path, envName));
      if (edit) fixes.push(envVarFix({ name: envName, edits: [edit] }));
    }
    ctx.report({ node: s.node, message: secretMessage(match, secretSubject(binding), envName), fixes });
  }
}
