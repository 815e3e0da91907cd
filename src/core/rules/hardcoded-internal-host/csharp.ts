/**
 * hardcoded-internal-host for C#: URLs and hosts of private networks, internal DNS names and local
 * development endpoints — `new Uri("http://10.0.4.12:8080")`, `client.BaseAddress = new Uri("http://orders.svc.cluster.local")`,
 * `const string CacheHost = "redis.prod.internal"`, and the `Server=` / `Data Source=` / `Host=` of ADO.NET
 * connection strings (`"Server=tcp:sql01.corp.local,1433;Database=…"`).
 * Quiet: comparisons, log messages, binding a listening socket (`UseUrls`, `Listen`), known-proxy lists
 * (`KnownProxies.Add(IPAddress.Parse(…))`), dev-guarded code (`if (env.IsDevelopment())`, `#if DEBUG`),
 * `launchSettings`-style development files, a loopback fallback behind configuration, test paths,
 * string operations (`url.Replace("host.docker.internal", "localhost")`, `host.EndsWith(".internal")`), and
 * .NET service discovery: `https+http://catalog-api`, and single-label service names given to
 * `AddHttpClient` / `AddGrpcClient` / `MapForwarder` (`o.BaseAddress = new("http://basket-api")`), which
 * Aspire or the cluster DNS resolve in every environment.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { csInvocationName } from '../shared/csharp';
import { constFieldEdits, csBinding, csReplaceLiteral, csStrings, csTextBefore, isCsDevGuarded, type CsString, type LiteralBinding } from '../shared/csharp-literals';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { classifyHost, findInternalEndpoint, hostMessage, isBindingCallName, isDevOnlyPath, mayBeInternalEndpoint, parseUrlAuthority, type InternalEndpoint } from '../shared/hosts';
import { hostEnvName, isQuietCallee } from './common';

/**
 * Literals worth a look: a URL, a host[:port], or a connection string naming a server. Two patterns
 * rather than one alternation: the key-value branch (`Server=…;`) backtracks through up to 200
 * characters of every literal, and can only match a value holding `=`.
 */
const CANDIDATE_URL_OR_HOST = /^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/|[A-Za-z0-9][A-Za-z0-9.-]{0,253}(?::\d{1,5})?\s*$)/i;
const CANDIDATE_KEY_VALUE = /^\s*[^"]{0,200}\b(?:server|data source|host|address|addr)\s*=/i;

function isCandidate(value: string): boolean {
  return CANDIDATE_URL_OR_HOST.test(value) || (value.includes('=') && CANDIDATE_KEY_VALUE.test(value));
}

/** ASP.NET Core calls that bind an address or trust a proxy: not a dependency. */
const QUIET_CALLEES = /(?:^|\.)(?:UseUrls|Listen|ListenAnyIP|ListenLocalhost|UseKestrel|Parse|TryParse|AddAllowedOrigin|WithOrigins|SetIsOriginAllowed|Replace|Contains|StartsWith|EndsWith|Equals|IndexOf|LastIndexOf|Split|IsMatch|Match|Matches|TrimStart|TrimEnd)$/;
/** Registrations whose base address is a service-discovery name (.NET Aspire, YARP): `AddHttpClient<T>(o => o.BaseAddress = new("http://basket-api"))`. */
const DISCOVERY_CALLS = /^(?:AddHttpClient|AddGrpcClient|AddTypedClient|MapForwarder|AddServiceDiscovery)$/;

/** A single-label host inside a service-discovery registration (walks up to the enclosing statement). */
function inDiscoveryRegistration(node: Node): boolean {
  for (let current = node.parent, depth = 0; current && depth < 12; current = current.parent, depth++) {
    if (current.type === 'invocation_expression' && DISCOVERY_CALLS.test(csInvocationName(current).name)) return true;
    if (current.type.endsWith('_statement') && current.type !== 'expression_statement') return false;
    if (current.type === 'method_declaration' || current.type === 'class_declaration') return false;
  }
  return false;
}

function subjectOf(binding: LiteralBinding): string | undefined {
  const shown = binding.display ?? binding.name;
  if (shown !== undefined && shown.length <= 60) return `\`${shown}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

/** `Server=tcp:sql01.corp.local,1433;…`: the server of an ADO.NET / Npgsql connection string. */
export function connectionStringEndpoint(value: string): InternalEndpoint | undefined {
  if (!value.includes(';') && !/^\s*host=/i.test(value)) return undefined;
  const match = /(?:^|;)\s*(?:server|data source|host|address|addr|network address)\s*=\s*(?:tcp:)?([A-Za-z0-9.-]{1,253})/i.exec(value);
  const host = match?.[1];
  if (!host || host.startsWith('(')) return undefined;
  const kind = classifyHost(host);
  if (kind === 'private-ip' && host.endsWith('.0')) return undefined;
  if (kind === 'private-ip' || (kind === 'internal-name' && host.includes('.'))) return { kind, host, isUrl: false };
  return undefined;
}

function replacement(s: CsString, endpoint: InternalEndpoint, envName: string, whole: boolean): TextEdit | undefined {
  const access = envAccessExpression('csharp', envName);
  if (endpoint.isUrl) {
    const url = parseUrlAuthority(s.value);
    if (url) {
      const origin = s.value.slice(url.start, url.authorityEnd);
      const rest = s.value.slice(url.authorityEnd).trimEnd();
      // keep the local default so development still works; other hosts must come from configuration
      const local = (fallback: string): string => `(${access} ?? "${fallback}")`;
      if (whole || rest.length === 0 || rest === '/') return csReplaceLiteral(s, 0, s.value.length, endpoint.kind === 'loopback' ? local(s.value.trim()) : access);
      return csReplaceLiteral(s, url.start, url.authorityEnd, endpoint.kind === 'loopback' ? local(origin) : access);
    }
  }
  return csReplaceLiteral(s, 0, s.value.length, access);
}

export function checkCsharp(ctx: RuleContext): void {
  if (ctx.file.isTestPath || isDevOnlyPath(ctx.file.path)) return;
  const text = ctx.file.text;
  for (const s of csStrings(ctx.root, ctx.file.text)) {
    if (s.value.length < 3 || !isCandidate(s.value)) continue;
    const connection = connectionStringEndpoint(s.value);
    if (!connection && !mayBeInternalEndpoint(s.value, csTextBefore(text, s.node.startIndex))) continue;
    const binding = csBinding(s.node);
    const endpoint = connection ?? findInternalEndpoint(s.value, binding.name !== undefined ? { nameHint: binding.name } : {});
    if (!endpoint) continue;
    if (binding.comparedWith !== undefined || binding.message) continue;
    // `https+http://catalog-api`: Aspire service discovery picks the scheme and resolves the name
    if (endpoint.kind === 'internal-name' && endpoint.scheme?.includes('+') === true) continue;
    if (endpoint.kind === 'internal-name' && !endpoint.host.includes('.') && inDiscoveryRegistration(s.node)) continue;
    if (binding.callee !== undefined && (isBindingCallName(binding.callee) || isQuietCallee(binding.callee, binding.argumentIndex) || QUIET_CALLEES.test(binding.callee))) continue;
    if (binding.fallback && endpoint.kind === 'loopback') continue;
    if (isCsDevGuarded(s.node)) continue;

    const fixes: Fix[] = [];
    const derived = connection
      ? { name: binding.name !== undefined && binding.context.includes('ConnectionStrings') ? `ConnectionStrings__${binding.name}` : 'DB_CONNECTION_STRING', fromBinding: true }
      : hostEnvName(endpoint, binding.name, binding.context);
    const envName = binding.fallback?.envName ?? derived.name;
    if (binding.fallback?.envName) {
      if (binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from configuration only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else if (!binding.fallback && !binding.constantContext) {
      const edit = connection ? csReplaceLiteral(s, 0, s.value.length, envAccessExpression('csharp', envName)) : replacement(s, endpoint, envName, derived.fromBinding);
      if (edit) fixes.push(envVarFix({ title: `Read from configuration (${envName})`, name: envName, edits: [edit, ...constFieldEdits(s.node)] }));
    }
    ctx.report({ node: s.node, message: hostMessage(endpoint, subjectOf(binding), envName), fixes });
  }
}
