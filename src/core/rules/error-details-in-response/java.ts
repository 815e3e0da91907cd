/**
 * `error-details-in-response` for Java: Spring MVC (`ResponseEntity.status(500).body(...)`,
 * `ResponseEntity.internalServerError().body(...)`, `new ResponseEntity<>(body, status)`,
 * `ProblemDetail.forStatusAndDetail(status, detail)`, values returned from `@RestController` /
 * `@ResponseBody` handlers and `@ExceptionHandler` methods) and the Servlet API
 * (`e.printStackTrace(response.getWriter())`, `response.getWriter().write(...)`, a writer kept in a
 * local, `response.sendError(500, e.getMessage())`).
 *
 * The value reaching each sink is walked through concatenation, `String.format`/`formatted`,
 * `Map.of`/`List.of`, DTO constructors, builders (`ErrorBody.builder().message(...).build()`) and static
 * factories (`CommonResult.failed(message)`),
 * ternaries and local variables (including `map.put(...)` into a local map). An expression is
 * error data only when its root is an exception: a catch parameter, or a parameter / local declared
 * with an exception type — `user.getMessage()` is not. The verdict is `./leak.ts`'s; the message
 * of a database exception (`SQLException`, `DataAccessException`...) counts as internal detail.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { BROAD_EXCEPTION_TYPES } from '../shared/errors';
import { isDevGuardCondition } from '../shared/hosts';
import { statusClassOfCode, statusClassOfName, type StatusClass } from '../shared/http';
import { detectLayout, indentOfLine, isFirstOnLine } from '../shared/indentation';
import {
  enclosingJavaMethod,
  isInsideJavaCondition,
  javaDeclarationOf,
  javaDeclaredType,
  javaLoggerName,
  javaTypeName,
  named,
  type JavaDeclaration,
} from '../shared/java';
import { FIX_TITLE, GENERIC_ERROR_MESSAGE, isReportable, LEAK_KIND_RANK, leakMessage, REDIRECT_FIX_TITLE, type LeakKind } from './leak';

/** Types whose message is database internals (SQL text, constraint and table names). */
export const JAVA_DB_EXCEPTION = /^(?:SQL\w*Exception|\w*DataAccess\w*Exception|JDBCException|JdbcSQL\w*Exception|PSQLException|PersistenceException|HibernateException|BadSqlGrammarException|DataIntegrityViolationException|QueryTimeoutException|UncategorizedSQLException|ConstraintViolationException|MongoException|RedisException)$/;
/**
 * Exception types: `*Exception`, `Throwable`, and the JDK's `Error`s. Other `*Error` classes are DTOs
 * (`ApiError`, Spring's `FieldError` / `ObjectError`, `ValidationError`), not throwables.
 */
const EXCEPTION_TYPE = /(?:Exception|Throwable)$|^(?:Error|AssertionError|OutOfMemoryError|StackOverflowError|NoClassDefFoundError|LinkageError|VirtualMachineError|InternalError|IOError|ExceptionInInitializerError|ServiceConfigurationError|UnknownError|AnnotationFormatError|CoderMalfunctionError|FactoryConfigurationError|TransformerFactoryConfigurationError|UnsatisfiedLinkError|IncompatibleClassChangeError|NoSuchMethodError|NoSuchFieldError|AbstractMethodError|ClassFormatError|VerifyError)$/;
/** Java's catch-alls on top of the shared list: `RuntimeException` catches every unchecked exception. */
const CATCH_ALL = new Set([...BROAD_EXCEPTION_TYPES, 'RuntimeException']);

const MESSAGE_METHODS = new Set(['getMessage', 'getLocalizedMessage', 'toString']);
const STACK_UTILS = new Set(['getStackTrace', 'getFullStackTrace', 'getStackTraceAsString', 'printStackTrace']);
const MESSAGE_UTILS = new Set(['getRootCauseMessage', 'getMessage', 'valueOf', 'toString']);
/** Calls whose arguments become part of the value: collections, formatting, DTO builders. */
const CONTAINER_CALLS = new Set(['of', 'ofEntries', 'entry', 'singletonMap', 'singletonList', 'singleton', 'asList', 'format', 'formatted', 'join', 'concat', 'valueOf', 'append', 'put', 'add', 'with']);
const RESPONSE_NAMES = /^(?:resp|response|res|httpResponse|servletResponse|httpServletResponse)$/;
const RESPONSE_TYPES = new Set(['HttpServletResponse', 'ServletResponse', 'HttpServletResponseWrapper']);
const WRITE_METHODS = new Set(['write', 'print', 'println', 'printf', 'format', 'append']);
const MAPPING_ANNOTATIONS = /@(?:Get|Post|Put|Delete|Patch|Request)Mapping\b|@ExceptionHandler\b/;

interface ExceptionInfo {
  readonly types: readonly string[];
  readonly fromCatchAll: boolean;
  readonly narrowed: boolean;
  /** Name of the variable holding the exception, for the log line of the fix. */
  readonly name: string;
}

interface Leak {
  readonly kind: LeakKind;
  /** What is reported and replaced by the fix. */
  readonly anchor: Node;
  /** The expression that reads the error (`e.getMessage()`). */
  readonly leaf: Node;
  readonly error: ExceptionInfo;
  readonly via?: string;
  /** The anchor is a string-typed expression: replacing it by a string literal keeps the code compiling. */
  readonly stringTyped: boolean;
}

interface Sink {
  readonly node: Node;
  readonly values: readonly Node[];
  readonly status: StatusClass;
  readonly exact: boolean;
}

// --- exceptions ------------------------------------------------------------------------------------

function exceptionOf(identifier: Node): ExceptionInfo | undefined {
  if (identifier.type !== 'identifier') return undefined;
  const declaration: JavaDeclaration | undefined = javaDeclarationOf(identifier);
  if (!declaration) return undefined;
  const typeText = javaDeclaredType(declaration);
  const types = typeText.split('|').filter((t) => t.length > 0);
  if (declaration.kind !== 'catch_formal_parameter' && (types.length !== 1 || !EXCEPTION_TYPE.test(types[0] ?? ''))) return undefined;
  const fromCatchAll = types.some((t) => CATCH_ALL.has(t));
  return { types, fromCatchAll, narrowed: !fromCatchAll, name: identifier.text };
}

/** `e`, `e.getCause()`, `((SQLException) e)`: the exception an expression evaluates to. */
function exceptionExpression(node: Node): ExceptionInfo | undefined {
  let current = node;
  for (let i = 0; i < 8; i++) {
    if (current.type === 'parenthesized_expression' || current.type === 'cast_expression') {
      const inner = current.type === 'cast_expression' ? current.childForFieldName('value') : named(current)[0];
      if (!inner) return undefined;
      current = inner;
    } else if (current.type === 'method_invocation' && current.childForFieldName('name')?.text === 'getCause') {
      const object = current.childForFieldName('object');
      if (!object) return undefined;
      current = object;
    } else break;
  }
  return exceptionOf(current);
}

function messageKind(error: ExceptionInfo): LeakKind {
  return error.types.some((t) => JAVA_DB_EXCEPTION.test(t)) ? 'internal' : 'message';
}

// --- walking values --------------------------------------------------------------------------------

class Walker {
  readonly leaks: Leak[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly sink: Node) {}

  walk(node: Node | null | undefined, via?: string, depth = 0): void {
    if (!node || depth > 12 || this.seen.has(node.id)) return;
    this.seen.add(node.id);
    const next = depth + 1;
    switch (node.type) {
      case 'parenthesized_expression':
      case 'cast_expression':
        this.walk(node.type === 'cast_expression' ? node.childForFieldName('value') : named(node)[0], via, next);
        return;
      case 'ternary_expression':
        this.walk(node.childForFieldName('consequence'), via, next);
        this.walk(node.childForFieldName('alternative'), via, next);
        return;
      case 'binary_expression': {
        if (node.child(1)?.type !== '+') return;
        for (const side of [node.childForFieldName('left'), node.childForFieldName('right')]) {
          const error = side ? exceptionExpression(side) : undefined;
          // `"Error: " + e` calls toString(): class name and message.
          if (side && error) this.add({ kind: messageKind(error), anchor: node, leaf: side, error, stringTyped: true, ...(via ? { via } : {}) });
          else this.walk(side, via, next);
        }
        return;
      }
      case 'identifier': {
        const error = exceptionOf(node);
        // Jackson / Gson serialise a Throwable with its `stackTrace`.
        if (error) {
          this.add({ kind: 'stack', anchor: node, leaf: node, error, stringTyped: false, ...(via ? { via } : {}) });
          return;
        }
        this.followLocal(node, next);
        return;
      }
      case 'method_invocation':
        this.walkCall(node, via, next);
        return;
      case 'object_creation_expression':
        for (const argument of named(node.childForFieldName('arguments'))) this.walk(argument, via, next);
        return;
      default:
        return;
    }
  }

  private add(leak: Leak): void {
    this.leaks.push(leak);
  }

  private walkCall(call: Node, via: string | undefined, depth: number): void {
    const name = call.childForFieldName('name')?.text ?? '';
    const object = call.childForFieldName('object');
    const args = named(call.childForFieldName('arguments'));
    const extra = via ? { via } : {};
    const error = object ? exceptionExpression(object) : undefined;
    if (error) {
      if (MESSAGE_METHODS.has(name)) this.add({ kind: messageKind(error), anchor: call, leaf: call, error, stringTyped: true, ...extra });
      else if (name === 'getStackTrace') this.add({ kind: 'stack', anchor: call, leaf: call, error, stringTyped: false, ...extra });
      return;
    }
    // ExceptionUtils.getStackTrace(e), Throwables.getStackTraceAsString(e), String.valueOf(e), Arrays.toString(e.getStackTrace())
    const firstError = args[0] ? exceptionExpression(args[0]) : undefined;
    if (firstError && args[0]) {
      if (STACK_UTILS.has(name)) {
        this.add({ kind: 'stack', anchor: call, leaf: call, error: firstError, stringTyped: true, ...extra });
        return;
      }
      if (MESSAGE_UTILS.has(name)) {
        this.add({ kind: messageKind(firstError), anchor: call, leaf: call, error: firstError, stringTyped: true, ...extra });
        return;
      }
    }
    if (name === 'toString' && object?.type === 'identifier' && object.text === 'Arrays') {
      for (const argument of args) this.walk(argument, via, depth);
      return;
    }
    if (CONTAINER_CALLS.has(name) || (object && /^[A-Z]/.test(object.text) && name === 'of')) {
      for (const argument of args) this.walk(argument, via, depth);
      if (name === 'formatted' || name === 'append' || name === 'concat') this.walk(object, via, depth);
      return;
    }
    // Static factories of response DTOs: `CommonResult.failed(message)`, `ApiError.error(e.getMessage())`.
    if (object?.type === 'identifier' && /^[A-Z][a-z]\w*$/.test(object.text) && !/hash|digest|md5|sha\d|crc|length|size|count/i.test(name)) {
      for (const argument of args) this.walk(argument, via, depth);
      return;
    }
    // Lombok / hand-written builders: `ErrorBody.builder().message(e.getMessage()).build()`.
    if (name === 'build') {
      for (let link = object; link?.type === 'method_invocation'; link = link.childForFieldName('object')) {
        for (const argument of named(link.childForFieldName('arguments'))) this.walk(argument, via, depth);
      }
    }
  }

  /** A local variable: its initializer and what is `put`/`add`ed/`append`ed into it before the sink. */
  private followLocal(identifier: Node, depth: number): void {
    const declaration = javaDeclarationOf(identifier);
    if (declaration?.kind !== 'local_variable_declaration') return;
    const name = identifier.text;
    this.walk(declaration.declarator.childForFieldName('value'), name, depth);
    const method = enclosingJavaMethod(identifier);
    if (!method) return;
    for (const call of method.descendantsOfType('method_invocation')) {
      if (!call || call.startIndex > this.sink.startIndex || call.startIndex < declaration.node.startIndex) continue;
      if (call.childForFieldName('object')?.text !== name) continue;
      const method = call.childForFieldName('name')?.text ?? '';
      if (method === 'put' || method === 'add' || method === 'append' || method === 'set' || method === 'setMessage' || method === 'setDetail' || method === 'setError') {
        for (const argument of named(call.childForFieldName('arguments'))) this.walk(argument, name, depth);
      }
    }
  }
}

// --- sinks -----------------------------------------------------------------------------------------

function statusOf(node: Node | null | undefined): { status: StatusClass; exact: boolean } {
  if (!node) return { status: 'unknown', exact: false };
  if (node.type === 'decimal_integer_literal') return { status: statusClassOfCode(Number(node.text)), exact: true };
  if (node.type === 'field_access') return statusOf(node.childForFieldName('field'));
  if (node.type === 'identifier') {
    const status = statusClassOfName(node.text);
    return { status, exact: status !== 'unknown' };
  }
  if (node.type === 'method_invocation') {
    // HttpStatus.valueOf(500), HttpStatusCode.valueOf(500)
    const name = node.childForFieldName('name')?.text;
    if (name === 'valueOf') return statusOf(named(node.childForFieldName('arguments'))[0]);
  }
  return { status: 'unknown', exact: false };
}

/** The status a `ResponseEntity` builder chain sets: `status(500)`, `internalServerError()`, `badRequest()`. */
function builderStatus(chain: Node | null): { status: StatusClass; exact: boolean } | undefined {
  for (let link = chain; link?.type === 'method_invocation'; link = link.childForFieldName('object')) {
    const name = link.childForFieldName('name')?.text ?? '';
    const object = link.childForFieldName('object');
    if (object?.type === 'identifier' && object.text === 'ResponseEntity') {
      if (name === 'status') return statusOf(named(link.childForFieldName('arguments'))[0]);
      const status = statusClassOfName(name);
      return { status, exact: status !== 'unknown' };
    }
  }
  return undefined;
}

function isResponseExpression(node: Node | null): boolean {
  if (node?.type !== 'identifier') return false;
  const declaration = javaDeclarationOf(node);
  if (declaration) return RESPONSE_TYPES.has(javaDeclaredType(declaration));
  return RESPONSE_NAMES.test(node.text);
}

/** `response.getWriter()`, `resp.getOutputStream()`, `new PrintWriter(resp.getOutputStream())`, a local holding one. */
function isResponseWriter(node: Node | null | undefined, depth = 0): boolean {
  if (!node || depth > 4) return false;
  if (node.type === 'method_invocation') {
    const name = node.childForFieldName('name')?.text;
    return (name === 'getWriter' || name === 'getOutputStream') && isResponseExpression(node.childForFieldName('object'));
  }
  if (node.type === 'object_creation_expression') {
    return named(node.childForFieldName('arguments')).some((a) => isResponseWriter(a, depth + 1));
  }
  if (node.type === 'identifier') {
    const declaration = javaDeclarationOf(node);
    if (declaration?.kind !== 'local_variable_declaration') return false;
    return isResponseWriter(declaration.declarator.childForFieldName('value'), depth + 1);
  }
  return false;
}

/** `response.setStatus(500)` earlier in the method. */
function servletStatus(sink: Node): { status: StatusClass; exact: boolean } {
  const method = enclosingJavaMethod(sink);
  let result: { status: StatusClass; exact: boolean } = { status: 'unknown', exact: false };
  if (!method) return result;
  for (const call of method.descendantsOfType('method_invocation')) {
    if (!call || call.startIndex >= sink.startIndex) continue;
    if (call.childForFieldName('name')?.text === 'setStatus' && isResponseExpression(call.childForFieldName('object'))) {
      result = statusOf(named(call.childForFieldName('arguments'))[0]);
    }
  }
  return result;
}

function hasAnnotation(node: Node | null | undefined, pattern: RegExp): boolean {
  const modifiers = named(node).find((c) => c.type === 'modifiers');
  return modifiers ? pattern.test(modifiers.text) : false;
}

/** `return x;` from a handler whose return value is the response body. */
function returnSink(statement: Node): Sink | undefined {
  const value = named(statement)[0];
  const method = enclosingJavaMethod(statement);
  if (!value || !method || !hasAnnotation(method, MAPPING_ANNOTATIONS)) return undefined;
  // A lambda's return is not the handler's.
  for (let current = statement.parent; current && current.id !== method.id; current = current.parent) {
    if (current.type === 'lambda_expression' || current.type === 'class_body') return undefined;
  }
  const returnType = javaTypeName(method.childForFieldName('type'));
  if (returnType === 'ResponseEntity' || returnType === 'ModelAndView' || returnType === 'void' || returnType === 'ProblemDetail') return undefined;
  const owner = method.parent?.parent;
  const restful = hasAnnotation(method, /@ResponseBody\b/) || hasAnnotation(owner, /@RestController\b|@RestControllerAdvice\b|@ResponseBody\b/);
  if (!restful) return undefined;
  const statusAnnotation = named(named(method).find((c) => c.type === 'modifiers')).find(
    (a) => a.type === 'annotation' && a.childForFieldName('name')?.text === 'ResponseStatus',
  );
  const status = statusAnnotation ? statusOf(named(statusAnnotation.childForFieldName('arguments')).map((a) => (a.type === 'element_value_pair' ? a.childForFieldName('value') : a))[0]) : { status: 'unknown' as StatusClass, exact: false };
  return { node: statement, values: [value], ...status };
}

function sinkOf(node: Node): Sink | undefined {
  if (node.type === 'return_statement') return returnSink(node);
  if (node.type === 'object_creation_expression') {
    if (javaTypeName(node.childForFieldName('type')) !== 'ResponseEntity') return undefined;
    const args = named(node.childForFieldName('arguments'));
    if (args.length < 2) return undefined;
    const first = args[0];
    return first ? { node, values: [first], ...statusOf(args[args.length - 1]) } : undefined;
  }
  if (node.type !== 'method_invocation') return undefined;
  const name = node.childForFieldName('name')?.text ?? '';
  const object = node.childForFieldName('object');
  const args = named(node.childForFieldName('arguments'));
  if (name === 'body') {
    const status = builderStatus(object);
    return status && args[0] ? { node, values: [args[0]], ...status } : undefined;
  }
  if (object?.type === 'identifier' && object.text === 'ResponseEntity' && name === 'ok' && args[0]) {
    return { node, values: [args[0]], status: 'success', exact: true };
  }
  if (object?.type === 'identifier' && object.text === 'ProblemDetail' && name === 'forStatusAndDetail' && args[1]) {
    return { node, values: [args[1]], ...statusOf(args[0]) };
  }
  if (name === 'sendError' && isResponseExpression(object) && args[1]) {
    return { node, values: [args[1]], ...statusOf(args[0]) };
  }
  if (WRITE_METHODS.has(name) && isResponseWriter(object)) {
    return { node, values: args, ...servletStatus(node) };
  }
  return undefined;
}

// --- fixes -----------------------------------------------------------------------------------------

/** Keys whose whole entry is debugging detail: the entry goes rather than carrying a generic message. */
const DEBUG_ONLY_KEYS = new Set(['stack', 'stackTrace', 'stacktrace', 'trace', 'exception', 'cause']);

/** `Map.of("error", "x", "trace", getStackTrace(e))` -> drop the `"trace"` pair when others remain. */
function removeMapEntry(anchor: Node): TextEdit | undefined {
  const list = anchor.parent;
  const call = list?.parent;
  if (list?.type !== 'argument_list' || call?.type !== 'method_invocation' || call.childForFieldName('name')?.text !== 'of') return undefined;
  const args = named(list);
  const index = args.findIndex((a) => a.id === anchor.id);
  const key = args[index - 1];
  if (index % 2 !== 1 || key?.type !== 'string_literal' || !DEBUG_ONLY_KEYS.has(key.text.slice(1, -1)) || args.length < 4) return undefined;
  const previous = args[index - 2];
  const next = args[index + 1];
  if (next) return { start: key.startIndex, end: next.startIndex, text: '' };
  return previous ? { start: previous.endIndex, end: anchor.endIndex, text: '' } : undefined;
}

/** Puts `line` before the statement holding `anchor` when that statement sits in a block. */
function logBefore(text: string, anchor: Node, line: string): TextEdit[] {
  for (let current: Node = anchor; current.parent; current = current.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'block' || parent.type === 'constructor_body' || parent.type === 'switch_block_statement_group') {
      const previous = named(parent).filter((s) => s.endIndex <= current.startIndex).pop();
      if (previous && /\b(?:log|logger|LOG|LOGGER)\.(?:error|warn)\(/.test(previous.text)) return [];
      const at = current.startIndex;
      const eol = detectLayout(text, '    ').eol;
      return [{ start: at, end: at, text: isFirstOnLine(text, at) ? `${line}${eol}${indentOfLine(text, at)}` : `${line} ` }];
    }
    if (parent.type === 'lambda_expression' || parent.type === 'method_declaration' || parent.type === 'class_body') return [];
  }
  return [];
}

function buildFixes(context: RuleContext, leak: Leak, sink: Sink): Fix[] {
  const text = context.file.text;
  const logger = javaLoggerName(leak.anchor);
  const logLine = logger ? `${logger}.error("Request failed", ${leak.error.name});` : undefined;
  // e.printStackTrace(response.getWriter()) -> the server log.
  if (sink.node.type === 'method_invocation' && sink.node.childForFieldName('name')?.text === 'printStackTrace') {
    const edit = logLine
      ? { start: sink.node.startIndex, end: sink.node.endIndex, text: logLine.replace(/;$/, '') }
      : { start: sink.node.startIndex, end: sink.node.endIndex, text: `${leak.error.name}.printStackTrace()` };
    return [{ title: REDIRECT_FIX_TITLE, edits: [edit], isPreferred: true }];
  }
  if (!leak.stringTyped) return [];
  // `"Delete failed: " + e.getMessage()` becomes one generic literal.
  let target = leak.anchor;
  while (target.parent?.type === 'binary_expression' && target.parent.child(1)?.type === '+') {
    const parent: Node = target.parent;
    const other = parent.childForFieldName('left')?.id === target.id ? parent.childForFieldName('right') : parent.childForFieldName('left');
    const sameError = other !== null && new RegExp(`\\b${leak.error.name}\\b`).test(other.text);
    if (other?.type !== 'string_literal' && !sameError) break;
    target = parent;
  }
  const removal = removeMapEntry(target);
  const edits: TextEdit[] = [removal ?? { start: target.startIndex, end: target.endIndex, text: `"${GENERIC_ERROR_MESSAGE}"` }];
  if (logLine && !leak.via) edits.push(...logBefore(text, sink.node, logLine));
  return [{ title: logLine && !leak.via ? FIX_TITLE : 'Send a generic error message instead', edits, isPreferred: true }];
}

// --- the check -------------------------------------------------------------------------------------

function isDevGuarded(node: Node): boolean {
  return isInsideJavaCondition(node, (condition) => isDevGuardCondition(condition, false), (condition) => isDevGuardCondition(condition, true));
}

function isNarrowedByCheck(node: Node, name: string): boolean {
  return isInsideJavaCondition(node, (condition) => new RegExp(`\\b${name}\\s+instanceof\\b`).test(condition));
}

const CANDIDATE_TYPES = ['method_invocation', 'object_creation_expression', 'return_statement'];

/**
 * Error data only exists where an exception is in scope: inside `catch` clauses and in methods with an
 * exception parameter (`@ExceptionHandler`). Only those are searched for sinks.
 */
function candidateNodes(root: Node): Node[] {
  const scopes: Node[] = [];
  for (const node of root.descendantsOfType(['catch_clause', 'formal_parameter'])) {
    if (!node) continue;
    if (node.type === 'catch_clause') {
      const body = node.childForFieldName('body');
      if (body) scopes.push(body);
    } else if (EXCEPTION_TYPE.test(javaTypeName(node.childForFieldName('type')))) {
      const method = enclosingJavaMethod(node);
      const body = method?.childForFieldName('body');
      if (body) scopes.push(body);
    }
  }
  const seen = new Set<number>();
  const result: Node[] = [];
  for (const scope of scopes) {
    for (const node of scope.descendantsOfType(CANDIDATE_TYPES)) {
      if (!node || seen.has(node.id)) continue;
      seen.add(node.id);
      result.push(node);
    }
  }
  return result;
}

export function checkJava(context: RuleContext): void {
  if (context.file.isTestPath) return;
  const best = new Map<string, { leak: Leak; sink: Sink }>();
  for (const node of candidateNodes(context.root)) {
    // e.printStackTrace(writer): a stack trace written straight into the response.
    if (node.type === 'method_invocation' && node.childForFieldName('name')?.text === 'printStackTrace') {
      const object = node.childForFieldName('object');
      const writer = named(node.childForFieldName('arguments'))[0];
      const error = object ? exceptionExpression(object) : undefined;
      if (error && writer && isResponseWriter(writer) && !isDevGuarded(node)) {
        const sink: Sink = { node, values: [], status: 'unknown', exact: false };
        best.set(`${String(node.startIndex)}:${String(node.endIndex)}`, { leak: { kind: 'stack', anchor: node, leaf: node, error, stringTyped: false }, sink });
      }
      continue;
    }
    const sink = sinkOf(node);
    if (!sink || isDevGuarded(sink.node)) continue;
    const walker = new Walker(sink.node);
    for (const value of sink.values) walker.walk(value);
    for (const leak of walker.leaks) {
      const reportable = isReportable({
        kind: leak.kind,
        sink: 'body',
        status: sink.status,
        exactStatus: sink.exact,
        fromCatchAll: leak.error.fromCatchAll,
        narrowed: leak.error.narrowed || isNarrowedByCheck(leak.leaf, leak.error.name),
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
      // `e` alone says little about `"Error: " + e`: show what is sent.
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
