/**
 * empty-catch for JavaScript and TypeScript: `catch` clauses that drop the error.
 * The verdict is `isSwallowed` (../shared/errors.ts); this file only reads the syntax tree.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { sweepAncestors } from '../shared/ancestors';
import {
  classifyEcmaBlock,
  enclosingClassBody,
  findEcmaLogger,
  functionNameOf,
  FUNCTION_TYPES,
  statementsOf,
  type EcmaBlockShape,
} from '../shared/ecmascript-errors';
import {
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
} from '../shared/errors';
import { appendToBlock, detectLayout, indentOfLine, replaceStatement, type Layout } from '../shared/indentation';

/** Statements whose first call says what they do; compound statements (`if`, loops, nested `try`) are `other`. */
const SIMPLE_STATEMENTS = new Set(['expression_statement', 'lexical_declaration', 'variable_declaration', 'return_statement']);
const CALLS = ['call_expression', 'new_expression'];

function calleeOf(call: Node): string | undefined {
  if (call.type === 'call_expression') return call.childForFieldName('function')?.text;
  if (call.type === 'new_expression') return call.childForFieldName('constructor')?.text;
  return undefined;
}

const GUARDED_TYPES = [...CALLS, 'await_expression', 'return_statement', ...FUNCTION_TYPES];

/** Facts about a `try` block, from one `descendantsOfType` call (calls inside nested functions do not count as its own). */
function guardedFacts(block: Node): GuardedBlock {
  const statements = statementsOf(block);
  const calls: Node[] = [];
  const ownCallees: string[] = [];
  let awaits = false;
  let returnsTrue = false;
  sweepAncestors(block.descendantsOfType(GUARDED_TYPES), (node, ancestors) => {
    if (FUNCTION_TYPES.has(node.type)) return;
    const own = !ancestors.some((a) => FUNCTION_TYPES.has(a.type));
    if (node.type === 'await_expression') awaits ||= own;
    else if (node.type === 'return_statement') returnsTrue ||= own && node.namedChildren.some((c) => c?.type === 'true');
    else {
      calls.push(node);
      const callee = own ? calleeOf(node) : undefined;
      if (callee !== undefined) ownCallees.push(callee);
    }
  });
  // A simple statement is what its first (outermost) call is; compound statements are `other`.
  let next = 0;
  const operations = statements.map((statement): GuardedOperation => {
    while (next < calls.length && (calls[next]?.startIndex ?? 0) < statement.startIndex) next++;
    const call = calls[next];
    if (!SIMPLE_STATEMENTS.has(statement.type)) return 'other';
    if (!call || call.startIndex >= statement.endIndex) return 'none';
    const callee = calleeOf(call);
    return callee === undefined ? 'other' : classifyCallee(callee);
  });
  const firstCallee = pickCallee(ownCallees);
  const onlyRaises = statements.length > 0 && statements.every((statement) => statement.type === 'throw_statement');
  return { statements: statements.length, operations, awaits, returnsTrue, onlyRaises, ...(firstCallee === undefined ? {} : { firstCallee }) };
}

/** `catch` up to the closing `)` of its binding, or just `catch` for `catch {`. */
function headerRange(clause: Node): { start: number; end: number; keyword: Node | null } {
  const keyword = clause.child(0);
  let end = keyword?.endIndex ?? clause.startIndex;
  for (const child of clause.children) {
    if (child?.type === ')') {
      end = child.endIndex;
      break;
    }
  }
  return { start: clause.startIndex, end, keyword };
}

interface FixSite {
  readonly text: string;
  readonly layout: Layout;
  readonly clause: Node;
  readonly shape: EcmaBlockShape;
  readonly logger: string;
  readonly loggerSetup: readonly TextEdit[];
  /** The error's name, and the edit that binds it when the catch has no binding. */
  readonly name: string;
  readonly bind: readonly TextEdit[];
}

/** Edit that puts `statements` in the handler: in place of its lone statement, or at the end of the block. */
function handlerEdit(site: FixSite, statements: readonly string[]): TextEdit {
  const { text, shape, layout } = site;
  if (shape.statement) return replaceStatement(text, shape.statement.startIndex, shape.statement.endIndex, statements, layout, ' ');
  return appendToBlock(text, { contentEnd: shape.contentEnd, closeIndex: shape.closeIndex, indent: indentOfLine(text, site.clause.startIndex) }, statements, layout);
}

function buildFixes(site: FixSite): Fix[] {
  const { name, logger } = site;
  const log = `${logger}.error(${name});`;
  const keep = site.shape.body === 'skip' || site.shape.body === 'discard-return' ? site.shape.statement?.text : undefined;
  return [
    { title: FIX_TITLES.rethrow, edits: [...site.bind, handlerEdit(site, [`throw ${name};`])], isPreferred: true },
    { title: FIX_TITLES.logAndRethrow, edits: [...site.bind, ...site.loggerSetup, handlerEdit(site, [log, `throw ${name};`])] },
    {
      title: keep ? `${FIX_TITLES.logOnly} before \`${keep.replace(/;$/, '')}\`` : FIX_TITLES.logOnly,
      edits: [...site.bind, ...site.loggerSetup, handlerEdit(site, keep ? [log, keep] : [log])],
    },
  ];
}

function advice(body: EcmaBlockShape['body'], log: string): string {
  if (body === 'skip') return `log it with \`${log}\` before moving on, or rethrow it`;
  if (body === 'discard-return') return `rethrow it, or at least log it with \`${log}\` before returning`;
  return `rethrow it, or log it with \`${log}\` and rethrow`;
}

/**
 * Comments that speak about one catch clause: those in its body, those between the `try` block and `catch`,
 * and the own-line comments that end the `try` block (`// the cache is optional` right above `} catch {`).
 * A comment trailing the last guarded statement (`await save(); // save the order`) is about that statement.
 */
function catchComments(text: string, clause: Node, body: Node): string[] {
  const inBody = body.namedChildren.flatMap((child) => (child?.type === 'comment' ? [child.text] : []));
  return [...inBody, ...commentsBeforeClause(clause, 'statement_block', text)];
}

/** One walk of the tree collects the catch clauses and the ancestors they are judged by. */
const SWEEP_TYPES = ['catch_clause', 'try_statement', 'finally_clause', 'class_body', ...FUNCTION_TYPES];

/**
 * `sweepAncestors` (../shared/ancestors.ts) over the `SWEEP_TYPES` nodes, run only as far as a catch
 * clause that needs its ancestors: most catch clauses handle their error and never ask, and the sweep
 * reads the end of every node it stacks. Same stack, same answers; each end is read once.
 */
class LazySweep {
  private readonly stack: Node[] = [];
  private readonly ends: number[] = [];
  private next = 0;

  constructor(private readonly nodes: readonly (Node | null)[]) {}

  /** The collected nodes that contain `target` (a node of the sweep, not yet passed), outermost first. */
  ancestorsOf(target: Node): Node[] {
    for (; this.next < this.nodes.length; this.next++) {
      const node = this.nodes[this.next];
      if (!node) continue;
      const start = node.startIndex;
      while (this.stack.length > 0 && (this.ends.at(-1) ?? 0) <= start && (this.stack.at(-1)?.startIndex ?? 0) < start) {
        this.stack.pop();
        this.ends.pop();
      }
      if (node.id === target.id) return [...this.stack];
      this.stack.push(node);
      this.ends.push(node.endIndex);
    }
    return [];
  }
}

export function checkEcmascript(context: RuleContext): void {
  const { text } = context.file;
  if (!text.includes('catch')) return;
  let layout: Layout | undefined;
  let sweep: LazySweep | undefined;
  for (const clause of context.root.descendantsOfType('catch_clause')) {
    if (!clause) continue;
    // What can be decided from the clause alone comes first (it is what most clauses stop at).
    const body = clause.childForFieldName('body');
    // Half-typed code (`catch (e) {` with no closing brace yet) is not reported while the user types
    // (a block without errors ends with its real `}`).
    if (!body || body.hasError) continue;
    const shape = classifyEcmaBlock(body, true);
    if (shape.body === 'handles') continue;
    sweep ??= new LazySweep(context.root.descendantsOfType(SWEEP_TYPES));
    const ancestors = sweep.ancestorsOf(clause);
    const tryStatement = ancestors.at(-1);
    const guardedBlock = tryStatement?.type === 'try_statement' ? tryStatement.childForFieldName('body') : null;
    if (!guardedBlock) continue;
    if (isDeliberate(clause, body)) continue;
    const scope = ancestors.findLastIndex((a) => FUNCTION_TYPES.has(a.type));
    const fn = ancestors[scope];
    // The name only matters for a lone `return null` (`tryParse`, `isReachable`): spare the lookup otherwise.
    const functionName = fn && shape.body === 'discard-return' ? functionNameOf(fn) : undefined;
    const guarded = guardedFacts(guardedBlock);
    const swallowed = isSwallowed({
      body: shape.body,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      catchesSpecificTypes: false,
      insideFinally: ancestors.slice(scope + 1).some((a) => a.type === 'finally_clause'),
      guarded,
      ...(functionName === undefined ? {} : { functionName }),
    });
    if (swallowed) report(clause, shape, guarded, enclosingClassBody(ancestors));
  }

  /**
   * The author already said the error is dropped on purpose: `catch (ignored)`, a comment that gives a reason
   * (`// the cache is optional: render without it`, `// error is handled by the useAuth hook`; not `// ignore`,
   * `// TODO` or commented-out code), or an ESLint/Sonar suppression for the empty block.
   */
  function isDeliberate(clause: Node, body: Node): boolean {
    const param = clause.childForFieldName('parameter');
    if (param?.type === 'identifier' && isIgnoredErrorName(param.text)) return true;
    if (commentsGiveReason(catchComments(text, clause, body))) return true;
    if (body.endIndex - body.startIndex > 600) return false;
    const bodyText = text.slice(body.startIndex, body.endIndex);
    if (bodyText.includes('/') && commentSaysHandledElsewhere(bodyText)) return true;
    // the directive sits on one of the two lines before the `catch` (`// eslint-disable-next-line no-empty`)
    let windowStart = text.lastIndexOf('\n', clause.startIndex - 1) + 1; // this line
    for (let i = 0; i < 2 && windowStart > 0; i++) windowStart = text.lastIndexOf('\n', windowStart - 2) + 1; // two lines up
    if (clause.startIndex - windowStart > 600) return false;
    return hasForeignSuppression(text.slice(windowStart, body.endIndex));
  }

  function report(clause: Node, shape: EcmaBlockShape, guarded: GuardedBlock, classBody: Node | null): void {
    if (shape.body === 'handles') return;
    const header = headerRange(clause);
    const param = clause.childForFieldName('parameter');
    // `catch (_)` says "unused"; a fix that uses the error names it properly.
    const rename = param?.type === 'identifier' && param.text === '_';
    const name = param?.type === 'identifier' && !rename ? param.text : 'error';
    const logger = findEcmaLogger(context.root, clause, classBody);
    const message = swallowMessage({
      body: shape.body,
      handler: text.slice(header.start, header.end),
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      ...(shape.statement ? { skip: shape.statement.text.replace(/;$/, '') } : {}),
      ...(guarded.firstCallee === undefined ? {} : { callee: guarded.firstCallee }),
      advice: advice(shape.body, `${logger.receiver}.error(${name})`),
    });
    // A destructured binding (`catch ({ message })`) has no name to rethrow: report without fixes.
    let fixes: Fix[] = [];
    if (!param || param.type === 'identifier') {
      layout ??= detectLayout(text, '  ');
      const bind: TextEdit[] = [];
      if (rename) bind.push({ start: param.startIndex, end: param.endIndex, text: name });
      else if (!param && header.keyword) bind.push({ start: header.keyword.endIndex, end: header.keyword.endIndex, text: ' (error)' });
      fixes = buildFixes({ text, layout, clause, shape, logger: logger.receiver, loggerSetup: logger.setupEdits, name, bind });
    }
    context.report({ startIndex: header.start, endIndex: header.end, message, fixes });
  }
}
