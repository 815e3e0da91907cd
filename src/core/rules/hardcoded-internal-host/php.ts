/**
 * hardcoded-internal-host for PHP: URLs and hosts of private networks, internal DNS names and local
 * development endpoints — `'http://10.0.4.12/api'`, `'host' => 'db.prod.internal'` in config arrays,
 * `new PDO('mysql:host=10.0.1.5;dbname=shop', …)` DSNs, `curl_init('http://orders.svc.cluster.local')`,
 * `new \GuzzleHttp\Client(['base_uri' => 'http://192.168.1.20:8080'])`.
 * Quiet: comparisons, log messages, dev-guarded code, development-only files, loopback fallbacks
 * behind configuration (`env('APP_URL', 'http://localhost')`), test paths, and a one-word value under a
 * `cluster` key (`'cluster' => env('REDIS_CLUSTER', 'redis')` names Laravel's cluster mode, not a host), and
 * per-environment config for tests / development (`config/test.php`, `config/environment/dev.php`).
 */
import type { Fix, RuleContext, TextEdit } from '../../types';
import { envVarFix } from '../shared/env-fix';
import { classifyHost, findInternalEndpoint, hostMessage, isBindingCallName, isDevOnlyPath, mayBeInternalEndpoint, parseUrlAuthority, type InternalEndpoint } from '../shared/hosts';
import { isPhpDevGuarded, phpBinding, phpEnvAccess, phpReplaceLiteral, phpStrings, phpTextBefore, type LiteralBinding, type PhpString } from '../shared/php-literals';
import { hostEnvName, isQuietCallee } from './common';

const CANDIDATE = /^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/|(?:mysql|pgsql|sqlsrv|dblib|oci):|[A-Za-z0-9][A-Za-z0-9.-]{0,253}(?::\d{1,5})?\s*$)/;
const QUIET_FUNCTIONS = /^(?:str_contains|str_starts_with|str_ends_with|strpos|stripos|in_array|preg_match|filter_var|ip2long|inet_pton|gethostbyname|parse_url)$/;

function subjectOf(binding: LiteralBinding): string | undefined {
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

/** `mysql:host=10.0.1.5;dbname=shop`: the host of a PDO DSN. */
export function dsnEndpoint(value: string): InternalEndpoint | undefined {
  const match = /^(?:mysql|pgsql|sqlsrv|dblib|oci):(?:[^;]{0,200};)*?\s*(?:host|server)\s*=\s*([A-Za-z0-9.-]{1,253})/i.exec(value.trim());
  const host = match?.[1];
  if (!host) return undefined;
  const kind = classifyHost(host);
  if (kind === 'private-ip' && host.endsWith('.0')) return undefined;
  if (kind === 'private-ip' || (kind === 'internal-name' && host.includes('.'))) return { kind, host, isUrl: false };
  return undefined;
}

function replacement(path: string, s: PhpString, endpoint: InternalEndpoint, envName: string, whole: boolean): TextEdit | undefined {
  const access = phpEnvAccess(path, envName);
  if (endpoint.isUrl) {
    const url = parseUrlAuthority(s.value);
    if (url) {
      const origin = s.value.slice(url.start, url.authorityEnd);
      const rest = s.value.slice(url.authorityEnd).trimEnd();
      // keep the local default so development still works; other hosts must come from configuration
      const local = (fallback: string): string => `(${access} ?: '${fallback}')`;
      if (whole || rest.length === 0 || rest === '/') return phpReplaceLiteral(s, 0, s.value.length, endpoint.kind === 'loopback' ? local(s.value.trim()) : access);
      return phpReplaceLiteral(s, url.start, url.authorityEnd, endpoint.kind === 'loopback' ? local(origin) : access);
    }
  }
  return phpReplaceLiteral(s, 0, s.value.length, access);
}

/** Per-environment config for tests and development: `config/test.php`, `config/environment/dev.php`. */
const ENVIRONMENT_CONFIG = /(?:^|\/)config\/(?:environments?\/)?(?:test|testing|dev|development|local)\.php$/i;

export function checkPhp(ctx: RuleContext): void {
  if (ctx.file.isTestPath || isDevOnlyPath(ctx.file.path) || ENVIRONMENT_CONFIG.test(ctx.file.path)) return;
  const text = ctx.file.text;
  for (const s of phpStrings(ctx.root, ctx.file.text)) {
    if (s.value.length < 3 || !CANDIDATE.test(s.value)) continue;
    const dsn = dsnEndpoint(s.value);
    if (!dsn && !mayBeInternalEndpoint(s.value, phpTextBefore(text, s.node.startIndex))) continue;
    const binding = phpBinding(s.node);
    const endpoint = dsn ?? findInternalEndpoint(s.value, binding.name !== undefined ? { nameHint: binding.name } : {});
    if (!endpoint) continue;
    if (binding.comparedWith !== undefined || binding.message) continue;
    if (!endpoint.isUrl && !endpoint.host.includes('.') && /(?:^|[._-])cluster$/i.test(binding.name ?? '')) continue;
    if (binding.callee !== undefined && (isBindingCallName(binding.callee) || isQuietCallee(binding.callee, binding.argumentIndex) || QUIET_FUNCTIONS.test(binding.callee))) continue;
    if (binding.fallback && endpoint.kind === 'loopback') continue;
    if (isPhpDevGuarded(s.node)) continue;

    const fixes: Fix[] = [];
    const derived = dsn ? { name: 'DATABASE_DSN', fromBinding: true } : hostEnvName(endpoint, binding.name, binding.context);
    const envName = binding.fallback?.envName ?? derived.name;
    if (binding.fallback?.envName) {
      if (binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from configuration only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else if (!binding.fallback && !binding.constantContext) {
      const edit = dsn ? phpReplaceLiteral(s, 0, s.value.length, phpEnvAccess(ctx.file.path, envName)) : replacement(ctx.file.path, s, endpoint, envName, derived.fromBinding);
      if (edit) fixes.push(envVarFix({ title: `Read from configuration (${envName})`, name: envName, edits: [edit] }));
    }
    ctx.report({ node: s.node, message: hostMessage(endpoint, subjectOf(binding), envName), fixes });
  }
}
