/**
 * hardcoded-internal-host for Go: string literals that *are* an internal endpoint — a private IP
 * (`"10.0.3.12:5432"`), an internal name (`"billing.svc.cluster.local"`, `"http://orders.internal/v1"`,
 * `"db-prod-1"` bound to a host-like name), or a loopback URL used as a dependency
 * (`const apiBase = "http://localhost:8080"`). Quiet on listen addresses (`http.ListenAndServe`,
 * `net.Listen`, gin `Run`, echo `Start`, `http.Server{Addr: …}`), string checks (`strings.HasPrefix`),
 * comparisons, development-guarded code and development-only files. The verdict is
 * `findInternalEndpoint` (../shared/hosts.ts). Fix: `os.Getenv("NAME")` (not for loopback defaults,
 * which Go cannot keep inline).
 */
import type { Fix, RuleContext, TextEdit } from '../../types';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { goAddImportEdits, goIndex } from '../shared/go';
import { goBinding, goLiterals, goReplaceEdit, isGoDevGuarded, textBefore, type GoBinding, type GoLiteral } from '../shared/go-literals';
import { findInternalEndpoint, hostMessage, isDevOnlyPath, mayBeInternalEndpoint, parseUrlAuthority, type InternalEndpoint } from '../shared/hosts';
import { hostEnvName } from './common';

const CANDIDATE = /^\s*(?:[a-zA-Z][a-zA-Z0-9+.-]{1,30}:\/\/|[A-Za-z0-9][A-Za-z0-9.-]{0,253}(?::\d{1,5})?\s*$)/;

/** Calls whose address argument is where this program listens, not a dependency. */
const LISTEN_CALLS = /(?:^|\.)(?:ListenAndServe|ListenAndServeTLS|Listen|ListenPacket|ListenTCP|ListenUDP|Run|RunTLS|Start|StartTLS|Serve|Bind)$/;
/** String and parsing helpers: the literal is compared or parsed, not connected to. */
const QUIET_CALLS = /^(?:strings\.(?:HasPrefix|HasSuffix|Contains|EqualFold|TrimPrefix|TrimSuffix|Index|Replace|ReplaceAll|Split|Count)|net\.(?:ParseIP|ParseCIDR|SplitHostPort)|netip\.\w+|regexp\.\w+|url\.Parse|assert\.\w+|require\.\w+)$/;

function subjectOf(binding: GoBinding): string | undefined {
  if (binding.name !== undefined && binding.name.length <= 60 && binding.callee === undefined) return `\`${binding.name}\``;
  if (binding.callee !== undefined && binding.callee.length <= 60) return `the argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  return undefined;
}

function replacement(literal: GoLiteral, endpoint: InternalEndpoint, envName: string, fromBinding: boolean): TextEdit | undefined {
  if (endpoint.isUrl && !fromBinding) {
    const url = parseUrlAuthority(literal.value);
    const rest = url ? literal.value.slice(url.authorityEnd) : '';
    if (url && rest.length > 0 && rest !== '/') return goReplaceEdit(literal, url.start, url.authorityEnd, envAccessExpression('go', envName));
  }
  return goReplaceEdit(literal, 0, literal.value.length, envAccessExpression('go', envName));
}

export function checkGo(ctx: RuleContext): void {
  if (ctx.file.isTestPath || isDevOnlyPath(ctx.file.path)) return;
  const index = goIndex(ctx);
  const text = ctx.file.text;
  const reportedLists = new Set<number>();
  let importEdits: TextEdit[] | undefined;
  const osImport = (): TextEdit[] => (importEdits ??= goAddImportEdits(ctx.root, 'os', index));
  for (const literal of goLiterals(ctx)) {
    if (literal.value.length < 3 || !CANDIDATE.test(literal.value)) continue;
    if (!mayBeInternalEndpoint(literal.value, textBefore(text, literal.node.startIndex))) continue;
    const parent = literal.node.parent;
    const parentType = parent?.type;
    if (parentType === 'import_spec' || parentType === 'field_declaration') continue;
    const binding = goBinding(literal.node, index, parent);
    const endpoint = findInternalEndpoint(literal.value, binding.name !== undefined ? { nameHint: binding.name } : {});
    if (!endpoint) continue;
    if (binding.comparedWith !== undefined) continue;
    if (binding.callee !== undefined && (LISTEN_CALLS.test(binding.callee) || QUIET_CALLS.test(binding.callee))) continue;
    if (binding.name === 'Addr' && binding.context.some((c) => /(?:^|\.)Server$/.test(c))) continue; // http.Server{Addr: …}
    if (binding.envFallback && endpoint.kind === 'loopback') continue;
    if (isGoDevGuarded(literal.node)) continue;

    // one finding per slice literal of hosts: []string{"10.0.0.1:9092", "10.0.0.2:9092"}
    const list =
      parentType === 'literal_element' && literal.node.parent?.parent?.type === 'literal_value'
        ? literal.node.parent.parent
        : parentType === 'argument_list' && (literal.node.parent?.namedChildren.filter((n) => n?.type === 'interpreted_string_literal').length ?? 0) > 1
          ? literal.node.parent
          : undefined;
    if (list) {
      if (reportedLists.has(list.id)) continue;
      reportedLists.add(list.id);
    }
    const derived = hostEnvName(endpoint, binding.name, binding.context);
    const envName = binding.envFallback?.envName ?? derived.name;
    const fixes: Fix[] = [];
    if (binding.envFallback) {
      fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from configuration only)`, name: envName, edits: [{ start: literal.node.startIndex, end: literal.node.endIndex, text: '""' }] }));
    } else if (endpoint.kind !== 'loopback' && !list && (!binding.inConst || binding.constKeyword)) {
      const edit = replacement(literal, endpoint, envName, derived.fromBinding);
      const constToVar: TextEdit[] = binding.constKeyword ? [{ start: binding.constKeyword.startIndex, end: binding.constKeyword.endIndex, text: 'var' }] : [];
      if (edit) fixes.push(envVarFix({ title: `Read from configuration (${envName})`, name: envName, edits: [edit, ...constToVar, ...osImport()] }));
    }
    ctx.report({ node: literal.node, message: hostMessage(endpoint, subjectOf(binding), envName), fixes });
  }
}
