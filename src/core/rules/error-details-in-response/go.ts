/**
 * error-details-in-response for Go: net/http, gin, echo and fiber responses that carry an error's
 * text, the error value itself, or a stack trace.
 *
 * Sinks: `http.Error(w, msg, code)`, `fmt.Fprint*(w, …)`, `w.Write(…)`, `io.WriteString(w, …)`,
 * `json.NewEncoder(w).Encode(…)` (w: the handler's `http.ResponseWriter`), gin/echo
 * `c.JSON|String|XML|…(code, …)`, `echo.NewHTTPError(code, …)`, fiber `c.Status(code).JSON|SendString(…)`,
 * `fiber.NewError(code, msg)`; templates (`tmpl.Execute(w, data)`, gin `c.HTML`) only count for stack
 * traces and raw errors. The verdict is `isReportable` (./leak.ts): an error reached through
 * `if err != nil` is a catch-all; `errors.Is`/`errors.As`/`err == ErrX`/type switches narrow it.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import {
  goAddImportEdits,
  goArguments,
  goCallName,
  goHeadMatcher,
  goIndex,
  type GoIndex,
  isGoErrorName,
  namedChildrenOf,
} from '../shared/go';
import { combineStatusClasses, statusClassOfCode, statusClassOfName, type StatusClass } from '../shared/http';
import { indentOfLine } from '../shared/indentation';
import { FIX_TITLE, GENERIC_ERROR_MESSAGE, isErrorLikeName, isReportable, LEAK_KIND_RANK, leakMessage, LOG_MESSAGE, type LeakKind } from './leak';

const GIN = ['github.com/gin-gonic/gin'];
const ECHO = ['github.com/labstack/echo/v4', 'github.com/labstack/echo'];
const FIBER = ['github.com/gofiber/fiber/v2', 'github.com/gofiber/fiber/v3', 'github.com/gofiber/fiber'];

/** Method names that can be a response sink: a cheap filter before any other work. */
const SINK_NAMES = new Set([
  'Error', 'Fprint', 'Fprintf', 'Fprintln', 'Write', 'WriteString', 'Encode', 'JSON', 'String', 'XML', 'YAML', 'TOML',
  'IndentedJSON', 'PureJSON', 'SecureJSON', 'AsciiJSON', 'JSONP', 'JSONPretty', 'AbortWithStatusJSON', 'Data', 'Blob',
  'HTML', 'HTMLBlob', 'SendString', 'Send', 'NewHTTPError', 'NewError', 'Execute', 'ExecuteTemplate',
]);

/** gin/echo context methods: (code, payload…); `String` takes (code, format, args…). */
const CONTEXT_BODY = new Set([
  'JSON', 'String', 'XML', 'YAML', 'TOML', 'IndentedJSON', 'PureJSON', 'SecureJSON', 'AsciiJSON', 'JSONP', 'JSONPretty',
  'AbortWithStatusJSON', 'Data', 'Blob', 'HTMLBlob',
]);

interface StatusInfo {
  readonly status: StatusClass;
  readonly exact: boolean;
}

interface Sink {
  readonly call: Node;
  readonly kind: 'body' | 'template';
  readonly payload: readonly Node[];
  /** Computed lazily where it needs the statements before the sink (parent walks are costly). */
  readonly status: StatusInfo | (() => StatusInfo);
  /** The argument range a fix replaces with a generic message, and how to write it. */
  readonly slot?: { readonly start: number; readonly end: number; readonly bytes: boolean };
  /** For JSON-ish payloads: replace the leaking map value only. */
  readonly structured: boolean;
}

const UNKNOWN: StatusInfo = { status: 'unknown', exact: false };

function statusOf(node: Node | undefined): StatusInfo {
  if (!node) return UNKNOWN;
  if (node.type === 'int_literal') return { status: statusClassOfCode(Number(node.text)), exact: true };
  if (node.type === 'selector_expression') {
    const field = node.childForFieldName('field')?.text ?? '';
    return { status: statusClassOfName(field), exact: true };
  }
  if (node.type === 'binary_expression' || node.type === 'parenthesized_expression') {
    const parts = node.descendantsOfType(['int_literal', 'selector_expression']).filter((n): n is Node => n !== null);
    return { status: combineStatusClasses(parts.map((p) => statusOf(p).status)), exact: false };
  }
  return UNKNOWN;
}

/** Parameters of the enclosing function(s), innermost first: name -> type text (`http.ResponseWriter`, `*gin.Context`). */
function parametersAround(index: GoIndex, node: Node): Map<string, Node> {
  const params = new Map<string, Node>();
  for (let fn = index.enclosingFunction(node); fn; fn = index.enclosingFunction(fn)) {
    for (const declaration of namedChildrenOf(fn.childForFieldName('parameters'))) {
      const type = declaration.childForFieldName('type');
      if (!type) continue;
      for (const name of declaration.childrenForFieldName('name')) if (name && !params.has(name.text)) params.set(name.text, type);
    }
  }
  return params;
}

/** `http.ResponseWriter`, `*gin.Context`: the import path + type name of a parameter type. */
function typeRef(type: Node | undefined, index: GoIndex): string | undefined {
  let current: Node | null | undefined = type;
  if (current?.type === 'pointer_type') current = current.firstNamedChild;
  if (current?.type !== 'qualified_type') return undefined;
  const pkg = current.childForFieldName('package')?.text ?? '';
  const name = current.childForFieldName('name')?.text ?? '';
  const path = index.imports.byName.get(pkg);
  return path ? `${path}.${name}` : undefined;
}

function isWriter(node: Node | undefined, params: Map<string, Node>, index: GoIndex): boolean {
  if (!node) return false;
  if (node.type === 'identifier') return typeRef(params.get(node.text), index) === 'net/http.ResponseWriter';
  // gin `c.Writer`, echo `c.Response()` / `c.Response().Writer`
  const text = node.text;
  const ctxName = /^(\w+)\.(?:Writer|Response\(\)(?:\.Writer)?)$/.exec(text)?.[1];
  return ctxName !== undefined && frameworkOf(params.get(ctxName), index) !== undefined;
}

function frameworkOf(type: Node | undefined, index: GoIndex): 'gin' | 'echo' | 'fiber' | undefined {
  const ref = typeRef(type, index);
  if (!ref) return undefined;
  if (GIN.some((p) => ref === `${p}.Context`)) return 'gin';
  if (ECHO.some((p) => ref === `${p}.Context`)) return 'echo';
  if (FIBER.some((p) => ref === `${p}.Ctx`)) return 'fiber';
  return undefined;
}

/** `w.WriteHeader(code)` / fiber `c.Status(code)` among the statements just before the sink's statement. */
function precedingStatus(call: Node, receiverName: string | undefined, method: string): StatusInfo {
  let statement: Node | null = call.parent;
  while (statement && statement.type !== 'expression_statement' && statement.type !== 'return_statement' && statement.type !== 'assignment_statement') {
    if (statement.type === 'block' || statement.type.endsWith('declaration')) return UNKNOWN;
    statement = statement.parent;
  }
  let previous = statement?.previousNamedSibling ?? null;
  for (let steps = 0; previous && steps < 6; steps++, previous = previous.previousNamedSibling) {
    if (previous.type !== 'expression_statement') continue;
    const inner = previous.firstNamedChild;
    if (inner?.type !== 'call_expression') continue;
    const name = goCallName(inner);
    if (name?.name === method && (receiverName === undefined || name.receiver?.text === receiverName)) return statusOf(goArguments(inner)[0]);
  }
  return UNKNOWN;
}

function sinkOf(call: Node, index: GoIndex): Sink | undefined {
  const callee = goCallName(call);
  if (!callee?.receiver || !SINK_NAMES.has(callee.name)) return undefined;
  const args = goArguments(call);
  const receiver = callee.receiver;
  const pkg = receiver.type === 'identifier' ? index.imports.byName.get(receiver.text) : undefined;
  const range = (first: Node | undefined, last: Node | undefined, bytes = false) =>
    first && last ? { start: first.startIndex, end: last.endIndex, bytes } : undefined;

  if (pkg === 'net/http' && callee.name === 'Error' && args.length === 3) {
    const slot = range(args[1], args[1]);
    return { call, kind: 'body', payload: args.slice(1, 2), status: statusOf(args[2]), structured: false, ...(slot ? { slot } : {}) };
  }
  if (ECHO.includes(pkg ?? '') && callee.name === 'NewHTTPError' && args.length >= 2) {
    const slot = range(args[1], args[args.length - 1]);
    return { call, kind: 'body', payload: args.slice(1), status: statusOf(args[0]), structured: false, ...(slot ? { slot } : {}) };
  }
  if (FIBER.includes(pkg ?? '') && callee.name === 'NewError' && args.length >= 2) {
    const slot = range(args[1], args[args.length - 1]);
    return { call, kind: 'body', payload: args.slice(1), status: statusOf(args[0]), structured: false, ...(slot ? { slot } : {}) };
  }
  const params = parametersAround(index, call);
  if ((pkg === 'fmt' && callee.name.startsWith('Fprint')) || (pkg === 'io' && callee.name === 'WriteString')) {
    if (!isWriter(args[0], params, index) || args.length < 2) return undefined;
    const writer = args[0]?.text;
    const slot = range(args[1], args[args.length - 1]);
    return { call, kind: 'body', payload: args.slice(1), status: () => precedingStatus(call, writer, 'WriteHeader'), structured: false, ...(slot ? { slot } : {}) };
  }
  if (pkg !== undefined) return undefined;
  if ((callee.name === 'Write' || callee.name === 'WriteString') && isWriter(receiver, params, index) && args.length === 1) {
    const slot = range(args[0], args[0], callee.name === 'Write');
    return { call, kind: 'body', payload: args, status: () => precedingStatus(call, receiver.text, 'WriteHeader'), structured: false, ...(slot ? { slot } : {}) };
  }
  if (callee.name === 'Encode' && receiver.type === 'call_expression') {
    const inner = goCallName(receiver);
    const innerPkg = inner?.receiver?.type === 'identifier' ? index.imports.byName.get(inner.receiver.text) : undefined;
    if (inner?.name !== 'NewEncoder' || innerPkg !== 'encoding/json' || !isWriter(goArguments(receiver)[0], params, index)) return undefined;
    return { call, kind: 'body', payload: args, status: () => precedingStatus(call, goArguments(receiver)[0]?.text, 'WriteHeader'), structured: true };
  }
  if ((callee.name === 'Execute' || callee.name === 'ExecuteTemplate') && isWriter(args[0], params, index)) {
    return { call, kind: 'template', payload: args.slice(-1), status: UNKNOWN, structured: true };
  }
  // gin / echo / fiber contexts
  if (receiver.type === 'identifier') {
    const framework = frameworkOf(params.get(receiver.text), index);
    if (!framework) return undefined;
    if (framework === 'fiber') {
      if (!['JSON', 'SendString', 'Send', 'XML'].includes(callee.name) || args.length < 1) return undefined;
      const slot = callee.name === 'JSON' || callee.name === 'XML' ? undefined : range(args[0], args[0], callee.name === 'Send');
      return { call, kind: 'body', payload: args.slice(0, 1), status: () => precedingStatus(call, receiver.text, 'Status'), structured: slot === undefined, ...(slot ? { slot } : {}) };
    }
    if (callee.name === 'HTML' && args.length >= 3) return { call, kind: 'template', payload: args.slice(2), status: statusOf(args[0]), structured: true };
    if (!CONTEXT_BODY.has(callee.name) || args.length < 2) return undefined;
    const payload = callee.name === 'Data' || callee.name === 'Blob' || callee.name === 'HTMLBlob' ? args.slice(-1) : args.slice(1);
    const stringy = callee.name === 'String' || callee.name === 'Data' || callee.name === 'Blob' || callee.name === 'HTMLBlob';
    const slot = stringy ? range(payload[0], payload[payload.length - 1], callee.name !== 'String') : undefined;
    return { call, kind: 'body', payload, status: statusOf(args[0]), structured: !stringy, ...(slot ? { slot } : {}) };
  }
  // fiber: c.Status(500).JSON(...) / .SendString(...)
  if (receiver.type === 'call_expression' && ['JSON', 'SendString', 'Send', 'XML'].includes(callee.name) && args.length >= 1) {
    const inner = goCallName(receiver);
    if (inner?.name !== 'Status' || inner.receiver?.type !== 'identifier') return undefined;
    if (frameworkOf(params.get(inner.receiver.text), index) !== 'fiber') return undefined;
    const slot = callee.name === 'JSON' || callee.name === 'XML' ? undefined : range(args[0], args[0], callee.name === 'Send');
    return { call, kind: 'body', payload: args.slice(0, 1), status: statusOf(goArguments(receiver)[0]), structured: slot === undefined, ...(slot ? { slot } : {}) };
  }
  return undefined;
}

// --- leaks -------------------------------------------------------------------------------------

interface Leak {
  readonly node: Node;
  readonly kind: LeakKind;
  /** The error variable, when the leak names one. */
  readonly errName?: string;
}

const FMT_FUNCTIONS = new Set(['Sprint', 'Sprintf', 'Sprintln', 'Errorf']);

/** Names bound to `recover()` in the enclosing function(s): the panic value is an unexpected error. */
function recoveredNames(index: GoIndex, node: Node): Set<string> {
  const names = new Set<string>();
  const fn = index.enclosingFunction(node);
  if (!fn) return names;
  for (const kind of ['short_var_declaration', 'assignment_statement']) {
    for (const decl of index.within(kind, fn.startIndex, fn.endIndex)) {
      const right = decl.childForFieldName('right')?.firstNamedChild;
      if (right?.type === 'call_expression' && right.childForFieldName('function')?.text === 'recover') {
        const left = decl.childForFieldName('left')?.firstNamedChild;
        if (left) names.add(left.text);
      }
    }
  }
  return names;
}

/** Names bound to `recover()`, computed on first use. */
interface Recovered {
  has(name: string): boolean;
}

function lazyRecovered(index: GoIndex, node: Node): Recovered {
  let names: Set<string> | undefined;
  return { has: (name) => (names ??= recoveredNames(index, node)).has(name) };
}

function isErrorIdentifier(node: Node, recovered: Recovered): boolean {
  if (node.type !== 'identifier') return false;
  const name = node.text;
  if (recovered.has(name)) return true;
  if (name === 'e' || name === 'ex') return false; // too often a loop element or an event
  return isGoErrorName(name) || isErrorLikeName(name);
}

function leaksIn(payload: Node, sink: Sink, index: GoIndex, recovered: Recovered): Leak[] {
  const leaks: Leak[] = [];
  const stackWrapped = index.imports.paths.has('github.com/pkg/errors');
  // The payload itself: an error value.
  const direct = (node: Node, fmtArgument: boolean): void => {
    if (!isErrorIdentifier(node, recovered)) return;
    leaks.push({ node, kind: fmtArgument || !sink.structured ? 'message' : 'raw', errName: node.text });
  };
  direct(payload, !sink.structured);
  const candidates = payload.descendantsOfType(['call_expression', 'keyed_element']).filter((n): n is Node => n !== null);
  for (const node of candidates) {
    if (node.type === 'keyed_element') {
      // {"error": err}: the value element of a keyed element
      const key = node.firstNamedChild;
      const value = node.lastNamedChild;
      if (value && key && value.id !== key.id && value.type === 'literal_element' && value.firstNamedChild) direct(value.firstNamedChild, false);
      continue;
    }
    const callee = goCallName(node);
    if (!callee) continue;
    const args = goArguments(node);
    if (callee.name === 'Error' && args.length === 0 && callee.receiver) {
      const receiver = callee.receiver;
      leaks.push({ node, kind: 'message', ...(receiver.type === 'identifier' ? { errName: receiver.text } : {}) });
      continue;
    }
    const pkg = callee.receiver?.type === 'identifier' ? index.imports.byName.get(callee.receiver.text) : undefined;
    if (pkg === 'runtime/debug' && callee.name === 'Stack') {
      leaks.push({ node, kind: 'stack' });
      continue;
    }
    if (pkg === 'fmt' && FMT_FUNCTIONS.has(callee.name)) {
      const format = args[0]?.text ?? '';
      for (const arg of args) {
        if (!isErrorIdentifier(arg, recovered)) continue;
        const kind: LeakKind = stackWrapped && format.includes('%+v') ? 'stack' : 'message';
        leaks.push({ node: arg, kind, errName: arg.text });
      }
    }
  }
  return leaks;
}

// --- context -----------------------------------------------------------------------------------

interface Context {
  readonly fromCatchAll: boolean;
  readonly narrowed: boolean;
}

const NARROWING = /\berrors\.(?:Is|As)\s*\(|\.\(\s*(?:type|\*?[\w.]+)\s*\)|==\s*[\w.]*Err|Err\w*\s*==|\bos\.Is\w+\(|\bIs\w+\(/;

function contextOf(sinkCall: Node, errName: string | undefined, recovered: Recovered): Context {
  if (errName !== undefined && recovered.has(errName)) return { fromCatchAll: true, narrowed: false };
  let child: Node = sinkCall;
  for (let current = sinkCall.parent; current; child = current, current = current.parent) {
    if (current.type === 'function_declaration' || current.type === 'method_declaration' || current.type === 'func_literal') {
      // An error handler function: func(err error, c echo.Context) / func(c *fiber.Ctx, err error)
      const params = namedChildrenOf(current.childForFieldName('parameters'));
      const isParam = params.some((p) => p.childForFieldName('type')?.text === 'error' && p.childrenForFieldName('name').some((n) => n?.text === errName));
      return { fromCatchAll: isParam, narrowed: false };
    }
    if (current.type === 'if_statement' && current.childForFieldName('consequence')?.id === child.id) {
      const condition = current.childForFieldName('condition')?.text ?? '';
      if (NARROWING.test(condition)) return { fromCatchAll: false, narrowed: true };
      if (errName !== undefined && new RegExp(`\\b${errName}\\s*!=\\s*nil\\b`).test(condition)) return { fromCatchAll: true, narrowed: false };
    }
    if (current.type === 'type_case') return { fromCatchAll: false, narrowed: true };
    if (current.type === 'expression_case') {
      const value = current.childForFieldName('value')?.text ?? '';
      if (NARROWING.test(value) || value.includes('Err')) return { fromCatchAll: false, narrowed: true };
    }
  }
  return { fromCatchAll: false, narrowed: false };
}

// --- fixes -------------------------------------------------------------------------------------

function logLine(index: GoIndex, errExpr: string): { text: string; importPath?: string } {
  if (index.imports.byName.get('slog') === 'log/slog') return { text: `slog.Error(${JSON.stringify(LOG_MESSAGE)}, "err", ${errExpr})` };
  const log = index.imports.byName.get('log');
  const text = `log.Printf("${LOG_MESSAGE.toLowerCase()}: %v", ${errExpr})`;
  return log === undefined ? { text, importPath: 'log' } : { text };
}

function statementStart(call: Node): Node | undefined {
  let current: Node | null = call;
  while (current && current.parent?.type !== 'statement_list' && current.parent?.type !== 'block') {
    if (current.type.endsWith('declaration') || current.type === 'func_literal') return undefined;
    current = current.parent;
  }
  return current ?? undefined;
}

function buildFixes(ctx: RuleContext, index: GoIndex, sink: Sink, leak: Leak): Fix[] {
  const text = ctx.file.text;
  const literal = JSON.stringify(GENERIC_ERROR_MESSAGE);
  const edits: TextEdit[] = [];
  if (sink.slot) {
    edits.push({ start: sink.slot.start, end: sink.slot.end, text: sink.slot.bytes ? `[]byte(${literal})` : literal });
    // fmt.Fprintf(w, "…%v", err) -> fmt.Fprint(w, "Internal server error")
    const field = sink.call.childForFieldName('function')?.childForFieldName('field');
    if (field && (field.text === 'Fprintf' || field.text === 'Fprintln')) edits.push({ start: field.startIndex, end: field.endIndex, text: 'Fprint' });
  } else if (sink.structured && (leak.kind === 'message' || leak.kind === 'raw')) {
    // replace the map value that carries the error
    let value: Node = leak.node;
    while (value.parent && value.parent.type !== 'literal_element') value = value.parent;
    const element = value.parent;
    if (!element || element.parent?.type !== 'keyed_element') return [];
    edits.push({ start: element.startIndex, end: element.endIndex, text: literal });
  } else return [];
  const errExpr = leak.kind === 'stack' ? 'string(debug.Stack())' : leak.errName;
  const statement = statementStart(sink.call);
  if (errExpr !== undefined && statement) {
    const log = logLine(index, errExpr);
    const indent = indentOfLine(text, statement.startIndex);
    edits.push({ start: statement.startIndex, end: statement.startIndex, text: `${log.text}${index.layout.eol}${indent}` });
    if (log.importPath) edits.push(...goAddImportEdits(ctx.root, log.importPath, index));
    return [{ title: FIX_TITLE, edits, isPreferred: true }];
  }
  return [{ title: 'Send a generic error message instead', edits, isPreferred: true }];
}

/** Something in the arguments that can be an error: `err`, `dbErr`, `.Error()`, `debug.Stack()`, `error`. */
const ERROR_TOKEN = /err|Err|Stack\(|\bex?\b|exception/;

/** Prefilter on the call's source head: one of the sink names right before an opening parenthesis. */
const SINK_HEAD = new RegExp(`\\.(?:${[...SINK_NAMES].join('|')})\\(`);

export function checkGo(ctx: RuleContext): void {
  const index = goIndex(ctx);
  const text = ctx.file.text;
  // Panic values from recover() can have any name: only then is every identifier a candidate.
  const recovers = text.includes('recover()');
  const sinkHead = goHeadMatcher(text, SINK_HEAD);
  for (const call of index.nodes('call_expression')) {
    if (!sinkHead(call.startIndex)) continue;
    if (!recovers) {
      const source = call.text;
      const args = source.slice(source.indexOf('(') + 1);
      if (!ERROR_TOKEN.test(args)) continue;
    }
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'selector_expression') continue;
    const field = fn.childForFieldName('field')?.text;
    if (field === undefined || !SINK_NAMES.has(field)) continue;
    const sink = sinkOf(call, index);
    if (!sink) continue;
    const recovered = lazyRecovered(index, call);
    let worst: Leak | undefined;
    for (const payload of sink.payload) {
      for (const leak of leaksIn(payload, sink, index, recovered)) {
        if (!worst || LEAK_KIND_RANK[leak.kind] > LEAK_KIND_RANK[worst.kind]) worst = leak;
      }
    }
    if (!worst) continue;
    const context = contextOf(call, worst.errName, recovered);
    const status = typeof sink.status === 'function' ? sink.status() : sink.status;
    const reportable = isReportable({
      kind: worst.kind,
      sink: sink.kind,
      status: status.status,
      exactStatus: status.exact,
      fromCatchAll: context.fromCatchAll,
      narrowed: context.narrowed,
    });
    if (!reportable) continue;
    ctx.report({
      node: worst.node,
      message: leakMessage({ kind: worst.kind, expression: worst.node.text, status: status.status }),
      fixes: buildFixes(ctx, index, sink, worst),
    });
  }
}
