/**
 * ignored-promise-rejection for JavaScript and TypeScript: `.catch(handler)` and
 * `.then(onFulfilled, handler)` whose handler drops the rejection — an empty or comment-only
 * function, one that only returns nothing / null / undefined, or a named no-op (`noop`, `_.noop`).
 * A fallback with a real value (`.catch(() => [])`, `() => false`) and a logging handler
 * (`.catch(console.error)`, `.catch(next)`) stay quiet, and so does a handler whose comment gives a
 * reason (`.catch(() => { /* prefs are optional: defaults apply *\/ })`), as in empty-catch; filler
 * (`// ignore`), a TODO or commented-out code is no reason.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { calleeNames, callsNamed, classifyEcmaBlock, findEcmaLogger } from '../shared/ecmascript-errors';
import { classifyCallee, codeSnippet, commentsGiveReason, FIX_TITLES, isNoopName, lastSegment, rejectionMessage } from '../shared/errors';
import { appendToBlock, detectLayout, indentOfLine, isFirstOnLine, replaceStatement, type Layout } from '../shared/indentation';

const CHAIN_METHODS = new Set(['then', 'catch', 'finally']);
const DROPPED_VALUES = new Set(['', 'null', 'undefined', 'void 0']);

interface Swallowing {
  /** Value the handler resolves the promise with, as written (`null`), `''` for nothing. */
  readonly returned: string;
  /** The handler's block body when it has one. */
  readonly block?: Node;
}

const isFunction = (node: Node): boolean => node.type === 'arrow_function' || node.type === 'function_expression' || node.type === 'function';

/** Does this rejection handler drop the error? */
function swallowing(handler: Node): Swallowing | undefined {
  if (isFunction(handler)) {
    const body = handler.childForFieldName('body');
    if (!body) return undefined;
    if (body.type === 'statement_block') {
      const shape = classifyEcmaBlock(body);
      if (shape.body === 'empty' || shape.body === 'comment-only' || shape.body === 'pass') return { returned: '', block: body };
      if (shape.body === 'discard-return' && DROPPED_VALUES.has(shape.returned ?? '')) return { returned: shape.returned ?? '', block: body };
      return undefined;
    }
    const value = body.type === 'parenthesized_expression' ? body.namedChildren[0] : body;
    const returned = value?.text.replace(/\s+/g, ' ') ?? '';
    return returned !== '' && DROPPED_VALUES.has(returned) ? { returned } : undefined;
  }
  if ((handler.type === 'identifier' || handler.type === 'member_expression') && isNoopName(handler.text)) return { returned: '' };
  return undefined;
}

/** The promise a `.catch` hangs on, past `.then/.catch/.finally` links: `fetch(url).then(...)` -> `fetch(url)`. */
function chainRoot(object: Node): Node {
  let current = object;
  for (;;) {
    const fn = current.type === 'call_expression' ? current.childForFieldName('function') : null;
    const inner = fn?.type === 'member_expression' ? fn.childForFieldName('object') : null;
    const method = fn?.childForFieldName('property')?.text;
    if (!inner || !method || !CHAIN_METHODS.has(method)) return current;
    current = inner;
  }
}

function describePromise(root: Node): string {
  if (root.type === 'call_expression') {
    let callee = root.childForFieldName('function');
    // tree-sitter-typescript reads `await api.get<T>(...)` as a call of `await api.get`.
    if (callee?.type === 'await_expression') callee = callee.namedChildren[0] ?? callee;
    if (callee) return `${callee.text}()`;
  }
  if (root.type === 'await_expression' || root.type === 'parenthesized_expression') {
    const inner = root.namedChildren[0];
    if (inner) return describePromise(inner);
  }
  return root.text;
}

/**
 * Rejections that are dropped on purpose by a well-known idiom: `media.play().catch(() => {})`
 * (autoplay refusal) and Vue Router's `router.push(...).catch(() => {})` (redundant navigation).
 */
function isKnownIdiom(promise: Node): boolean {
  if (promise.type !== 'call_expression') return false;
  const fn = promise.childForFieldName('function');
  if (fn?.type !== 'member_expression') return false;
  const method = fn.childForFieldName('property')?.text;
  const receiver = fn.childForFieldName('object')?.text ?? '';
  if (method === 'play' && (promise.childForFieldName('arguments')?.namedChildCount ?? 0) === 0) return true;
  return (method === 'push' || method === 'replace') && /(?:^|\.)\$?router$/i.test(receiver);
}

/**
 * Best-effort cleanup, as in empty-catch: `connection.close().catch(() => {})`, `closeResultSet().catch(noop)`,
 * `fs.promises.unlink(tmp).catch(() => {})` — a failure to release something that is being thrown away anyway.
 */
function isCleanup(promise: Node): boolean {
  if (promise.type !== 'call_expression') return false;
  const callee = promise.childForFieldName('function');
  if (!callee || callee.text.length > 200 || classifyCallee(callee.text) !== 'cleanup') return false;
  // `inventory.release(id)`, `order.cancel()`: domain operations that share a name with cleanup stay reported
  return !PROMISE_NOT_CLEANUP.test(lastSegment(callee.text));
}

const PROMISE_NOT_CLEANUP = /^(?:release|stop|abort|off|unsubscribe|unlock|releaseLock|shutdown)$/;

/**
 * `p.catch(noop)` as a statement on a promise variable that is awaited, returned or passed on later
 * in the same block only silences the "unhandled rejection" warning while the rejection is handled
 * where `p` is consumed.
 */
function handledLater(call: Node, object: Node): boolean {
  if (object.type !== 'identifier') return false;
  let statement = call.parent;
  if (statement?.type === 'unary_expression') statement = statement.parent;
  if (statement?.type !== 'expression_statement') return false;
  const block = statement.parent;
  if (!block) return false;
  return block
    .descendantsOfType('identifier', statement.endPosition)
    .some((id) => id !== null && id.startIndex >= statement.endIndex && id.text === object.text);
}

/**
 * Comments that speak about a rejection handler: inside the `.catch(…)` / `.then(…)` arguments, and a comment
 * ending the statement's line (`prefs.load().catch(() => {}); // prefs are optional: defaults apply`).
 */
function handlerComments(text: string, call: Node, args: Node): string[] {
  const result = args.descendantsOfType('comment').filter((c): c is Node => c !== null).map((c) => c.text);
  const lineEnd = text.indexOf('\n', call.endIndex);
  const rest = text.slice(call.endIndex, lineEnd === -1 ? Math.min(text.length, call.endIndex + 600) : Math.min(lineEnd, call.endIndex + 600));
  const trailing = /^[\s;),]*(\/\/.*|\/\*.*\*\/)\s*$/.exec(rest);
  if (trailing?.[1]) result.push(trailing[1]);
  return result;
}

/** The handler as shown in a message: a multi-line body becomes `{ … }`. */
function handlerLabel(handler: Node): string {
  const body = isFunction(handler) ? handler.childForFieldName('body') : null;
  if (body?.type !== 'statement_block' || !body.text.includes('\n')) return handler.text;
  return `${handler.text.slice(0, body.startIndex - handler.startIndex)}{ … }`;
}

function paramName(handler: Node): { name: string; edit?: TextEdit } | undefined {
  if (!isFunction(handler)) return { name: 'error' };
  const single = handler.childForFieldName('parameter');
  if (single) return single.type === 'identifier' ? { name: single.text } : undefined;
  const params = handler.childForFieldName('parameters');
  if (!params) return undefined;
  const first = params.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment');
  if (!first) return { name: 'error', edit: { start: params.startIndex, end: params.endIndex, text: '(error)' } };
  const id = first.type === 'required_parameter' || first.type === 'optional_parameter' ? first.childForFieldName('pattern') : first;
  return id?.type === 'identifier' ? { name: id.text } : undefined;
}

function buildFix(text: string, handler: Node, found: Swallowing, logger: string, layout: () => Layout): Fix | undefined {
  const param = paramName(handler);
  const log = `${logger}.error(${param?.name ?? 'error'});`;
  const resolve = found.returned === '' ? '' : ` return ${found.returned};`;
  const block = found.block;
  // A multi-line body keeps its comments: add the log call inside it.
  if (block && param && text.slice(block.startIndex, block.endIndex).includes('\n')) {
    const shape = classifyEcmaBlock(block);
    const indent = isFirstOnLine(text, shape.closeIndex) ? indentOfLine(text, shape.closeIndex) : indentOfLine(text, handler.startIndex);
    const bodyEdit = shape.statement
      ? replaceStatement(text, shape.statement.startIndex, shape.statement.endIndex, [log, shape.statement.text], layout(), ' ')
      : appendToBlock(text, { contentEnd: shape.contentEnd, closeIndex: shape.closeIndex, indent }, [log], layout());
    return { title: FIX_TITLES.logRejection, edits: [...(param.edit ? [param.edit] : []), bodyEdit], isPreferred: true };
  }
  const name = param?.name ?? 'error';
  return {
    title: FIX_TITLES.logRejection,
    edits: [{ start: handler.startIndex, end: handler.endIndex, text: `(${name}) => { ${logger}.error(${name});${resolve} }` }],
    isPreferred: true,
  };
}

/** Calls whose callee ends with `catch` or `then` (see `callsNamed`). */
const HANDLER_CALLS = calleeNames(['catch', 'then']);

export function checkEcmascript(context: RuleContext): void {
  const { text } = context.file;
  if (!/catch|then/.test(text)) return;
  let layout: Layout | undefined;
  const getLayout = (): Layout => (layout ??= detectLayout(text, '  '));
  const named = callsNamed(context.root, text, HANDLER_CALLS);
  for (const call of context.root.descendantsOfType('call_expression')) {
    if (!call || !named.mayBe(call)) continue;
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_expression') continue;
    const property = fn.childForFieldName('property');
    const method = property?.text;
    if (method !== 'catch' && method !== 'then') continue;
    const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
    const handler = method === 'catch' ? (args.length === 1 ? args[0] : undefined) : args.length === 2 ? args[1] : undefined;
    const object = fn.childForFieldName('object');
    if (!handler || !object || !property) continue;
    if (handler.hasError || call.childForFieldName('arguments')?.lastChild?.isMissing !== false) continue; // half-typed
    const found = swallowing(handler);
    if (!found) continue;
    const argumentList = call.childForFieldName('arguments');
    if (argumentList && commentsGiveReason(handlerComments(text, call, argumentList))) continue;
    const promise = chainRoot(object);
    if (isKnownIdiom(promise) || handledLater(call, object) || isCleanup(promise)) continue;

    const logger = findEcmaLogger(context.root, call);
    const shown = method === 'catch' ? `.catch(${handlerLabel(handler)})` : `.then(…, ${handlerLabel(handler)})`;
    const message = rejectionMessage(
      codeSnippet(shown, 36),
      describePromise(promise),
      `log it with \`${logger.receiver}.error(${paramName(handler)?.name ?? 'error'})\` or let it propagate, so failures are visible`,
    );
    const fix = buildFix(text, handler, found, logger.receiver, getLayout);
    // `catch(() => {})` on one line; just `catch` when the handler spans lines; the handler itself for `.then`.
    const catchEnd = text.slice(property.startIndex, call.endIndex).includes('\n') ? property.endIndex : call.endIndex;
    const range = method === 'catch' ? { startIndex: property.startIndex, endIndex: catchEnd } : { startIndex: handler.startIndex, endIndex: handler.endIndex };
    context.report({ ...range, message, fixes: fix ? [{ ...fix, edits: [...logger.setupEdits, ...fix.edits] }] : [] });
  }
}
