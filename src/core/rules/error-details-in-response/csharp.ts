/**
 * `error-details-in-response` for C#: ASP.NET Core controller helpers (`StatusCode(500, ...)`,
 * `BadRequest(...)`, `Problem(detail: ...)`, `Content(...)`, `Json(...)`), minimal-API results
 * (`Results.Problem(...)`, `Results.Json(...)`, `TypedResults.*`), action results built by hand
 * (`new ObjectResult(...) { StatusCode = 500 }`, `new ProblemDetails { Detail = ... }`) and
 * middleware writing the response (`context.Response.WriteAsync(...)`, `WriteAsJsonAsync(...)`),
 * including exception-handler endpoints that read `IExceptionHandlerPathFeature.Error`.
 *
 * In .NET, `ex.ToString()` (and `$"{ex}"`, `"…" + ex`) contains the stack trace, as does a
 * serialised `Exception`; `ex.Message` is the message, and the message of a database exception
 * (`SqlException`, `DbUpdateException`, `NpgsqlException`...) counts as internal detail. The
 * verdict is `./leak.ts`'s; development-only code (`if (env.IsDevelopment())`, `#if DEBUG`) is skipped.
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import {
  csArguments,
  type CsArgument,
  csDeclarationOf,
  csDeclaredType,
  csInvocationName,
  csInvocationNameFilter,
  csLoggerName,
  csTypeName,
  csVariableValue,
  enclosingCsFunction,
  enclosingCsTypeBody,
  isCsDevGuardCondition,
  isInsideCsCondition,
  named,
} from '../shared/csharp';
import { BROAD_EXCEPTION_TYPES } from '../shared/errors';
import { statusClassOfCode, statusClassOfName, type StatusClass } from '../shared/http';
import { detectLayout, indentOfLine, isFirstOnLine } from '../shared/indentation';
import { descendantsWithin } from '../shared/java';
import { FIX_TITLE, GENERIC_ERROR_MESSAGE, isReportable, LEAK_KIND_RANK, leakMessage, type LeakKind } from './leak';

/** Types whose message is database internals (SQL text, constraint and table names). */
export const CS_DB_EXCEPTION = /^(?:SqlException|DbException|DbUpdateException|DbUpdateConcurrencyException|NpgsqlException|PostgresException|MySqlException|SqliteException|OracleException|MongoException|MongoCommandException|RedisException|RedisConnectionException|CosmosException)$/;
const HANDLER_FEATURES = new Set(['IExceptionHandlerFeature', 'IExceptionHandlerPathFeature']);
const CATCH_ALL = new Set([...BROAD_EXCEPTION_TYPES, 'SystemException']);

/** Controller / minimal-API helpers: the status they imply and where their body arguments are. */
interface HelperShape {
  readonly status?: StatusClass;
  /** Positional index of the status argument, and its name. */
  readonly statusAt?: number;
  /** Positional indexes and names of the body arguments. */
  readonly values: readonly (number | string)[];
  /** A helper that defaults to 500 when no status is given (`Problem`). */
  readonly defaultServer?: boolean;
}

const HELPERS: ReadonlyMap<string, HelperShape> = new Map<string, HelperShape>([
  ['StatusCode', { statusAt: 0, values: [1, 'value'] }],
  ['BadRequest', { status: 'client', values: [0, 'error', 'value'] }],
  ['NotFound', { status: 'client', values: [0, 'value'] }],
  ['Conflict', { status: 'client', values: [0, 'error', 'value'] }],
  ['UnprocessableEntity', { status: 'client', values: [0, 'error', 'value'] }],
  ['Unauthorized', { status: 'client', values: [0, 'value'] }],
  ['ValidationProblem', { status: 'client', values: [0, 'detail', 'errors'] }],
  ['Ok', { status: 'success', values: [0, 'value'] }],
  ['Accepted', { status: 'success', values: [1, 'value'] }],
  ['InternalServerError', { status: 'server', values: [0, 'error', 'value'] }],
  ['Content', { values: [0, 'content'] }],
  ['Text', { values: [0, 'content'] }],
  ['Json', { values: [0, 'data', 'value'], statusAt: 3 }],
  ['Problem', { statusAt: 2, values: [0, 'detail', 3, 'title'], defaultServer: true }],
]);

const RESULT_TYPES: ReadonlyMap<string, StatusClass> = new Map([
  ['ObjectResult', 'unknown'], ['JsonResult', 'unknown'], ['ContentResult', 'unknown'], ['ProblemDetails', 'server'],
  ['BadRequestObjectResult', 'client'], ['NotFoundObjectResult', 'client'], ['ConflictObjectResult', 'client'],
  ['UnprocessableEntityObjectResult', 'client'], ['OkObjectResult', 'success'],
]);

interface ExceptionInfo {
  readonly types: readonly string[];
  readonly fromCatchAll: boolean;
  readonly narrowed: boolean;
  /** Expression that evaluates to the exception, for the log line of the fix (`ex`, `feature?.Error`). */
  readonly expression: string;
}

interface Leak {
  readonly kind: LeakKind;
  readonly anchor: Node;
  readonly leaf: Node;
  readonly error: ExceptionInfo;
  readonly via?: string;
  readonly stringTyped: boolean;
}

interface Sink {
  readonly node: Node;
  readonly values: readonly Node[];
  readonly status: StatusClass;
  readonly exact: boolean;
}

// --- exceptions ------------------------------------------------------------------------------------

function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 8; i++) {
    if (current.type === 'parenthesized_expression' || current.type === 'postfix_unary_expression') {
      const inner = named(current)[0];
      if (!inner) break;
      current = inner;
    } else if (current.type === 'cast_expression') {
      const inner = current.childForFieldName('value');
      if (!inner) break;
      current = inner;
    } else break;
  }
  return current;
}

/** `var feature = context.Features.Get<IExceptionHandlerPathFeature>()` (or a typed declaration). */
function isHandlerFeature(node: Node, depth = 0): boolean {
  const current = unwrap(node);
  if (current.type === 'invocation_expression') {
    const fn = current.childForFieldName('function');
    const generic = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : fn;
    return generic?.type === 'generic_name' && named(named(generic).find((c) => c.type === 'type_argument_list')).some((t) => HANDLER_FEATURES.has(csTypeName(t)));
  }
  if (current.type === 'identifier' && depth < 3) {
    const declaration = csDeclarationOf(current);
    if (!declaration) return false;
    if (HANDLER_FEATURES.has(csDeclaredType(declaration))) return true;
    const value = declaration.declarator ? csVariableValue(declaration.declarator) : undefined;
    return value ? isHandlerFeature(value, depth + 1) : false;
  }
  return false;
}

/** The receiver and member of `a.B` or `a?.B`. */
function memberParts(node: Node): { receiver: Node; name: string } | undefined {
  if (node.type === 'member_access_expression') {
    const receiver = node.childForFieldName('expression');
    const name = node.childForFieldName('name')?.text;
    return receiver && name ? { receiver, name } : undefined;
  }
  if (node.type === 'conditional_access_expression') {
    const receiver = node.childForFieldName('condition');
    const binding = named(node).find((c) => c.type === 'member_binding_expression');
    const name = binding?.childForFieldName('name')?.text;
    return receiver && name ? { receiver, name } : undefined;
  }
  return undefined;
}

/** `ex`, `ex.InnerException`, `ex.GetBaseException()`, `feature.Error`: the exception an expression evaluates to. */
function exceptionExpression(node: Node, depth = 0): ExceptionInfo | undefined {
  if (depth > 6) return undefined;
  const current = unwrap(node);
  if (current.type === 'identifier') {
    const declaration = csDeclarationOf(current);
    if (!declaration) return undefined;
    const type = csDeclaredType(declaration);
    if (declaration.kind === 'catch_declaration') {
      const fromCatchAll = CATCH_ALL.has(type);
      const filtered = named(declaration.typed.parent).some((c) => c.type === 'catch_filter_clause');
      return { types: [type], fromCatchAll, narrowed: !fromCatchAll || filtered, expression: current.text };
    }
    if (declaration.kind === 'parameter' && type.endsWith('Exception')) {
      const fromCatchAll = CATCH_ALL.has(type);
      return { types: [type], fromCatchAll, narrowed: !fromCatchAll, expression: current.text };
    }
    if (declaration.kind === 'variable_declarator' && type.endsWith('Exception')) {
      return { types: [type], fromCatchAll: CATCH_ALL.has(type), narrowed: !CATCH_ALL.has(type), expression: current.text };
    }
    return undefined;
  }
  const member = memberParts(current);
  if (member) {
    if (member.name === 'InnerException') {
      const inner = exceptionExpression(member.receiver, depth + 1);
      return inner ? { ...inner, types: ['Exception'], expression: current.text } : undefined;
    }
    if (member.name === 'Error' && isHandlerFeature(member.receiver)) {
      return { types: ['Exception'], fromCatchAll: true, narrowed: false, expression: current.text };
    }
    return undefined;
  }
  if (current.type === 'invocation_expression') {
    const { receiver, name } = csInvocationName(current);
    if (name === 'GetBaseException' && receiver) {
      const inner = exceptionExpression(receiver, depth + 1);
      return inner ? { ...inner, types: ['Exception'] } : undefined;
    }
  }
  return undefined;
}

function messageKind(error: ExceptionInfo): LeakKind {
  return error.types.some((t) => CS_DB_EXCEPTION.test(t)) ? 'internal' : 'message';
}

// --- walking values --------------------------------------------------------------------------------

const FORMAT_CALLS = new Set(['Format', 'Join', 'Concat', 'Serialize', 'SerializeObject', 'Create', 'FromResult', 'Add', 'TryAdd']);

class Walker {
  readonly leaks: Leak[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly sink: Node) {}

  walk(node: Node | null | undefined, stringContext = false, via?: string, depth = 0): void {
    if (!node || depth > 12 || this.seen.has(node.id)) return;
    this.seen.add(node.id);
    const next = depth + 1;
    const extra = via ? { via } : {};
    const error = exceptionExpression(node);
    if (error) {
      // ToString() of an exception includes its stack trace; serialisers write StackTrace too.
      this.leaks.push({ kind: 'stack', anchor: node, leaf: node, error, stringTyped: stringContext, ...extra });
      return;
    }
    switch (node.type) {
      case 'parenthesized_expression':
      case 'cast_expression':
      case 'argument':
        this.walk(node.type === 'cast_expression' ? node.childForFieldName('value') : named(node).pop(), stringContext, via, next);
        return;
      case 'conditional_expression':
        this.walk(node.childForFieldName('consequence'), stringContext, via, next);
        this.walk(node.childForFieldName('alternative'), stringContext, via, next);
        return;
      case 'binary_expression': {
        const operator = node.child(1)?.type;
        if (operator !== '+' && operator !== '??') return;
        this.walk(node.childForFieldName('left'), operator === '+', via, next);
        this.walk(node.childForFieldName('right'), operator === '+', via, next);
        return;
      }
      case 'interpolated_string_expression':
        for (const interpolation of named(node).filter((c) => c.type === 'interpolation')) {
          const expression = named(interpolation).find((c) => c.type !== 'interpolation_brace' && c.type !== 'interpolation_format_clause' && c.type !== 'interpolation_alignment_clause');
          this.walk(expression, true, via, next);
        }
        return;
      case 'anonymous_object_creation_expression':
      case 'initializer_expression':
      case 'tuple_expression':
        for (const child of named(node)) {
          if (child.type === 'identifier' && child.nextSibling?.type === '=') continue; // member name
          this.walk(child.type === 'assignment_expression' ? child.childForFieldName('right') : child, false, via, next);
        }
        return;
      case 'object_creation_expression':
        for (const argument of csArguments(node)) this.walk(argument.value, false, via, next);
        this.walk(node.childForFieldName('initializer'), false, via, next);
        return;
      case 'member_access_expression':
      case 'conditional_access_expression':
        this.walkMember(node, via);
        return;
      case 'invocation_expression':
        this.walkCall(node, via, next);
        return;
      case 'identifier':
        this.followLocal(node, next);
        return;
      default:
        return;
    }
  }

  private walkMember(node: Node, via: string | undefined): void {
    const member = memberParts(node);
    if (!member) return;
    const error = exceptionExpression(member.receiver);
    if (!error) return;
    const extra = via ? { via } : {};
    if (member.name === 'Message') this.leaks.push({ kind: messageKind(error), anchor: node, leaf: node, error, stringTyped: true, ...extra });
    else if (member.name === 'StackTrace') this.leaks.push({ kind: 'stack', anchor: node, leaf: node, error, stringTyped: true, ...extra });
  }

  private walkCall(call: Node, via: string | undefined, depth: number): void {
    const { receiver, name } = csInvocationName(call);
    const error = receiver ? exceptionExpression(receiver) : undefined;
    if (error) {
      if (name === 'ToString') this.leaks.push({ kind: 'stack', anchor: call, leaf: call, error, stringTyped: true, ...(via ? { via } : {}) });
      return;
    }
    if (FORMAT_CALLS.has(name)) {
      for (const argument of csArguments(call)) this.walk(argument.value, name === 'Format' || name === 'Join' || name === 'Concat', via, depth);
    }
  }

  private followLocal(identifier: Node, depth: number): void {
    const declaration = csDeclarationOf(identifier);
    if (declaration?.kind !== 'variable_declarator' || declaration.member || !declaration.declarator) return;
    const name = identifier.text;
    this.walk(csVariableValue(declaration.declarator), false, name, depth);
    const fn = enclosingCsFunction(identifier);
    if (!fn) return;
    // body["error"] = ex.Message; body.Add("trace", ex.StackTrace);
    for (const node of fn.descendantsOfType(['assignment_expression', 'invocation_expression'])) {
      if (!node || node.startIndex > this.sink.startIndex || node.startIndex < declaration.declarator.startIndex) continue;
      if (node.type === 'assignment_expression') {
        const left = node.childForFieldName('left');
        const target = left?.type === 'element_access_expression' ? left.childForFieldName('expression') : left?.type === 'member_access_expression' ? left.childForFieldName('expression') : undefined;
        if (target?.text === name) this.walk(node.childForFieldName('right'), false, name, depth);
      } else {
        const { receiver, name: method } = csInvocationName(node);
        if (receiver?.text === name && (method === 'Add' || method === 'TryAdd' || method === 'Append' || method === 'AppendLine')) {
          for (const argument of csArguments(node)) this.walk(argument.value, method.startsWith('Append'), name, depth);
        }
      }
    }
  }
}

// --- sinks -----------------------------------------------------------------------------------------

function statusOf(node: Node | null | undefined): { status: StatusClass; exact: boolean } {
  if (!node) return { status: 'unknown', exact: false };
  const current = unwrap(node);
  if (current.type === 'integer_literal') return { status: statusClassOfCode(Number(current.text)), exact: true };
  const last = current.type === 'member_access_expression' ? current.childForFieldName('name')?.text : current.type === 'identifier' ? current.text : undefined;
  if (last) {
    const status = statusClassOfName(last);
    return { status, exact: status !== 'unknown' };
  }
  return { status: 'unknown', exact: false };
}

/** The argument at a position (or with a name) among `args` (the call's `csArguments`, read once per sink). */
function argumentAt(args: readonly CsArgument[], position: number | string): Node | undefined {
  if (typeof position === 'string') return args.find((a) => a.name === position)?.value;
  const positional = args.filter((a) => a.name === undefined);
  return positional[position]?.value;
}

/** Per tree: type body id -> whether its class is a controller (asked for every helper call of the class). */
const controllerBodies = new WeakMap<Tree, Map<number, boolean>>();

function isController(node: Node): boolean {
  const body = enclosingCsTypeBody(node);
  if (!body) return false;
  let cache = controllerBodies.get(body.tree);
  if (!cache) controllerBodies.set(body.tree, (cache = new Map<number, boolean>()));
  let controller = cache.get(body.id);
  if (controller === undefined) cache.set(body.id, (controller = isControllerBody(body)));
  return controller;
}

function isControllerBody(body: Node): boolean {
  const declaration = body.parent;
  if (declaration?.type !== 'class_declaration') return false;
  const name = declaration.childForFieldName('name')?.text ?? '';
  const bases = named(declaration).find((c) => c.type === 'base_list')?.text ?? '';
  return name.endsWith('Controller') || /\b(?:Controller|ControllerBase|PageModel)\b/.test(bases) || declaration.text.slice(0, 200).includes('[ApiController]');
}

/** `context.Response.StatusCode = 500` (or `Response.StatusCode`) earlier in the function. */
function responseStatus(sink: Node): { status: StatusClass; exact: boolean } {
  const fn = enclosingCsFunction(sink);
  let result: { status: StatusClass; exact: boolean } = { status: 'unknown', exact: false };
  if (!fn) return result;
  for (const assignment of fn.descendantsOfType('assignment_expression')) {
    if (!assignment || assignment.startIndex >= sink.startIndex) continue;
    const left = assignment.childForFieldName('left');
    if (left?.type === 'member_access_expression' && left.childForFieldName('name')?.text === 'StatusCode' && (left.childForFieldName('expression')?.text ?? '').endsWith('Response')) {
      result = statusOf(assignment.childForFieldName('right'));
    }
  }
  return result;
}

function initializerValue(creation: Node, member: string): Node | undefined {
  const initializer = creation.childForFieldName('initializer');
  for (const assignment of named(initializer)) {
    if (assignment.type === 'assignment_expression' && assignment.childForFieldName('left')?.text === member) {
      return assignment.childForFieldName('right') ?? undefined;
    }
  }
  return undefined;
}

function sinkOf(node: Node, type: string = node.type): Sink | undefined {
  if (type === 'object_creation_expression') {
    const type = csTypeName(node.childForFieldName('type'));
    const implied = RESULT_TYPES.get(type);
    if (implied === undefined) return undefined;
    const values: Node[] = [];
    const first = argumentAt(csArguments(node), 0);
    if (first) values.push(first);
    for (const member of ['Value', 'Content', 'Detail', 'Title']) {
      const value = initializerValue(node, member);
      if (value) values.push(value);
    }
    const statusNode = initializerValue(node, type === 'ProblemDetails' ? 'Status' : 'StatusCode');
    const status = statusNode ? statusOf(statusNode) : { status: implied, exact: implied !== 'unknown' };
    return values.length > 0 ? { node, values, ...status } : undefined;
  }
  if (type !== 'invocation_expression') return undefined;
  const { receiver, name } = csInvocationName(node);
  // names first: the receiver's text and the arguments only for the calls below
  if (name !== 'WriteAsync' && name !== 'WriteAsJsonAsync' && !HELPERS.has(name)) return undefined;
  const receiverText = receiver?.text ?? '';
  if ((name === 'WriteAsync' || name === 'WriteAsJsonAsync') && /(?:^|\.)Response$/.test(receiverText)) {
    const value = argumentAt(csArguments(node), 0);
    return value ? { node, values: [value], ...responseStatus(node) } : undefined;
  }
  const shape = HELPERS.get(name);
  if (!shape) return undefined;
  const minimalApi = receiverText === 'Results' || receiverText === 'TypedResults';
  const controller = (receiver === undefined || receiverText === 'this' || receiverText === 'base') && isController(node);
  if (!minimalApi && !controller) return undefined;
  const args = csArguments(node);
  const values = shape.values.map((p) => argumentAt(args, p)).filter((v): v is Node => v !== undefined);
  if (values.length === 0) return undefined;
  let status: { status: StatusClass; exact: boolean } = { status: shape.status ?? 'unknown', exact: shape.status !== undefined };
  if (shape.statusAt !== undefined) {
    const statusNode = argumentAt(args, 'statusCode') ?? (name === 'Json' ? undefined : argumentAt(args, shape.statusAt));
    if (statusNode) status = statusOf(statusNode);
    else if (shape.defaultServer) status = { status: 'server', exact: true };
  }
  return { node, values, ...status };
}

// --- fixes -----------------------------------------------------------------------------------------

const DEBUG_ONLY_MEMBERS = /^(?:stack|stacktrace|trace|exception|details?|inner|innerexception|source)$/i;

/** The anonymous-object member holding `anchor`: its name (explicit or projected) and its extent. */
function anonymousMember(anchor: Node): { name: string; start: number; end: number; others: Node[] } | undefined {
  const object = anchor.parent;
  if (object?.type !== 'anonymous_object_creation_expression') return undefined;
  const previous = anchor.previousSibling;
  const named_ = previous?.type === '=' ? previous.previousSibling : undefined;
  const name = named_?.type === 'identifier' ? named_.text : (memberParts(anchor)?.name ?? '');
  const start = named_?.startIndex ?? anchor.startIndex;
  const members = named(object).filter((c) => !(c.type === 'identifier' && c.nextSibling?.type === '='));
  return { name, start, end: anchor.endIndex, others: members.filter((m) => m.id !== anchor.id) };
}

function replacementEdits(anchor: Node): TextEdit | undefined {
  const literal = `"${GENERIC_ERROR_MESSAGE}"`;
  const member = anonymousMember(anchor);
  if (member) {
    if (DEBUG_ONLY_MEMBERS.test(member.name) && member.others.length > 0) {
      // Remove `, ex.StackTrace` / `trace = ex.ToString(), `.
      const text = anchor.parent?.text ?? '';
      const base = anchor.parent?.startIndex ?? 0;
      let end = member.end;
      let start = member.start;
      const after = text.slice(end - base);
      const comma = /^\s*,\s*/.exec(after);
      if (comma) end += comma[0].length;
      else {
        const before = text.slice(0, start - base);
        const match = /,\s*$/.exec(before);
        if (match) start -= match[0].length;
      }
      return { start, end, text: '' };
    }
    return { start: member.start, end: member.end, text: `${member.name || 'error'} = ${literal}` };
  }
  return { start: anchor.startIndex, end: anchor.endIndex, text: literal };
}

function logBefore(text: string, anchor: Node, line: string, logger: string): TextEdit[] {
  for (let current: Node = anchor; current.parent; current = current.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'block') {
      const previous = named(parent).filter((s) => s.endIndex <= current.startIndex).pop();
      if (previous?.text.includes(`${logger}.Log`)) return [];
      const at = current.startIndex;
      const eol = detectLayout(text, '    ').eol;
      return [{ start: at, end: at, text: isFirstOnLine(text, at) ? `${line}${eol}${indentOfLine(text, at)}` : `${line} ` }];
    }
    if (parent.type === 'lambda_expression' || parent.type === 'method_declaration' || parent.type === 'declaration_list') return [];
  }
  return [];
}

function buildFixes(context: RuleContext, leak: Leak, sink: Sink): Fix[] {
  if (!leak.stringTyped) return [];
  let target = leak.anchor;
  // `$"Reset failed: {ex.Message}"` / `"Failed: " + ex.Message` become one generic literal.
  const interpolation = target.parent?.type === 'interpolation' ? target.parent.parent : undefined;
  if (interpolation?.type === 'interpolated_string_expression' && named(interpolation).filter((c) => c.type === 'interpolation').length === 1) target = interpolation;
  while (target.parent?.type === 'binary_expression' && target.parent.child(1)?.type === '+') {
    const parent: Node = target.parent;
    const other = parent.childForFieldName('left')?.id === target.id ? parent.childForFieldName('right') : parent.childForFieldName('left');
    const name = leak.error.expression.replace(/[^\w].*$/, '');
    const sameError = other !== null && name.length > 0 && new RegExp(`\\b${name}\\b`).test(other.text);
    if (other?.type !== 'string_literal' && !sameError) break;
    target = parent;
  }
  // `feature?.Error.ToString() ?? "error"`: the fallback goes with the detail.
  if (target.parent?.type === 'binary_expression' && target.parent.child(1)?.type === '??' && target.parent.childForFieldName('left')?.id === target.id) target = target.parent;
  const edit = replacementEdits(target);
  if (!edit) return [];
  const edits: TextEdit[] = [edit];
  const logger = csLoggerName(sink.node);
  if (logger && !leak.via) edits.push(...logBefore(context.file.text, sink.node, `${logger}.LogError(${leak.error.expression}, "Request failed");`, logger));
  return [{ title: edits.length > 1 ? FIX_TITLE : 'Send a generic error message instead', edits, isPreferred: true }];
}

// --- the check -------------------------------------------------------------------------------------

function isDevGuarded(node: Node): boolean {
  return isInsideCsCondition(node, (c) => isCsDevGuardCondition(c, false), (c) => isCsDevGuardCondition(c, true));
}

function isNarrowedByCheck(node: Node, expression: string): boolean {
  const name = expression.replace(/[^\w].*$/, '');
  return name.length > 0 && isInsideCsCondition(node, (condition) => new RegExp(`\\b${name}\\s+is\\s+[A-Z]`).test(condition));
}

const CANDIDATE_TYPES = ['invocation_expression', 'object_creation_expression'];

/**
 * Error data only exists where an exception is in scope: `catch` clauses, functions with an exception
 * parameter, and (when the file reads `IExceptionHandlerFeature`) the whole file.
 */
function candidateNodes(root: Node, text: string): Node[] {
  if (text.includes('IExceptionHandler')) return root.descendantsOfType(CANDIDATE_TYPES).filter((n): n is Node => n !== null);
  const scopes: Node[] = [];
  for (const node of root.descendantsOfType(['catch_clause', 'parameter'])) {
    if (!node) continue;
    if (node.type === 'catch_clause') {
      const body = node.childForFieldName('body');
      if (body) scopes.push(body);
    } else if (text.slice(node.startIndex, node.endIndex).includes('Exception') && csTypeName(node.childForFieldName('type')).endsWith('Exception')) {
      // (the type name is part of the parameter's source: one read instead of the type node's several)
      const fn = enclosingCsFunction(node);
      if (fn) scopes.push(fn);
    }
  }
  const seen = new Set<number>();
  const result: Node[] = [];
  for (const scope of scopes) {
    for (const node of descendantsWithin(root, scope, CANDIDATE_TYPES)) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      result.push(node);
    }
  }
  return result;
}

/** Every invocation name `sinkOf` accepts. */
const SINK_CALL_NAMES: readonly string[] = [...HELPERS.keys(), 'WriteAsync', 'WriteAsJsonAsync'];

/**
 * Words a development guard (`isCsDevGuardCondition`, `#if DEBUG`) cannot do without: a file without
 * any of them has no guarded code, and the parent walk per sink is skipped.
 */
const DEV_GUARD_WORDS = /DEBUG|IsDevelopment|IsEnvironment|Debugger|IsDebug|DetailedErrors|IsProduction/;
/** `isNarrowedByCheck` needs `ex is SqlException` in a condition, or code inside `#if DEBUG` (`isInsideCsCondition`). */
const IS_CHECK = /\bis\s+[A-Z]|DEBUG/;

export function checkCsharp(context: RuleContext): void {
  if (context.file.isTestPath) return;
  const text = context.file.text;
  let mayBeDevGuarded: boolean | undefined;
  let mayBeNarrowed: boolean | undefined;
  const best = new Map<string, { leak: Leak; sink: Sink }>();
  const mayBeSinkCall = csInvocationNameFilter(text, SINK_CALL_NAMES);
  for (const node of candidateNodes(context.root, text)) {
    const type = node.type;
    if (type === 'invocation_expression' && !mayBeSinkCall(node)) continue;
    const sink = sinkOf(node, type);
    if (!sink || ((mayBeDevGuarded ??= DEV_GUARD_WORDS.test(text)) && isDevGuarded(sink.node))) continue;
    const walker = new Walker(sink.node);
    for (const value of sink.values) walker.walk(value);
    for (const leak of walker.leaks) {
      const reportable = isReportable({
        kind: leak.kind,
        sink: 'body',
        status: sink.status,
        exactStatus: sink.exact,
        fromCatchAll: leak.error.fromCatchAll,
        narrowed: leak.error.narrowed || ((mayBeNarrowed ??= IS_CHECK.test(text)) && isNarrowedByCheck(leak.leaf, leak.error.expression)),
      });
      if (!reportable) continue;
      const key = `${String(leak.anchor.startIndex)}:${String(leak.anchor.endIndex)}`;
      const previous = best.get(key);
      if (!previous || LEAK_KIND_RANK[leak.kind] > LEAK_KIND_RANK[previous.leak.kind]) best.set(key, { leak, sink });
    }
  }
  for (const { leak, sink } of best.values()) {
    context.report({
      node: leak.anchor,
      message: leakMessage({
        kind: leak.kind,
        expression: leak.leaf.type === 'identifier' && !leak.via ? leak.anchor.text : leak.leaf.text,
        status: sink.status,
        ...(leak.via ? { via: leak.via } : {}),
      }),
      fixes: buildFixes(context, leak, sink),
    });
  }
}
