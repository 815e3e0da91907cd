/**
 * empty-catch for Java: `catch` clauses that drop the exception — empty, comment-only, a lone `;`,
 * `continue`/`break`, `return null`, or only the IDE template `e.printStackTrace()` (standard error
 * is not a log, and the code carries on as if nothing happened). The verdict is `isSwallowed`
 * (../shared/errors.ts); this file only reads the syntax tree.
 *
 * Java forces callers to catch checked exceptions, so naming a type (`catch (IOException e)`) says
 * nothing about intent. Quiet instead:
 * - exceptions that are an expected outcome: parse failures (`NumberFormatException`,
 *   `DateTimeParseException`, `URISyntaxException`...), optional-class probing
 *   (`ClassNotFoundException`), and "cannot happen" checked exceptions (`UnsupportedEncodingException`,
 *   `CloneNotSupportedException`);
 * - a catch parameter named `ignored`, `ignore`, `expected` or `_` (IntelliJ's convention for
 *   "deliberately ignored");
 * - the shared exemptions: cleanup-only try blocks (`close()`), short parses, `finally` blocks;
 * - try blocks that only log (`log.warn(…)`): a failing logger has nowhere to report to;
 * - a comment in or right before the handler that says why (`// the user already exists: nothing to create`),
 *   or another linter's suppression (`// NOPMD`); a bare `// ignore` or `// TODO` is no reason.
 * An empty `catch (InterruptedException e)` is reported with a fix that restores the interrupt flag.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { classifyCallee, commentsGiveReason, FIX_TITLES, isSwallowed, swallowMessage, type GuardedBlock, type GuardedOperation, type HandlerBody } from '../shared/errors';
import { appendToBlock, detectLayout, indentOfLine, replaceStatement, type Layout } from '../shared/indentation';
import { catchClauseComments, enclosingJavaFunction, isJavaComment, javaCatchTypes, javaCatchVariable, javaLoggerName, named } from '../shared/java';

/** Exceptions whose failure is an expected answer, not an error to report. */
const EXPECTED_TYPES = new Set([
  'NumberFormatException', 'DateTimeParseException', 'ParseException', 'URISyntaxException', 'MalformedURLException',
  'PatternSyntaxException', 'InputMismatchException', 'UnsupportedEncodingException', 'CloneNotSupportedException',
  'ClassNotFoundException', 'NoClassDefFoundError', 'NoSuchMethodException', 'NoSuchFieldException',
  'IllegalCharsetNameException', 'UnsupportedCharsetException', 'DateTimeException',
]);

/** Unchecked exceptions: `throw e;` compiles without a `throws` clause. */
const UNCHECKED_TYPES = new Set([
  'RuntimeException', 'IllegalArgumentException', 'IllegalStateException', 'NullPointerException',
  'UnsupportedOperationException', 'ArithmeticException', 'IndexOutOfBoundsException', 'ArrayIndexOutOfBoundsException',
  'ClassCastException', 'ConcurrentModificationException', 'NoSuchElementException', 'UncheckedIOException',
  'DataAccessException', 'PersistenceException', 'EntityNotFoundException', 'ResponseStatusException', 'Error',
]);

const IGNORED_NAMES = /^(?:_|ignored?|expected|unused)$/;

/** Java-specific parse calls on top of the shared list (`Long.parseLong`, `UUID.fromString`, Jackson `readValue`). */
const JAVA_PARSE = new Set(['parseLong', 'parseDouble', 'parseShort', 'parseByte', 'parseBoolean', 'fromString', 'readValue', 'readTree', 'URI', 'ofPattern', 'forName']);
const JAVA_CLEANUP = new Set(['closeQuietly', 'shutdownNow', 'deleteIfExists']);
/** `log.warn(…)`, `LOGGER.error(…)`: logging is best effort, like cleanup. */
const LOG_METHODS = new Set(['trace', 'debug', 'info', 'warn', 'warning', 'error', 'fatal', 'log']);
const LOG_RECEIVER = /(?:^|\.)(?:_?log|_?logger|LOG|LOGGER|[a-z]\w*Logger|[A-Z][A-Z_]*_LOG(?:GER)?)$/;

const CALLS = ['method_invocation', 'object_creation_expression'];
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'local_variable_declaration', 'return_statement']);

/** Calls that only wrap the real work (`Optional.of(repo.load(id))`): not named in messages. */
const WRAPPERS = new Set(['of', 'ofNullable', 'requireNonNull', 'valueOf', 'asList', 'ok', 'unmodifiableList', 'orElseThrow', 'get', 'join']);

/** `repo.load`, `Files.readString`; a chained receiver is shortened (`….forEach`). */
function calleeOf(call: Node): string {
  if (call.type === 'object_creation_expression') return call.childForFieldName('type')?.text ?? '';
  const object = call.childForFieldName('object');
  const name = call.childForFieldName('name')?.text ?? '';
  if (!object) return name;
  return object.text.includes('(') ? `….${name}` : `${object.text}.${name}`;
}

function classify(callee: string): GuardedOperation {
  const last = callee.slice(callee.lastIndexOf('.') + 1);
  if (JAVA_PARSE.has(last)) return 'parse';
  if (JAVA_CLEANUP.has(last)) return 'cleanup';
  if (LOG_METHODS.has(last) && callee.includes('.') && LOG_RECEIVER.test(callee.slice(0, callee.lastIndexOf('.')))) return 'cleanup';
  return classifyCallee(callee);
}

function insideNestedFunction(node: Node, scope: Node): boolean {
  for (let current = node.parent; current && current.id !== scope.id; current = current.parent) {
    if (current.type === 'lambda_expression' || current.type === 'class_body') return true;
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
  const statements = named(block).filter((n) => !isJavaComment(n));
  // The first call that does the work: `Optional.of(repo.load(id))` -> `repo.load`.
  const firstCall = ownDescendants(block, CALLS).find((c) => !WRAPPERS.has(c.childForFieldName('name')?.text ?? ''));
  return {
    statements: statements.length,
    operations: statements.map(operationOf),
    awaits: false,
    returnsTrue: ownDescendants(block, ['return_statement']).some((r) => named(r).some((c) => c.type === 'true')),
    ...(firstCall ? { firstCallee: calleeOf(firstCall) } : {}),
  };
}

interface Shape {
  /** What the handler does with the exception (`classifyBody` answers undefined for 'handles'). */
  readonly body: Exclude<HandlerBody, 'handles'>;
  /** `e.printStackTrace()` and nothing else. */
  readonly printsOnly: boolean;
  readonly statement?: Node;
  readonly returned?: string;
  readonly contentEnd: number;
  readonly closeIndex: number;
}

/**
 * The handler's shape, or undefined when it handles the exception (most handlers: they are dismissed
 * before reading the block's braces and offsets, which only a finding needs).
 */
function classifyBody(block: Node, variable: string | undefined): Shape | undefined {
  const children = named(block);
  const statements = children.filter((n) => !isJavaComment(n));
  const frame = (): { printsOnly: false; contentEnd: number; closeIndex: number } => {
    const last = children[children.length - 1];
    const open = block.child(0);
    const close = block.child(block.childCount - 1);
    const closeIndex = close?.type === '}' ? close.startIndex : block.endIndex - 1;
    const contentEnd = last?.endIndex ?? open?.endIndex ?? block.startIndex + 1;
    return { printsOnly: false, contentEnd, closeIndex };
  };
  if (statements.length === 0) {
    if (children.length > 0) return { ...frame(), body: 'comment-only' };
    // A lone `;` is replaced by the fix: `throw e; ;` would be an unreachable statement.
    const semicolon = block.children.find((c) => c?.type === ';');
    return semicolon ? { ...frame(), body: 'pass', statement: semicolon } : { ...frame(), body: 'empty' };
  }
  if (statements.length > 1) return undefined;
  const statement = statements[0];
  if (!statement) return undefined;
  const type = statement.type;
  if (type === 'continue_statement' || type === 'break_statement') return { ...frame(), body: 'skip', statement };
  if (type === 'return_statement') {
    const value = named(statement)[0];
    if (!value || value.type === 'null_literal' || value.type === 'false') {
      return { ...frame(), body: 'discard-return', statement, returned: value?.text ?? '' };
    }
    return undefined;
  }
  const call = type === 'expression_statement' ? named(statement)[0] : undefined;
  if (
    call?.type === 'method_invocation' &&
    call.childForFieldName('name')?.text === 'printStackTrace' &&
    call.childForFieldName('object')?.text === variable &&
    named(call.childForFieldName('arguments')).length === 0
  ) {
    return { ...frame(), body: 'pass', printsOnly: true, statement };
  }
  return undefined;
}

function insideFinally(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'finally_clause') return true;
    if (current.type === 'method_declaration' || current.type === 'lambda_expression' || current.type === 'class_body') return false;
  }
  return false;
}

/** The enclosing method's name (a lambda takes the name of the method it is written in). */
function functionName(node: Node): string | undefined {
  for (let fn = enclosingJavaFunction(node); fn; fn = enclosingJavaFunction(fn)) {
    const name = fn.childForFieldName('name')?.text;
    if (name) return name;
  }
  return undefined;
}

/** `catch (IOException e)`: the keyword through the closing parenthesis. */
function headerEnd(clause: Node): number {
  for (const child of clause.children) if (child?.type === ')') return child.endIndex;
  return clause.child(0)?.endIndex ?? clause.startIndex + 5;
}

/**
 * Puts `statements` in the handler: in place of its lone statement (`e.printStackTrace()`, or
 * `continue`/`return null` unless `keep` asks to run it afterwards), else at the end of the block.
 */
function handlerEdit(text: string, layout: Layout, clause: Node, shape: Shape, statements: readonly string[], keep = false): TextEdit {
  if (shape.statement) {
    const replacement = keep && !shape.printsOnly && shape.body !== 'pass' ? [...statements, shape.statement.text] : statements;
    return replaceStatement(text, shape.statement.startIndex, shape.statement.endIndex, replacement, layout, ' ');
  }
  return appendToBlock(text, { contentEnd: shape.contentEnd, closeIndex: shape.closeIndex, indent: indentOfLine(text, clause.startIndex) }, statements, layout);
}

const JUMPS = new Set(['return_statement', 'throw_statement', 'break_statement', 'continue_statement']);

/**
 * True when a statement follows the `try` and every other way out of the `try` jumps away: once this
 * handler throws too, that statement becomes unreachable, which Java rejects.
 */
function followedByUnreachable(clause: Node): boolean {
  const statement = clause.parent;
  let next = statement?.nextNamedSibling ?? null;
  while (next && isJavaComment(next)) next = next.nextNamedSibling;
  if (!statement || !next) return false;
  if (named(statement).some((c) => c.type === 'finally_clause')) return false;
  const body = statement.childForFieldName('body');
  const last = named(body).filter((n) => !isJavaComment(n)).pop();
  if (!last || !JUMPS.has(last.type)) return false;
  // every other catch clause must not complete normally either
  return named(statement)
    .filter((c) => c.type === 'catch_clause' && c.id !== clause.id)
    .every((c) => {
      const lastInCatch = named(c.childForFieldName('body')).filter((n) => !isJavaComment(n)).pop();
      return lastInCatch !== undefined && JUMPS.has(lastInCatch.type);
    });
}

export function checkJava(context: RuleContext): void {
  const { text } = context.file;
  let layout: Layout | undefined;
  for (const clause of context.root.descendantsOfType('catch_clause')) {
    if (!clause) continue;
    const body = clause.childForFieldName('body');
    if (!body) continue;
    const variable = javaCatchVariable(clause);
    if (variable !== undefined && IGNORED_NAMES.test(variable)) continue;
    // the handler's shape before the try block: most handlers handle, and are dismissed here
    const shape = classifyBody(body, variable);
    if (!shape) continue;
    const guardedBlock = clause.parent?.childForFieldName('body');
    if (guardedBlock?.type !== 'block') continue;
    const types = javaCatchTypes(clause);
    const guarded = guardedFacts(guardedBlock);
    const name = functionName(clause);
    const swallowed = isSwallowed({
      body: shape.body,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      catchesSpecificTypes: types.length > 0 && types.every((t) => EXPECTED_TYPES.has(t)),
      insideFinally: insideFinally(clause),
      guarded,
      ...(name === undefined ? {} : { functionName: name }),
    });
    if (!swallowed) continue;
    if (commentsGiveReason(catchClauseComments(clause, isJavaComment).map((c) => c.text))) continue;

    const end = headerEnd(clause);
    const handler = text.slice(clause.startIndex, end);
    const interrupted = types.includes('InterruptedException');
    const logger = javaLoggerName(clause);
    const e = variable ?? 'e';
    const logCall = `${logger ?? 'log'}.error("${name ?? 'operation'} failed", ${e})`;
    const rethrow = types.length > 0 && types.every((t) => UNCHECKED_TYPES.has(t)) ? `throw ${e};` : `throw new RuntimeException(${e});`;
    let message: string;
    if (shape.printsOnly) {
      message = `\`${handler}\` only prints the stack trace to standard error and carries on, so the failure is lost in production; log it with \`${logCall}\` or rethrow it.`;
    } else {
      const advice = interrupted
        ? 'restore the interrupt flag with `Thread.currentThread().interrupt()` (or rethrow it) so the thread can stop'
        : `rethrow it (\`${rethrow.replace(/;$/, '')}\`) or log it with \`${logCall}\``;
      message = swallowMessage({
        body: shape.body,
        handler,
        ...(shape.returned === undefined ? {} : { returned: shape.returned }),
        ...(shape.body === 'skip' && shape.statement ? { skip: shape.statement.text.replace(/;$/, '') } : {}),
        ...(guarded.firstCallee === undefined ? {} : { callee: guarded.firstCallee }),
        advice,
      });
    }

    layout ??= detectLayout(text, '    ');
    const fixes: Fix[] = [];
    if (variable !== undefined) {
      if (interrupted) {
        fixes.push({ title: 'Restore the interrupt flag', edits: [handlerEdit(text, layout, clause, shape, ['Thread.currentThread().interrupt();'], true)], isPreferred: true });
      }
      // `try { return x; } catch (E e) { throw …; } return y;` would leave `return y;` unreachable (a compile error).
      if (!followedByUnreachable(clause)) {
        fixes.push({ title: FIX_TITLES.rethrow, edits: [handlerEdit(text, layout, clause, shape, [rethrow])], isPreferred: !interrupted });
      }
      if (logger) {
        const keep = shape.body === 'skip' || shape.body === 'discard-return';
        fixes.push({ title: FIX_TITLES.logOnly, edits: [handlerEdit(text, layout, clause, shape, [`${logCall};`], keep)] });
      }
    }
    context.report({ startIndex: clause.startIndex, endIndex: end, message, fixes });
  }
}
