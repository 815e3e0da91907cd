/**
 * Language-agnostic host / URL classification for `hardcoded-internal-host` (and URL parsing for
 * `credentials-in-connection-string`). Language files find string literals, their name hint and their
 * surroundings, then call:
 *
 *   mayBeInternalEndpoint(value, textBefore) -> boolean                         cheap pre-filter before walking the tree
 *   findInternalEndpoint(value, { nameHint }) -> InternalEndpoint | undefined   "is this literal an infra endpoint?"
 *   classifyHost(host)                        -> HostKind                        loopback / private-ip / internal-name / …
 *   parseUrlAuthority(value)                  -> UrlAuthority | undefined        scheme, userinfo, hosts with offsets
 *   isHostLikeName(name)                      -> boolean                         `DB_HOST`, `redisUrl`, `baseURL`, `brokers`
 *   isBindingCallName(name)                   -> boolean                         `listen`, `run`, `bind` (binding is not a dependency)
 *   isDevGuardCondition(text, inElseBranch)   -> boolean                         `NODE_ENV !== 'production'`, `__name__ == '__main__'`, DEBUG
 *   isDevOnlyPath(path)                       -> boolean                         vite.config.ts, settings/local.py, setupProxy.js …
 *   hostMessage(endpoint, subject, envName)   -> string                          the finding message, same in every language
 *
 * Decisions (documented in the rule's docs.md):
 * - URLs whose host is loopback (`http://localhost:4000/api`), a private IP or an internal name are reported;
 *   a bare `localhost` / `127.0.0.1` (no scheme) is not: it is the universal dev default and is ambiguous with binding.
 * - Bare private IPs (`10.0.3.7`) and dotted internal names (`db.prod.internal`) are reported wherever they are
 *   the whole string; bare single-label names (`db-prod-1`) only when the name says host (`host:`, `DB_HOST`).
 * - Never reported: `0.0.0.0`, RFC 5737 documentation IPs, link-local (cloud metadata 169.254.169.254),
 *   reserved names (`example.com`, `*.test`, `*.invalid`, `*.example`), public hosts, network addresses (`10.0.0.0`)
 *   and CIDR ranges, URLs with credentials (that is `credentials-in-connection-string`'s finding).
 */

import { INTERPOLATION_MARK, isStructuralPlaceholder, splitNameWords } from './secrets';

export type HostKind =
  | 'loopback'
  | 'unspecified'
  | 'private-ip'
  | 'link-local'
  | 'internal-name'
  | 'single-label'
  | 'documentation'
  | 'public';

/** Parses dotted-quad IPv4; `undefined` unless it is exactly four octets 0–255. */
export function parseIPv4(host: string): [number, number, number, number] | undefined {
  const match = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host);
  if (!match) return undefined;
  const octets = [match[1], match[2], match[3], match[4]].map((o) => Number(o));
  if (octets.some((o) => o > 255)) return undefined;
  return [octets[0] ?? 0, octets[1] ?? 0, octets[2] ?? 0, octets[3] ?? 0];
}

const INTERNAL_SUFFIXES = [
  '.internal', '.local', '.corp', '.lan', '.intranet', '.intra', '.private', '.home.arpa', '.localdomain',
  '.svc', '.cluster.local', '.consul', '.home', '.priv',
];
const DOCUMENTATION_SUFFIXES = ['.example', '.test', '.invalid', '.example.com', '.example.org', '.example.net'];
const DOCUMENTATION_NAMES = new Set(['example.com', 'example.org', 'example.net']);

/** Words that make a single-label host (`redis`, `db-prod-1`, `orders-svc`) an infrastructure name. */
const INFRA_WORDS = 'db|database|postgres|postgresql|pg|mysql|mariadb|mongo|mongodb|redis|memcached|rabbitmq|rabbit|mq|kafka|zookeeper|elasticsearch|elastic|es|opensearch|search|minio|vault|consul|etcd|nats|cassandra|clickhouse|influxdb|grafana|prometheus|jaeger|keycloak|mailhog|smtp|ldap|backend|api|auth|cache|queue|broker|worker|gateway|proxy|internal|svc|service|prod|production|staging|primary|replica|master';
const INFRA_LABEL = new RegExp(
  // `redis`, `db1`, `kafka-2` / hyphenated names with an infra word or a number: `db-prod-1`, `orders-svc`, `user-service`
  `^(?:${INFRA_WORDS})(?:[-_]?\\d{1,4})?$|^(?=[a-z0-9-]*(?:(?:^|-)(?:${INFRA_WORDS})(?:-|$)|-\\d{1,4}(?:-|$)))[a-z][a-z0-9]{0,30}(?:-[a-z0-9]{1,30}){1,6}$`,
);

/** Classifies a host name or IP (no port, no brackets needed). */
export function classifyHost(rawHost: string): HostKind {
  const host = rawHost.trim().toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === 'localhost' || host.endsWith('.localhost') || host === '::1' || host === '0:0:0:0:0:0:0:1') return 'loopback';
  if (host === '0.0.0.0' || host === '::') return 'unspecified';
  const ip = parseIPv4(host);
  if (ip) {
    const [a, b, c] = ip;
    if (a === 127) return 'loopback';
    if (a === 0) return 'unspecified';
    if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'private-ip';
    if (a === 169 && b === 254) return 'link-local';
    if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) {
      return 'documentation';
    }
    return 'public';
  }
  if (host.includes(':')) {
    if (/^f[cd][0-9a-f]{2}:/.test(host)) return 'private-ip';
    if (/^fe[89ab][0-9a-f]:/.test(host)) return 'link-local';
    if (host.startsWith('2001:db8:') || host.startsWith('2001:0db8:')) return 'documentation';
    return 'public';
  }
  if (DOCUMENTATION_NAMES.has(host) || DOCUMENTATION_SUFFIXES.some((s) => host.endsWith(s))) return 'documentation';
  if (INTERNAL_SUFFIXES.some((s) => host.endsWith(s))) return 'internal-name';
  if (!host.includes('.')) return INFRA_LABEL.test(host) && !/[A-Z]/.test(rawHost) ? 'internal-name' : 'single-label';
  return 'public';
}

export interface UrlHost {
  readonly host: string;
  /** Offsets of the host inside the value given to `parseUrlAuthority`. */
  readonly start: number;
  readonly end: number;
}

export interface UrlAuthority {
  readonly scheme: string;
  /** Offset of the scheme (the URL may start inside the value, e.g. `jdbc:` prefixes). */
  readonly start: number;
  /** Offset just past the authority (host list and port). */
  readonly authorityEnd: number;
  readonly user?: string;
  readonly password?: string;
  readonly passwordStart?: number;
  readonly passwordEnd?: number;
  /** Every host of the authority (`mongodb://a:27017,b:27017` has two). */
  readonly hosts: readonly UrlHost[];
}

const URL_START = /\b([a-zA-Z][a-zA-Z0-9+.-]{1,30}):\/\//;
const AUTHORITY_END = /[/?#\s]/g;

/**
 * Parses `scheme://[user[:password]@]host[:port][,host2…][/…]` at the first `://` in `value`. Handles
 * `jdbc:postgresql://`, bracketed IPv6 hosts and Mongo host lists. Offsets are into `value`.
 */
export function parseUrlAuthority(value: string): UrlAuthority | undefined {
  const match = URL_START.exec(value);
  if (!match) return undefined;
  const scheme = (match[1] ?? '').toLowerCase();
  const authorityStart = match.index + match[0].length;
  // the authority ends at the first `/`, `?`, `#` or whitespace
  AUTHORITY_END.lastIndex = authorityStart;
  const endMatch = AUTHORITY_END.exec(value);
  const authorityEnd = endMatch ? endMatch.index : value.length;
  const authority = value.slice(authorityStart, authorityEnd);
  const at = authority.lastIndexOf('@');
  let user: string | undefined;
  let password: string | undefined;
  let passwordStart: number | undefined;
  let passwordEnd: number | undefined;
  let hostsPart = authority;
  let hostsOffset = authorityStart;
  if (at !== -1) {
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    if (colon === -1) {
      user = userinfo;
    } else {
      user = userinfo.slice(0, colon);
      password = userinfo.slice(colon + 1);
      passwordStart = authorityStart + colon + 1;
      passwordEnd = authorityStart + at;
    }
    hostsPart = authority.slice(at + 1);
    hostsOffset = authorityStart + at + 1;
  }
  const hosts: UrlHost[] = [];
  let offset = 0;
  for (const part of hostsPart.split(',')) {
    let host = part;
    if (host.startsWith('[')) {
      const close = host.indexOf(']');
      host = close === -1 ? host : host.slice(0, close + 1);
    } else {
      const colon = host.indexOf(':');
      if (colon !== -1) host = host.slice(0, colon);
    }
    if (host.length > 0) hosts.push({ host, start: hostsOffset + offset, end: hostsOffset + offset + host.length });
    offset += part.length + 1;
  }
  return {
    scheme,
    start: match.index,
    authorityEnd,
    hosts,
    ...(user !== undefined ? { user } : {}),
    ...(password !== undefined ? { password, passwordStart, passwordEnd } : {}),
  };
}

const HOST_NAME_WORDS = new Set([
  'host', 'hostname', 'hosts', 'server', 'servers', 'endpoint', 'endpoints', 'addr', 'address', 'broker', 'brokers',
  'bootstrap', 'proxy', 'upstream', 'backend', 'node', 'nodes', 'url', 'uri', 'urls', 'base', 'baseurl', 'origin',
  'dsn', 'seeds', 'cluster', 'gateway', 'ip',
]);

/**
 * True when a name says it holds a host or an address: `host`, `DB_HOST`, `redisUrl`, `baseURL`, `brokers`,
 * `host_name`. Only the last word counts (`proxyIpHeader` names a header, not a host).
 */
export function isHostLikeName(name: string): boolean {
  const words = splitNameWords(name.split('.').pop() ?? name);
  const last = words[words.length - 1];
  if (last === undefined) return false;
  if (last === 'name' && (words[words.length - 2] === 'host' || words[words.length - 2] === 'server')) return true;
  return HOST_NAME_WORDS.has(last) || last.endsWith('host') || last.endsWith('url');
}

/** Names whose values are not hosts even when they look like IPs (`version: '10.0.0.1'`, `subnet`). */
function isNonHostName(name: string): boolean {
  return splitNameWords(name).some((w) =>
    ['version', 'ver', 'mask', 'netmask', 'subnet', 'cidr', 'range', 'network', 'prefix', 'pattern', 'regex', 'example',
      'placeholder', 'sample', 'oid', 'release', 'build'].includes(w),
  );
}

/** Calls that bind a listening socket: their host argument is an interface, not a dependency. */
export function isBindingCallName(name: string): boolean {
  const last = name.split(/[.:>]+/).pop() ?? name;
  return ['listen', 'run', 'bind', 'serve', 'run_app', 'run_simple', 'runServer', 'createServer', 'start_server', 'TCPServer',
    'HTTPServer', 'ThreadingHTTPServer', 'make_server'].includes(last);
}

/**
 * True when an `if` / ternary condition guards development-only code. `inElseBranch`: the code is in the
 * else/alternative branch, which is dev-only when the condition tests for production.
 */
export function isDevGuardCondition(conditionText: string, inElseBranch: boolean): boolean {
  const negatedProd = /!==?\s*['"](?:production|prod)['"]|\bnot\s+(?:settings\.)?(?:IS_)?PROD(?:UCTION)?\b|!\s*(?:is)?[Pp]rod(?:uction)?\b/;
  const devMarker = /\b(?:development|dev|isDev|isDevelopment|IS_DEV|DEV|DEBUG|debug|__main__|isLocal|IS_LOCAL|local|localhost|isTest|testing)\b/;
  const prodMarker = /===?\s*['"](?:production|prod)['"]|\bisProd(?:uction)?\b|\bIS_PROD(?:UCTION)?\b|\bPRODUCTION\b|\bproduction\b/;
  if (inElseBranch) return !negatedProd.test(conditionText) && prodMarker.test(conditionText) && !devMarker.test(conditionText);
  return negatedProd.test(conditionText) || devMarker.test(conditionText);
}

/**
 * Files that only run in development: bundler/dev-server/test-runner configs, CRA's setupProxy, Django
 * `settings/dev.py` / `local_settings.py`, `*.dev.*`, `*.local.*`, `config/development.*`.
 */
export function isDevOnlyPath(path: string): boolean {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  if (/^(?:vite|vitest|webpack|rollup|jest|playwright|cypress|karma|babel|nuxt|next|svelte|astro|tailwind|postcss|esbuild|tsup|gulpfile|gruntfile|nodemon|protractor|wdio|storybook|snowpack|parcel)(?:[.-][\w.-]*)?\.(?:c|m)?[jt]sx?$/.test(base)) {
    return true;
  }
  if (base === 'setupproxy.js' || base === 'setupproxy.ts' || base === 'manage.py' || base === 'noxfile.py' || base === 'tasks.py' || base === 'fabfile.py') {
    return true;
  }
  if (/(?:^|[._-])(?:dev|development|local)(?:[._-]|$)/.test(base.replace(/\.[^.]+$/, ''))) return true;
  if (/(?:^|\/)(?:settings|config|conf)\/(?:dev|development|local)[\w-]*\.(?:py|js|ts|json)$/.test(lower)) return true;
  return /(?:^|\/)(?:\.devcontainer|scripts|tools|dev|docker)\//.test(lower);
}

export interface InternalEndpoint {
  readonly kind: 'loopback' | 'private-ip' | 'internal-name';
  readonly host: string;
  /** The literal is a URL (`http://…`) rather than a bare host. */
  readonly isUrl: boolean;
  readonly scheme?: string;
}

export interface EndpointOptions {
  /** The name the literal is bound to (`host`, `DB_HOST`, `baseURL`). */
  readonly nameHint?: string;
}

const BARE_HOST = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.){0,10}[A-Za-z0-9-]{1,63}(?::\d{1,5})?$/;

/**
 * Decides whether a whole string literal is an internal endpoint. The string must *be* a URL or host
 * (surrounding whitespace allowed; a URL may have a path and interpolations after the host) — log lines
 * such as `"listening on http://localhost:3000"` are prose and stay quiet.
 */
export function findInternalEndpoint(value: string, options: EndpointOptions = {}): InternalEndpoint | undefined {
  const trimmed = value.trim();
  if (trimmed.length === 0 || trimmed.length > 2048) return undefined;
  if (options.nameHint && isNonHostName(options.nameHint)) return undefined;
  const url = /^[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\//.test(trimmed) || /^jdbc:[a-z0-9]{2,20}:\/\//i.test(trimmed) ? parseUrlAuthority(trimmed) : undefined;
  if (url) {
    if (url.password !== undefined) return undefined; // credentials-in-connection-string reports it
    if (['file', 'data', 'blob', 'chrome', 'about', 'javascript'].includes(url.scheme)) return undefined;
    for (const { host } of url.hosts) {
      if (host.includes(INTERPOLATION_MARK) || host.includes('$') || host.includes('{') || isStructuralPlaceholder(host)) return undefined;
      const kind = classifyHost(host);
      if (kind === 'loopback' || kind === 'private-ip' || kind === 'internal-name') {
        if (kind === 'private-ip' && host.endsWith('.0')) continue;
        return { kind, host, isUrl: true, scheme: url.scheme };
      }
    }
    return undefined;
  }
  if (!BARE_HOST.test(trimmed)) return undefined;
  const host = trimmed.replace(/:\d{1,5}$/, '');
  const hostLike = options.nameHint !== undefined && isHostLikeName(options.nameHint);
  // a bare single label (`redis`, `d6ded0e91b`) is only a host under a host-like name: skip classifyHost for ids and words
  if (!host.includes('.') && !hostLike) return undefined;
  if (isStructuralPlaceholder(host)) return undefined; // `your-database-host`, `<host>`, `xxx`
  const kind = classifyHost(host);
  if (kind === 'private-ip') {
    if (host.endsWith('.0') || host.endsWith('.255')) return undefined; // network / broadcast addresses
    return { kind, host, isUrl: false };
  }
  if (kind === 'internal-name') {
    // `.local` / `.home` also end file names and i18n keys; require a host-like name for those without a port
    if (!hostLike && !/:\d+$/.test(trimmed) && /\.(?:local|home|svc|priv|private)$/i.test(host) && host.split('.').length < 3) {
      return undefined;
    }
    return { kind, host, isUrl: false };
  }
  return undefined;
}

const HOST_CONTEXT_HINT = /host|server|broker|endpoint|addr|url|uri|node|seed|proxy|upstream|backend|gateway|origin|dsn|cluster|ip\b/i;

/**
 * Cheap necessary condition for `findInternalEndpoint`, to run before any syntax-tree walk. `textBefore`
 * is the source just before the literal (~80 chars): single-label hosts (`db-prod-1`) need a host-like
 * name there. False means the literal cannot be a finding.
 */
export function mayBeInternalEndpoint(value: string, textBefore: string): boolean {
  const withoutName = findInternalEndpoint(value);
  if (withoutName) return true;
  // A name only changes the verdict on a bare host (`db-prod-1`): a URL gets the same one again.
  return BARE_HOST.test(value.trim()) && HOST_CONTEXT_HINT.test(textBefore) && findInternalEndpoint(value, { nameHint: 'host' }) !== undefined;
}

/** The finding message for an internal endpoint. */
export function hostMessage(endpoint: InternalEndpoint, subject: string | undefined, envName: string): string {
  const what =
    endpoint.kind === 'loopback'
      ? `Local development endpoint "${endpoint.host}"`
      : endpoint.kind === 'private-ip'
        ? `Private IP address "${endpoint.host}"`
        : `Internal host name "${endpoint.host}"`;
  const where = subject ? ` in ${subject}` : '';
  const consequence = endpoint.kind === 'loopback' ? 'it will not resolve to the service once deployed' : 'it ties the code to one network';
  return `${what} is hardcoded${where}: ${consequence}. Read it from configuration (\`${envName}\`).`;
}
