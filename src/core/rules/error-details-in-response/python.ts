/**
 * `error-details-in-response` for Python: Flask (`return jsonify(...), 500`, `return str(e), 500`,
 * `make_response`, `abort(500, ...)`), Django (`HttpResponse`, `JsonResponse`, `HttpResponseServerError`,
 * `render`), Django REST framework (`Response(..., status=...)`), FastAPI / Starlette
 * (`raise HTTPException(status_code=500, detail=...)`, `JSONResponse`, dicts returned from routes),
 * aiohttp (`web.json_response`, `web.Response`), Tornado and `http.server` handlers (`self.write`,
 * `self.wfile.write`, `self.send_error`, `traceback.print_exc(file=self.wfile)`), Falcon (`resp.media =`).
 * The value reaching each sink is walked through dicts, lists, f-strings, `%` / `+` / `.format()`,
 * `str()` / `repr()`, conditional expressions and local variables of the same function; the verdict
 * is `./leak.ts`'s.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { callEndingAt, calleeEnds, CalleeEndIndex, callOpeningAt, mergeInDocumentOrder, type CalleeNames } from '../shared/python-literals';
import { findPythonLogger } from '../shared/python-logger';
import { BROAD_EXCEPTION_TYPES, type LoggerRef } from '../shared/errors';
import { isDevGuardCondition } from '../shared/hosts';
import { combineStatusClasses, statusClassOfCode, statusClassOfName, type StatusClass } from '../shared/http';
import { detectLayout, indentOfLine, isFirstOnLine, type Layout } from '../shared/indentation';
import {
  FIX_TITLE,
  GENERIC_ERROR_MESSAGE,
  isErrorLikeName,
  isReportable,
  leakMessage,
  leakSiteMessage,
  LOG_MESSAGE,
  reanchor,
  REDIRECT_FIX_TITLE,
  WorstLeaks,
  type LeakKind,
  type SinkKind,
} from './leak';
import { firstAtOrAfter, partitionPoint } from '../shared/sorted';

// --- small tree helpers ----------------------------------------------------------------------------

function named(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
}

function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 8 && (current.type === 'parenthesized_expression' || current.type === 'await'); i++) {
    const inner = named(current)[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** Text, tree and root of the file being checked (set by `checkPython`; checks run synchronously, one file at a time). */
let source = '';
let fileRoot: Node | undefined;
let fileTree: Tree | undefined;
/** The module as a root node of its own, for `scopeOf` (made on first need). */
let plainRoot: Node | undefined;

function isNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** The identifier that ends at `end` in the file text (`''` when the text there is not a name). */
function nameEndingAt(end: number): string {
  let start = end;
  while (start > 0 && end - start < 64 && isNameChar(source.charCodeAt(start - 1))) start--;
  return source.slice(start, end);
}

/**
 * The last name of a callee: `jsonify`, `web.json_response` -> `json_response`, `self.wfile.write` -> `write`;
 * `''` for `f()()` / `handlers[x]()`. Read from the text: one tree call per call node, which matters on every call of a file.
 */
function calleeName(call: Node): string {
  const fn = call.childForFieldName('function');
  return fn ? nameEndingAt(fn.endIndex) : '';
}

function calleeObject(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? (fn.childForFieldName('object') ?? undefined) : undefined;
}

function argumentsOf(call: Node): Node[] {
  return named(call.childForFieldName('arguments'));
}

function keywordValue(call: Node, names: ReadonlySet<string>): Node | undefined {
  for (const arg of argumentsOf(call)) {
    if (arg.type === 'keyword_argument' && names.has(arg.childForFieldName('name')?.text ?? '')) return arg.childForFieldName('value') ?? undefined;
  }
  return undefined;
}

/** The innermost function (or the module) holding `node`. */
function scopeOf(node: Node): Node {
  const scope = ancestry().ancestorsOf(node).find((a) => a.type === 'function_definition' || a.type === 'lambda');
  // the module: a root node of its own (its `descendantsOfType` is a walk of the file, not the shared one)
  return scope?.node ?? (plainRoot ??= fileTree?.rootNode ?? node);
}

interface Parameter {
  readonly name: string;
  /** The annotation (`int`, `Exception`), when there is one. */
  readonly type?: string;
}

/** Parameters by function id, per check: every name looked up inside a function reads them. */
const functionParameters = new Map<number, readonly Parameter[]>();

function parametersOf(fn: Node): readonly Parameter[] {
  let parameters = functionParameters.get(fn.id);
  if (!parameters) functionParameters.set(fn.id, (parameters = readParameters(fn)));
  return parameters;
}

function readParameters(fn: Node): Parameter[] {
  return named(fn.childForFieldName('parameters')).map((param) => {
    const type = param.childForFieldName('type')?.text;
    const typed = type ? { type } : {};
    if (param.type === 'identifier') return { name: param.text };
    if (param.type === 'typed_parameter') return { name: named(param).find((c) => c.type === 'identifier')?.text ?? '', ...typed };
    if (param.type === 'default_parameter' || param.type === 'typed_default_parameter') return { name: param.childForFieldName('name')?.text ?? '', ...typed };
    return { name: '' };
  });
}

/** An annotation an exception can have (`Exception`, `HTTPException`, `BaseException`); `int`, `Request` cannot. */
function isExceptionType(type: string | undefined): boolean {
  return type === undefined || /(?:Error|Exception)\b/.test(type);
}

function decoratorsOf(fn: Node): Node[] {
  const parent = contextOf(fn).decorated;
  if (!parent) return [];
  return named(parent).filter((n) => n.type === 'decorator').map((d) => named(d)[0]).filter((n): n is Node => n !== undefined);
}

/** One of the nodes `ancestry` knows: its type, end and innermost known ancestor (an index, -1 for none). */
interface Known {
  readonly node: Node;
  readonly type: string;
  readonly start: number;
  readonly end: number;
  readonly parent: number;
}

/**
 * The kinds of node the rule asks an identifier, a `return` or a call about (its function, class, `except`
 * clause …), from one root-level walk: their ancestors among them follow from how their ranges nest, so no
 * `parent` call (which walks down from the root) is needed. Ask `ancestorsOf(node)`, innermost first.
 */
interface Ancestry {
  ancestorsOf(node: Node): readonly Known[];
}

const ANCESTRY_TYPES = ['function_definition', 'lambda', 'class_definition', 'decorated_definition', 'except_clause', 'except_group_clause', 'return_statement'];

let fileAncestry: Ancestry | undefined;

function ancestry(): Ancestry {
  return (fileAncestry ??= buildAncestry(fileRoot));
}

function buildAncestry(root: Node | undefined): Ancestry {
  const known: Known[] = [];
  const open: number[] = [];
  for (const node of root ? root.descendantsOfType(ANCESTRY_TYPES) : []) {
    if (!node) continue;
    const start = node.startIndex;
    const end = node.endIndex;
    // document order: the open nodes that do not hold this one have ended
    for (let top = open.at(-1); top !== undefined && !holds(known[top], start, end); top = open.at(-1)) open.pop();
    open.push(known.length);
    known.push({ node, type: node.type, start, end, parent: open.at(-2) ?? -1 });
  }
  return {
    ancestorsOf(node) {
      const start = node.startIndex;
      const end = node.endIndex;
      const low = partitionPoint(known.length, (index) => (known[index]?.start ?? 0) <= start);
      // the last known node starting at or before `node` is its innermost known ancestor or inside it
      let at = low - 1;
      while (at >= 0 && (known[at]?.node.id === node.id || !holds(known[at], start, end))) at = known[at]?.parent ?? -1;
      const chain: Known[] = [];
      for (let entry = known[at]; entry; entry = known[entry.parent]) chain.push(entry);
      return chain;
    },
  };
}

function holds(entry: Known | undefined, start: number, end: number): boolean {
  return entry !== undefined && entry.start <= start && end <= entry.end;
}

/** The innermost `def` holding a `return` statement. */
function functionOf(statement: Node): Node | undefined {
  return ancestry().ancestorsOf(statement).find((a) => a.type === 'function_definition')?.node;
}

/** A function's `decorated_definition` (when it is the decorated one) and its innermost enclosing class. */
function contextOf(fn: Node): { readonly decorated?: Node; readonly cls?: Node } {
  const ancestors = ancestry().ancestorsOf(fn);
  const innermost = ancestors[0];
  // the innermost is a `decorated_definition` whose definition is this function, or none is its parent
  const decorated = innermost?.type === 'decorated_definition' && innermost.node.childForFieldName('definition')?.equals(fn) ? innermost.node : undefined;
  const cls = ancestors.find((a) => a.type === 'class_definition')?.node;
  return { ...(decorated ? { decorated } : {}), ...(cls ? { cls } : {}) };
}

function idsOf(nodes: readonly (Node | null)[]): Set<number> {
  const ids = new Set<number>();
  for (const node of nodes) if (node) ids.add(node.id);
  return ids;
}


/** Last dotted segment of a type expression (`sqlalchemy.exc.SQLAlchemyError` -> `SQLAlchemyError`). */
function lastSegment(text: string): string {
  return text.slice(text.lastIndexOf('.') + 1).trim();
}

// --- error bindings ------------------------------------------------------------------------------

interface ErrorBinding {
  readonly source: 'catch' | 'handler' | 'param' | 'name';
  /** Bound by `except SpecificError as e` or `@app.errorhandler(404)`: the error's kind is known. */
  readonly narrowed: boolean;
}

const CATCH_ALL_SOURCES = new Set<ErrorBinding['source']>(['catch', 'handler', 'param']);
const ERROR_HANDLER_DECORATORS = new Set(['errorhandler', 'app_errorhandler', 'exception_handler']);

function isBroadType(type: Node | undefined): boolean {
  if (!type) return true;
  const n = unwrap(type);
  if (n.type === 'tuple') return named(n).some((t) => isBroadType(t));
  return BROAD_EXCEPTION_TYPES.has(lastSegment(n.text));
}

/** `except (A, B) as e:` -> the alias and the types. */
function exceptParts(clause: Node): { alias?: string; types?: Node } {
  const pattern = named(clause).find((c) => c.type === 'as_pattern');
  if (pattern) {
    const alias = pattern.childForFieldName('alias');
    const target = alias ? (named(alias)[0] ?? alias) : undefined;
    const types = named(pattern)[0];
    return { ...(target ? { alias: target.text } : {}), ...(types && types.id !== alias?.id ? { types } : {}) };
  }
  const first = named(clause)[0];
  return first && first.type !== 'block' ? { types: first } : {};
}

/** `@app.errorhandler(Exception)` / `@app.exception_handler(500)`: catch-all unless it names a specific error or a 4xx. */
function errorHandlerBinding(fn: Node): ErrorBinding | undefined {
  if (!routes.decorated) return undefined;
  for (const decorator of decoratorsOf(fn)) {
    if (decorator.type !== 'call' || !ERROR_HANDLER_DECORATORS.has(calleeName(decorator))) continue;
    const arg = argumentsOf(decorator)[0];
    if (!arg) return { source: 'handler', narrowed: false };
    const broad = arg.type === 'integer' ? statusClassOfCode(Number(arg.text)) === 'server' : isBroadType(arg) || lastSegment(arg.text) === 'InternalServerError';
    return { source: 'handler', narrowed: !broad };
  }
  return undefined;
}

function bindingOf(at: Node, name: string): ErrorBinding | 'other' | undefined {
  // the ancestors this loop reacts to, innermost first (it skips every other kind)
  for (const { node: current, type } of ancestry().ancestorsOf(at)) {
    if (type === 'except_clause' || type === 'except_group_clause') {
      const { alias, types } = exceptParts(current);
      if (alias === name) return { source: 'catch', narrowed: !isBroadType(types) };
    } else if (type === 'function_definition' || type === 'lambda') {
      const params = type === 'function_definition' ? parametersOf(current) : [];
      const param = params.find((p) => p.name === name);
      if (!param) {
        if (type === 'lambda' && named(current.childForFieldName('parameters')).some((p) => p.text === name)) return 'other';
        continue;
      }
      if (type === 'function_definition') {
        const handler = errorHandlerBinding(current);
        if (handler) return handler;
        // A route's parameters are request data (`def item(e: int)`), not errors.
        if (isRouteFunction(current)) return 'other';
      }
      return isErrorLikeName(name) && isExceptionType(param.type) ? { source: 'param', narrowed: false } : 'other';
    } else if (type === 'class_definition') {
      return undefined;
    }
  }
  return undefined;
}

/** Is `node` an error value: a bound error name, or a name that reads like one (and is not an error this code made)? */
function errorBindingOfExpression(node: Node): ErrorBinding | undefined {
  const n = unwrap(node);
  if (n.type !== 'identifier') return undefined;
  const binding = bindingOf(n, n.text);
  if (binding === 'other') return undefined;
  if (binding) return binding;
  return isErrorLikeName(n.text) && !isOwnError(n) ? { source: 'name', narrowed: false } : undefined;
}

/** `e = NotFound("Item not found")`: an exception this code made (a call of a capitalised name), whose message it wrote. */
function isOwnError(identifier: Node): boolean {
  const definitions = localDefinitions(scopeOf(identifier), identifier.text, identifier.startIndex).filter((d) => d.whole);
  return definitions.length > 0 && definitions.every((d) => d.value.type === 'call' && /^[A-Z]/.test(calleeName(d.value)));
}

// --- sinks ---------------------------------------------------------------------------------------

interface Sink {
  readonly node: Node;
  readonly kind: SinkKind;
  readonly values: readonly Node[];
  readonly status: () => StatusInfo;
}

interface StatusInfo {
  readonly status: StatusClass;
  /** A constant (`500`, `status.HTTP_400_BAD_REQUEST`), not a fallback (`getattr(e, "code", 500)`). */
  readonly exact: boolean;
}

const UNKNOWN_STATUS: StatusInfo = { status: 'unknown', exact: false };

const BODY_CALLS = new Set([
  'jsonify', 'make_response', 'Response', 'HttpResponse', 'JsonResponse', 'StreamingHttpResponse', 'JSONResponse',
  'PlainTextResponse', 'HTMLResponse', 'ORJSONResponse', 'UJSONResponse', 'json_response', 'abort', 'HTTPException',
]);
const TEMPLATE_CALLS = new Set(['render_template', 'render_template_string', 'render', 'TemplateResponse', 'render_to_response']);
const HANDLER_METHODS = new Set(['write', 'finish', 'send_error', 'render']);
const STATUS_KEYWORDS = new Set(['status', 'status_code', 'code']);
const NON_BODY_KEYWORDS = new Set(['status', 'status_code', 'code', 'headers', 'mimetype', 'content_type', 'media_type', 'template_name', 'reason']);
const ROUTE_DECORATORS = new Set(['route', 'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'api_route', 'websocket_route']);
const VIEW_BASES = /(?:^|\.)(?:MethodView|View|Resource|HTTPEndpoint|HTTPMethodView)$/;
const HTTP_VERBS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'dispatch_request']);

function classifyStatus(expression: Node | undefined): StatusInfo {
  if (!expression) return UNKNOWN_STATUS;
  const n = unwrap(expression);
  if (n.type === 'integer') return { status: statusClassOfCode(Number(n.text)), exact: true };
  if (n.type === 'identifier' || n.type === 'attribute') {
    const name = n.type === 'attribute' ? (n.childForFieldName('attribute')?.text ?? '') : n.text;
    const status = statusClassOfName(name);
    if (status !== 'unknown') return { status, exact: true };
  }
  const classes: StatusClass[] = [];
  for (const leaf of n.descendantsOfType(['integer', 'identifier'])) {
    if (leaf) classes.push(leaf.type === 'integer' ? statusClassOfCode(Number(leaf.text)) : statusClassOfName(leaf.text));
  }
  return { status: combineStatusClasses(classes), exact: false };
}

/** A positional argument that is a status (`500`, `status.HTTP_500_INTERNAL_SERVER_ERROR`, `HTTPStatus.BAD_REQUEST`). */
function isStatusLike(arg: Node): boolean {
  const n = unwrap(arg);
  if (n.type === 'integer') return statusClassOfCode(Number(n.text)) !== 'unknown';
  if (n.type === 'attribute') return statusClassOfName(n.childForFieldName('attribute')?.text ?? '') !== 'unknown';
  return false;
}

/** The status a response built by `call` is sent with: its own arguments, or `make_response(<call>, 500)` / `return <call>, 500`. */
function statusOfCall(call: Node, depth = 0): StatusInfo {
  const keyword = keywordValue(call, STATUS_KEYWORDS);
  if (keyword) return classifyStatus(keyword);
  const positional = argumentsOf(call).find((a) => a.type !== 'keyword_argument' && isStatusLike(a));
  if (positional) return classifyStatus(positional);
  const byName = statusClassOfName(calleeName(call));
  if (/^(?:HttpResponse|HTTP)[A-Z]/.test(calleeName(call)) && byName !== 'unknown') return { status: byName, exact: true };
  const parent = call.parent;
  if (depth < 3 && parent?.type === 'argument_list' && parent.parent?.type === 'call') return statusOfCall(parent.parent, depth + 1);
  if (parent?.type === 'expression_list' && named(parent)[0]?.id === call.id) return classifyStatus(named(parent)[1]);
  return UNKNOWN_STATUS;
}

function bodyArguments(call: Node): Node[] {
  const values: Node[] = [];
  for (const arg of argumentsOf(call)) {
    if (arg.type === 'keyword_argument') {
      const value = arg.childForFieldName('value');
      if (value && !NON_BODY_KEYWORDS.has(arg.childForFieldName('name')?.text ?? '')) values.push(value);
    } else if (!isStatusLike(arg) && arg.type !== 'dictionary_splat' && arg.type !== 'list_splat') {
      values.push(arg);
    }
  }
  return values;
}

function enclosingClass(node: Node): Node | undefined {
  return ancestry().ancestorsOf(node).find((a) => a.type === 'class_definition')?.node;
}

function isHandlerClass(cls: Node | undefined): boolean {
  const bases = cls?.childForFieldName('superclasses')?.text ?? '';
  return /Handler\b/.test(bases);
}

function sinkOfCall(call: Node): Sink | undefined {
  const name = calleeName(call);
  if (!isSinkName(name)) return undefined;
  const object = calleeObject(call);
  const objectText = object?.text ?? '';
  if (BODY_CALLS.has(name) || /^(?:HttpResponse|HTTP)[A-Z]\w*$/.test(name)) {
    if (name === 'Response' && objectText !== '' && objectText !== 'web' && objectText !== 'flask') return undefined;
    return { node: call, kind: 'body', values: bodyArguments(call), status: () => statusOfCall(call) };
  }
  if (TEMPLATE_CALLS.has(name) && (name !== 'render' || object === undefined || objectText === 'self' || objectText === 'shortcuts')) {
    if (objectText === 'self' && !isHandlerClass(enclosingClass(call))) return undefined;
    return { node: call, kind: 'template', values: bodyArguments(call), status: () => statusOfCall(call) };
  }
  // http.server: self.wfile.write(...); Tornado: self.write(...), self.finish(...), self.send_error(500, msg)
  if (name === 'write' && object?.type === 'attribute' && object.childForFieldName('attribute')?.text === 'wfile') {
    return { node: call, kind: 'body', values: argumentsOf(call), status: () => UNKNOWN_STATUS };
  }
  if (HANDLER_METHODS.has(name) && objectText === 'self' && isHandlerClass(enclosingClass(call))) {
    return { node: call, kind: 'body', values: bodyArguments(call), status: () => statusOfCall(call) };
  }
  return undefined;
}

const routeFunctions = new Map<number, boolean>();

/**
 * What the file can hold (set per check): `decorated` false when no decorator is a call of a route or
 * error-handler name, `views` false when the text names no view base class. Both false: no function is a route.
 */
const routes = { decorated: true, views: true };

const ROUTE_CALL_NAMES: ReadonlySet<string> = new Set([...ROUTE_DECORATORS, ...ERROR_HANDLER_DECORATORS]);

/** Sets `routes` for the file; returns whether a `return` can be a sink (a route, or a view class, in a file naming them). */
function findRoutes(context: RuleContext): boolean {
  const at = source.includes('@');
  // `View` first: searching the whole text for a word costs more the more common its first letter is
  const viewOrResource = source.includes('View') || source.includes('Resource');
  const viewText = viewOrResource || source.includes('HTTPEndpoint');
  viewClasses.clear();
  if (viewText) findViewClasses(context.root);
  routes.views = viewClasses.size > 0;
  routes.decorated = at && hasRouteDecorator(context);
  // as `(@ or View or Resource in the text) and (a route decorator or a view class)`, each word searched once
  return routes.decorated || (routes.views && (viewOrResource || at));
}

/** Ids of the classes with a view base class (`MethodView`, `Resource` …): only their methods can be class-based views. */
const viewClasses = new Set<number>();

function findViewClasses(root: Node): void {
  for (const cls of root.descendantsOfType('class_definition')) {
    if (cls && named(cls.childForFieldName('superclasses')).some((base) => VIEW_BASES.test(base.text))) viewClasses.add(cls.id);
  }
}

/** A call of a route or error-handler name (`@app.route(…)`) that is a decorator's expression: `@` before it. */
function hasRouteDecorator(context: RuleContext): boolean {
  if (context.root.hasError) return true;
  const { ends, opens } = calleeEnds(context.tree, source, ROUTE_CALLEES);
  const isRouteDecorator = (call: Node | undefined): boolean => call !== undefined && mayFollowAt(call.startIndex) && ROUTE_CALL_NAMES.has(calleeName(call));
  return ends.some((end) => mayBeDecoratorCallee(end) && isRouteDecorator(callEndingAt(context.root, end))) || opens.some((open) => isRouteDecorator(callOpeningAt(context.root, open)));
}

const ROUTE_CALLEES: CalleeNames = { names: [...ROUTE_CALL_NAMES] };

/**
 * Could the callee whose last name ends at `end` start a decorator's expression? Back from the name over
 * names, dots, spaces and tabs: a call's callee made only of those is preceded by what is reached, which
 * must then be the `@`; reaching a closing bracket or a quote (the callee goes on), a line break, a
 * continuation, a `#` or a character beyond ASCII, it may be.
 */
function mayBeDecoratorCallee(end: number): boolean {
  let at = end;
  for (let code = source.charCodeAt(at - 1); at > 0 && (isNameChar(code) || code === 46 || code === 32 || code === 9); code = source.charCodeAt(at - 1)) at--;
  if (at === 0) return true;
  const code = source.charCodeAt(at - 1);
  return code < 32 || code > 126 || '@)]}"\'#\\'.includes(source.charAt(at - 1));
}

/**
 * Could the expression starting at `start` be a decorator's? Between `@` and it there are only spaces,
 * line breaks and continuations (a comment only after a line break, on a line with a `#`).
 */
function mayFollowAt(start: number): boolean {
  let at = start;
  let crossedLine = false;
  for (let code = source.charCodeAt(at - 1); at > 0 && (code === 32 || code === 9 || code === 12 || code === 10 || code === 13 || code === 92); code = source.charCodeAt(at - 1)) {
    if (code === 10 || code === 13) crossedLine = true;
    at--;
  }
  const code = at > 0 ? source.charCodeAt(at - 1) : -1;
  if (code === 64 || code < 32 || code > 126) return true;
  if (!crossedLine) return false;
  const lineStart = Math.max(source.lastIndexOf('\n', at - 1), source.lastIndexOf('\r', at - 1)) + 1;
  return source.slice(lineStart, at).includes('#');
}

/** Is `fn` a view whose return value is the response (Flask/FastAPI routes, class-based views)? Cached per check. */
function isRouteFunction(fn: Node): boolean {
  if (!routes.decorated && !routes.views) return false;
  let known = routeFunctions.get(fn.id);
  if (known === undefined) {
    known = computeIsRouteFunction(fn);
    routeFunctions.set(fn.id, known);
  }
  return known;
}

function computeIsRouteFunction(fn: Node): boolean {
  for (const decorator of routes.decorated ? decoratorsOf(fn) : []) {
    const callee = decorator.type === 'call' ? calleeName(decorator) : '';
    if (ROUTE_DECORATORS.has(callee) || ERROR_HANDLER_DECORATORS.has(callee)) return true;
  }
  if (!routes.views) return false;
  const cls = contextOf(fn).cls;
  if (!cls || !HTTP_VERBS.has(fn.childForFieldName('name')?.text ?? '')) return false;
  return viewClasses.has(cls.id);
}

function sinkOfReturn(statement: Node): Sink | undefined {
  const fn = functionOf(statement);
  if (!fn || !isRouteFunction(fn)) return undefined;
  const value = named(statement)[0];
  if (!value) return undefined;
  if (value.type === 'expression_list' || value.type === 'tuple') {
    const [body, status] = named(value);
    return body ? { node: statement, kind: 'body', values: [body], status: () => classifyStatus(status) } : undefined;
  }
  return { node: statement, kind: 'body', values: [value], status: () => UNKNOWN_STATUS };
}

/** Falcon: `resp.media = {...}`, `resp.text = ...`; status from `resp.status = falcon.HTTP_500` nearby. */
function sinkOfAssignment(assignment: Node): Sink | undefined {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  if (left?.type !== 'attribute' || !right) return undefined;
  const object = left.childForFieldName('object');
  const attribute = left.childForFieldName('attribute')?.text ?? '';
  if (object?.type !== 'identifier' || !/^(?:resp|response)$/.test(object.text) || !['media', 'text', 'body', 'data'].includes(attribute)) return undefined;
  const status = (): StatusInfo => {
    const block = assignment.parent?.parent;
    for (const statement of named(block)) {
      const inner = named(statement)[0];
      const target = inner?.type === 'assignment' ? inner.childForFieldName('left') : null;
      if (target?.type === 'attribute' && target.text === `${object.text}.status`) return classifyStatus(inner?.childForFieldName('right') ?? undefined);
    }
    return UNKNOWN_STATUS;
  };
  return { node: assignment, kind: 'body', values: [right], status };
}

// --- local variables -----------------------------------------------------------------------------

interface Definition {
  readonly value: Node;
  readonly whole: boolean;
}

function rootIdentifier(node: Node): Node | undefined {
  let current = unwrap(node);
  for (let i = 0; (current.type === 'attribute' || current.type === 'subscript') && i < 10; i++) {
    const object = current.childForFieldName(current.type === 'attribute' ? 'object' : 'value');
    if (!object) return undefined;
    current = unwrap(object);
  }
  return current.type === 'identifier' ? current : undefined;
}

/** Where each name looked up occurs in the file text (per check). */
const nameOffsets = new Map<string, number[]>();

function occurrencesOf(name: string): readonly number[] {
  let offsets = nameOffsets.get(name);
  if (!offsets) {
    offsets = [];
    for (let at = source.indexOf(name); at !== -1; at = source.indexOf(name, at + 1)) offsets.push(at);
    nameOffsets.set(name, offsets);
  }
  return offsets;
}

/** Is some offset of the sorted `offsets` in [from, to]? */
function occursWithin(offsets: readonly number[], from: number, to: number): boolean {
  const first = offsets[firstAtOrAfter(offsets, from)];
  return first !== undefined && first <= to;
}

/** The file's assignments (`=` and augmented) in document order, from the shared root walk; per check. */
let fileAssignments: { readonly nodes: readonly Node[]; readonly augmented: ReadonlySet<number> } | undefined;

function assignmentsOfFile(): { readonly nodes: readonly Node[]; readonly augmented: ReadonlySet<number> } {
  if (!fileAssignments) {
    const root = fileRoot;
    const nodes = root ? root.descendantsOfType(['assignment', 'augmented_assignment']).filter((n): n is Node => n !== null) : [];
    fileAssignments = { nodes, augmented: root ? idsOf(root.descendantsOfType('augmented_assignment')) : new Set() };
  }
  return fileAssignments;
}

/**
 * The definitions of `name` in `scope` (nested functions included) before `before`. The assignments are the
 * shared root walk's within the scope's range rather than a walk of the scope for every name looked up,
 * and only those whose text holds the name are read from the tree.
 */
function localDefinitions(scope: Node, name: string, before: number): Definition[] {
  const result: Definition[] = [];
  const { nodes, augmented } = assignmentsOfFile();
  const scopeStart = scope.startIndex;
  const scopeEnd = scope.endIndex;
  const low = partitionPoint(nodes.length, (index) => (nodes[index]?.startIndex ?? 0) < scopeStart);
  for (let i = low; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node || node.startIndex >= scopeEnd || node.startIndex >= before) break;
    if (!occursWithin(occurrencesOf(name), node.startIndex, node.endIndex - name.length)) continue;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) continue;
    if (left.type === 'identifier') {
      if (left.text === name) result.push({ value: right, whole: !augmented.has(node.id) });
    } else if ((left.type === 'subscript' || left.type === 'attribute') && rootIdentifier(left)?.text === name) {
      result.push({ value: right, whole: false });
    }
  }
  return result;
}

// --- walking the value ---------------------------------------------------------------------------

interface Leak {
  readonly kind: LeakKind;
  readonly anchor: Node;
  readonly leaf: Node;
  /** The error expression (`e`), when there is one (not for `traceback.format_exc()`). */
  readonly error?: Node;
  readonly binding: ErrorBinding;
  readonly via?: string;
}

interface WalkState {
  readonly anchor: Node | undefined;
  /** `repr(e)` / `f"{e!r}"`: the exception's repr, not just its message. */
  readonly repr: boolean;
  readonly depth: number;
  readonly via: string | undefined;
  readonly reanchor: { readonly use: Node; readonly value: Node } | undefined;
  readonly followed: ReadonlySet<string>;
}

const FRESH: WalkState = { anchor: undefined, repr: false, depth: 0, via: undefined, reanchor: undefined, followed: new Set() };
const TRACEBACK_FORMATTERS = new Set(['format_exc', 'format_exception', 'format_tb', 'format_stack', 'extract_tb', 'extract_stack']);
const TRACEBACK_PRINTERS = new Set(['print_exc', 'print_exception', 'print_tb', 'print_stack']);
const MESSAGE_ATTRIBUTES = new Set(['args', 'message', 'strerror', 'msg']);
const INTERNAL_ATTRIBUTES = new Set(['statement', 'orig']);
const FILE_KEYWORD: ReadonlySet<string> = new Set(['file']);
const TRACEBACK_BINDING: ErrorBinding = { source: 'name', narrowed: false };

/** `traceback.format_exc()`, or `format_exc()` imported from traceback. */
function isTracebackFormatter(call: Node): boolean {
  const object = calleeObject(call);
  const name = calleeName(call);
  if (!TRACEBACK_FORMATTERS.has(name)) return false;
  return object === undefined ? name === 'format_exc' || name === 'format_exception' : object.text === 'traceback';
}

/** `traceback.print_exc(file=buf)` in `scope`, before `before`, printing into `name`. */
function tracebackPrintedInto(scope: Node, name: string, before: number): boolean {
  for (const call of scope.descendantsOfType(['call'])) {
    if (!call || call.startIndex >= before || !TRACEBACK_PRINTERS.has(calleeName(call))) continue;
    if (keywordValue(call, FILE_KEYWORD)?.text === name) return true;
  }
  return false;
}

class Walker {
  readonly leaks: Leak[] = [];

  push(kind: LeakKind, leaf: Node, error: Node | undefined, binding: ErrorBinding, state: WalkState): void {
    const anchor = reanchor(state.anchor ?? leaf, state.reanchor, unwrap);
    this.leaks.push({ kind, anchor, leaf, binding, ...(error ? { error } : {}), ...(state.via ? { via: state.via } : {}) });
  }

  walk(node: Node, state: WalkState): void {
    const wrapped = (): WalkState => ({ ...state, anchor: state.anchor ?? node });
    const fresh: WalkState = { ...state, anchor: undefined, repr: false };
    switch (node.type) {
      case 'parenthesized_expression':
      case 'await':
      case 'keyword_argument': {
        const inner = node.type === 'keyword_argument' ? node.childForFieldName('value') : named(node)[0];
        if (inner) this.walk(inner, state);
        return;
      }
      case 'identifier':
        this.identifier(node, state);
        return;
      case 'attribute':
        this.attribute(node, state);
        return;
      case 'subscript': {
        const value = node.childForFieldName('value');
        if (value?.type === 'attribute' && value.childForFieldName('attribute')?.text === 'args') this.attribute(value, wrapped());
        return;
      }
      case 'call':
        this.call(node, state);
        return;
      case 'string':
        for (const child of named(node)) {
          if (child.type !== 'interpolation') continue;
          const expression = child.childForFieldName('expression');
          const conversion = child.childForFieldName('type_conversion')?.text;
          if (expression) this.walk(expression, { ...wrapped(), repr: conversion === '!r' });
        }
        return;
      case 'concatenated_string':
        for (const child of named(node)) this.walk(child, wrapped());
        return;
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.type;
        if (operator !== '+' && operator !== '%') return;
        for (const side of [node.childForFieldName('left'), node.childForFieldName('right')]) if (side) this.walk(side, wrapped());
        return;
      }
      case 'dictionary':
        for (const pair of named(node)) {
          const value = pair.type === 'pair' ? pair.childForFieldName('value') : null;
          if (value) this.walk(value, fresh);
        }
        return;
      case 'list':
      case 'tuple':
      case 'set':
      case 'expression_list':
        for (const element of named(node)) this.walk(element, node.type === 'tuple' && state.anchor ? state : fresh);
        return;
      case 'conditional_expression': {
        const [consequence, , alternative] = named(node);
        if (consequence) this.walk(consequence, wrapped());
        if (alternative) this.walk(alternative, wrapped());
        return;
      }
      case 'boolean_operator':
        for (const side of [node.childForFieldName('left'), node.childForFieldName('right')]) if (side) this.walk(side, wrapped());
        return;
      default:
        return;
    }
  }

  identifier(node: Node, state: WalkState): void {
    const name = node.text;
    const binding = bindingOf(node, name);
    if (binding === 'other') return;
    if (binding) {
      this.push(state.repr ? 'raw' : 'message', node, node, binding, state);
      return;
    }
    if (state.depth >= 3 || state.followed.has(name) || name === 'None') return;
    const followed = new Set(state.followed).add(name);
    for (const definition of localDefinitions(scopeOf(node), name, node.startIndex)) {
      this.walk(definition.value, {
        anchor: undefined,
        repr: definition.whole ? state.repr : false,
        depth: state.depth + 1,
        via: name,
        reanchor: definition.whole ? { use: state.anchor ?? node, value: definition.value } : undefined,
        followed,
      });
    }
  }

  attribute(node: Node, state: WalkState): void {
    const object = node.childForFieldName('object');
    const attribute = node.childForFieldName('attribute')?.text ?? '';
    if (!object) return;
    const kind: LeakKind | undefined = MESSAGE_ATTRIBUTES.has(attribute) ? 'message' : INTERNAL_ATTRIBUTES.has(attribute) ? 'internal' : undefined;
    if (!kind) return;
    const binding = errorBindingOfExpression(object);
    if (binding) this.push(kind, node, unwrap(object), binding, state);
  }

  call(node: Node, state: WalkState): void {
    const name = calleeName(node);
    const object = calleeObject(node);
    const args = argumentsOf(node);
    const first = args[0];
    const wrapped: WalkState = { ...state, anchor: state.anchor ?? node };
    if (object === undefined && (name === 'str' || name === 'format') && first) {
      this.walk(first, wrapped);
    } else if (object === undefined && name === 'repr' && first) {
      this.walk(first, { ...wrapped, repr: true });
    } else if (isTracebackFormatter(node)) {
      this.push('stack', node, undefined, TRACEBACK_BINDING, state);
    } else if (object?.type === 'string' && (name === 'format' || name === 'join')) {
      for (const arg of args) this.walk(arg, wrapped);
    } else if (object && (name === 'encode' || name === 'strip' || name === 'rstrip' || name === 'replace')) {
      this.walk(object, wrapped);
    } else if (object === undefined && name === 'getattr' && first && args[1]?.text.includes('message')) {
      const binding = errorBindingOfExpression(first);
      if (binding) this.push('message', node, unwrap(first), binding, state);
    } else if (name === 'getvalue' && object?.type === 'identifier' && tracebackPrintedInto(scopeOf(node), object.text, node.startIndex)) {
      this.push('stack', node, undefined, TRACEBACK_BINDING, state);
    }
  }
}

// --- guards --------------------------------------------------------------------------------------

const NARROWING_ATTRIBUTES = new Set(['code', 'status_code', 'status', 'errno', 'pgcode']);

/** `isinstance(e, ValidationError)`, `e.code == 404`, `getattr(e, "code", None)`. */
function isNarrowing(condition: Node): boolean {
  if (condition.text.length > 300) return false;
  for (const node of condition.descendantsOfType(['call', 'attribute'])) {
    if (!node) continue;
    if (node.type === 'call') {
      const name = calleeName(node);
      const args = argumentsOf(node);
      if (name === 'isinstance' && args[1] && !isBroadType(args[1])) return true;
      if ((name === 'hasattr' || name === 'getattr') && args[0] && errorBindingOfExpression(args[0])) return true;
    } else {
      const object = node.childForFieldName('object');
      if (NARROWING_ATTRIBUTES.has(node.childForFieldName('attribute')?.text ?? '') && object && errorBindingOfExpression(object)) return true;
    }
  }
  return false;
}

function isNegatedNarrowing(condition: Node, depth = 0): boolean {
  const n = unwrap(condition);
  if (n.type === 'boolean_operator' && n.childForFieldName('operator')?.type === 'or' && depth < 4) {
    return [n.childForFieldName('left'), n.childForFieldName('right')].some((side) => side !== null && isNegatedNarrowing(side, depth + 1));
  }
  const argument = n.type === 'not_operator' ? n.childForFieldName('argument') : null;
  return argument !== null && isNarrowing(argument);
}

/** `if __name__ == "__main__"` is where servers are started, not a development switch. */
function isDevGuard(condition: Node, inElse: boolean): boolean {
  const text = condition.text;
  return text.length <= 300 && !text.includes('__main__') && isDevGuardCondition(text, inElse);
}

function exits(block: Node): boolean {
  const last = named(block).at(-1);
  return last?.type === 'return_statement' || last?.type === 'raise_statement';
}

interface Guards {
  readonly development: boolean;
  readonly narrowed: boolean;
}

function guardsOf(start: Node): Guards {
  let development = false;
  let narrowed = false;
  let child = start;
  for (let current = start.parent; current && current.type !== 'function_definition'; child = current, current = current.parent) {
    let condition: Node | null = null;
    let inElse = false;
    if (current.type === 'if_statement' || current.type === 'elif_clause') {
      condition = current.childForFieldName('condition');
      if (condition?.id === child.id) continue;
      inElse = child.type === 'else_clause' || child.type === 'elif_clause';
    } else if (current.type === 'conditional_expression') {
      const [, test, alternative] = named(current);
      if (test?.id === child.id) continue;
      condition = test ?? null;
      inElse = alternative?.id === child.id;
    } else if (current.type === 'boolean_operator' && current.childForFieldName('operator')?.type === 'and' && current.childForFieldName('right')?.id === child.id) {
      condition = current.childForFieldName('left');
    } else if (current.type === 'block') {
      for (const sibling of named(current)) {
        if (sibling.startIndex >= child.startIndex) break;
        const test = sibling.type === 'if_statement' ? sibling.childForFieldName('condition') : null;
        const then = sibling.childForFieldName('consequence');
        if (!test || !then || !exits(then) || sibling.childForFieldName('alternative')) continue;
        if (isNegatedNarrowing(test)) narrowed = true;
        if (isDevGuard(test, true)) development = true;
      }
    }
    if (condition) {
      if (isDevGuard(condition, inElse)) development = true;
      if (!inElse && isNarrowing(condition)) narrowed = true;
      if (inElse && isNegatedNarrowing(condition)) narrowed = true;
    }
  }
  return { development, narrowed };
}

// --- fixes ---------------------------------------------------------------------------------------

const DEBUG_ONLY_KEYS = new Set(['stack', 'stacktrace', 'stack_trace', 'trace', 'traceback', 'tb', 'exc_info', 'sql']);
const LOG_CALLS = new Set(['exception', 'error', 'critical', 'warning', 'print_exc', 'capture_exception']);

/** `{"error": "Failed", "traceback": traceback.format_exc()}` -> drop the pair (or keyword argument) when others remain. */
function removeDebugEntry(anchor: Node): TextEdit | undefined {
  const entry = anchor.parent;
  const container = entry?.parent;
  if (!entry || !container) return undefined;
  let key: string;
  if (entry.type === 'pair' && entry.childForFieldName('value')?.id === anchor.id && container.type === 'dictionary') {
    key = (entry.childForFieldName('key')?.text ?? '').replace(/^['"]|['"]$/g, '');
  } else if (entry.type === 'keyword_argument' && entry.childForFieldName('value')?.id === anchor.id && container.type === 'argument_list') {
    key = entry.childForFieldName('name')?.text ?? '';
    if (!named(container).every((a) => a.type === 'keyword_argument')) return undefined;
  } else return undefined;
  if (!DEBUG_ONLY_KEYS.has(key.toLowerCase())) return undefined;
  const members = named(container);
  const index = members.findIndex((m) => m.id === entry.id);
  const next = members[index + 1];
  const previous = members[index - 1];
  if (next) return { start: entry.startIndex, end: next.startIndex, text: '' };
  if (previous) return { start: previous.endIndex, end: entry.endIndex, text: '' };
  return undefined;
}

function alreadyLogged(statement: Node, block: Node): boolean {
  for (const sibling of named(block)) {
    if (sibling.startIndex >= statement.startIndex) break;
    const call = sibling.type === 'expression_statement' ? named(sibling)[0] : undefined;
    if (call?.type === 'call' && LOG_CALLS.has(calleeName(call)) && !keywordValue(call, FILE_KEYWORD)) return true;
  }
  return false;
}

function insideExcept(node: Node): boolean {
  for (const { type } of ancestry().ancestorsOf(node)) {
    if (type === 'function_definition') return false;
    if (type === 'except_clause' || type === 'except_group_clause') return true;
  }
  return false;
}

function logEdits(context: RuleContext, anchor: Node, leak: Leak): TextEdit[] {
  const text = context.file.text;
  let statement: Node = anchor;
  while (statement.parent && statement.parent.type !== 'block' && statement.parent.type !== 'module') {
    if (statement.parent.type === 'lambda' || statement.parent.type === 'function_definition') return [];
    statement = statement.parent;
  }
  const block = statement.parent;
  if (!block || alreadyLogged(statement, block)) return [];
  const layout = (fileCache.layout ??= detectLayout(text, '    '));
  const logger = (fileCache.logger ??= findPythonLogger(context.root, text, layout.eol));
  const root = leak.error ? rootIdentifier(leak.error) : undefined;
  const inScope = root !== undefined && bindingOf(anchor, root.text) !== undefined;
  const call = insideExcept(anchor) || !inScope
    ? `${logger.receiver}.exception("${LOG_MESSAGE}")`
    : `${logger.receiver}.error("${LOG_MESSAGE}", exc_info=${root.text})`;
  const at = statement.startIndex;
  const insertion = isFirstOnLine(text, at) ? `${call}${layout.eol}${indentOfLine(text, at)}` : `${call}; `;
  return [...logger.setupEdits, { start: at, end: at, text: insertion }];
}

/** Per-file memo for quick-fix building (many findings in one file must not rescan it each time). */
const fileCache: { layout?: Layout; logger?: LoggerRef; quotes: Map<number, string> } = { quotes: new Map() };

function quoteNear(node: Node): string {
  const scope = scopeOf(node);
  let quote = fileCache.quotes.get(scope.id);
  if (quote === undefined) {
    const start = scope.descendantsOfType(['string_start'])[0]?.text ?? '"';
    quote = start.endsWith("'") ? "'" : '"';
    fileCache.quotes.set(scope.id, quote);
  }
  return quote;
}

function buildFix(context: RuleContext, leak: Leak): Fix {
  const quote = quoteNear(leak.anchor);
  const edit = removeDebugEntry(leak.anchor) ?? {
    start: leak.anchor.startIndex,
    end: leak.anchor.endIndex,
    text: `${quote}${GENERIC_ERROR_MESSAGE}${quote}`,
  };
  return { title: FIX_TITLE, edits: [edit, ...logEdits(context, leak.anchor, leak)], isPreferred: true };
}

// --- traceback printed into the response ----------------------------------------------------------

/** `traceback.print_exc(file=self.wfile)`, `traceback.print_exc(file=response)`. */
function checkPrintedTracebacks(context: RuleContext): void {
  const printers = new CalleeEndIndex(context.tree, context.root, source, { names: [...TRACEBACK_PRINTERS] });
  if (printers.isEmpty) return;
  for (const call of printers.callsInOrder()) {
    if (!TRACEBACK_PRINTERS.has(calleeName(call))) continue;
    const target = keywordValue(call, FILE_KEYWORD);
    if (!target) continue;
    const isWfile = target.type === 'attribute' && target.childForFieldName('attribute')?.text === 'wfile';
    const isResponse = target.type === 'identifier' && /^(?:response|resp)$/.test(target.text);
    if (!isWfile && !isResponse) continue;
    if (guardsOf(call).development) continue;
    const keyword = target.parent;
    const args = keyword?.parent;
    if (keyword?.type !== 'keyword_argument' || !args) continue;
    const members = named(args);
    const index = members.findIndex((m) => m.id === keyword.id);
    const previous = members[index - 1];
    const next = members[index + 1];
    const removal = previous
      ? { start: previous.endIndex, end: keyword.endIndex, text: '' }
      : { start: keyword.startIndex, end: next ? next.startIndex : keyword.endIndex, text: '' };
    context.report({
      node: call,
      message: leakMessage({ kind: 'stack', expression: call.text, status: 'unknown' }),
      fixes: [{ title: REDIRECT_FIX_TITLE, edits: [removal], isPreferred: true }],
    });
  }
}

// --- the check -----------------------------------------------------------------------------------

export function checkPython(context: RuleContext): void {
  if (context.file.isTestPath) return;
  source = context.file.text;
  fileRoot = context.root;
  fileTree = context.tree;
  plainRoot = undefined;
  fileAncestry = undefined;
  functionParameters.clear();
  fileAssignments = undefined;
  nameOffsets.clear();
  routeFunctions.clear();
  fileCache.layout = undefined;
  fileCache.logger = undefined;
  fileCache.quotes.clear();
  try {
    checkSinks(context);
  } finally {
    fileRoot = undefined;
    fileTree = undefined;
    plainRoot = undefined;
    fileAncestry = undefined;
    functionParameters.clear();
    fileAssignments = undefined;
    nameOffsets.clear();
    routeFunctions.clear();
    viewClasses.clear();
    fileCache.quotes.clear();
  }
}

/** The callee names `sinkOfCall` considers. */
function isSinkName(name: string): boolean {
  return BODY_CALLS.has(name) || TEMPLATE_CALLS.has(name) || HANDLER_METHODS.has(name) || HTTP_NAME.test(name);
}

const HTTP_NAME = /^(?:HttpResponse|HTTP)[A-Z]/;
/** `isSinkName` for `CalleeEndIndex`. */
const SINK_NAMES: CalleeNames = { names: [...BODY_CALLS, ...TEMPLATE_CALLS, ...HANDLER_METHODS], capitalisedPrefixes: ['HttpResponse', 'HTTP'] };

function checkSinks(context: RuleContext): void {
  const root = context.root;
  const best = new WorstLeaks<{ leak: Leak; status: StatusInfo }>();
  // Only calls whose callee can end with a sink name (`jsonify`, `HTTPException`, …) can be sinks: the others
  // are skipped without reading their callee from the tree (nor listed from it).
  const sinkNames = new CalleeEndIndex(context.tree, root, source, SINK_NAMES);
  const returnsMaySink = findRoutes(context);
  // Return sinks need a decorated route or a class-based view; assignment sinks a `resp`/`response` object.
  const wantReturns = returnsMaySink;
  // `resp` is a cheaper search than both (a common first letter makes a search slow) and needed by both
  const wantAssignments = source.includes('resp') && (source.includes('resp.') || source.includes('response.'));
  const returnNodes = wantReturns ? root.descendantsOfType('return_statement') : [];
  // `resp.media = …`: only the assignments whose text holds `resp` (most do not) are read from the tree
  const assignmentNodes = wantAssignments ? holdingWord(root.descendantsOfType('assignment'), 'resp') : [];
  // the kind of each node by id (sets from the shared walk) rather than a `type` call on every node
  const returns = idsOf(returnNodes);
  const assignments = idsOf(assignmentNodes);
  for (const node of mergeInDocumentOrder([sinkNames.callsInOrder(), returnNodes, assignmentNodes])) {
    let sink: Sink | undefined;
    if (returns.has(node.id)) sink = sinkOfReturn(node);
    else if (assignments.has(node.id)) sink = sinkOfAssignment(node);
    else sink = sinkOfCall(node);
    if (!sink) continue;
    const walker = new Walker();
    for (const value of sink.values) walker.walk(value, FRESH);
    if (walker.leaks.length === 0) continue;
    const sinkGuards = guardsOf(sink.node);
    if (sinkGuards.development) continue;
    const status = sink.status();
    for (const leak of walker.leaks) {
      const guards = guardsOf(leak.leaf);
      if (guards.development) continue;
      const reportable = isReportable({
        kind: leak.kind,
        sink: sink.kind,
        status: status.status,
        exactStatus: status.exact,
        fromCatchAll: CATCH_ALL_SOURCES.has(leak.binding.source) && !leak.binding.narrowed,
        narrowed: guards.narrowed || sinkGuards.narrowed || leak.binding.narrowed,
      });
      if (!reportable) continue;
      best.add({ leak, status });
    }
  }
  for (const { leak, status } of best.values()) {
    context.report({
      node: leak.anchor,
      message: leakSiteMessage(leak, status.status),
      fixes: [buildFix(context, leak)],
    });
  }
  checkPrintedTracebacks(context);
}

/** The nodes whose text holds `word` (from the offsets where it occurs in the file, one `endIndex` per node). */
function holdingWord(nodes: readonly (Node | null)[], word: string): Node[] {
  const offsets = occurrencesOf(word);
  return nodes.filter((node): node is Node => node !== null && occursWithin(offsets, node.startIndex, node.endIndex - word.length));
}

