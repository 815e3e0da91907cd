/**
 * `error-details-in-response` for JavaScript and TypeScript: Express / Next.js pages API
 * (`res.status(500).json(...)`, `res.send`, `res.end`, `res.write`, `res.render`, `res.locals.x =`),
 * Koa (`ctx.body =`), Fastify (`reply.code(500).send(...)`), Hono (`c.json(body, 500)`), hapi
 * (`h.response(...)`), Fetch/Next.js route handlers (`new Response(...)`, `Response.json(...)`,
 * `NextResponse.json(...)`). The value reaching each sink is walked through object literals, arrays,
 * template strings, concatenation, `String()`, `JSON.stringify()`, `util.inspect()`, ternaries and
 * local variables of the same function; the verdict is `./leak.ts`'s.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { calleeNames, callsNamed, findEcmaLogger, FUNCTION_TYPES, syntaxErrors, type NamedCalls, type SyntaxErrors } from '../shared/ecmascript-errors';
import { BROAD_EXCEPTION_TYPES } from '../shared/errors';
import { isDevGuardCondition } from '../shared/hosts';
import { combineStatusClasses, statusClassOfCode, statusClassOfName, type StatusClass } from '../shared/http';
import { detectLayout, indentOfLine, isFirstOnLine, type Layout } from '../shared/indentation';
import {
  FIX_TITLE,
  GENERIC_ERROR_MESSAGE,
  isErrorLikeName,
  isReportable,
  leakSiteMessage,
  reanchor,
  WorstLeaks,
  type LeakKind,
  type SinkKind,
} from './leak';
import { firstAtOrAfter, partitionPoint } from '../shared/sorted';

// --- small tree helpers ----------------------------------------------------------------------------

const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'await_expression']);

function named(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
}

/** Strips parentheses, `await`, `as T`, `!` and `satisfies T`. */
function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 16; i++) {
    const type = current.type;
    if (type === 'type_assertion') {
      const inner = named(current).at(-1);
      if (!inner) break;
      current = inner;
    } else if (TRANSPARENT.has(type)) {
      const inner = named(current)[0];
      if (!inner) break;
      current = inner;
    } else break;
  }
  return current;
}

/** Text of the file being checked (set by `checkEcmascript`; checks run synchronously, one file at a time). */
let source = '';

function isNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/**
 * The property of `a.b` / `a?.b` / `a.#b`, read from the text where the node ends (one tree call less per
 * member expression, which matters on every call of a file).
 */
function propertyName(member: Node): string | undefined {
  const end = member.endIndex;
  let start = end;
  while (start > 0 && end - start < 64 && isNameChar(source.charCodeAt(start - 1))) start--;
  return start < end ? source.slice(start, end) : undefined;
}

function argumentsOf(call: Node): Node[] {
  return named(call.childForFieldName('arguments'));
}

function isFunction(node: Node): boolean {
  return FUNCTION_TYPES.has(node.type);
}

/**
 * The functions and catch clauses of a file, by position, for the questions this rule asks of a
 * node's ancestors (its function, the catch or parameter binding a name), and its definition nodes.
 * `node.parent` walks down from the root at each call, and `descendantsOfType` on a function walks
 * it again, for every identifier a value is traced through: this answers from the file's one shared
 * walk instead. Node ranges nest, so the functions around a node are those whose range holds it;
 * for a zero-width node (a MISSING one in broken code) or a range two nodes share, that is ambiguous,
 * and the caller climbs the tree.
 */
class FileIndex {
  private enclosures: Node[] | undefined;
  /** Whether an enclosure is a catch clause, read once per enclosure asked about. */
  private readonly catches = new Map<number, boolean>();
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  /** Index of the innermost enclosure around each one, -1 for none. */
  private readonly outer: number[] = [];
  private definitions: { readonly nodes: Node[]; readonly starts: number[] } | undefined;
  private readonly scopeEnds = new Map<number, number>();
  private readonly parameterTexts = new Map<number, string>();
  readonly parameters = new Map<number, Parameter[]>();
  readonly errors: SyntaxErrors;

  constructor(private readonly root: Node) {
    this.errors = syntaxErrors(root);
  }

  /** Built on first use: most files have no sink whose value needs it. */
  private indexEnclosures(): Node[] {
    if (this.enclosures) return this.enclosures;
    const enclosures = this.root.descendantsOfType(ENCLOSURE_TYPES).filter((n): n is Node => n !== null);
    const stack: number[] = [];
    enclosures.forEach((node, index) => {
      const start = node.startIndex;
      const end = node.endIndex;
      this.starts.push(start);
      this.ends.push(end);
      while (stack.length > 0 && (this.ends[stack[stack.length - 1] ?? 0] ?? 0) <= start) stack.pop();
      this.outer.push(stack[stack.length - 1] ?? -1);
      stack.push(index);
    });
    return (this.enclosures = enclosures);
  }

  /** The functions and catch clauses around `node` (not `node` itself), innermost first; undefined when ambiguous. */
  enclosuresOf(node: Node): { readonly node: Node; readonly isCatch: boolean }[] | undefined {
    const enclosures = this.indexEnclosures();
    const start = node.startIndex;
    const end = node.endIndex;
    if (end === start) return undefined;
    const candidate = partitionPoint(this.starts.length, (index) => (this.starts[index] ?? 0) <= start) - 1;
    const result: { node: Node; isCatch: boolean }[] = [];
    for (let i = candidate; i >= 0; i = this.outer[i] ?? -1) {
      const enclosure = enclosures[i];
      const enclosureEnd = this.ends[i] ?? 0;
      if (!enclosure || enclosure.id === node.id || enclosureEnd < end) continue;
      if (enclosureEnd === end && this.starts[i] === start) return undefined;
      let isCatch = this.catches.get(enclosure.id);
      if (isCatch === undefined) this.catches.set(enclosure.id, (isCatch = enclosure.type === 'catch_clause'));
      result.push({ node: enclosure, isCatch });
    }
    return result;
  }

  /** The innermost function holding `node`, else the program; undefined when ambiguous. */
  scopeOf(node: Node): Node | undefined {
    const enclosures = this.enclosuresOf(node);
    if (!enclosures) return undefined;
    for (const enclosure of enclosures) if (!enclosure.isCatch) return enclosure.node;
    return this.root;
  }

  /** The `variable_declarator` / `assignment_expression` nodes inside `scope`, in document order. */
  definitionsIn(scope: Node): readonly Node[] {
    if (!this.definitions) {
      const nodes = this.root.descendantsOfType(DEFINITION_TYPES).filter((n): n is Node => n !== null);
      this.definitions = { nodes, starts: nodes.map((n) => n.startIndex) };
    }
    const { nodes, starts } = this.definitions;
    if (scope.id === this.root.id) return nodes;
    let end = this.scopeEnds.get(scope.id);
    if (end === undefined) this.scopeEnds.set(scope.id, (end = scope.endIndex));
    // the nodes inside a scope are those starting within its range (ranges nest)
    return nodes.slice(firstAtOrAfter(starts, scope.startIndex), firstAtOrAfter(starts, end));
  }

  /** The source of a function's parameters (every name they bind is in it). */
  parameterText(fn: Node): string {
    let text = this.parameterTexts.get(fn.id);
    if (text === undefined) {
      const params = fn.childForFieldName('parameter') ?? fn.childForFieldName('parameters');
      text = params ? source.slice(params.startIndex, params.endIndex) : '';
      this.parameterTexts.set(fn.id, text);
    }
    return text;
  }
}

const ENCLOSURE_TYPES = ['catch_clause', ...FUNCTION_TYPES];
const DEFINITION_TYPES = ['variable_declarator', 'assignment_expression'];

function idsOf(nodes: readonly (Node | null)[]): Set<number> {
  const ids = new Set<number>();
  for (const node of nodes) if (node) ids.add(node.id);
  return ids;
}

/** This file's index while it is checked. */
let fileIndex: FileIndex | undefined;

/** The innermost function (or the program) holding `node`. */
function scopeOf(node: Node): Node {
  const indexed = fileIndex?.scopeOf(node);
  if (indexed) return indexed;
  let current = node.parent;
  let last = node;
  while (current) {
    if (isFunction(current)) return current;
    last = current;
    current = current.parent;
  }
  return last;
}

/** Parameter names in order (`''` for destructuring patterns). */
interface Parameter {
  /** `''` for destructuring patterns. */
  readonly name: string;
  /** TypeScript annotation without the colon (`Error`, `unknown`, `ChangeEvent`). */
  readonly type?: string;
}

function parametersOf(fn: Node): Parameter[] {
  const known = fileIndex?.parameters.get(fn.id);
  if (known) return known;
  const parameters = readParameters(fn);
  fileIndex?.parameters.set(fn.id, parameters);
  return parameters;
}

function readParameters(fn: Node): Parameter[] {
  const single = fn.childForFieldName('parameter');
  if (single) return [{ name: single.text }];
  return named(fn.childForFieldName('parameters')).map((param) => {
    let p: Node | null = param;
    let type: string | undefined;
    if (p.type === 'required_parameter' || p.type === 'optional_parameter') {
      type = p.childForFieldName('type')?.text.replace(/^:\s*/, '');
      p = p.childForFieldName('pattern');
    }
    if (p?.type === 'assignment_pattern') p = p.childForFieldName('left');
    return { name: p?.type === 'identifier' ? p.text : '', ...(type ? { type } : {}) };
  });
}

/** A TypeScript annotation an error can have (`Error`, `HttpError`, `unknown`, `any`); `ChangeEvent`, `number` cannot. */
function isErrorType(type: string | undefined): boolean {
  return type === undefined || /(?:Error|Exception|Err)\b|^(?:unknown|any)$/.test(type);
}

// --- error bindings ------------------------------------------------------------------------------

/** How an identifier that holds an error got it. `name`: not bound in view, but named like an error. */
interface ErrorBinding {
  readonly source: 'catch' | 'handler' | 'param' | 'name';
}

const CATCH_ALL_SOURCES = new Set<ErrorBinding['source']>(['catch', 'handler', 'param']);

/** Is `fn` the error callback of a promise (`.catch(fn)`, `.then(ok, fn)`) or an error hook (`setErrorHandler(fn)`)? */
function isErrorCallback(fn: Node): boolean {
  const args = fn.parent;
  const call = args?.parent;
  if (args?.type !== 'arguments' || call?.type !== 'call_expression') return false;
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression') return false;
  const method = propertyName(callee);
  const position = named(args).findIndex((a) => a.id === fn.id);
  if (method === 'catch' || method === 'setErrorHandler' || method === 'onError') return position === 0;
  return method === 'then' && position === 1;
}

/**
 * Finds what `name` is bound to at `at`: an error from a catch clause, an error handler's
 * parameter, an error-named parameter — or `other` (a parameter that is not an error, which
 * shadows outer names) or `undefined` (not bound by a parameter or catch clause in view).
 */
function bindingOf(at: Node, name: string): ErrorBinding | 'other' | undefined {
  const enclosures = fileIndex?.enclosuresOf(at);
  if (enclosures) {
    for (const { node, isCatch } of enclosures) {
      const binding = isCatch ? catchBinding(node, name) : parameterBinding(node, name);
      if (binding) return binding;
    }
    return undefined;
  }
  for (let current = at.parent; current; current = current.parent) {
    const binding = current.type === 'catch_clause' ? catchBinding(current, name) : isFunction(current) ? parameterBinding(current, name) : undefined;
    if (binding) return binding;
  }
  return undefined;
}

function catchBinding(clause: Node, name: string): ErrorBinding | undefined {
  const param = clause.childForFieldName('parameter');
  return param?.type === 'identifier' && param.text === name ? { source: 'catch' } : undefined;
}

/** What a parameter called `name` of `fn` holds; undefined when `fn` has none. */
function parameterBinding(fn: Node, name: string): ErrorBinding | 'other' | undefined {
  // A name missing from the parameter list's text is no parameter (spares reading the parameters).
  if (fileIndex && !fileIndex.parameterText(fn).includes(name)) return undefined;
  const params = parametersOf(fn);
  const index = params.findIndex((p) => p.name === name);
  if (index < 0) return undefined;
  if (!isErrorType(params[index]?.type)) return 'other';
  if (isErrorCallback(fn)) return index === 0 ? { source: 'handler' } : 'other';
  if (params.length === 4 && index === 0) return { source: 'handler' }; // Express error middleware
  return isErrorLikeName(name) ? { source: 'param' } : 'other';
}

/** Properties that hold another error (`err.cause.stack`, Sequelize `err.original.message`). */
const NESTED_ERROR_PROPERTIES = new Set(['cause', 'original', 'originalError', 'parent', 'innerError', 'error', 'err']);

/** Is `node` (unwrapped) an error value: a bound error identifier, an error-named one, or a nested error? */
function errorBindingOfExpression(node: Node): ErrorBinding | undefined {
  const n = unwrap(node);
  if (n.type === 'identifier') {
    const binding = bindingOf(n, n.text);
    if (binding === 'other') return undefined;
    if (binding) return binding;
    return isErrorLikeName(n.text) && !isOwnError(n) ? { source: 'name' } : undefined;
  }
  if (n.type === 'member_expression') {
    const property = propertyName(n) ?? '';
    if (!NESTED_ERROR_PROPERTIES.has(property) && !isErrorLikeName(property)) return undefined;
    const object = n.childForFieldName('object');
    const inner = object ? errorBindingOfExpression(object) : undefined;
    return inner ?? { source: 'name' };
  }
  return undefined;
}

/** `const e = new NotFoundError('Item not found')`: an error this code made, whose message it wrote. */
function isOwnError(identifier: Node): boolean {
  const definitions = localDefinitions(scopeOf(identifier), identifier.text, identifier.startIndex).filter((d) => d.whole);
  return definitions.length > 0 && definitions.every((d) => unwrap(d.value).type === 'new_expression');
}

// --- sinks ---------------------------------------------------------------------------------------

interface Sink {
  readonly node: Node;
  readonly kind: SinkKind;
  /** The values that reach the client. */
  readonly values: readonly Node[];
  /** A raw object passed straight to it is serialised as JSON (`res.json(err)`). */
  readonly json: boolean;
  /** Expressions that set the status, when written at the sink itself. */
  readonly statusExpressions: readonly Node[];
  /** Receiver text for finding `res.status(500);` / `ctx.status = 500` statements nearby. */
  readonly receiver?: string;
  /** A name that implies the status (`InternalServerError` of NestJS's `InternalServerErrorException`). */
  readonly statusName?: string;
}

const BODY_METHODS = new Set(['send', 'json', 'jsonp', 'end', 'write']);
const JSON_METHODS = new Set(['json', 'jsonp']);
/** Every method name a call sink can end with (checked first: most calls are not sinks). */
const SINK_METHODS = new Set([...BODY_METHODS, 'render', 'text', 'html', 'body', 'response']);
const SINK_CALLS = calleeNames(SINK_METHODS);
const CHAIN_METHODS = new Set([
  'status', 'code', 'type', 'set', 'header', 'headers', 'append', 'vary', 'cookie', 'clearCookie', 'contentType',
  'location', 'attachment', 'links', 'setHeader', 'removeHeader', 'charset',
]);
const STATUS_METHODS = new Set(['status', 'code', 'writeHead']);
const RESPONSE_NAME = /^(?:res|resp|response|reply|rep|[a-z][A-Za-z0-9]{0,30}(?:Res|Response|Reply))$/;
const KOA_CONTEXT_NAME = /^(?:ctx|context|koaCtx)$/;

/** `res`, `response`, `ctx.res`, `this.res`, `reply.raw`. */
function isResponseObject(node: Node): boolean {
  const n = unwrap(node);
  const type = n.type;
  if (type === 'identifier') return RESPONSE_NAME.test(n.text);
  if (type === 'member_expression') {
    const property = propertyName(n);
    if (property === 'res' || property === 'response') return true;
    const object = n.childForFieldName('object');
    return property === 'raw' && object !== null && isResponseObject(object);
  }
  return false;
}

/** Walks `res.status(500).set(...).json` down to `res`, collecting status arguments. */
function responseChain(callee: Node): { receiver: Node; statuses: Node[] } | undefined {
  const statuses: Node[] = [];
  let object = callee.childForFieldName('object');
  for (let i = 0; object && i < 12; i++) {
    const n = unwrap(object);
    if (n.type !== 'call_expression') return isResponseObject(n) ? { receiver: n, statuses } : undefined;
    const fn = n.childForFieldName('function');
    const method = fn?.type === 'member_expression' ? propertyName(fn) : undefined;
    if (!fn || method === undefined || !CHAIN_METHODS.has(method)) return undefined;
    const first = STATUS_METHODS.has(method) ? argumentsOf(n)[0] : undefined;
    if (first) statuses.push(first);
    object = fn.childForFieldName('object');
  }
  return undefined;
}

/** The `status` property of an init object (`{ status: 500 }`). */
function statusOfInit(init: Node | undefined): Node[] {
  if (init?.type !== 'object') return [];
  for (const pair of named(init)) {
    if (pair.type === 'pair' && pair.childForFieldName('key')?.text === 'status') {
      const value = pair.childForFieldName('value');
      return value ? [value] : [];
    }
    if (pair.type === 'shorthand_property_identifier' && pair.text === 'status') return [pair];
  }
  return [];
}

function sinkOfCall(call: Node): Sink | undefined {
  const callee = call.childForFieldName('function');
  if (callee?.type !== 'member_expression') return undefined;
  const method = propertyName(callee) ?? '';
  if (!SINK_METHODS.has(method)) return undefined;
  const object = callee.childForFieldName('object');
  if (!object) return undefined;
  const args = argumentsOf(call);
  const first = args[0];
  const bare = unwrap(object);
  const objectName = bare.type === 'identifier' ? bare.text : '';
  // Fetch / Next.js route handlers: Response.json(body, { status }), NextResponse.json(...)
  if (method === 'json' && (objectName === 'Response' || objectName === 'NextResponse')) {
    return first ? { node: call, kind: 'body', values: [first], json: true, statusExpressions: statusOfInit(args[1]) } : undefined;
  }
  // Hono: c.json(body, 500), c.text(...), c.html(...)
  if (objectName === 'c' && (method === 'json' || method === 'text' || method === 'html' || method === 'body')) {
    const status = args[1];
    return first ? { node: call, kind: 'body', values: [first], json: method === 'json', statusExpressions: status ? [status] : [] } : undefined;
  }
  // hapi: h.response(body).code(500)
  if (objectName === 'h' && method === 'response') {
    const outer = call.parent?.type === 'member_expression' ? call.parent : undefined;
    const codeCall = outer && propertyName(outer) === 'code' && outer.parent?.type === 'call_expression' ? outer.parent : undefined;
    const status = codeCall ? argumentsOf(codeCall)[0] : undefined;
    return first ? { node: call, kind: 'body', values: [first], json: false, statusExpressions: status ? [status] : [] } : undefined;
  }
  if (BODY_METHODS.has(method) || method === 'render') {
    const chain = responseChain(callee);
    if (!chain) return undefined;
    const receiver = chain.receiver.text;
    if (method === 'render') {
      const locals = args[1];
      return locals ? { node: call, kind: 'template', values: [locals], json: false, statusExpressions: chain.statuses, receiver } : undefined;
    }
    return first
      ? { node: call, kind: 'body', values: [first], json: JSON_METHODS.has(method), statusExpressions: chain.statuses, receiver }
      : undefined;
  }
  return undefined;
}

/** NestJS: `new HttpException(body, status)`, `new InternalServerErrorException(message)` — the message is sent to the client. */
function nestExceptionStatus(name: string, args: readonly Node[]): { status: Node[]; statusName?: string } | undefined {
  if (name === 'HttpException') return { status: args[1] ? [args[1]] : [] };
  if (!name.endsWith('Exception')) return undefined;
  const base = name.slice(0, -'Exception'.length);
  return statusClassOfName(base) === 'unknown' ? undefined : { status: [], statusName: base };
}

function sinkOfNew(expression: Node): Sink | undefined {
  const constructor = expression.childForFieldName('constructor');
  if (constructor?.type !== 'identifier') return undefined;
  const name = constructor.text;
  if (name !== 'Response' && name !== 'NextResponse' && !name.endsWith('Exception')) return undefined;
  const args = argumentsOf(expression);
  const first = args[0];
  if (!first) return undefined;
  if (constructor.text === 'Response' || constructor.text === 'NextResponse') {
    return { node: expression, kind: 'body', values: [first], json: false, statusExpressions: statusOfInit(args[1]) };
  }
  const nest = nestExceptionStatus(constructor.text, args);
  if (!nest) return undefined;
  return { node: expression, kind: 'body', values: [first], json: false, statusExpressions: nest.status, ...(nest.statusName ? { statusName: nest.statusName } : {}) };
}

function isKoaContext(node: Node): boolean {
  const n = unwrap(node);
  if (n.type === 'identifier') return KOA_CONTEXT_NAME.test(n.text);
  if (n.type === 'member_expression' && propertyName(n) === 'response') {
    const object = n.childForFieldName('object');
    return object !== null && unwrap(object).type === 'identifier' && KOA_CONTEXT_NAME.test(unwrap(object).text);
  }
  return false;
}

function sinkOfAssignment(assignment: Node): Sink | undefined {
  const left = assignment.childForFieldName('left');
  if (left?.type !== 'member_expression') return undefined;
  const property = propertyName(left);
  const object = left.childForFieldName('object');
  const right = assignment.childForFieldName('right');
  if (!object || !right) return undefined;
  if (property !== 'body' && property !== 'locals' && !(object.type === 'member_expression' && propertyName(object) === 'locals')) return undefined;
  // Koa: ctx.body = ..., ctx.response.body = ...
  if (property === 'body' && isKoaContext(object)) {
    const context = unwrap(object);
    const receiver = context.type === 'member_expression' ? (context.childForFieldName('object')?.text ?? context.text) : context.text;
    return { node: assignment, kind: 'body', values: [right], json: false, statusExpressions: [], receiver };
  }
  // Express: res.locals.error = ..., res.locals = { ... }
  const localsOwner = property === 'locals' ? object : object.type === 'member_expression' && propertyName(object) === 'locals' ? object.childForFieldName('object') : null;
  if (localsOwner && isResponseObject(localsOwner)) {
    return { node: assignment, kind: 'template', values: [right], json: false, statusExpressions: [] };
  }
  return undefined;
}

// --- status --------------------------------------------------------------------------------------

/** The statement holding `node` directly inside a block, and that block. */
function statementInBlock(node: Node): { statement: Node; block: Node } | undefined {
  let current: Node = node;
  while (current.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'statement_block' || parent.type === 'program' || parent.type === 'switch_case' || parent.type === 'switch_default') {
      return { statement: current, block: parent };
    }
    if (isFunction(parent)) return undefined;
    current = parent;
  }
  return undefined;
}

/** `res.status(500);`, `res.statusCode = 500;`, `ctx.status = 500;`, `reply.code(500);`, `res.writeHead(500)` as a statement. */
function statusSetBy(statement: Node, receiver: string): Node | undefined {
  if (statement.type !== 'expression_statement') return undefined;
  const expression = named(statement)[0];
  if (!expression) return undefined;
  if (expression.type === 'assignment_expression') {
    const left = expression.childForFieldName('left');
    if (left?.type === 'member_expression' && (propertyName(left) === 'status' || propertyName(left) === 'statusCode')) {
      if (left.childForFieldName('object')?.text === receiver) return expression.childForFieldName('right') ?? undefined;
    }
    return undefined;
  }
  let call: Node | undefined = expression;
  for (let i = 0; call?.type === 'call_expression' && i < 8; i++) {
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_expression') return undefined;
    const object = fn.childForFieldName('object');
    if (STATUS_METHODS.has(propertyName(fn) ?? '') && object?.text === receiver) return argumentsOf(call)[0];
    call = object ? unwrap(object) : undefined;
  }
  return undefined;
}

interface StatusInfo {
  readonly status: StatusClass;
  /** A constant (`500`, `StatusCodes.BAD_REQUEST`), not a fallback (`err.status || 500`). */
  readonly exact: boolean;
}

const UNKNOWN_STATUS: StatusInfo = { status: 'unknown', exact: false };

function classifyStatus(expression: Node, depth = 0): StatusInfo {
  const n = unwrap(expression);
  if (n.type === 'identifier' && depth < 2) {
    const infos = localDefinitions(scopeOf(n), n.text, n.startIndex).map((d) => classifyStatus(d.value, depth + 1));
    if (infos.length === 0) return { status: statusClassOfName(n.text), exact: statusClassOfName(n.text) !== 'unknown' };
    return { status: combineStatusClasses(infos.map((i) => i.status)), exact: infos.every((i) => i.exact) };
  }
  if (n.type === 'number') return { status: statusClassOfCode(Number(n.text)), exact: true };
  if (n.type === 'member_expression') {
    const named = statusClassOfName(propertyName(n) ?? '');
    if (named !== 'unknown') return { status: named, exact: true };
  }
  const classes: StatusClass[] = [];
  for (const leaf of n.descendantsOfType(['number', 'property_identifier', 'identifier'])) {
    if (!leaf) continue;
    classes.push(leaf.type === 'number' ? statusClassOfCode(Number(leaf.text)) : statusClassOfName(leaf.text));
  }
  return { status: combineStatusClasses(classes), exact: false };
}

function statusOfSink(sink: Sink): StatusInfo {
  if (sink.statusName) return { status: statusClassOfName(sink.statusName), exact: true };
  if (sink.statusExpressions.length > 0) {
    const infos = sink.statusExpressions.map((e) => classifyStatus(e));
    return { status: combineStatusClasses(infos.map((i) => i.status)), exact: infos.every((i) => i.exact) };
  }
  if (!sink.receiver) return UNKNOWN_STATUS;
  const place = statementInBlock(sink.node);
  if (!place) return UNKNOWN_STATUS;
  const statements = named(place.block);
  const index = statements.findIndex((s) => s.id === place.statement.id);
  for (let i = index - 1; i >= 0; i--) {
    const statement = statements[i];
    const status = statement ? statusSetBy(statement, sink.receiver) : undefined;
    if (status) return classifyStatus(status);
  }
  for (let i = index + 1; i < statements.length; i++) {
    const statement = statements[i];
    const status = statement ? statusSetBy(statement, sink.receiver) : undefined;
    if (status) return classifyStatus(status);
  }
  return UNKNOWN_STATUS;
}

// --- local variables -----------------------------------------------------------------------------

interface Definition {
  /** The value assigned. */
  readonly value: Node;
  /** `const x = v` / `x = v` (true) or `x.prop = v` (false: a part of the value). */
  readonly whole: boolean;
}

function rootIdentifier(node: Node): Node | undefined {
  let current = unwrap(node);
  for (let i = 0; current.type === 'member_expression' || current.type === 'subscript_expression'; i++) {
    const object = current.childForFieldName('object');
    if (!object || i > 10) return undefined;
    current = unwrap(object);
  }
  return current.type === 'identifier' || current.type === 'shorthand_property_identifier' ? current : undefined;
}

/**
 * Whether a declaration or assignment starting at `start` can define `name`: its name (or the root of
 * its target, `name.prop = …`) starts there, so a different word there rules it out without reading
 * the tree (`(a).b = …`, `<T>a.b = …` start otherwise and are read). Not where a syntax error touches
 * `start` (a MISSING name, skipped text before it).
 */
function mayDefineAt(start: number, name: string, errors: SyntaxErrors): boolean {
  if (!errors.none && errors.touch(start, start)) return true;
  const first = source.charCodeAt(start);
  if (!isNameChar(first) || (first >= 48 && first <= 57)) return true;
  if (!source.startsWith(name, start)) return false;
  const next = source.charCodeAt(start + name.length);
  return !isNameChar(next) && next !== 92 && !(next >= 128); // not a longer name (`\u…` escapes and non-ASCII letters included)
}

/** Values given to `name` inside `scope` before offset `before`: declarations, assignments, property assignments. */
function localDefinitions(scope: Node, name: string, before: number): Definition[] {
  const result: Definition[] = [];
  const candidates = fileIndex ? fileIndex.definitionsIn(scope) : scope.descendantsOfType(DEFINITION_TYPES);
  for (const node of candidates) {
    if (!node || node.startIndex >= before) continue;
    if (fileIndex && !mayDefineAt(node.startIndex, name, fileIndex.errors)) continue;
    if (node.type === 'variable_declarator') {
      const value = node.childForFieldName('value');
      if (node.childForFieldName('name')?.text === name && value) result.push({ value, whole: true });
      continue;
    }
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) continue;
    if (left.type === 'identifier') {
      if (left.text === name) result.push({ value: right, whole: true });
    } else if (left.type === 'member_expression' || left.type === 'subscript_expression') {
      if (rootIdentifier(left)?.text === name) result.push({ value: right, whole: false });
    }
  }
  return result;
}

// --- walking the value ---------------------------------------------------------------------------

interface Leak {
  readonly kind: LeakKind;
  /** The expression to report and replace. */
  readonly anchor: Node;
  /** The error data itself (`err.stack`), where guards are looked for. */
  readonly leaf: Node;
  /** The error expression (`err`), for the log line. */
  readonly error: Node;
  readonly binding: ErrorBinding;
  /** Variable the value travelled through. */
  readonly via?: string;
}

interface WalkState {
  /** Outermost wrapper (template, concatenation, `String()`, ternary) around the current node. */
  readonly anchor: Node | undefined;
  /** The value is turned into text here (`${err}` is the message, not the object). */
  readonly stringy: boolean;
  readonly depth: number;
  readonly via: string | undefined;
  /** When walking `const x = <value>` reached from a use of `x`: that use, and the value. */
  readonly reanchor: { readonly use: Node; readonly value: Node } | undefined;
  readonly followed: ReadonlySet<string>;
}

const FRESH: WalkState = { anchor: undefined, stringy: false, depth: 0, via: undefined, reanchor: undefined, followed: new Set() };

const STACK_PROPERTIES = new Set(['stack', 'stackTrace']);
const INTERNAL_PROPERTIES = new Set(['sql', 'sqlMessage']);
const INSPECT_FUNCTIONS = new Set(['inspect', 'serializeError', 'serialize']);

class Walker {
  readonly leaks: Leak[] = [];

  push(kind: LeakKind, leaf: Node, error: Node, binding: ErrorBinding, state: WalkState): void {
    const anchor = reanchor(state.anchor ?? leaf, state.reanchor, unwrap);
    this.leaks.push({ kind, anchor, leaf, error, binding, ...(state.via ? { via: state.via } : {}) });
  }

  walk(node: Node, state: WalkState): void {
    switch (node.type) {
      case 'parenthesized_expression':
      case 'as_expression':
      case 'non_null_expression':
      case 'satisfies_expression':
      case 'await_expression':
      case 'type_assertion': {
        const inner = node.type === 'type_assertion' ? named(node).at(-1) : named(node)[0];
        if (inner) this.walk(inner, state);
        return;
      }
      case 'identifier':
        this.identifier(node, state);
        return;
      case 'shorthand_property_identifier':
        this.identifier(node, { ...state, anchor: state.anchor ?? node });
        return;
      case 'member_expression':
        this.member(node, state);
        return;
      case 'call_expression':
        this.call(node, state);
        return;
      case 'object':
        for (const child of named(node)) {
          const fresh = { ...state, anchor: undefined, stringy: false };
          if (child.type === 'pair') {
            const value = child.childForFieldName('value');
            if (value) this.walk(value, fresh);
          } else if (child.type === 'shorthand_property_identifier') {
            this.walk(child, fresh);
          } else if (child.type === 'spread_element') {
            const inner = named(child)[0];
            if (inner) this.walk(inner, { ...fresh, anchor: child });
          }
        }
        return;
      case 'array':
        for (const child of named(node)) this.walk(child, { ...state, anchor: undefined, stringy: false });
        return;
      case 'template_string':
        for (const child of named(node)) {
          if (child.type !== 'template_substitution') continue;
          const inner = named(child)[0];
          if (inner) this.walk(inner, { ...state, anchor: state.anchor ?? node, stringy: true });
        }
        return;
      case 'binary_expression': {
        const operator = node.childForFieldName('operator')?.type;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const wrapped = { ...state, anchor: state.anchor ?? node };
        if (operator === '+') {
          if (left) this.walk(left, { ...wrapped, stringy: true });
          if (right) this.walk(right, { ...wrapped, stringy: true });
        } else if (operator === '||' || operator === '??') {
          if (left) this.walk(left, wrapped);
          if (right) this.walk(right, wrapped);
        } else if (operator === '&&' && right) {
          this.walk(right, wrapped);
        }
        return;
      }
      case 'ternary_expression': {
        const wrapped = { ...state, anchor: state.anchor ?? node };
        const consequence = node.childForFieldName('consequence');
        const alternative = node.childForFieldName('alternative');
        if (consequence) this.walk(consequence, wrapped);
        if (alternative) this.walk(alternative, wrapped);
        return;
      }
      default:
        return;
    }
  }

  identifier(node: Node, state: WalkState): void {
    const name = node.text;
    const binding = bindingOf(node, name);
    if (binding === 'other') return;
    if (binding) {
      this.push(state.stringy ? 'message' : 'raw', node, node, binding, state);
      return;
    }
    if (state.depth >= 3 || state.followed.has(name) || name === 'undefined') return;
    const followed = new Set(state.followed).add(name);
    for (const definition of localDefinitions(scopeOf(node), name, node.startIndex)) {
      const next: WalkState = {
        anchor: undefined,
        stringy: definition.whole ? state.stringy : false,
        depth: state.depth + 1,
        via: name,
        reanchor: definition.whole ? { use: state.anchor ?? node, value: definition.value } : undefined,
        followed,
      };
      this.walk(definition.value, next);
    }
  }

  member(node: Node, state: WalkState): void {
    const property = propertyName(node) ?? '';
    const object = node.childForFieldName('object');
    if (!object) return;
    let kind: LeakKind | undefined;
    if (STACK_PROPERTIES.has(property)) kind = 'stack';
    else if (INTERNAL_PROPERTIES.has(property)) kind = 'internal';
    else if (property === 'message') kind = 'message';
    if (!kind) return;
    const binding = errorBindingOfExpression(object);
    if (binding) this.push(kind, node, unwrap(object), binding, state);
  }

  call(node: Node, state: WalkState): void {
    const callee = node.childForFieldName('function');
    const first = argumentsOf(node)[0];
    if (!callee) return;
    const name = callee.type === 'member_expression' ? (propertyName(callee) ?? '') : callee.text;
    const wrapped = { ...state, anchor: state.anchor ?? node };
    if (callee.type === 'identifier' && name === 'String' && first) {
      this.walk(first, { ...wrapped, stringy: true });
    } else if (callee.text === 'JSON.stringify' && first) {
      this.walk(first, { ...wrapped, stringy: false });
    } else if (INSPECT_FUNCTIONS.has(name) && first) {
      const binding = errorBindingOfExpression(first);
      if (binding) this.push('stack', node, unwrap(first), binding, wrapped);
    } else if (name === 'toString' && callee.type === 'member_expression') {
      const object = callee.childForFieldName('object');
      if (object) this.walk(object, { ...wrapped, stringy: true });
    }
  }
}

// --- guards --------------------------------------------------------------------------------------

const GENERIC_ERROR_CLASSES = new Set([
  ...BROAD_EXCEPTION_TYPES, 'TypeError', 'RangeError', 'ReferenceError', 'SyntaxError', 'EvalError', 'URIError', 'AggregateError', 'Object',
]);
const NARROWING_PROPERTIES = new Set(['name', 'code', 'status', 'statusCode', 'errorCode', 'httpStatus', 'httpCode', 'expose', 'isOperational', 'isJoi', 'isBoom', 'type', 'kind', 'constructor']);
const NARROWING_CALL = /^is(?:HttpError|Boom|[A-Z][A-Za-z]*(?:Validation|Client|Http|User|App|Api|Business|Domain|NotFound|Auth)[A-Za-z]*Error)$/;

/** Does this condition check the error's kind (`err instanceof NotFoundError`, `err.code === 'E_VALIDATION'`, `err.expose`)? */
function isNarrowing(condition: Node): boolean {
  const text = condition.text;
  if (text.length > 300) return false;
  for (const node of condition.descendantsOfType(['binary_expression', 'member_expression', 'call_expression'])) {
    if (!node) continue;
    if (node.type === 'binary_expression' && node.childForFieldName('operator')?.type === 'instanceof') {
      const right = node.childForFieldName('right');
      const className = right ? right.text.slice(right.text.lastIndexOf('.') + 1) : '';
      if (!GENERIC_ERROR_CLASSES.has(className)) return true;
    } else if (node.type === 'member_expression') {
      const object = node.childForFieldName('object');
      if (NARROWING_PROPERTIES.has(propertyName(node) ?? '') && object && errorBindingOfExpression(object)) return true;
    } else if (node.type === 'call_expression') {
      const callee = node.childForFieldName('function');
      const name = callee?.type === 'member_expression' ? propertyName(callee) : callee?.text;
      if (name && NARROWING_CALL.test(name)) return true;
    }
  }
  return false;
}

/** `!(err instanceof AppError)`, `!err.isOperational`, `!(err instanceof AppError) || !err.isOperational`. */
function isNegatedNarrowing(condition: Node, depth = 0): boolean {
  const n = unwrap(condition);
  if (n.type === 'binary_expression' && n.childForFieldName('operator')?.type === '||' && depth < 4) {
    return [n.childForFieldName('left'), n.childForFieldName('right')].some((side) => side !== null && isNegatedNarrowing(side, depth + 1));
  }
  if (n.type !== 'unary_expression' || n.childForFieldName('operator')?.type !== '!') return false;
  const argument = n.childForFieldName('argument');
  return argument !== null && isNarrowing(argument);
}

function isDevGuard(condition: Node, inElseBranch: boolean): boolean {
  const text = condition.text;
  return text.length <= 300 && isDevGuardCondition(text, inElseBranch);
}

function exits(statement: Node): boolean {
  if (statement.type === 'return_statement' || statement.type === 'throw_statement') return true;
  if (statement.type !== 'statement_block') return false;
  const last = named(statement).at(-1);
  return last?.type === 'return_statement' || last?.type === 'throw_statement';
}

interface Guards {
  /** Only runs in development / debug mode. */
  readonly development: boolean;
  /** A check on the error's kind decides this branch. */
  readonly narrowed: boolean;
}

/** Conditions between `start` and its function that decide whether it runs. */
function guardsOf(start: Node): Guards {
  let development = false;
  let narrowed = false;
  let child = start;
  for (let current = start.parent; current && !isFunction(current); child = current, current = current.parent) {
    let condition: Node | null = null;
    let inElse = false;
    if (current.type === 'if_statement' || current.type === 'ternary_expression') {
      condition = current.childForFieldName('condition');
      if (condition?.id === child.id) continue;
      inElse = current.childForFieldName('alternative')?.id === child.id;
    } else if (current.type === 'binary_expression' && current.childForFieldName('right')?.id === child.id) {
      const operator = current.childForFieldName('operator')?.type;
      if (operator === '&&') condition = current.childForFieldName('left');
    } else if (current.type === 'switch_case') {
      const value = current.childForFieldName('value');
      const discriminant = current.parent?.parent?.childForFieldName('value');
      if (value && value.id !== child.id) {
        if (isDevGuard(value, false) || (discriminant && isDevGuard(discriminant, false) && /dev|local/i.test(value.text))) development = true;
        if (discriminant && isNarrowing(discriminant)) narrowed = true;
      }
    } else if (current.type === 'statement_block') {
      // Early exits before this statement: `if (!(err instanceof AppError)) return next(err);`
      for (const sibling of named(current)) {
        if (sibling.startIndex >= child.startIndex) break;
        if (sibling.type !== 'if_statement') continue;
        const test = sibling.childForFieldName('condition');
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

const LOG_METHODS = new Set(['error', 'warn', 'fatal', 'exception', 'log', 'info', 'debug', 'trace', 'captureException']);

/** A statement before `statement` in its block already logs `name`. */
function alreadyLogged(statement: Node, block: Node, name: string): boolean {
  for (const sibling of named(block)) {
    if (sibling.startIndex >= statement.startIndex) break;
    if (sibling.type !== 'expression_statement') continue;
    const call = unwrap(named(sibling)[0] ?? sibling);
    const callee = call.type === 'call_expression' ? call.childForFieldName('function') : null;
    if (callee?.type !== 'member_expression' || !LOG_METHODS.has(propertyName(callee) ?? '')) continue;
    if (call.descendantsOfType(['identifier']).some((id) => id?.text === name)) return true;
  }
  return false;
}

/** Edits that put `line` before the statement holding `anchor`, adding braces where the statement has none. */
function logEdits(text: string, anchor: Node, line: string, errorName: string): TextEdit[] {
  let current: Node = anchor;
  while (current.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'statement_block' || parent.type === 'program' || parent.type === 'switch_case' || parent.type === 'switch_default') {
      if (alreadyLogged(current, parent, errorName)) return [];
      const layout = (fileCache.layout ??= detectLayout(text, '  '));
      const at = current.startIndex;
      return [{ start: at, end: at, text: isFirstOnLine(text, at) ? `${line}${layout.eol}${indentOfLine(text, at)}` : `${line} ` }];
    }
    const braceless =
      parent.type === 'else_clause' ||
      ((parent.type === 'if_statement' || parent.type === 'for_statement' || parent.type === 'for_in_statement' || parent.type === 'while_statement') &&
        (parent.childForFieldName('consequence')?.id === current.id || parent.childForFieldName('body')?.id === current.id));
    if (braceless) {
      return [
        { start: current.startIndex, end: current.startIndex, text: `{ ${line} ` },
        { start: current.endIndex, end: current.endIndex, text: ' }' },
      ];
    }
    if (parent.type === 'arrow_function' && parent.childForFieldName('body')?.id === current.id) {
      return [
        { start: current.startIndex, end: current.startIndex, text: `{ ${line} return ` },
        { start: current.endIndex, end: current.endIndex, text: '; }' },
      ];
    }
    if (isFunction(parent)) return [];
    current = parent;
  }
  return [];
}

/** Keys that only carry debugging detail: the property goes, rather than becoming a second generic message. */
const DEBUG_ONLY_KEYS = new Set(['stack', 'stackTrace', 'stacktrace', 'trace', 'traceback', 'sql']);

/** `{ error: 'Failed', stack: err.stack }` -> `{ error: 'Failed' }`: deletes the pair when the object keeps other members. */
function removeDebugProperty(anchor: Node): TextEdit | undefined {
  const pair = anchor.parent;
  const object = pair?.parent;
  if (pair?.type !== 'pair' || pair.childForFieldName('value')?.id !== anchor.id || object?.type !== 'object') return undefined;
  const key = pair.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '') ?? '';
  if (!DEBUG_ONLY_KEYS.has(key)) return undefined;
  const members = named(object);
  const index = members.findIndex((m) => m.id === pair.id);
  const next = members[index + 1];
  const previous = members[index - 1];
  if (next) return { start: pair.startIndex, end: next.startIndex, text: '' };
  if (previous) return { start: previous.endIndex, end: pair.endIndex, text: '' };
  return undefined;
}

/** Per-file memo for quick-fix building (many findings in one file must not rescan it each time). */
const fileCache: { layout?: Layout; quotes: Map<number, string>; loggers: Map<number, string> } = { quotes: new Map(), loggers: new Map() };

/** The quote the surrounding code uses for strings. */
function quoteNear(node: Node): string {
  const scope = scopeOf(node);
  let quote = fileCache.quotes.get(scope.id);
  if (quote === undefined) {
    const string = scope.descendantsOfType(['string'])[0];
    quote = string?.text.startsWith('"') ? '"' : "'";
    fileCache.quotes.set(scope.id, quote);
  }
  return quote;
}

/** The logger to call at `at`, memoised per enclosing class (NestJS `this.logger`) or per file. */
function loggerAt(root: Node, at: Node): string {
  let key = -1;
  for (let current = at.parent; current; current = current.parent) {
    if (current.type === 'class_body') {
      key = current.id;
      break;
    }
  }
  let receiver = fileCache.loggers.get(key);
  if (receiver === undefined) {
    receiver = findEcmaLogger(root, at).receiver;
    fileCache.loggers.set(key, receiver);
  }
  return receiver;
}

function buildFix(context: RuleContext, leak: Leak, sink: Sink): Fix {
  const quote = quoteNear(leak.anchor);
  const literal = `${quote}${GENERIC_ERROR_MESSAGE}${quote}`;
  let replacement = literal;
  if (leak.anchor.type === 'shorthand_property_identifier') replacement = `${leak.anchor.text}: ${literal}`;
  else if (leak.anchor.type === 'spread_element') replacement = `error: ${literal}`;
  else if (sink.json && leak.anchor.parent?.type === 'arguments' && leak.anchor.parent.parent?.id === sink.node.id) replacement = `{ error: ${literal} }`;
  const edits: TextEdit[] = [removeDebugProperty(leak.anchor) ?? { start: leak.anchor.startIndex, end: leak.anchor.endIndex, text: replacement }];
  // Log the error where it is in scope: the root identifier of the error expression.
  const root = rootIdentifier(leak.error);
  if (root) {
    const inScope = !leak.via || bindingOf(leak.anchor, root.text) !== undefined;
    const errorText = leak.error.type === 'identifier' || leak.error.type === 'member_expression' ? leak.error.text : root.text;
    if (inScope && errorText.length <= 60) {
      const logger = loggerAt(context.root, leak.anchor);
      edits.push(...logEdits(context.file.text, leak.anchor, `${logger}.error(${errorText});`, root.text));
    }
  }
  return { title: FIX_TITLE, edits, isPreferred: true };
}

// --- the check -----------------------------------------------------------------------------------

export function checkEcmascript(context: RuleContext): void {
  if (context.file.isTestPath) return;
  source = context.file.text;
  fileCache.layout = undefined;
  fileCache.quotes.clear();
  fileCache.loggers.clear();
  const best = new WorstLeaks<{ leak: Leak; sink: Sink; status: StatusInfo }>();
  // `new Response(...)` / NestJS exceptions, and `ctx.body =` / `res.locals.x =`, only where the file names them.
  const types = ['call_expression'];
  // (one regular-expression search of the text is faster than two `includes`)
  if (/Response|Exception/.test(source)) types.push('new_expression');
  if (/\.(?:body|locals)/.test(source)) types.push('assignment_expression');
  // Only calls of a sink method's name can be call sinks (see `callsNamed`).
  const named = callsNamed(context.root, source, SINK_CALLS);
  fileIndex = new FileIndex(context.root);
  try {
    findLeaks(context, types, named, best);
    for (const { leak, sink, status } of best.values()) {
      context.report({
        node: leak.anchor,
        message: leakSiteMessage(leak, status.status),
        fixes: [buildFix(context, leak, sink)],
      });
    }
  } finally {
    fileIndex = undefined; // no nodes kept after the check
  }
}

/** Every sink of the file (`types`: the node types that can be one), the leaks reaching it kept in `best`. */
function findLeaks(context: RuleContext, types: string[], named: NamedCalls, best: WorstLeaks<{ leak: Leak; sink: Sink; status: StatusInfo }>): void {
  const calls = types.length > 1 ? idsOf(context.root.descendantsOfType('call_expression')) : undefined;
  for (const node of context.root.descendantsOfType(types)) {
    if (!node) continue;
    const isCall = calls ? calls.has(node.id) : true;
    if (isCall && !named.mayBe(node)) continue;
    const sink = isCall ? sinkOfCall(node) : node.type === 'new_expression' ? sinkOfNew(node) : sinkOfAssignment(node);
    if (!sink) continue;
    const walker = new Walker();
    for (const value of sink.values) walker.walk(value, FRESH);
    if (walker.leaks.length === 0) continue;
    const status = statusOfSink(sink);
    const sinkGuards = guardsOf(sink.node);
    if (sinkGuards.development) continue;
    for (const leak of walker.leaks) {
      const guards = guardsOf(leak.leaf);
      if (guards.development) continue;
      const reportable = isReportable({
        kind: leak.kind,
        sink: sink.kind,
        status: status.status,
        exactStatus: status.exact,
        fromCatchAll: CATCH_ALL_SOURCES.has(leak.binding.source),
        narrowed: guards.narrowed || sinkGuards.narrowed,
      });
      if (!reportable) continue;
      best.add({ leak, sink, status });
    }
  }
}
