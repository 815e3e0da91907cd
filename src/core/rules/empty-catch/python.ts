/**
 * empty-catch for Python: `except` clauses that drop the error. Like ruff's S110/S112 defaults,
 * only bare `except:` and `except Exception` / `except BaseException` (alone or in a tuple) count:
 * `except KeyError: pass` names the failure it expects. The verdict is `isSwallowed`
 * (../shared/errors.ts); this file only reads the syntax tree.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import {
  BROAD_EXCEPTION_TYPES,
  classifyCallee,
  commentSaysHandledElsewhere,
  commentsBeforeClause,
  commentsGiveReason,
  FIX_TITLES,
  hasForeignSuppression,
  isIgnoredErrorName,
  isSwallowed,
  pickCallee,
  swallowMessage,
  type GuardedBlock,
  type GuardedOperation,
  type HandlerBody,
  type LoggerRef,
} from '../shared/errors';
import { sweepAncestors } from '../shared/ancestors';
import { detectLayout, insertAfterStatement, replaceStatement, type Layout } from '../shared/indentation';
import { findPythonLogger } from '../shared/python-logger';

const FUNCTIONS = new Set(['function_definition', 'lambda']);
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'return_statement']);
/** Python's broad types: `Error`/`Throwable` are not Python builtins, so a class called `Error` stays specific. */
const PYTHON_BROAD: ReadonlySet<string> = new Set([...BROAD_EXCEPTION_TYPES].filter((t) => t === 'Exception' || t === 'BaseException'));

const named = (node: Node): Node[] => node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');

function operationOf(statement: Node): GuardedOperation {
  if (statement.type === 'import_statement' || statement.type === 'import_from_statement') return 'import';
  if (!SIMPLE_STATEMENTS.has(statement.type)) return 'other';
  const call = statement.descendantsOfType('call').find((n): n is Node => n !== null);
  if (!call) return 'none';
  const callee = call.childForFieldName('function')?.text;
  return callee === undefined ? 'other' : classifyCallee(callee);
}

const GUARDED_TYPES = ['call', 'await', 'return_statement', ...FUNCTIONS];

/** Facts about a `try` block, from one `descendantsOfType` call (calls inside nested functions do not count as its own). */
function guardedFacts(block: Node): GuardedBlock {
  const statements = named(block);
  const ownCallees: string[] = [];
  let awaits = false;
  let returnsTrue = false;
  sweepAncestors(block.descendantsOfType(GUARDED_TYPES), (node, ancestors) => {
    if (FUNCTIONS.has(node.type) || ancestors.some((a) => FUNCTIONS.has(a.type))) return;
    if (node.type === 'await') awaits = true;
    else if (node.type === 'return_statement') returnsTrue ||= node.namedChildren.some((c) => c?.type === 'true');
    else {
      const callee = node.childForFieldName('function')?.text;
      if (callee !== undefined) ownCallees.push(callee);
    }
  });
  const firstCallee = pickCallee(ownCallees);
  return {
    statements: statements.length,
    operations: statements.map(operationOf),
    awaits,
    returnsTrue,
    onlyRaises: statements.length > 0 && statements.every((s) => s.type === 'raise_statement'),
    ...(firstCallee === undefined ? {} : { firstCallee }),
  };
}

const commentsOf = (node: Node): Node[] => node.namedChildren.filter((n): n is Node => n?.type === 'comment');

/**
 * Comments that speak about one `except` clause: on its line, in its block (`pass  # the cache is optional`), and the
 * own-line comments right before it (ending the `try` block, or between clauses).
 */
function exceptComments(clause: Node, block: Node, text: string): string[] {
  const own = [...commentsOf(clause), ...commentsOf(block)].map((c) => c.text);
  return [...own, ...commentsBeforeClause(clause, 'block', text)];
}

/**
 * `except Exception as ignored:`, a `# noqa: S110` / `# nosec`, or a comment that gives a reason
 * (`pass  # the cache is optional`, `# already logged by the middleware`; not `# ignore`, `# TODO` or commented-out code).
 */
function isDeliberate(clause: Node, block: Node, text: string): boolean {
  const value = clause.childForFieldName('value');
  const alias = value?.type === 'as_pattern' ? value.childForFieldName('alias')?.text : undefined;
  if (isIgnoredErrorName(alias?.replace(/^as\s+/, ''))) return true;
  if (commentsGiveReason(exceptComments(clause, block, text))) return true;
  if (block.endIndex - clause.startIndex > 600) return false;
  const lineEnd = text.indexOf('\n', block.endIndex);
  const window = text.slice(clause.startIndex, lineEnd === -1 ? text.length : lineEnd);
  if (!window.includes('#')) return false;
  return hasForeignSuppression(window) || commentSaysHandledElsewhere(window);
}

/** The exception types an `except` names; empty for a bare `except:`. */
function caughtTypes(clause: Node): Node[] {
  let value = clause.childForFieldName('value');
  if (value?.type === 'as_pattern') value = value.namedChildren[0] ?? null;
  if (!value) return [];
  if (value.type === 'tuple' || value.type === 'parenthesized_expression') return named(value);
  return [value];
}

function isBroad(type: Node): boolean {
  const last = type.text.split('.').pop() ?? '';
  return PYTHON_BROAD.has(last);
}

interface PythonShape {
  readonly body: HandlerBody;
  readonly returned?: string;
  /** The statement a fix replaces (`pass`, `continue`, `return None`); absent when the body is only strings. */
  readonly statement?: Node;
  readonly last?: Node;
}

const isNoOp = (s: Node): boolean =>
  s.type === 'pass_statement' ||
  (s.type === 'expression_statement' && s.namedChildCount === 1 && (s.namedChildren[0]?.type === 'ellipsis' || s.namedChildren[0]?.type === 'string'));

function classifyBlock(block: Node): PythonShape {
  const statements = named(block);
  const last = statements.at(-1);
  if (!last) return { body: 'empty' };
  if (statements.every(isNoOp)) {
    const replaceable = [...statements].reverse().find((s) => s.type === 'pass_statement' || s.namedChildren[0]?.type === 'ellipsis');
    return { body: 'pass', last, ...(replaceable ? { statement: replaceable } : {}) };
  }
  // Docstring-like strings before the real statement do not change what the handler does.
  const real = statements.filter((s) => !isNoOp(s));
  const only = real[0];
  if (real.length !== 1 || !only) return { body: 'handles' };
  if (only.type === 'continue_statement' || only.type === 'break_statement') return { body: 'skip', statement: only, last };
  if (only.type === 'return_statement') {
    const value = named(only)[0];
    const returned = value ? value.text : '';
    if (returned === '' || returned === 'None' || returned === 'False') return { body: 'discard-return', returned, statement: only, last };
  }
  return { body: 'handles' };
}

/**
 * Does the block starting at `start` open with a statement that makes `classifyBlock` say `handles`, read
 * from the text (most handlers do: `logger.exception(…)`, `raise`, `value = None`)? A name that is not `pass`,
 * `continue`, `break` or `return`, nor a string prefix, starts a statement that is not a no-op, not a skip and
 * not a return: the first real statement is another one, so the handler handles. Anything else (a string, a
 * `#`, `...`) is left to `classifyBlock`.
 */
function startsRealStatement(text: string, start: number): boolean {
  const word = LEADING_NAME.exec(text.slice(start, start + 12))?.[0];
  if (word === undefined || SHAPING_KEYWORDS.has(word)) return false;
  const next = text.charAt(start + word.length);
  return !(next === '"' || next === "'") || !STRING_PREFIX.test(word);
}

const LEADING_NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const SHAPING_KEYWORDS = new Set(['pass', 'continue', 'break', 'return']);
const STRING_PREFIX = /^[A-Za-z]{1,3}$/;

function insideFinally(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'finally_clause') return true;
    if (FUNCTIONS.has(current.type)) return false;
  }
  return false;
}

function enclosingFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (current.type === 'function_definition') return current;
  return undefined;
}

/** `Class.method` for a method (possibly decorated), else the function's name: the log message of a fix. */
function qualifiedName(fn: Node): string | undefined {
  const name = fn.childForFieldName('name')?.text;
  let owner = fn.parent;
  if (owner?.type === 'decorated_definition') owner = owner.parent;
  const cls = owner?.type === 'block' && owner.parent?.type === 'class_definition' ? owner.parent.childForFieldName('name')?.text : undefined;
  return name && cls ? `${cls}.${name}` : name;
}

function advice(body: HandlerBody, log: string): string {
  if (body === 'skip') return `log it with \`${log}\` before moving on, or catch only the exception you expect`;
  if (body === 'discard-return') return `re-raise it, or log it with \`${log}\` before returning, or catch only the exception you expect`;
  return `catch only the exception you expect, or log it with \`${log}\` and re-raise`;
}

function buildFixes(text: string, layout: Layout, shape: PythonShape, logCall: string, loggerSetup: readonly TextEdit[]): Fix[] {
  const target = shape.statement;
  const last = shape.last;
  const edit = (statements: readonly string[]): TextEdit | undefined => {
    if (target) return replaceStatement(text, target.startIndex, target.endIndex, statements, layout, '; ');
    if (last) return insertAfterStatement(text, last.startIndex, last.endIndex, statements, layout, '; ');
    return undefined;
  };
  const keep = shape.body === 'skip' || shape.body === 'discard-return' ? target?.text : undefined;
  const rethrow = edit(['raise']);
  const logAndRethrow = edit([logCall, 'raise']);
  const logOnly = edit(keep ? [logCall, keep] : [logCall]);
  if (!rethrow || !logAndRethrow || !logOnly) return [];
  return [
    { title: FIX_TITLES.rethrow, edits: [rethrow], isPreferred: true },
    { title: FIX_TITLES.logAndRethrow, edits: [...loggerSetup, logAndRethrow] },
    { title: keep ? `${FIX_TITLES.logOnly} before \`${keep}\`` : FIX_TITLES.logOnly, edits: [...loggerSetup, logOnly] },
  ];
}

export function checkPython(context: RuleContext): void {
  const { text } = context.file;
  let layout: Layout | undefined;
  let logger: LoggerRef | undefined;
  if (!text.includes('except')) return;
  for (const clause of context.root.descendantsOfType(['except_clause', 'except_group_clause'])) {
    if (!clause) continue;
    const block = clause.namedChildren.find((n): n is Node => n?.type === 'block');
    // Half-typed code (`except Exception:` with no body yet) is not reported while the user types.
    if (!block || block.hasError) continue;
    // The handler's shape first: most handlers handle, and `parent` walks down from the root.
    if (startsRealStatement(text, block.startIndex)) continue;
    const shape = classifyBlock(block);
    if (shape.body === 'handles' || shape.body === 'empty') continue;
    const tryStatement = clause.parent;
    const guardedBlock = tryStatement?.type === 'try_statement' ? tryStatement.childForFieldName('body') : null;
    if (!guardedBlock) continue;
    // Cheap verdicts first: `except KeyError:` and handlers in `finally` never need the rest.
    const types = caughtTypes(clause);
    if (types.length > 0 && !types.some(isBroad)) continue;
    if (insideFinally(clause)) continue;
    if (isDeliberate(clause, block, text)) continue;
    const guarded = guardedFacts(guardedBlock);
    const fn = enclosingFunction(clause);
    const functionName = fn?.childForFieldName('name')?.text;
    const swallowed = isSwallowed({
      body: shape.body,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      catchesSpecificTypes: false,
      insideFinally: false,
      guarded,
      ...(functionName === undefined ? {} : { functionName }),
    });
    if (!swallowed) continue;

    const value = clause.childForFieldName('value');
    const start = clause.startIndex;
    const end = value ? value.endIndex : (clause.child(0)?.endIndex ?? start);
    layout ??= detectLayout(text, '    ');
    logger ??= findPythonLogger(context.root, text, layout.eol);
    const where = fn ? qualifiedName(fn) : undefined;
    const logCall = `${logger.receiver}.exception("${where ? `${where} failed` : 'Unexpected error'}")`;
    const header = text.slice(start, end);
    const message = swallowMessage({
      body: shape.body,
      handler: value ? header : `${header}:`,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      ...(shape.statement ? { skip: shape.statement.text } : {}),
      ...(guarded.firstCallee === undefined ? {} : { callee: guarded.firstCallee }),
      advice: advice(shape.body, `${logger.receiver}.exception(...)`),
    });
    context.report({ startIndex: start, endIndex: end, message, fixes: buildFixes(text, layout, shape, logCall, logger.setupEdits) });
  }
}
