import { deriveEnvName, toEnvName } from '../shared/env-fix';
import { isBindingCallName, isHostLikeName, type InternalEndpoint } from '../shared/hosts';
import type { BindingFacts } from '../shared/literal-binding';

/** Cheap pre-filter on a literal's value: a URL, or a bare host / IP (no spaces). */
export const HOST_CANDIDATE = /^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/|jdbc:|[A-Za-z0-9][A-Za-z0-9.-]{0,253}(?::\d{1,5})?\s*$)/;

/**
 * Calls whose host-looking argument is not a dependency: `new URL(path, 'http://localhost')` (a parsing
 * base), string checks (`url.startsWith('http://localhost')`, `.includes('10.0.0.1')`), proxy-trust lists, assertions
 * (`self.assertRegex(url, r"http://localhost…")`, `assert_equal`).
 */
export function isQuietCallee(callee: string, argumentIndex: number | undefined): boolean {
  const last = callee.split('.').pop() ?? callee;
  if ((last === 'URL' || last === 'urlparse' || last === 'urlsplit') && argumentIndex === 1) return true;
  return /^(?:includes|startsWith|endsWith|startswith|endswith|indexOf|lastIndexOf|match|test|replace|replaceAll|split|search|trust|isIP|isIPv4|ip_address|ip_network|matches|equal|strictEqual|assert|assert[A-Z_]\w{0,40}|assert_\w{1,40})$/.test(last);
}

const SCHEME_ENV: Readonly<Record<string, string>> = {
  mongodb: 'MONGODB_URI', 'mongodb+srv': 'MONGODB_URI', redis: 'REDIS_URL', rediss: 'REDIS_URL', amqp: 'AMQP_URL',
  amqps: 'AMQP_URL', postgres: 'DATABASE_URL', postgresql: 'DATABASE_URL', mysql: 'DATABASE_URL', mariadb: 'DATABASE_URL',
  mssql: 'DATABASE_URL', nats: 'NATS_URL', kafka: 'KAFKA_BROKERS', ws: 'WS_URL', wss: 'WS_URL', ldap: 'LDAP_URL',
  ldaps: 'LDAP_URL', smtp: 'SMTP_URL', smtps: 'SMTP_URL', grpc: 'GRPC_URL',
};

export interface HostEnvName {
  readonly name: string;
  /** The name comes from the binding (`PAYMENTS_URL`, `baseURL`): the variable holds the whole value. */
  readonly fromBinding: boolean;
}

/** Env-var name for an endpoint: from a host-like binding name (`baseURL`, `REDIS_HOST`), else from scheme / host. */
export function hostEnvName(endpoint: InternalEndpoint, name: string | undefined, context: readonly string[]): HostEnvName {
  const fromScheme = endpoint.scheme !== undefined ? SCHEME_ENV[endpoint.scheme.replace(/\+.*$/, '')] ?? SCHEME_ENV[endpoint.scheme] : undefined;
  const hostLabel = endpoint.host.split('.')[0] ?? '';
  const fromHost =
    endpoint.kind === 'internal-name' && !/^\d/.test(hostLabel) && !['api', 'localhost', 'www'].includes(hostLabel)
      ? toEnvName(hostLabel.replace(/-(?:prod|production|staging|dev|\d+)(?:-\d+)?$/, ''))
      : undefined;
  const fallback = fromScheme ?? (endpoint.isUrl ? `${fromHost ?? 'API'}_URL` : `${fromHost ?? 'SERVICE'}_HOST`);
  if (name !== undefined && isHostLikeName(name)) {
    const derived = deriveEnvName(name, context, '');
    if (derived.length > 0 && !derived.startsWith('_')) return { name: derived, fromBinding: true };
  }
  return { name: fallback, fromBinding: false };
}

/**
 * A JavaScript/Python literal whose binding says it is not a dependency: compared with
 * (`if (host === 'localhost')` checks, it does not connect), an argument of a quiet or binding call,
 * or a loopback default for a configured value (`process.env.API_URL || 'http://localhost:3000'`).
 */
export function isQuietBinding(binding: BindingFacts, endpoint: InternalEndpoint): boolean {
  if (binding.comparedWith !== undefined) return true;
  if (binding.callee !== undefined && (isBindingCallName(binding.callee) || isQuietCallee(binding.callee, binding.argumentIndex))) return true;
  return (binding.envFallback !== undefined || binding.isDefault) && endpoint.kind === 'loopback';
}
