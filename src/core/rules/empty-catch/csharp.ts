/**
 * empty-catch for C#: `catch` clauses that drop the exception — `catch { }`, `catch (Exception) { }`,
 * comment-only, a lone `;`, `continue`/`break`, `return null`, or only `Debug.WriteLine(ex)` /
 * `Debug.Print(...)` (those calls are compiled out of Release builds, so the handler is empty in
 * production). The verdict is `isSwallowed` (../shared/errors.ts); this file only reads the tree.
 *
 * C# exceptions are unchecked, so naming a type is a decision (as Python's `except KeyError: pass`, and
 * as Sonar's S2486 reads it): only catch-alls — a bare `catch`, `Exception`, `SystemException`,
 * `ApplicationException` — are reported when empty, and an exception filter (`catch (SqlException e)
 * when (e.Number == 547)`) narrows a catch-all too. A handler that only calls `Debug.WriteLine` is
 * reported whatever it catches: the author wanted to see the error, and Release builds hide it.
 *
 * Quiet: specific types, cancellation, the shared exemptions (cleanup-only try blocks such as
 * `File.Delete` / `_fs.DeleteFile`, short parses such as `JsonSerializer.DeserializeAsync`, `finally`
 * blocks), try blocks that only log (a failing logger has nowhere to report to), and a comment in or
 * right before the handler that says why (`// the file may be locked; retried below`).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { classifyCallee, commentsGiveReason, FIX_TITLES, isSwallowed, swallowMessage, type GuardedBlock, type GuardedOperation, type HandlerBody } from '../shared/errors';
import { appendToBlock, detectLayout, indentOfLine, replaceStatement, type Layout } from '../shared/indentation';
import { csCatchTypes, csCatchVariable, csInvocationName, csLoggerName, enclosingCsFunction, named } from '../shared/csharp';
import { catchClauseComments } from '../shared/java';

/** Exceptions whose failure is an expected outcome, not an error to report. */
const EXPECTED_TYPES = new Set([
  'OperationCanceledException', 'TaskCanceledException', 'FormatException', 'OverflowException', 'UriFormatException',
]);

/** Types that catch (almost) everything: an empty handler for one of these hides every failure. */
const CATCH_ALL_TYPES = new Set(['Exception', 'SystemException', 'ApplicationException']);

const IGNORED_NAMES = /^(?:_|ignored?|expected|unused)$/;

/** C# parse / cleanup calls on top of the shared lists (`int.Parse`, `JsonSerializer.Deserialize`, `Dispose`). */
const CS_PARSE = new Set(['Parse', 'ParseExact', 'Deserialize', 'DeserializeAsync', 'DeserializeObject', 'FromBase64String', 'Uri', 'Guid', 'Regex']);
const CS_CLEANUP = new Set([
  'Dispose', 'DisposeAsync', 'Close', 'Delete', 'DeleteFile', 'DeleteDirectory', 'Kill', 'Cancel', 'Abort', 'Rollback', 'RollbackAsync', 'Stop', 'StopAsync',
]);
/** `_logger.LogWarning(…)`, `Log.Error(…)`: a try block that only logs has nowhere to report its own failure. */
const LOG_METHOD = /^Log(?:Trace|Debug|Information|Warning|Error|Critical)?$/;
const LOG_RECEIVER = /(?:^|\.)_?(?:log|logger|Log|Logger|[a-z]\w*Logger)$/;
/** Calls that are compiled out of Release builds ([Conditional("DEBUG")]). */
const DEBUG_ONLY = /^(?:System\.Diagnostics\.)?Debug\.(?:WriteLine|Write|Print|WriteIf|WriteLineIf|Fail|Assert)$/;

const CALLS = ['invocation_expression', 'object_creation_expression'];
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'local_declaration_statement', 'return_statement']);
const FUNCTIONS = new Set(['lambda_expression', 'anonymous_method_expression', 'local_function_statement']);

/** Calls that only wrap the real work: not named in messages. */
const WRAPPERS = new Set(['ConfigureAwait', 'Ok', 'FromResult', 'GetAwaiter', 'GetResult', 'Wait', 'ToList', 'ToListAsync', 'First', 'Single']);

/** `_orders.RefundAsync`, `File.Move`; a chained receiver is shortened (`….Update`). */
function calleeOf(call: Node): string {
  if (call.type === 'object_creation_expression') return call.childForFieldName('type')?.text ?? '';
  const { receiver, name } = csInvocationName(call);
  if (!receiver) return name;
  return receiver.text.includes('(') ? `….${name}` : `${receiver.text}.${name}`;
}

function classify(callee: string): GuardedOperation {
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  if (CS_PARSE.has(last)) return 'parse';
  if (CS_CLEANUP.has(last)) return 'cleanup';
  // best effort like cleanup: logging about something else
  if (LOG_METHOD.test(last) && callee.includes('.') && LOG_RECEIVER.test(callee.slice(0, callee.lastIndexOf('.')))) return 'cleanup';
  return classifyCallee(callee);
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
  return call ? classify(calleeOf(call)) : 'none';
}

function guardedFacts(block: Node): GuardedBlock {
  const statements = named(block).filter((n) => n.type !== 'comment');
  // The first call that does the work: `await _db.SaveAsync().ConfigureAwait(false)` -> `_db.SaveAsync`.
  const firstCall = ownDescendants(block, CALLS).find((c) => c.type !== 'invocation_expression' || !WRAPPERS.has(csInvocationName(c).name));
  return {
    statements: statements.length,
    operations: statements.map(operationOf),
    // awaiting a parse (`await JsonSerializer.DeserializeAsync(stream)`) is still a parse
    awaits: ownDescendants(block, ['await_expression']).some((a) => {
      const call = a.descendantsOfType(CALLS).find((n): n is Node => n !== null && (n.type !== 'invocation_expression' || !WRAPPERS.has(csInvocationName(n).name)));
      return !call || classify(calleeOf(call)) !== 'parse';
    }),
    returnsTrue: ownDescendants(block, ['return_statement']).some((r) => named(r).some((c) => c.type === 'boolean_literal' && c.text === 'true')),
    ...(firstCall ? { firstCallee: calleeOf(firstCall) } : {}),
  };
}

interface Shape {
  /** What the handler does with the exception (`classifyBody` answers undefined for 'handles'). */
  readonly body: Exclude<HandlerBody, 'handles'>;
  /** Only `Debug.WriteLine(...)`-style calls, which Release builds remove. */
  readonly debugOnly: boolean;
  readonly statement?: Node;
  readonly returned?: string;
  readonly contentEnd: number;
  readonly closeIndex: number;
}

/**
 * The handler's shape, or undefined when it handles the exception (most handlers: they are dismissed
 * first, before reading the block's braces and offsets, which only a finding needs).
 */
function classifyBody(block: Node, text: string): Shape | undefined {
  const children = named(block);
  const statements = children.filter((n) => n.type !== 'comment' && n.type !== 'empty_statement');
  const frame = (): { debugOnly: false; contentEnd: number; closeIndex: number } => {
    const last = children[children.length - 1];
    const open = block.child(0);
    const close = block.child(block.childCount - 1);
    const closeIndex = close?.type === '}' ? close.startIndex : block.endIndex - 1;
    const contentEnd = last?.endIndex ?? open?.endIndex ?? block.startIndex + 1;
    return { debugOnly: false, contentEnd, closeIndex };
  };
  if (statements.length === 0) {
    const empty = children.find((c) => c.type === 'empty_statement');
    if (empty) return { ...frame(), body: 'pass', statement: empty };
    return { ...frame(), body: children.length > 0 ? 'comment-only' : 'empty' };
  }
  // `Debug.…` calls name `Debug` in the handler's source: without it, no statement is one (one read instead of a callee per statement)
  const mayBeDebugOnly = text.slice(block.startIndex, block.endIndex).includes('Debug');
  if (mayBeDebugOnly && statements.every((s) => s.type === 'expression_statement' && DEBUG_ONLY.test(calleeOf(named(s)[0] ?? s).replace(/\s+/g, '')) && named(s)[0]?.type === 'invocation_expression')) {
    return { ...frame(), body: 'pass', debugOnly: true, ...(statements.length === 1 && statements[0] ? { statement: statements[0] } : {}) };
  }
  if (statements.length > 1) return undefined;
  const statement = statements[0];
  if (!statement) return undefined;
  const type = statement.type;
  if (type === 'continue_statement' || type === 'break_statement') return { ...frame(), body: 'skip', statement };
  if (type === 'return_statement') {
    const value = named(statement)[0];
    if (!value || value.type === 'null_literal' || (value.type === 'boolean_literal' && value.text === 'false') || value.text === 'default') {
      return { ...frame(), body: 'discard-return', statement, returned: value?.text ?? '' };
    }
  }
  return undefined;
}

function insideFinally(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'finally_clause') return true;
    if (current.type === 'method_declaration' || FUNCTIONS.has(current.type) || current.type === 'declaration_list') return false;
  }
  return false;
}

function functionName(node: Node): string | undefined {
  for (let fn = enclosingCsFunction(node); fn; fn = enclosingCsFunction(fn)) {
    const name = fn.childForFieldName('name')?.text;
    if (name) return name;
  }
  return undefined;
}

const isComment = (node: Node): boolean => node.type === 'comment';

/** `when (e.Number == 547)` narrows the handler to one failure; `when (e is not OperationCanceledException)` does not. */
function narrowingFilter(clause: Node): boolean {
  const filter = named(clause).find((c) => c.type === 'catch_filter_clause');
  if (!filter) return false;
  const condition = filter.text.replace(/^when\s*\(?\s*/, '');
  return !/\bis\s+not\b/.test(condition) && !condition.startsWith('!');
}

/** `catch (IOException ex) when (…)`: the keyword through the declaration (and filter). */
function headerEnd(clause: Node): number {
  let end = clause.child(0)?.endIndex ?? clause.startIndex + 5;
  for (const child of named(clause)) {
    if (child.type === 'catch_declaration' || child.type === 'catch_filter_clause') end = child.endIndex;
  }
  return end;
}

function handlerEdit(text: string, layout: Layout, clause: Node, shape: Shape, statements: readonly string[], keep = false): TextEdit {
  if (shape.statement) {
    const replacement = keep && !shape.debugOnly && shape.body !== 'pass' ? [...statements, shape.statement.text] : statements;
    return replaceStatement(text, shape.statement.startIndex, shape.statement.endIndex, replacement, layout, ' ');
  }
  return appendToBlock(text, { contentEnd: shape.contentEnd, closeIndex: shape.closeIndex, indent: indentOfLine(text, clause.startIndex) }, statements, layout);
}

export function checkCsharp(context: RuleContext): void {
  const { text } = context.file;
  let layout: Layout | undefined;
  for (const clause of context.root.descendantsOfType('catch_clause')) {
    if (!clause) continue;
    const body = clause.childForFieldName('body') ?? named(clause).find((c) => c.type === 'block');
    if (!body) continue;
    // the handler's shape first: most handlers handle, and are dismissed before any other read
    const shape = classifyBody(body, text);
    if (!shape) continue;
    const guardedBlock = clause.parent?.childForFieldName('body');
    if (!guardedBlock) continue;
    const variable = csCatchVariable(clause);
    if (variable !== undefined && IGNORED_NAMES.test(variable)) continue;
    const types = csCatchTypes(clause);
    const guarded = guardedFacts(guardedBlock);
    const name = functionName(clause);
    const expected = types.length > 0 && types.every((t) => EXPECTED_TYPES.has(t));
    const specific = (types.length > 0 && types.every((t) => !CATCH_ALL_TYPES.has(t))) || narrowingFilter(clause);
    const swallowed = isSwallowed({
      body: shape.body,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      catchesSpecificTypes: expected || (specific && !shape.debugOnly),
      insideFinally: insideFinally(clause),
      guarded,
      ...(name === undefined ? {} : { functionName: name }),
    });
    if (!swallowed) continue;
    if (commentsGiveReason(catchClauseComments(clause, isComment).map((c) => c.text))) continue;

    const end = headerEnd(clause);
    const handler = text.slice(clause.startIndex, end);
    const logger = csLoggerName(clause);
    const ex = variable ?? 'ex';
    const logCall = `${logger ?? '_logger'}.LogError(${ex}, "${name ?? 'Operation'} failed")`;
    let message: string;
    if (shape.debugOnly) {
      message = `\`${handler}\` only writes to \`Debug\`, which Release builds compile out, so the exception is silently dropped in production; log it with \`${logCall}\` or rethrow with \`throw;\`.`;
    } else {
      message = swallowMessage({
        body: shape.body,
        handler,
        ...(shape.returned === undefined ? {} : { returned: shape.returned }),
        ...(shape.body === 'skip' && shape.statement ? { skip: shape.statement.text.replace(/;$/, '') } : {}),
        ...(guarded.firstCallee === undefined ? {} : { callee: guarded.firstCallee }),
        advice: `rethrow it with \`throw;\` (keeps the stack trace) or log it with \`${logCall}\``,
      });
    }

    layout ??= detectLayout(text, '    ');
    const fixes: Fix[] = [{ title: FIX_TITLES.rethrow, edits: [handlerEdit(text, layout, clause, shape, ['throw;'])], isPreferred: true }];
    if (logger && types.length > 0) {
      // `catch (IOException)` has no variable to log: name it.
      const declaration = named(clause).find((c) => c.type === 'catch_declaration');
      const typeNode = declaration?.childForFieldName('type');
      const bind: TextEdit[] = variable === undefined && typeNode ? [{ start: typeNode.endIndex, end: typeNode.endIndex, text: ` ${ex}` }] : [];
      const keep = shape.body === 'skip' || shape.body === 'discard-return';
      fixes.push({ title: FIX_TITLES.logAndRethrow, edits: [...bind, handlerEdit(text, layout, clause, shape, [`${logCall};`, 'throw;'])] });
      fixes.push({ title: FIX_TITLES.logOnly, edits: [...bind, handlerEdit(text, layout, clause, shape, [`${logCall};`], keep)] });
    }
    context.report({ startIndex: clause.startIndex, endIndex: end, message, fixes });
  }
}
