/**
 * empty-catch for Go: `if err != nil { }` is Go's catch block. Reported when the block is empty,
 * holds only comments that give no reason (`// ignore`, `// TODO`, commented-out code), or only discards
 * the error (`_ = err`); a comment in the block that says why (`// the cache is optional`) makes it deliberate. A Go error belongs to one call, so
 * `continue`, `break` and `return nil` in the block are deliberate control flow and stay quiet
 * (like a `catch` of a specific exception type). The verdict is `isSwallowed` (../shared/errors.ts);
 * errors discarded without any `if` are the `discarded-error` rule's.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import {
  classifyCallee,
  commentSaysHandledElsewhere,
  commentsGiveReason,
  FIX_TITLES,
  hasForeignSuppression,
  isSwallowed,
  swallowMessage,
  type GuardedBlock,
  type HandlerBody,
} from '../shared/errors';
import {
  goAddImportEdits,
  goErrorReturn,
  goIndex,
  goResponseWriterParam,
  goResultTypes,
  type GoIndex,
  isGoErrorName,
  namedChildrenOf,
} from '../shared/go';
import { appendToBlock, indentOfLine, replaceStatement } from '../shared/indentation';

/** The error identifier tested by `x != nil` / `nil != x`, when its name says it holds an error. */
function testedError(condition: Node | null): Node | undefined {
  if (condition?.type !== 'binary_expression' || condition.childForFieldName('operator')?.text !== '!=') return undefined;
  const left = condition.childForFieldName('left');
  const right = condition.childForFieldName('right');
  const candidate = left?.type === 'nil' ? right : right?.type === 'nil' ? left : undefined;
  if (candidate?.type !== 'identifier' || candidate.text === 'e' || !isGoErrorName(candidate.text)) return undefined;
  return candidate;
}

interface BlockShape {
  readonly body: HandlerBody;
  readonly statements: readonly Node[];
  readonly comments: readonly Node[];
}

function blockShape(block: Node, errName: string): BlockShape {
  const comments: Node[] = [];
  const statements: Node[] = [];
  for (const child of namedChildrenOf(block)) {
    if (child.type === 'comment') comments.push(child);
    else if (child.type === 'statement_list') {
      for (const statement of namedChildrenOf(child)) (statement.type === 'comment' ? comments : statements).push(statement);
    } else statements.push(child);
  }
  if (statements.length === 0) return { body: comments.length === 0 ? 'empty' : 'comment-only', statements, comments };
  const only = statements.length === 1 ? statements[0] : undefined;
  if (only?.type === 'empty_statement') return { body: comments.length === 0 ? 'empty' : 'comment-only', statements, comments };
  if (only?.type === 'assignment_statement') {
    const left = only.childForFieldName('left')?.text;
    const right = only.childForFieldName('right')?.text;
    if (left === '_' && right === errName) return { body: 'pass', statements, comments };
  }
  return { body: 'handles', statements, comments };
}

/** The call whose error is tested: the `if` initializer's, or the statement just before the `if`. */
function producingCall(ifStatement: Node, errName: string): Node | undefined {
  let producer = ifStatement.childForFieldName('initializer');
  if (!producer) {
    let previous = ifStatement.previousNamedSibling;
    while (previous?.type === 'comment') previous = previous.previousNamedSibling;
    if (previous?.type === 'short_var_declaration' || previous?.type === 'assignment_statement') producer = previous;
  }
  if (!producer) return undefined;
  const lefts = namedChildrenOf(producer.childForFieldName('left'));
  if (!lefts.some((n) => n.text === errName)) return undefined;
  const right = namedChildrenOf(producer.childForFieldName('right'))[0];
  return right?.type === 'call_expression' ? right : undefined;
}

/**
 * Go names are exported with a capital: classify `os.Remove` like `os.remove`, `f.Close` like `close`.
 * Parsing is not an excuse in Go: an empty `if err != nil {}` after `json.Unmarshal` is an unfinished
 * check (ignoring the error needs no `if` at all), so only cleanup keeps its exemption.
 */
function goOperation(callee: string | undefined): GuardedBlock['operations'][number] {
  if (callee === undefined) return 'none';
  const operation = classifyCallee(callee.replace(/([A-Za-z_]\w*)$/, (name) => name.charAt(0).toLowerCase() + name.slice(1)));
  return operation === 'parse' ? 'other' : operation;
}

/** `os.Remove`, `s.Cancel`, `Scan` (for `….QueryRow(…).Scan`): a short, quote-free name for messages and logs. */
function calleeLabel(call: Node | undefined): string | undefined {
  const fn = call?.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return fn.text;
  if (fn.type !== 'selector_expression') return undefined;
  const field = fn.childForFieldName('field')?.text;
  const operand = fn.childForFieldName('operand');
  if (!field) return undefined;
  return operand?.type === 'identifier' ? `${operand.text}.${field}` : field;
}

function logCall(index: GoIndex, errName: string, what: string): { text: string; importPath?: string } {
  const log = index.imports.byName.get('log');
  if (index.imports.paths.has('log/slog') && index.imports.byName.get('slog') === 'log/slog') {
    return { text: `slog.Error(${JSON.stringify(`${what} failed`)}, "err", ${errName})` };
  }
  if (log === undefined) return { text: `log.Printf("${what}: %v", ${errName})`, importPath: 'log' };
  return { text: `log.Printf("${what}: %v", ${errName})` };
}

function fixesFor(ctx: RuleContext, index: GoIndex, ifStatement: Node, block: Node, shape: BlockShape, errName: string, callee: string | undefined): Fix[] {
  const text = ctx.file.text;
  const layout = index.layout;
  const fn = index.enclosingFunction(ifStatement);
  if (!fn) return [];
  const edit = (statements: string[]) => {
    if (shape.body === 'pass') {
      const only = shape.statements[0];
      if (only) return replaceStatement(text, only.startIndex, only.endIndex, statements, layout, '; ');
    }
    const last = [...shape.comments, ...shape.statements].sort((a, b) => a.endIndex - b.endIndex).pop();
    return appendToBlock(
      text,
      { contentEnd: last ? last.endIndex : block.startIndex + 1, closeIndex: block.endIndex - 1, indent: indentOfLine(text, ifStatement.startIndex) },
      statements,
      layout,
    );
  };
  const fixes: Fix[] = [];
  const returned = goErrorReturn(fn, errName, index.structTypes);
  if (returned) fixes.push({ title: 'Return the error', edits: [edit([returned])], isPreferred: true });
  const writer = goResponseWriterParam(fn);
  if (writer && index.imports.byName.get('http') === 'net/http' && goResultTypes(fn).length === 0) {
    const log = logCall(index, errName, callee ?? errName);
    const importEdits = log.importPath ? goAddImportEdits(ctx.root, log.importPath, index) : [];
    fixes.push({
      title: 'Log the error and answer 500',
      edits: [edit([log.text, `http.Error(${writer}, "internal server error", http.StatusInternalServerError)`, 'return']), ...importEdits],
      isPreferred: fixes.length === 0,
    });
  }
  const log = logCall(index, errName, callee ?? errName);
  const importEdits = log.importPath ? goAddImportEdits(ctx.root, log.importPath, index) : [];
  fixes.push({ title: FIX_TITLES.logOnly, edits: [edit([log.text]), ...importEdits] });
  return fixes;
}

export function checkGo(ctx: RuleContext): void {
  const index = goIndex(ctx);
  const text = ctx.file.text;
  for (const ifStatement of index.nodes('if_statement')) {
    const block = ifStatement.childForFieldName('consequence');
    if (!block) continue;
    // `err != nil` lies in the source between `if` and the block: without `!=` and `nil` there, no tested error
    const header = text.slice(ifStatement.startIndex, block.startIndex);
    if (!header.includes('!=') || !header.includes('nil')) continue;
    if (block.namedChildCount > 6) continue;
    const err = testedError(ifStatement.childForFieldName('condition'));
    if (!err) continue;
    const errName = err.text;
    const shape = blockShape(block, errName);
    if (shape.body === 'handles') continue;
    // `//nolint:errcheck` on the `if`, or a comment in the block that gives a reason (`// the cache is optional`,
    // `// already logged by the middleware`; not `// ignore`, `// TODO` or commented-out code)
    if (shape.comments.length > 0 || ctx.file.text.includes('nolint')) {
      const lineEnd = ctx.file.text.indexOf('\n', ifStatement.startIndex);
      const firstLine = ctx.file.text.slice(ifStatement.startIndex, lineEnd === -1 ? ifStatement.endIndex : Math.min(lineEnd, ifStatement.endIndex));
      if (hasForeignSuppression(firstLine)) continue;
      const texts = shape.comments.map((c) => c.text);
      if (texts.some(commentSaysHandledElsewhere) || commentsGiveReason(texts)) continue;
    }
    const call = producingCall(ifStatement, errName);
    const callee = calleeLabel(call);
    const fn = index.enclosingFunction(ifStatement);
    const facts = {
      body: shape.body,
      catchesSpecificTypes: false,
      insideFinally: fn !== undefined && index.isDeferredClosure(fn),
      guarded: { statements: 1, operations: [goOperation(callee)], awaits: false, returnsTrue: false, ...(callee ? { firstCallee: callee } : {}) },
      ...(fn?.type === 'function_declaration' || fn?.type === 'method_declaration'
        ? { functionName: fn.childForFieldName('name')?.text ?? '' }
        : {}),
    };
    if (!isSwallowed(facts)) continue;
    if (shape.body !== 'empty' && shape.body !== 'comment-only' && shape.body !== 'pass') continue;
    const returns = fn !== undefined && goErrorReturn(fn, errName, index.structTypes) !== undefined;
    ctx.report({
      startIndex: ifStatement.startIndex,
      endIndex: block.startIndex + 1,
      message: swallowMessage({
        body: shape.body,
        handler: `if ${errName} != nil`,
        ...(callee ? { callee } : {}),
        advice: returns
          ? `return it (\`return ${errName}\`, or wrap it with \`fmt.Errorf("…: %w", ${errName})\`)`
          : `log it (\`log.Printf("…: %v", ${errName})\`) and stop, or answer with an error`,
      }),
      fixes: fixesFor(ctx, index, ifStatement, block, shape, errName, callee),
    });
  }
}
