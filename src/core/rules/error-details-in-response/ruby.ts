/**
 * error-details-in-response for Ruby: Rails `render`, Sinatra `halt`/`json`/`body`/`error do … end`,
 * Grape `error!` and bare Rack `[status, headers, body]` responses that carry an exception's
 * message, the exception itself or its backtrace.
 *
 * An expression only counts as the error when it is bound to one: the variable of an enclosing
 * `rescue => e`, the block parameter of `rescue_from X do |e|`, the parameter of a method registered
 * with `rescue_from X, with: :handler`, `$!` / `$@`, or Sinatra's `env['sinatra.error']` — a local
 * called `error` holding a string is not an exception. A rescue of everything (`rescue => e`,
 * `StandardError`, `Exception`) is a catch-all; a rescue of a specific class narrows the error.
 * The verdict is `isReportable` (./leak.ts).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { combineStatusClasses, statusClassOfCode, statusClassOfName, type StatusClass } from '../shared/http';
import { indentOfLine, isFirstOnLine } from '../shared/indentation';
import { isRailsFile, rubyArguments, rubyCallName, rubyEnclosingMethod, rubyIndex, rubyNextChar, rubyPairs, type RubyIndex } from '../shared/ruby';
import { FIX_TITLE, GENERIC_ERROR_MESSAGE, isReportable, LEAK_KIND_RANK, leakMessage, type LeakKind } from './leak';

const RUBY_BROAD = new Set(['Exception', 'StandardError', 'RuntimeError']);
const BODY_KEYS = new Set(['json', 'plain', 'text', 'html', 'body', 'xml', 'js']);
const MESSAGE_METHODS = new Set(['message', 'to_s', 'detailed_message']);
const STACK_METHODS = new Set(['backtrace', 'backtrace_locations', 'full_message']);

interface Binding {
  /** The names the error is bound to (empty for `$!` / `env['sinatra.error']` only bindings). */
  readonly names: ReadonlySet<string>;
  readonly broad: boolean;
  readonly sinatraError: boolean;
}

interface StatusInfo {
  readonly status: StatusClass;
  readonly exact: boolean;
}

interface Sink {
  readonly call: Node;
  readonly kind: 'body' | 'template';
  readonly payload: readonly Node[];
  readonly status: StatusInfo;
}

interface Leak {
  readonly node: Node;
  readonly kind: LeakKind;
  readonly binding: Binding;
  /** How the error is written, for the log line: `e`, `$!`, `env['sinatra.error']`. */
  readonly errorExpression: string;
}

function classesBroad(classes: readonly Node[]): boolean {
  if (classes.length === 0) return true;
  return classes.some((c) => RUBY_BROAD.has(c.text.split('::').pop() ?? ''));
}

function statusOf(node: Node | undefined): StatusInfo {
  if (!node) return { status: 'unknown', exact: false };
  if (node.type === 'integer') return { status: statusClassOfCode(Number(node.text)), exact: true };
  if (node.type === 'simple_symbol') return { status: statusClassOfName(node.text.slice(1)), exact: true };
  if (node.type === 'scope_resolution' || node.type === 'constant') return { status: statusClassOfName(node.text.split('::').pop() ?? ''), exact: true };
  if (node.type === 'binary' || node.type === 'conditional' || node.type === 'parenthesized_statements') {
    const parts = node.descendantsOfType(['integer', 'simple_symbol']).filter((n): n is Node => n !== null);
    return { status: combineStatusClasses(parts.map((p) => statusOf(p).status)), exact: false };
  }
  return { status: 'unknown', exact: false };
}

/** `status 500` (Sinatra) among the statements just before `statement`. */
function precedingStatus(statement: Node): StatusInfo {
  let previous = statement.previousNamedSibling;
  for (let steps = 0; previous && steps < 6; steps++, previous = previous.previousNamedSibling) {
    if (previous.type === 'call' && rubyCallName(previous)?.method === 'status' && !previous.childForFieldName('receiver')) {
      return statusOf(rubyArguments(previous)[0]);
    }
  }
  return { status: 'unknown', exact: false };
}

interface FileFacts {
  readonly index: RubyIndex;
  /** Methods registered with `rescue_from X, with: :name` -> broad? */
  readonly handlerMethods: ReadonlyMap<string, boolean>;
  /** `rescue_from X do |e|` and Sinatra `error do` blocks by start offset. */
  readonly handlerBlocks: ReadonlyMap<number, Binding>;
  readonly sinatra: boolean;
  readonly rails: boolean;
}

function collectFacts(ctx: RuleContext, index: RubyIndex): FileFacts {
  const handlerMethods = new Map<string, boolean>();
  const handlerBlocks = new Map<number, Binding>();
  const sinatra = /\bSinatra\b|require ['"]sinatra/.test(ctx.file.text);
  const text = ctx.file.text;
  for (const call of index.nodes('call')) {
    const first = text.charCodeAt(call.startIndex); // a first-letter test (`r`, `e`) before the slice and the regex: most calls fail it
    if (first !== 0x72 && first !== 0x65) continue;
    if (!/^(?:rescue_from|error)\b/.test(text.slice(call.startIndex, call.startIndex + 12))) continue; // receiver-less: starts with the name
    if (call.childForFieldName('receiver')) continue;
    const method = call.childForFieldName('method')?.text;
    if (method !== 'rescue_from' && !(method === 'error' && sinatra)) continue;
    const args = rubyArguments(call);
    const classes = args.filter((a) => a.type === 'constant' || a.type === 'scope_resolution');
    if (method === 'error' && args.some((a) => a.type === 'integer' || a.type === 'range')) continue; // error 404 do … end
    const broad = classesBroad(classes);
    const handler = rubyPairs(call.childForFieldName('arguments')).find((p) => p.key === 'with')?.value;
    if (handler?.type === 'simple_symbol') handlerMethods.set(handler.text.slice(1), broad);
    const block = call.childForFieldName('block');
    if (block) {
      const params = block.childForFieldName('parameters');
      const names = new Set((params?.namedChildren ?? []).flatMap((p) => (p?.type === 'identifier' ? [p.text] : [])));
      handlerBlocks.set(block.startIndex, { names, broad, sinatraError: method === 'error' });
    }
  }
  return { index, handlerMethods, handlerBlocks, sinatra, rails: isRailsFile(ctx) };
}

function rescueCatchesAll(rescue: Node): boolean {
  const exceptions = rescue.childForFieldName('exceptions');
  return classesBroad(exceptions ? exceptions.namedChildren.filter((n): n is Node => n !== null) : []);
}

/** The bindings in force at `node`, innermost first. */
function bindingsAt(node: Node, facts: FileFacts): Binding[] {
  const bindings: Binding[] = [];
  const { index } = facts;
  for (let rescue = index.enclosing(node, ['rescue']); rescue; rescue = index.enclosing(rescue, ['rescue'])) {
    const body = rescue.childForFieldName('body');
    if (!body || node.startIndex < body.startIndex) continue;
    const variable = rescue.childForFieldName('variable')?.firstNamedChild?.text;
    const clause = rescue;
    let broad: boolean | undefined;
    bindings.push({
      names: new Set(variable ? [variable] : []),
      // read only for a leak found: most payloads name no error, and the classes cost WebAssembly calls
      get broad() {
        return (broad ??= rescueCatchesAll(clause));
      },
      sinatraError: false,
    });
  }
  // handler blocks: none in most files, then no block lookup
  for (let block = facts.handlerBlocks.size > 0 ? index.enclosing(node, ['do_block', 'block']) : undefined; block; block = index.enclosing(block, ['do_block', 'block'])) {
    const binding = facts.handlerBlocks.get(block.startIndex);
    if (binding) bindings.push(binding);
  }
  // `rescue_from X, with: :handler` methods: none in most files, then no method lookup
  const method = facts.handlerMethods.size > 0 ? rubyEnclosingMethod(index, node) : undefined;
  const name = method?.childForFieldName('name')?.text;
  const broad = name === undefined ? undefined : facts.handlerMethods.get(name);
  if (method && broad !== undefined) {
    const params = method.childForFieldName('parameters');
    const names = new Set((params?.namedChildren ?? []).flatMap((p) => (p?.type === 'identifier' ? [p.text] : [])));
    bindings.push({ names, broad, sinatraError: false });
  }
  return bindings;
}

/** Cheap gate before `bindingsAt`: is there any handler around the sink? */
function mayHaveBinding(node: Node, facts: FileFacts): boolean {
  const { index } = facts;
  if (index.enclosing(node, ['rescue'])) return true;
  if (facts.handlerBlocks.size > 0) {
    for (let block = index.enclosing(node, ['do_block', 'block']); block; block = index.enclosing(block, ['do_block', 'block'])) {
      if (facts.handlerBlocks.has(block.startIndex)) return true;
    }
  }
  if (facts.handlerMethods.size > 0) {
    const name = rubyEnclosingMethod(index, node)?.childForFieldName('name')?.text;
    if (name !== undefined && facts.handlerMethods.has(name)) return true;
  }
  return false;
}

/** The binding an expression refers to when it is the error itself. */
function errorBinding(node: Node, bindings: readonly Binding[]): Binding | undefined {
  if (node.type === 'identifier') return bindings.find((b) => b.names.has(node.text));
  if (node.type === 'global_variable' && (node.text === '$!' || node.text === '$ERROR_INFO')) return bindings.find((b) => !b.sinatraError) ?? bindings[0];
  if (node.type === 'element_reference' && /\benv\s*\[\s*['"]sinatra\.error['"]\s*\]$/.test(node.text)) return bindings.find((b) => b.sinatraError) ?? { names: new Set(), broad: true, sinatraError: true };
  if (node.type === 'call' && rubyCallName(node)?.method === 'cause') {
    const receiver = node.childForFieldName('receiver');
    return receiver ? errorBinding(receiver, bindings) : undefined;
  }
  return undefined;
}

/** `name` as a whole identifier in `source`: an identifier token is never followed by an ASCII word character. */
function hasIdentifier(source: string, name: string): boolean {
  if (name.length === 0) return true;
  for (let at = source.indexOf(name); at !== -1; at = source.indexOf(name, at + 1)) {
    if (!/[A-Za-z0-9_]/.test(source.charAt(at + name.length))) return true;
  }
  return false;
}

/**
 * Every leak writes the error out: a variable bound to it, `$!`/`$@` (and their long names), or
 * `env['sinatra.error']`. A payload whose source has none of them has no leak: no walk over its nodes.
 */
function mayLeak(source: string, bindings: readonly Binding[]): boolean {
  if (source.includes('$') || source.includes('sinatra.error')) return true;
  return bindings.some((binding) => [...binding.names].some((name) => hasIdentifier(source, name)));
}

function leaksIn(payload: Node, facts: FileFacts, text: string): Leak[] {
  const leaks: Leak[] = [];
  let bindings: Binding[] | undefined;
  const getBindings = (): Binding[] => (bindings ??= bindingsAt(payload, facts));
  if (!mayLeak(text.slice(payload.startIndex, payload.endIndex), getBindings())) return leaks;
  const candidates = [payload, ...payload.descendantsOfType(['call', 'identifier', 'global_variable', 'element_reference'])].filter((n): n is Node => n !== null);
  for (const node of candidates) {
    const type = node.type; // read once: each `type` read is a WebAssembly call
    if (type === 'global_variable' && (node.text === '$@' || node.text === '$ERROR_POSITION')) {
      const first = getBindings()[0];
      if (first) leaks.push({ node, kind: 'stack', binding: first, errorExpression: '$!' });
      continue;
    }
    if (type === 'call') {
      const name = rubyCallName(node);
      const receiver = node.childForFieldName('receiver');
      if (!name || !receiver) continue;
      const kind: LeakKind | undefined = MESSAGE_METHODS.has(name.method) ? 'message' : STACK_METHODS.has(name.method) ? 'stack' : name.method === 'inspect' ? 'raw' : undefined;
      if (!kind) continue;
      const binding = errorBinding(receiver, getBindings());
      if (binding) leaks.push({ node, kind, binding, errorExpression: receiver.text });
      continue;
    }
    // The error object itself: in an interpolation or as the whole body it is its message; as a hash value, raw.
    if (type !== 'identifier' && type !== 'global_variable' && type !== 'element_reference') continue;
    const parent = node.id === payload.id ? null : node.parent;
    const parentType = parent?.type;
    if (parentType === 'call' && parent?.childForFieldName('receiver')?.id === node.id) continue; // e.message: handled above
    if (type === 'identifier' && parentType === 'element_reference') continue; // env in env['sinatra.error']
    const binding = errorBinding(node, getBindings());
    if (!binding) continue;
    const kind: LeakKind = parentType === 'pair' ? 'raw' : 'message';
    leaks.push({ node, kind, binding, errorExpression: node.text });
  }
  return leaks;
}

function renderSink(call: Node): Sink | undefined {
  const args = call.childForFieldName('arguments');
  const pairs = rubyPairs(args);
  const status = statusOf(pairs.find((p) => p.key === 'status')?.value);
  const effective = status.status === 'unknown' && !pairs.some((p) => p.key === 'status') ? { status: 'success' as StatusClass, exact: true } : status;
  const body = pairs.filter((p) => BODY_KEYS.has(p.key)).map((p) => p.value);
  if (body.length > 0) return { call, kind: 'body', payload: body, status: effective };
  const locals = pairs.filter((p) => p.key === 'locals' || p.key === 'assigns').map((p) => p.value);
  if (locals.length > 0) return { call, kind: 'template', payload: locals, status: effective };
  return undefined;
}

function sinkOf(call: Node): Sink | undefined {
  if (call.childForFieldName('receiver')) return undefined;
  const method = call.childForFieldName('method')?.text;
  switch (method) {
    case 'render':
      return renderSink(call);
    case 'halt': {
      const args = rubyArguments(call);
      const first = args[0];
      if (!first) return undefined;
      const withStatus = first.type === 'integer';
      const payload = withStatus ? args.slice(1) : args;
      return payload.length > 0 ? { call, kind: 'body', payload, status: withStatus ? statusOf(first) : { status: 'success', exact: true } } : undefined;
    }
    case 'error!': {
      const args = rubyArguments(call);
      const first = args[0];
      if (!first) return undefined;
      const statusArg = args[1]?.type === 'pair' ? rubyPairs(call.childForFieldName('arguments')).find((p) => p.key === 'status')?.value : args[1];
      return { call, kind: 'body', payload: [first], status: statusArg ? statusOf(statusArg) : { status: 'server', exact: true } };
    }
    case 'json':
    case 'body': {
      const args = rubyArguments(call);
      if (args.length === 0) return undefined;
      return { call, kind: 'body', payload: args, status: precedingStatus(call) };
    }
    default:
      return undefined;
  }
}

/** A Rack response `[500, headers, [body]]`. */
function rackSink(array: Node): Sink | undefined {
  const items = array.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
  if (items.length !== 3 || items[0]?.type !== 'integer' || items[2]?.type !== 'array') return undefined;
  return { call: array, kind: 'body', payload: [items[2]], status: statusOf(items[0]) };
}

/** The last expression of a Sinatra `error do … end` block is the response body (status 500). */
function sinatraErrorSinks(facts: FileFacts, text: string): Sink[] {
  const sinks: Sink[] = [];
  if (![...facts.handlerBlocks.values()].some((b) => b.sinatraError)) return sinks;
  for (const call of facts.index.nodes('call')) {
    if (!text.startsWith('error', call.startIndex)) continue;
    if (call.childForFieldName('receiver') || call.childForFieldName('method')?.text !== 'error') continue;
    const block = call.childForFieldName('block');
    if (!block || !facts.handlerBlocks.get(block.startIndex)?.sinatraError) continue;
    const body = block.childForFieldName('body');
    const statements = body ? body.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
    const last = statements[statements.length - 1];
    if (last && last.type !== 'call' && last.type !== 'if' && last.type !== 'unless') sinks.push({ call: last, kind: 'body', payload: [last], status: { status: 'server', exact: true } });
    if (last?.type === 'call' && !['halt', 'render', 'json', 'body', 'erb', 'haml', 'slim'].includes(rubyCallName(last)?.method ?? '')) {
      sinks.push({ call: last, kind: 'body', payload: [last], status: { status: 'server', exact: true } });
    }
  }
  return sinks;
}

// --- fixes -------------------------------------------------------------------------------------

/** The node a fix replaces for one leak: the hash value holding it, else the whole payload. */
function replacementTarget(sink: Sink, leak: Leak): Node | undefined {
  const payload = sink.payload.find((p) => p.startIndex <= leak.node.startIndex && p.endIndex >= leak.node.endIndex);
  if (!payload) return undefined;
  for (let current: Node | null = leak.node; current && current.id !== payload.id; current = current.parent) {
    const parent: Node | null = current.parent;
    if (parent?.type === 'pair' && parent.childForFieldName('value')?.id === current.id) return current;
  }
  return payload;
}

function buildFixes(ctx: RuleContext, facts: FileFacts, sink: Sink, leaks: readonly Leak[]): Fix[] {
  const text = ctx.file.text;
  const literal = `"${GENERIC_ERROR_MESSAGE}"`;
  const targets: Node[] = [];
  for (const leak of leaks) {
    const target = replacementTarget(sink, leak);
    if (!target) return [];
    if (targets.some((t) => t.startIndex <= target.startIndex && t.endIndex >= target.endIndex)) continue;
    for (let i = targets.length - 1; i >= 0; i--) {
      const t = targets[i];
      if (t && target.startIndex <= t.startIndex && target.endIndex >= t.endIndex) targets.splice(i, 1);
    }
    targets.push(target);
  }
  const edits: TextEdit[] = targets.map((target) => ({
    start: target.startIndex,
    end: target.endIndex,
    text: target.type === 'array' && sink.call.type === 'array' ? `[${literal}]` : literal,
  }));
  const first = leaks[0];
  const statementStart = sink.call.startIndex;
  if (first && sink.call.type === 'call' && isFirstOnLine(text, statementStart)) {
    const logger = facts.rails ? 'Rails.logger' : facts.sinatra ? 'logger' : undefined;
    const log = logger ? `${logger}.error(${first.errorExpression}.full_message)` : `warn(${first.errorExpression}.full_message)`;
    edits.push({ start: statementStart, end: statementStart, text: `${log}${facts.index.layout.eol}${indentOfLine(text, statementStart)}` });
    return [{ title: FIX_TITLE, edits, isPreferred: true }];
  }
  return [{ title: 'Send a generic error message instead', edits, isPreferred: true }];
}

/** A Rack response array whose first element may be a 5xx integer: a `[` then `5`, or what only the tree can tell. */
function mayBeRackResponse(text: string, array: Node, heredocs: boolean): boolean {
  if (text.charAt(array.startIndex) !== '[') return true;
  const first = rubyNextChar(text, array.startIndex + 1, heredocs);
  return first === undefined || first === '5';
}

/** The first letter of `render`, `halt`, `error!`, `json` or `body`. */
function isSinkInitial(code: number): boolean {
  return code === 0x72 || code === 0x68 || code === 0x65 || code === 0x6a || code === 0x62;
}

export function checkRuby(ctx: RuleContext): void {
  const index = rubyIndex(ctx);
  let facts: FileFacts | undefined;
  const getFacts = (): FileFacts => (facts ??= collectFacts(ctx, index));
  const sinks: Sink[] = [];
  // Responses that no handler can see never report: their sink is built only when the early return below needs to know it exists.
  const unseen: Node[] = [];
  const text = ctx.file.text;
  for (const call of index.nodes('call')) {
    // the sinks are receiver-less calls: their source starts with the method name (no WASM round trip)
    if (!isSinkInitial(text.charCodeAt(call.startIndex))) continue;
    const head = text.slice(call.startIndex, call.startIndex + 7);
    if (!/^(?:render|halt|error!|json|body)\b/.test(head)) continue;
    // outside every handler first (a range lookup): `sinkOf` reads the method name itself when `anySink` asks
    if (!mayHaveBinding(call, getFacts())) {
      unseen.push(call);
      continue;
    }
    const method = call.childForFieldName('method')?.text;
    if (method !== 'render' && method !== 'halt' && method !== 'error!' && method !== 'json' && method !== 'body') continue;
    const sink = sinkOf(call);
    if (sink) sinks.push(sink);
  }
  const heredocs = index.nodes('heredoc_body').length > 0;
  for (const array of index.nodes('array')) {
    if (!mayBeRackResponse(text, array, heredocs)) continue;
    const first = array.firstNamedChild;
    if (first?.type !== 'integer' || !first.text.startsWith('5')) continue;
    if (!mayHaveBinding(array, getFacts())) {
      unseen.push(array);
      continue;
    }
    const sink = rackSink(array);
    if (sink) sinks.push(sink);
  }
  const anySink = (): boolean => sinks.length > 0 || unseen.some((node) => (node.type === 'array' ? rackSink(node) : sinkOf(node)) !== undefined);
  if (!/\berror\s+(?:do|\{|[A-Z])/.test(ctx.file.text) && !anySink()) return;
  sinks.push(...sinatraErrorSinks(getFacts(), text));

  for (const sink of sinks) {
    // only code that can see an exception: inside a rescue, a rescue_from / Sinatra error handler, or `$!`
    if (!mayHaveBinding(sink.call, getFacts())) continue;
    const reportable = sink.payload
      .flatMap((payload) => leaksIn(payload, getFacts(), text))
      .filter((leak) =>
        isReportable({
          kind: leak.kind,
          sink: sink.kind,
          status: sink.status.status,
          exactStatus: sink.status.exact,
          fromCatchAll: leak.binding.broad,
          narrowed: !leak.binding.broad,
        }),
      );
    const worst = reportable.reduce<Leak | undefined>((best, leak) => (!best || LEAK_KIND_RANK[leak.kind] > LEAK_KIND_RANK[best.kind] ? leak : best), undefined);
    if (!worst) continue;
    ctx.report({
      node: worst.node,
      message: leakMessage({ kind: worst.kind, expression: worst.node.text, status: sink.status.status }),
      fixes: buildFixes(ctx, getFacts(), sink, [worst, ...reportable.filter((l) => l !== worst)]),
    });
  }
}
