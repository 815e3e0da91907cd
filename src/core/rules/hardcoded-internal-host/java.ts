/**
 * hardcoded-internal-host for Java: URLs and hosts of private networks, internal DNS names and
 * local development endpoints in string literals — `"http://10.0.4.12:8080/api"`,
 * `"jdbc:postgresql://db.prod.internal:5432/app"`, Oracle thin `"…@//ora.internal:1521/ORCL"`,
 * `@Value("${payments.url:http://10.0.0.7}")` defaults, `new InetSocketAddress("10.1.2.3", 6379)`.
 * Quiet: comparisons, binding a listening socket, log messages, dev-guarded code, development-only
 * files, a loopback default behind configuration, test paths.
 */
import type { Fix, RuleContext, TextEdit } from '../../types';
import { envAccessExpression, envVarFix, toEnvName } from '../shared/env-fix';
import { classifyHost, findInternalEndpoint, hostMessage, isBindingCallName, isDevOnlyPath, mayBeInternalEndpoint, parseUrlAuthority, type InternalEndpoint } from '../shared/hosts';
import { isJavaDevGuarded, javaBinding, javaReplaceLiteral, javaStrings, javaTextBefore, springPlaceholderDefault, type JavaString, type LiteralBinding } from '../shared/java-literals';
import { hostEnvName, isQuietCallee } from './common';

const CANDIDATE = /^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/|jdbc:|\$\{|[A-Za-z0-9][A-Za-z0-9.-]{0,253}(?::\d{1,5})?\s*$)/;

function subjectOf(binding: LiteralBinding): string | undefined {
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

/** Oracle thin URLs: `jdbc:oracle:thin:@//host:1521/SID` or `…:@host:1521:SID`. */
function oracleEndpoint(value: string): InternalEndpoint | undefined {
  const match = /^jdbc:oracle:[a-z]{2,10}:[^@\s]{0,200}@(?:\/\/)?([A-Za-z0-9.-]{1,253})(?::\d{1,5})?[:/]/i.exec(value.trim());
  const host = match?.[1];
  if (!host) return undefined;
  const kind = classifyHost(host);
  if (kind !== 'loopback' && kind !== 'private-ip' && kind !== 'internal-name') return undefined;
  if (kind === 'internal-name' && !host.includes('.')) return undefined;
  return { kind, host, isUrl: true, scheme: 'oracle' };
}

function replacement(s: JavaString, endpoint: InternalEndpoint, envName: string, whole: boolean): TextEdit | undefined {
  const access = envAccessExpression('java', envName);
  if (endpoint.isUrl) {
    const url = parseUrlAuthority(s.value);
    if (url) {
      const origin = s.value.slice(url.start, url.authorityEnd);
      const rest = s.value.slice(url.authorityEnd).trimEnd();
      // keep the local default so development still works; other hosts must come from configuration
      const local = (fallback: string): string => `System.getenv().getOrDefault("${envName}", "${fallback}")`;
      if (whole || rest.length === 0 || rest === '/') return javaReplaceLiteral(s, 0, s.value.length, endpoint.kind === 'loopback' ? local(s.value.trim()) : access);
      return javaReplaceLiteral(s, url.start, url.authorityEnd, endpoint.kind === 'loopback' ? local(origin) : access);
    }
  }
  return javaReplaceLiteral(s, 0, s.value.length, access);
}

/** `@Value("${service.url:http://10.0.0.7:8080}")`: an internal host as the property's default. */
function checkPlaceholder(ctx: RuleContext, s: JavaString): void {
  const placeholder = springPlaceholderDefault(s.value);
  if (!placeholder) return;
  const fallback = s.value.slice(placeholder.defaultStart + 1, placeholder.defaultEnd);
  const endpoint = findInternalEndpoint(fallback, { nameHint: placeholder.key });
  if (!endpoint || endpoint.kind === 'loopback') return;
  const envName = toEnvName(placeholder.key) ?? 'SERVICE_URL';
  ctx.report({
    node: s.node,
    message: hostMessage(endpoint, `the default of \`\${${placeholder.key}}\``, envName),
    fixes: [
      envVarFix({
        title: `Remove the hardcoded default (set ${placeholder.key} in configuration)`,
        name: envName,
        edits: [{ start: s.contentStart + placeholder.defaultStart, end: s.contentStart + placeholder.defaultEnd, text: '' }],
      }),
    ],
  });
}

export function checkJava(ctx: RuleContext): void {
  if (ctx.file.isTestPath || isDevOnlyPath(ctx.file.path)) return;
  const text = ctx.file.text;
  for (const s of javaStrings(ctx.root, ctx.file.text)) {
    if (s.value.length < 3 || !CANDIDATE.test(s.value)) continue;
    if (s.value.startsWith('${')) {
      checkPlaceholder(ctx, s);
      continue;
    }
    if (!mayBeInternalEndpoint(s.value, javaTextBefore(text, s.node.startIndex)) && !s.value.startsWith('jdbc:oracle')) continue;
    const binding = javaBinding(s.node);
    const endpoint = findInternalEndpoint(s.value, binding.name !== undefined ? { nameHint: binding.name } : {}) ?? oracleEndpoint(s.value);
    if (!endpoint) continue;
    if (binding.comparedWith !== undefined || binding.message) continue;
    if (binding.callee !== undefined && (isBindingCallName(binding.callee) || isQuietCallee(binding.callee, binding.argumentIndex))) continue;
    if (binding.fallback && endpoint.kind === 'loopback') continue;
    if (isJavaDevGuarded(s.node)) continue;

    const fixes: Fix[] = [];
    const jdbc = s.value.trimStart().startsWith('jdbc:');
    // A JDBC URL moves whole: the variable holds the URL the driver expects.
    const derived = jdbc ? { name: (binding.name !== undefined ? toEnvName(binding.name) : undefined) ?? 'DATABASE_URL', fromBinding: true } : hostEnvName(endpoint, binding.name, binding.context);
    const envName = binding.fallback?.envName ?? derived.name;
    if (binding.fallback?.envName) {
      if (binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from configuration only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else if (!binding.fallback && !binding.constantContext) {
      const edit = replacement(s, endpoint, envName, derived.fromBinding);
      if (edit) fixes.push(envVarFix({ title: `Read from configuration (${envName})`, name: envName, edits: [edit] }));
    }
    ctx.report({ node: s.node, message: hostMessage(endpoint, subjectOf(binding), envName), fixes });
  }
}
