/**
 * `error-details-in-response` for PHP: plain PHP output (`echo`, `print`, `printf`, `die()`/`exit()`,
 * `print_r($e)`, `var_dump($e)`), Laravel (`response()->json([...], 500)`, `response($e->getMessage(), 500)`,
 * `abort(500, ...)`), Symfony (`new Response(...)`, `new JsonResponse(...)`, `$this->json(...)`) and
 * PSR-7 (`$response->getBody()->write(...)`).
 *
 * The value reaching each sink is walked through `.` concatenation, `"{$e}"` interpolation, arrays,
 * `json_encode`, `sprintf`, `implode`, `htmlspecialchars`, `(string)` casts, ternaries and local
 * variables. `(string) $e` / `"$e"` / `echo $e` call `__toString()`, which includes the stack trace;
 * `print_r`/`var_dump`/`var_export` of an exception dump its trace too. Output in command-line
 * scripts (shebang, `bin/`, `app/Console/`, Symfony/Laravel commands) is not a response. The verdict
 * is `./leak.ts`'s; the message of a database exception (`PDOException`, `QueryException`) counts
 * as internal detail.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { BROAD_EXCEPTION_TYPES } from '../shared/errors';
import { isDevGuardCondition } from '../shared/hosts';
import { statusClassOfCode, statusClassOfName, type StatusClass } from '../shared/http';
import { callNameFilter, descendantsWithin } from '../shared/java';
import { detectLayout, indentOfLine, isFirstOnLine } from '../shared/indentation';
import {
  enclosingPhpFunction,
  isInsidePhpCondition,
  named,
  phpArguments,
  phpCallName,
  phpCatchTypes,
  phpCatchVariable,
  phpLogCall,
  phpParameterType,
  phpVariableName,
} from '../shared/php';
import { FIX_TITLE, GENERIC_ERROR_MESSAGE, isReportable, LEAK_KIND_RANK, leakMessage, REDIRECT_FIX_TITLE, type LeakKind } from './leak';

/** Types whose message is database internals (SQL text, constraint and table names). */
export const PHP_DB_EXCEPTION = /^(?:PDOException|QueryException|mysqli_sql_exception|DBALException|DriverException|ConnectionException|UniqueConstraintViolationException|ForeignKeyConstraintViolationException|MongoException)$/;
const EXCEPTION_TYPE = /^(?:Throwable|Exception|Error|\w+Exception|\w+Error)$/;
const CATCH_ALL = new Set([...BROAD_EXCEPTION_TYPES, 'ErrorException']);
const CLI_PATH = /(?:^|\/)(?:bin|cli|console|commands?|scripts?|cron|crons|jobs|app\/Console|src\/Command|database\/seeders|database\/migrations)\//i;

interface ExceptionInfo {
  readonly types: readonly string[];
  readonly fromCatchAll: boolean;
  readonly narrowed: boolean;
  readonly name: string;
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
  /** Output of a plain-PHP print (`echo`, `print_r`...): not a response in command-line scripts. */
  readonly output: boolean;
  /** A dump (`print_r`, `var_dump`): the whole object, trace included, is printed. */
  readonly dump?: boolean;
}

/** How a value is used where it is met. */
type Context = 'string' | 'data' | 'dump';

// --- exceptions ------------------------------------------------------------------------------------

/** `$e` bound by an enclosing `catch`, or a parameter declared `Throwable $e` / `\Exception $e`. */
function exceptionOf(node: Node): ExceptionInfo | undefined {
  const name = phpVariableName(node);
  if (!name) return undefined;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'catch_clause' && phpCatchVariable(current) === name) {
      const types = phpCatchTypes(current);
      const fromCatchAll = types.some((t) => CATCH_ALL.has(t));
      return { types, fromCatchAll, narrowed: !fromCatchAll, name };
    }
    if (current.type === 'function_definition' || current.type === 'method_declaration' || current.type === 'anonymous_function' || current.type === 'arrow_function') {
      const type = phpParameterType(current, name);
      if (type && EXCEPTION_TYPE.test(type)) {
        const fromCatchAll = CATCH_ALL.has(type);
        return { types: [type], fromCatchAll, narrowed: !fromCatchAll, name };
      }
      if (current.type !== 'arrow_function') return undefined;
    }
  }
  return undefined;
}

/** `$e`, `$e->getPrevious()`: the exception an expression evaluates to. */
function exceptionExpression(node: Node): ExceptionInfo | undefined {
  let current = node;
  for (let i = 0; i < 6; i++) {
    if (current.type === 'parenthesized_expression') {
      const inner = named(current)[0];
      if (!inner) return undefined;
      current = inner;
    } else if ((current.type === 'member_call_expression' || current.type === 'nullsafe_member_call_expression') && current.childForFieldName('name')?.text === 'getPrevious') {
      const object = current.childForFieldName('object');
      if (!object) return undefined;
      current = object;
    } else break;
  }
  return current.type === 'variable_name' ? exceptionOf(current) : undefined;
}

function messageKind(error: ExceptionInfo): LeakKind {
  return error.types.some((t) => PHP_DB_EXCEPTION.test(t)) ? 'internal' : 'message';
}

// --- walking values --------------------------------------------------------------------------------

const STRING_FUNCTIONS = new Set(['sprintf', 'vsprintf', 'implode', 'join', 'nl2br', 'htmlspecialchars', 'htmlentities', 'strval', 'trim', 'ucfirst', 'strip_tags', 'str_replace', 'sprintf']);

class Walker {
  readonly leaks: Leak[] = [];
  private readonly seen = new Set<number>();

  constructor(private readonly sink: Node) {}

  walk(node: Node | null | undefined, context: Context, via?: string, depth = 0): void {
    if (!node || depth > 12 || this.seen.has(node.id)) return;
    this.seen.add(node.id);
    const next = depth + 1;
    const extra = via ? { via } : {};
    const error = exceptionExpression(node);
    if (error) {
      // __toString() and dumps include the trace; json_encode() of an exception is `{}`.
      if (context !== 'data') this.leaks.push({ kind: 'stack', anchor: node, leaf: node, error, stringTyped: context === 'string', ...extra });
      return;
    }
    switch (node.type) {
      case 'parenthesized_expression':
      case 'argument':
        this.walk(named(node).pop(), context, via, next);
        return;
      case 'sequence_expression':
        for (const child of named(node)) this.walk(child, context, via, next);
        return;
      case 'cast_expression':
        this.walk(node.childForFieldName('value'), /string/i.test(node.childForFieldName('type')?.text ?? '') ? 'string' : context, via, next);
        return;
      case 'conditional_expression':
        this.walk(node.childForFieldName('body'), context, via, next);
        this.walk(node.childForFieldName('alternative'), context, via, next);
        return;
      case 'binary_expression': {
        const operator = node.childForFieldName('operator')?.type ?? node.child(1)?.type;
        if (operator !== '.' && operator !== '??' && operator !== '?:') return;
        const ctx = operator === '.' ? 'string' : context;
        this.walk(node.childForFieldName('left'), ctx, via, next);
        this.walk(node.childForFieldName('right'), ctx, via, next);
        return;
      }
      case 'encapsed_string':
      case 'heredoc':
      case 'heredoc_body':
        for (const child of named(node)) if (child.type !== 'string_content' && child.type !== 'escape_sequence') this.walk(child, 'string', via, next);
        return;
      case 'array_creation_expression':
        for (const element of named(node)) {
          const parts = named(element);
          this.walk(parts[parts.length - 1], context === 'dump' ? 'dump' : 'data', via, next);
        }
        return;
      case 'member_call_expression':
      case 'nullsafe_member_call_expression':
      case 'function_call_expression':
      case 'scoped_call_expression':
      case 'object_creation_expression':
        this.walkCall(node, context, via, next);
        return;
      case 'variable_name':
        this.followLocal(node, context, next);
        return;
      default:
        return;
    }
  }

  private walkCall(call: Node, context: Context, via: string | undefined, depth: number): void {
    const info = phpCallName(call);
    if (!info) return;
    const extra = via ? { via } : {};
    if (info.kind === 'method' && info.receiver) {
      const error = exceptionExpression(info.receiver);
      if (error) {
        if (info.name === 'getMessage') this.leaks.push({ kind: messageKind(error), anchor: call, leaf: call, error, stringTyped: true, ...extra });
        else if (info.name === 'getTraceAsString' || info.name === '__toString') this.leaks.push({ kind: 'stack', anchor: call, leaf: call, error, stringTyped: true, ...extra });
        else if (info.name === 'getTrace') this.leaks.push({ kind: 'stack', anchor: call, leaf: call, error, stringTyped: false, ...extra });
        else if (info.name === 'getFile') this.leaks.push({ kind: 'internal', anchor: call, leaf: call, error, stringTyped: true, ...extra });
        return;
      }
    }
    const args = phpArguments(call);
    if (info.kind === 'function') {
      if (info.name === 'json_encode') {
        if (args[0]) this.walk(args[0].value, 'data', via, depth);
        return;
      }
      if ((info.name === 'print_r' || info.name === 'var_export') && args[1]) {
        if (args[0]) this.walk(args[0].value, 'dump', via, depth);
        return;
      }
      if (STRING_FUNCTIONS.has(info.name)) {
        for (const argument of args) this.walk(argument.value, 'string', via, depth);
        return;
      }
      if (info.name === 'compact' || info.name === 'array_merge') {
        for (const argument of args) this.walk(argument.value, context, via, depth);
      }
      return;
    }
    if (info.kind === 'new') {
      for (const argument of args) this.walk(argument.value, 'data', via, depth);
    }
  }

  /** `$body = [...]; $body['trace'] = $e->getTraceAsString();` before the sink. */
  private followLocal(variable: Node, context: Context, depth: number): void {
    const name = phpVariableName(variable);
    if (!name || name === 'this') return;
    const scope = enclosingPhpFunction(variable) ?? rootOf(variable);
    for (const assignment of scope.descendantsOfType(['assignment_expression', 'augmented_assignment_expression'])) {
      if (!assignment || assignment.startIndex >= this.sink.startIndex) continue;
      let left = assignment.childForFieldName('left');
      if (left?.type === 'subscript_expression') left = named(left)[0] ?? null;
      if (phpVariableName(left) !== name) continue;
      const ctx = assignment.type === 'augmented_assignment_expression' ? 'string' : context;
      this.walk(assignment.childForFieldName('right'), ctx, name, depth);
    }
  }
}

function rootOf(node: Node): Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

// --- sinks -----------------------------------------------------------------------------------------

function statusOf(node: Node | null | undefined): { status: StatusClass; exact: boolean } {
  if (!node) return { status: 'unknown', exact: false };
  if (node.type === 'integer') return { status: statusClassOfCode(Number(node.text)), exact: true };
  if (node.type === 'class_constant_access_expression') {
    const parts = named(node);
    const status = statusClassOfName(parts[parts.length - 1]?.text ?? '');
    return { status, exact: status !== 'unknown' };
  }
  return { status: 'unknown', exact: false };
}

/** `http_response_code(500)` / `header('HTTP/1.1 500 …')` earlier in the function (or script). */
function outputStatus(sink: Node): { status: StatusClass; exact: boolean } {
  const scope = enclosingPhpFunction(sink) ?? rootOf(sink);
  let result: { status: StatusClass; exact: boolean } = { status: 'unknown', exact: false };
  for (const call of scope.descendantsOfType('function_call_expression')) {
    if (!call || call.startIndex >= sink.startIndex) continue;
    const info = phpCallName(call);
    const first = phpArguments(call)[0]?.value;
    if (info?.name === 'http_response_code') result = statusOf(first);
    else if (info?.name === 'header' && first) {
      const code = /^['"]HTTP\/[\d.]+\s+(\d{3})/.exec(first.text)?.[1];
      if (code) result = { status: statusClassOfCode(Number(code)), exact: true };
    }
  }
  return result;
}

/** Function and method names `sinkOf` can answer for: anything else is not a sink. */
const FUNCTION_SINKS = new Set(['die', 'exit', 'printf', 'print_r', 'var_export', 'var_dump', 'response', 'abort', 'abort_if', 'abort_unless']);
const METHOD_SINKS = new Set(['json', 'make', 'write']);
/** Every call name `sinkOf` accepts (PHP function names are case-insensitive). */
const SINK_CALL_NAMES: readonly string[] = [...FUNCTION_SINKS, ...METHOD_SINKS];

function sinkOf(node: Node, type: string = node.type): Sink | undefined {
  switch (type) {
    case 'echo_statement':
    case 'print_intrinsic':
    case 'exit_statement': {
      const values = named(node).filter((c) => c.type !== 'comment');
      return values.length > 0 ? { node, values, ...outputStatus(node), output: true } : undefined;
    }
    case 'function_call_expression': {
      const info = phpCallName(node);
      // the arguments only for the names below (reading them is several WASM round trips per argument)
      if (!info || !FUNCTION_SINKS.has(info.name)) return undefined;
      const args = phpArguments(node);
      switch (info.name) {
        case 'die':
        case 'exit':
        case 'printf':
          return args.length > 0 ? { node, values: args.map((a) => a.value), ...outputStatus(node), output: true } : undefined;
        case 'print_r':
        case 'var_export':
          return args.length === 1 && args[0] ? { node, values: [args[0].value], ...outputStatus(node), output: true, dump: true } : undefined;
        case 'var_dump':
          return args.length > 0 ? { node, values: args.map((a) => a.value), ...outputStatus(node), output: true, dump: true } : undefined;
        case 'response':
          return args[0] ? { node, values: [args[0].value], ...statusOf(args[1]?.value), output: false } : undefined;
        case 'abort':
          return args[1] ? { node, values: [args[1].value], ...statusOf(args[0]?.value), output: false } : undefined;
        case 'abort_if':
        case 'abort_unless':
          return args[2] ? { node, values: [args[2].value], ...statusOf(args[1]?.value), output: false } : undefined;
        default:
          return undefined;
      }
    }
    case 'member_call_expression':
    case 'scoped_call_expression': {
      const info = phpCallName(node);
      if (!info?.receiver || !METHOD_SINKS.has(info.name)) return undefined;
      const args = phpArguments(node);
      if (!args[0]) return undefined;
      const receiver = info.receiver.text.replace(/\s+/g, '');
      // response()->json($data, 500), Response::json(...), $this->json(...) (Symfony), response()->make(...)
      if ((info.name === 'json' || info.name === 'make') && (receiver === 'response()' || receiver === 'Response' || receiver === '$this')) {
        return { node, values: [args[0].value], ...statusOf(args[1]?.value), output: false };
      }
      // PSR-7: $response->getBody()->write(...)
      if (info.name === 'write' && receiver.endsWith('->getBody()')) return { node, values: [args[0].value], status: 'unknown', exact: false, output: false };
      return undefined;
    }
    case 'object_creation_expression': {
      const info = phpCallName(node);
      if (info?.name !== 'Response' && info?.name !== 'JsonResponse') return undefined;
      const args = phpArguments(node);
      return args[0] ? { node, values: [args[0].value], ...statusOf(args[1]?.value), output: false } : undefined;
    }
    default:
      return undefined;
  }
}

function isCommandLine(context: RuleContext): boolean {
  const { path, text } = context.file;
  if (text.startsWith('#!')) return true;
  if (CLI_PATH.test(path)) return true;
  return /\bextends\s+(?:\\?[\w\\]*\\)?Command\b/.test(text.length > 50000 ? text.slice(0, 50000) : text);
}

// --- fixes -----------------------------------------------------------------------------------------

const DEBUG_ONLY_KEYS = new Set(['trace', 'stack', 'stacktrace', 'stack_trace', 'exception', 'file', 'line', 'previous']);

/** `['error' => 'x', 'trace' => $e->getTraceAsString()]` -> drop the `'trace'` element when others remain. */
function removeArrayElement(anchor: Node): TextEdit | undefined {
  const element = anchor.parent;
  const array = element?.parent;
  if (element?.type !== 'array_element_initializer' || array?.type !== 'array_creation_expression') return undefined;
  const parts = named(element);
  if (parts.length !== 2 || parts[1]?.id !== anchor.id) return undefined;
  const key = parts[0]?.text.replace(/^['"]|['"]$/g, '').toLowerCase() ?? '';
  if (!DEBUG_ONLY_KEYS.has(key)) return undefined;
  const elements = named(array);
  const index = elements.findIndex((e) => e.id === element.id);
  const next = elements[index + 1];
  const previous = elements[index - 1];
  if (next) return { start: element.startIndex, end: next.startIndex, text: '' };
  return previous ? { start: previous.endIndex, end: element.endIndex, text: '' } : undefined;
}

function statementOf(node: Node): Node | undefined {
  for (let current: Node = node; current.parent; current = current.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'compound_statement' || parent.type === 'program') return current;
    if (parent.type === 'arrow_function' || parent.type === 'class_declaration') return undefined;
  }
  return undefined;
}

function logBefore(text: string, anchor: Node, line: string): TextEdit[] {
  const statement = statementOf(anchor);
  if (!statement) return [];
  const previous = statement.previousNamedSibling;
  if (previous && /(?:error_log|report|Log::error|->error)\s*\(/.test(previous.text)) return [];
  const at = statement.startIndex;
  const eol = detectLayout(text, '    ').eol;
  return [{ start: at, end: at, text: isFirstOnLine(text, at) ? `${line}${eol}${indentOfLine(text, at)}` : `${line} ` }];
}

function buildFixes(context: RuleContext, leak: Leak, sink: Sink): Fix[] {
  const { text } = context.file;
  const log = phpLogCall(context.root, sink.node, leak.error.name, 'Request failed');
  // print_r($e); var_dump($e); -> the server log.
  if (sink.dump && sink.node.type === 'function_call_expression' && phpArguments(sink.node)[0]?.value.id === leak.anchor.id) {
    return [{ title: REDIRECT_FIX_TITLE, edits: [{ start: sink.node.startIndex, end: sink.node.endIndex, text: log }], isPreferred: true }];
  }
  if (!leak.stringTyped) return [];
  let target = leak.anchor;
  // `'Error: ' . $e->getMessage()` / "Error: {$e->getMessage()}" become one generic literal.
  for (;;) {
    const parent = target.parent;
    if (parent?.type === 'binary_expression' && (parent.childForFieldName('operator')?.type ?? parent.child(1)?.type) === '.') {
      const other = parent.childForFieldName('left')?.id === target.id ? parent.childForFieldName('right') : parent.childForFieldName('left');
      const literal = other?.type === 'string' || (other?.type === 'encapsed_string' && named(other).every((c) => c.type === 'string_content'));
      // `'…' . $e->getMessage() . '<br>' . $e->getTraceAsString()`: the other operand also reads the exception.
      const sameError = other !== null && new RegExp(`\\$${leak.error.name}\\b`).test(other.text);
      if (!literal && !sameError) break;
      target = parent;
    } else if (parent?.type === 'encapsed_string' && named(parent).filter((c) => c.type !== 'string_content' && c.type !== 'escape_sequence').length === 1) {
      target = parent;
    } else break;
  }
  const edits: TextEdit[] = [removeArrayElement(target) ?? { start: target.startIndex, end: target.endIndex, text: `'${GENERIC_ERROR_MESSAGE}'` }];
  if (!leak.via) edits.push(...logBefore(text, sink.node, `${log};`));
  return [{ title: edits.length > 1 ? FIX_TITLE : 'Send a generic error message instead', edits, isPreferred: true }];
}

/** `$e` alone says little: show the concatenation, string or call that sends it. */
function shownFor(anchor: Node, sink: Sink): string {
  const parent = anchor.parent;
  if (parent?.type === 'argument' || parent?.type === 'echo_statement' || parent?.type === 'sequence_expression') return sink.node.text;
  if (parent?.type === 'binary_expression' || parent?.type === 'encapsed_string' || parent?.type === 'cast_expression') return parent.text;
  return anchor.text;
}

// --- the check -------------------------------------------------------------------------------------

function isDevGuarded(node: Node): boolean {
  return isInsidePhpCondition(node, (c) => isDevGuardCondition(c, false), (c) => isDevGuardCondition(c, true));
}

function isNarrowedByCheck(node: Node, name: string): boolean {
  return isInsidePhpCondition(node, (condition) => new RegExp(`\\$${name}\\s+instanceof\\b`).test(condition));
}

const SINK_TYPES = ['echo_statement', 'print_intrinsic', 'exit_statement', 'function_call_expression', 'member_call_expression', 'scoped_call_expression', 'object_creation_expression'];

/** A parameter type that can match `EXCEPTION_TYPE` holds one of these words. */
const EXCEPTION_WORD = /Throwable|Exception|Error/;

/** Error data only exists inside `catch` clauses and functions with a `Throwable` / `Exception` parameter. */
function candidateNodes(root: Node, text: string): Node[] {
  const scopes: Node[] = [];
  for (const node of root.descendantsOfType(['catch_clause', 'simple_parameter'])) {
    if (!node) continue;
    if (node.type === 'catch_clause') {
      const body = node.childForFieldName('body');
      if (body) scopes.push(body);
    } else if (EXCEPTION_WORD.test(text.slice(node.startIndex, node.endIndex)) && EXCEPTION_TYPE.test(node.childForFieldName('type')?.text.replace(/^\?\\?(?:[\w\\]*\\)?/, '') ?? '')) {
      // (the parameter's source must hold the type's word: one read instead of the type node's three)
      const fn = enclosingPhpFunction(node);
      if (fn) scopes.push(fn);
    }
  }
  const seen = new Set<number>();
  const result: Node[] = [];
  for (const scope of scopes) {
    for (const node of descendantsWithin(root, scope, SINK_TYPES)) {
      if (seen.has(node.id)) continue;
      seen.add(node.id);
      result.push(node);
    }
  }
  return result;
}

export function checkPhp(context: RuleContext): void {
  if (context.file.isTestPath) return;
  let commandLine: boolean | undefined;
  const best = new Map<string, { leak: Leak; sink: Sink }>();
  // a call sink's name is a word of the call's source before its arguments: most calls are dismissed with one field read
  const maySinkCall = callNameFilter(context.file.text, SINK_CALL_NAMES, true);
  const mayBeNarrowed = context.file.text.includes('instanceof');
  for (const node of candidateNodes(context.root, context.file.text)) {
    const type = node.type;
    if ((type === 'function_call_expression' || type === 'member_call_expression' || type === 'scoped_call_expression') && !maySinkCall(node)) continue;
    const sink = sinkOf(node, type);
    if (!sink) continue;
    if (sink.output && (commandLine ??= isCommandLine(context))) continue;
    if (isDevGuarded(sink.node)) continue;
    const walker = new Walker(sink.node);
    for (const value of sink.values) walker.walk(value, sink.dump ? 'dump' : sink.output ? 'string' : 'data');
    for (const leak of walker.leaks) {
      const reportable = isReportable({
        kind: leak.kind,
        sink: 'body',
        status: sink.status,
        exactStatus: sink.exact,
        fromCatchAll: leak.error.fromCatchAll,
        // (`isNarrowedByCheck` needs `$e instanceof …` in a condition: skip its parent walk when the file has none)
        narrowed: leak.error.narrowed || (mayBeNarrowed && isNarrowedByCheck(leak.leaf, leak.error.name)),
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
        expression: leak.leaf.type === 'variable_name' && !leak.via ? shownFor(leak.anchor, sink) : leak.leaf.text,
        status: sink.status,
        ...(leak.via ? { via: leak.via } : {}),
      }),
      fixes: buildFixes(context, leak, sink),
    });
  }
}
