/**
 * empty-catch for PHP: `catch` clauses that drop the exception — empty, comment-only, a lone `;`,
 * `continue`/`break`, or `return null`/`false` where callers cannot tell. The verdict is
 * `isSwallowed` (../shared/errors.ts); this file only reads the syntax tree.
 *
 * PHP has no checked exceptions, but `catch (\Exception $e) {}` is the usual way prototypes silence
 * a library, so specific types are reported too. Quiet: parse failures (`JsonException`,
 * `DateMalformedStringException`), a variable named `$ignored`/`$expected`, and the shared exemptions
 * (cleanup-only try blocks such as `fclose()`/`unlink()`, short parses such as `decrypt()` / `new
 * DateTimeZone()`, `finally` blocks). Also quiet: try blocks that only log (a failing logger has nowhere
 * to report to), a catch variable read after the `try` (`if ($e) { throw $e; }` after a loop: PHP keeps
 * it in scope), and a comment in or right before the handler that says why (`// mail may not be
 * configured yet`) or suppresses another linter (`@mago-expect lint:no-empty-catch-clause`, PHPMD).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { classifyCallee, commentsGiveReason, FIX_TITLES, isSwallowed, swallowMessage, type GuardedBlock, type GuardedOperation, type HandlerBody } from '../shared/errors';
import { appendToBlock, detectLayout, indentOfLine, replaceStatement, type Layout } from '../shared/indentation';
import { catchClauseComments } from '../shared/java';
import { enclosingPhpFunction, enclosingPhpFunctionName, named, phpCallName, phpCatchTypes, phpCatchVariable, phpLogCall, phpVariableName } from '../shared/php';

const EXPECTED_TYPES = new Set(['JsonException', 'DateMalformedStringException', 'InvalidFormatException', 'DivisionByZeroError']);
const IGNORED_NAMES = /^(?:_|ignored?|expected|unused)$/;

const PHP_PARSE = new Set([
  'json_decode', 'unserialize', 'simplexml_load_string', 'strtotime', 'date_create', 'DateTime', 'DateTimeImmutable',
  'createFromFormat', 'parse', 'base64_decode', 'parse_url', 'intdiv', 'Uuid', 'fromString', 'DateTimeZone', 'DateInterval',
  'decrypt', 'decryptString',
]);
/** `$this->logger->warning(…)`, `Log::debug(…)`, `error_log(…)`: logging is best effort, like cleanup. */
const LOG_METHODS = new Set(['debug', 'info', 'notice', 'warning', 'error', 'critical', 'alert', 'emergency', 'log']);
const PHP_CLEANUP = new Set(['fclose', 'curl_close', 'closeCursor', 'pclose', 'proc_close', 'ftp_close', 'socket_close', 'session_write_close', 'rollBack']);

const CALLS = ['function_call_expression', 'member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'object_creation_expression'];
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'return_statement', 'echo_statement']);
const FUNCTIONS = new Set(['function_definition', 'method_declaration', 'anonymous_function', 'arrow_function']);

/** Calls that only wrap the real work: not named in messages. */
const WRAPPERS = new Set(['response', 'json', 'storage_path', 'base_path', 'app_path', 'public_path', 'config', 'sprintf', 'dirname', 'file_get_contents', 'redirect', 'view']);

/** `$this->payments->refund`, `Order::preload`; a chained receiver is shortened (`…->update`). */
function calleeOf(call: Node): string {
  const info = phpCallName(call);
  if (!info) return call.childForFieldName('function')?.text ?? '';
  if (!info.receiver) return info.name;
  const separator = info.kind === 'static' ? '::' : '->';
  return info.receiver.text.includes('(') ? `…${separator}${info.name}` : `${info.receiver.text}${separator}${info.name}`;
}

function classify(callee: string): GuardedOperation {
  const match = /([A-Za-z_]\w*)$/.exec(callee);
  const last = match?.[1] ?? '';
  if (PHP_PARSE.has(last)) return 'parse';
  if (PHP_CLEANUP.has(last)) return 'cleanup';
  return classifyCallee(last);
}

function isLogCall(call: Node): boolean {
  const info = phpCallName(call);
  if (!info) return false;
  if (info.kind === 'function') return info.name === 'error_log';
  return LOG_METHODS.has(info.name) && /log/i.test(info.receiver?.text ?? '');
}

function insideNestedFunction(node: Node, scope: Node): boolean {
  for (let current = node.parent; current && current.id !== scope.id; current = current.parent) {
    if (FUNCTIONS.has(current.type)) return true;
  }
  return false;
}

function ownDescendants(scope: Node, types: string[]): Node[] {
  return scope.descendantsOfType(types).filter((n): n is Node => n !== null && !insideNestedFunction(n, scope));
}

function operationOf(statement: Node): GuardedOperation {
  if (!SIMPLE_STATEMENTS.has(statement.type)) return 'other';
  const call = statement.descendantsOfType(CALLS).find((n): n is Node => n !== null);
  if (!call) return 'none';
  return isLogCall(call) ? 'cleanup' : classify(calleeOf(call));
}

function guardedFacts(block: Node): GuardedBlock {
  const statements = named(block).filter((n) => n.type !== 'comment');
  // The first call that does the work: `response()->json(Order::find($id))` -> `Order::find`.
  const firstCall = ownDescendants(block, CALLS).find((c) => !WRAPPERS.has(phpCallName(c)?.name ?? ''));
  return {
    statements: statements.length,
    operations: statements.map(operationOf),
    awaits: false,
    returnsTrue: ownDescendants(block, ['return_statement']).some((r) => named(r).some((c) => c.type === 'boolean' && c.text.toLowerCase() === 'true')),
    ...(firstCall ? { firstCallee: calleeOf(firstCall) } : {}),
  };
}

interface Shape {
  /** What the handler does with the exception (`classifyBody` answers undefined for 'handles'). */
  readonly body: Exclude<HandlerBody, 'handles'>;
  readonly statement?: Node;
  readonly returned?: string;
  readonly contentEnd: number;
  readonly closeIndex: number;
}

/**
 * The handler's shape, or undefined when it handles the exception (most handlers: they are dismissed
 * before reading the block's braces and offsets, which only a finding needs).
 */
function classifyBody(block: Node): Shape | undefined {
  const children = named(block);
  const statements = children.filter((n) => n.type !== 'comment' && n.type !== 'empty_statement');
  const frame = (): { contentEnd: number; closeIndex: number } => {
    const last = children[children.length - 1];
    const open = block.child(0);
    const close = block.child(block.childCount - 1);
    const closeIndex = close?.type === '}' ? close.startIndex : block.endIndex - 1;
    const contentEnd = last?.endIndex ?? open?.endIndex ?? block.startIndex + 1;
    return { contentEnd, closeIndex };
  };
  if (statements.length === 0) {
    const empty = children.find((c) => c.type === 'empty_statement');
    if (empty) return { ...frame(), body: 'pass', statement: empty };
    return { ...frame(), body: children.length > 0 ? 'comment-only' : 'empty' };
  }
  if (statements.length > 1) return undefined;
  const statement = statements[0];
  if (!statement) return undefined;
  const type = statement.type;
  if (type === 'continue_statement' || type === 'break_statement') return { ...frame(), body: 'skip', statement };
  if (type === 'return_statement') {
    const value = named(statement)[0];
    if (!value || value.type === 'null' || (value.type === 'boolean' && value.text.toLowerCase() === 'false')) {
      return { ...frame(), body: 'discard-return', statement, returned: value?.text ?? '' };
    }
  }
  return undefined;
}

function insideFinally(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'finally_clause') return true;
    if (FUNCTIONS.has(current.type)) return false;
  }
  return false;
}

/** `catch (Exception $e) {}` in a loop, then `if (!empty($e)) { throw $e; }`: PHP keeps `$e` after the `try`. */
function readAfterTry(clause: Node, variable: string | undefined): boolean {
  const statement = clause.parent;
  if (variable === undefined || !statement) return false;
  let scope: Node = enclosingPhpFunction(clause) ?? statement;
  if (scope.id === statement.id) while (scope.parent) scope = scope.parent;
  for (const use of scope.descendantsOfType('variable_name')) {
    if (!use || use.startIndex < statement.endIndex || phpVariableName(use) !== variable) continue;
    if (use.parent?.type === 'catch_clause') continue;
    return true;
  }
  return false;
}

const isComment = (node: Node): boolean => node.type === 'comment';

function headerEnd(clause: Node): number {
  for (const child of clause.children) if (child?.type === ')') return child.endIndex;
  return clause.child(0)?.endIndex ?? clause.startIndex + 5;
}

function handlerEdit(text: string, layout: Layout, clause: Node, shape: Shape, statements: readonly string[], keep = false): TextEdit {
  if (shape.statement) {
    const replacement = keep && shape.body !== 'pass' ? [...statements, shape.statement.text] : statements;
    return replaceStatement(text, shape.statement.startIndex, shape.statement.endIndex, replacement, layout, ' ');
  }
  return appendToBlock(text, { contentEnd: shape.contentEnd, closeIndex: shape.closeIndex, indent: indentOfLine(text, clause.startIndex) }, statements, layout);
}

export function checkPhp(context: RuleContext): void {
  const { text } = context.file;
  let layout: Layout | undefined;
  for (const clause of context.root.descendantsOfType('catch_clause')) {
    if (!clause) continue;
    const body = clause.childForFieldName('body');
    if (!body) continue;
    // the handler's shape first: most handlers handle, and are dismissed before any other read
    const shape = classifyBody(body);
    if (!shape) continue;
    const guardedBlock = clause.parent?.childForFieldName('body');
    if (!guardedBlock) continue;
    const variable = phpCatchVariable(clause);
    if (variable !== undefined && IGNORED_NAMES.test(variable)) continue;
    const types = phpCatchTypes(clause);
    const guarded = guardedFacts(guardedBlock);
    const name = enclosingPhpFunctionName(clause);
    const swallowed = isSwallowed({
      body: shape.body,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      catchesSpecificTypes: types.length > 0 && types.every((t) => EXPECTED_TYPES.has(t)),
      insideFinally: insideFinally(clause),
      guarded,
      ...(name === undefined ? {} : { functionName: name }),
    });
    if (!swallowed) continue;
    if (readAfterTry(clause, variable)) continue;
    if (commentsGiveReason(catchClauseComments(clause, isComment).map((c) => c.text))) continue;

    const end = headerEnd(clause);
    const handler = text.slice(clause.startIndex, end);
    const e = variable ?? 'e';
    const log = phpLogCall(context.root, clause, e, `${name ?? 'Operation'} failed`);
    const message = swallowMessage({
      body: shape.body,
      handler,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      ...(shape.body === 'skip' && shape.statement ? { skip: shape.statement.text.replace(/;$/, '') } : {}),
      ...(guarded.firstCallee === undefined ? {} : { callee: guarded.firstCallee }),
      advice: `rethrow it (\`throw $${e};\`) or log it with \`${log}\``,
    });

    layout ??= detectLayout(text, '    ');
    // PHP 8 allows `catch (Foo)` without a variable: name it so it can be rethrown or logged.
    const typeList = clause.childForFieldName('type');
    const bind: TextEdit[] = variable === undefined && typeList ? [{ start: typeList.endIndex, end: typeList.endIndex, text: ` $${e}` }] : [];
    const keep = shape.body === 'skip' || shape.body === 'discard-return';
    const fixes: Fix[] = [
      { title: FIX_TITLES.rethrow, edits: [...bind, handlerEdit(text, layout, clause, shape, [`throw $${e};`])], isPreferred: true },
      { title: FIX_TITLES.logAndRethrow, edits: [...bind, handlerEdit(text, layout, clause, shape, [`${log};`, `throw $${e};`])] },
      { title: FIX_TITLES.logOnly, edits: [...bind, handlerEdit(text, layout, clause, shape, [`${log};`], keep)] },
    ];
    context.report({ startIndex: clause.startIndex, endIndex: end, message, fixes });
  }
}
