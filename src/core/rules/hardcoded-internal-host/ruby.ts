/**
 * hardcoded-internal-host for Ruby: string literals that *are* an internal endpoint — a private IP,
 * an internal name (`"http://billing.internal/api"`, `"redis-prod-1"` bound to a host-like name,
 * `*.svc.cluster.local`), or a loopback URL used as a dependency (`BASE_URL = "http://localhost:3000"`)
 * — in constants, initializers, hashes and calls (`Faraday.new(url: …)`, `Redis.new(host: …)`,
 * `HTTParty.get(…)`). Quiet on listen addresses (`set :bind`, `listen`, `bind`), string checks
 * (`start_with?`, `include?`), comparisons, `configure :development` / `if Rails.env.development?`
 * blocks, development environment files and test paths. Fix: `ENV.fetch("NAME")` (loopback:
 * `ENV.fetch("NAME", "<the URL>")`).
 */
import type { Fix, RuleContext } from '../../types';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { findInternalEndpoint, hostMessage, isDevOnlyPath, mayBeInternalEndpoint } from '../shared/hosts';
import { rubyIndex } from '../shared/ruby';
import { isRubyDevGuarded, rubyBinding, rubyLiterals, rubyReplaceEdit, type RubyBinding } from '../shared/ruby-literals';
import { hostEnvName } from './common';

const CANDIDATE = /^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/|[A-Za-z0-9][A-Za-z0-9.-]{0,253}(?::\d{1,5})?\s*$)/;
const LISTEN_NAMES = /^(?:bind|listen|port|host_authorization|allowed_hosts|hosts|trusted_proxies)$/;
const QUIET_METHODS = /(?:^|\.)(?:start_with\?|end_with\?|include\?|match\?|match|=~|sub|gsub|split|index|eql\?|equal\?|bind|listen|ssl_bind|tcp|trusted_proxies|permit|allow)$/;

function subjectOf(binding: RubyBinding): string | undefined {
  if (binding.name !== undefined && binding.callee !== undefined && binding.name.length <= 40) return `the \`${binding.name}\` argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined && binding.callee.length <= 60) return `the argument of \`${binding.callee}\``;
  return undefined;
}

function developmentFile(path: string): boolean {
  return /(?:^|\/)config\/environments\/(?:development|test|local)\.rb$/.test(path) || /(?:^|\/)(?:db\/seeds|Guardfile|Vagrantfile)/.test(path);
}

export function checkRuby(ctx: RuleContext): void {
  const path = ctx.file.path;
  if (ctx.file.isTestPath || isDevOnlyPath(path) || developmentFile(path)) return;
  const index = rubyIndex(ctx);
  const text = ctx.file.text;
  const reportedLists = new Set<number>();
  for (const literal of rubyLiterals(ctx)) {
    if (literal.value.length < 3 || !CANDIDATE.test(literal.value)) continue;
    const start = literal.node.startIndex;
    if (!mayBeInternalEndpoint(literal.value, text.slice(Math.max(0, start - 80), start))) continue;
    const binding = rubyBinding(literal.node, index);
    const endpoint = findInternalEndpoint(literal.value, binding.name !== undefined ? { nameHint: binding.name } : {});
    if (!endpoint) continue;
    if (binding.comparedWith !== undefined) continue;
    if (binding.name !== undefined && LISTEN_NAMES.test(binding.name.replace(/^.*[.:]/, ''))) continue; // set :bind, "0.0.0.0"
    if (binding.callee !== undefined && QUIET_METHODS.test(binding.callee)) continue;
    if (binding.envFallback && endpoint.kind === 'loopback') continue;
    if (isRubyDevGuarded(index, literal.node)) continue;
    const parent = literal.node.parent;
    const list = parent?.type === 'array' ? parent : undefined;
    if (list) {
      if (reportedLists.has(list.id)) continue;
      reportedLists.add(list.id);
    }
    const derived = hostEnvName(endpoint, binding.name?.replace(/^(?:config|self)\./, ''), binding.context);
    const envName = binding.envFallback?.envName ?? derived.name;
    const fixes: Fix[] = [];
    if (binding.envFallback) {
      fixes.push(
        envVarFix({
          title: `Remove the hardcoded fallback (read ${envName} from configuration only)`,
          name: envName,
          edits: [{ start: binding.envFallback.deleteStart, end: binding.envFallback.deleteEnd, text: '' }],
        }),
      );
    } else if (!list) {
      const expression = endpoint.kind === 'loopback' ? `ENV.fetch("${envName}", ${JSON.stringify(literal.value)})` : envAccessExpression('ruby', envName);
      const edit = rubyReplaceEdit(literal, 0, literal.value.length, expression);
      if (edit) fixes.push(envVarFix({ title: `Read from configuration (${envName})`, name: envName, edits: [edit] }));
    }
    ctx.report({ node: literal.node, message: hostMessage(endpoint, subjectOf(binding), envName), fixes });
  }
}
