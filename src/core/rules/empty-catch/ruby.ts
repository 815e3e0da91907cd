/**
 * empty-catch for Ruby: `rescue` clauses (in `begin`, `def`, `do … end` blocks) and `rescue`
 * modifiers that drop the error. Only a bare `rescue`, `rescue => e`, or `rescue Exception` /
 * `StandardError` / `RuntimeError` count (like `except Exception` in Python): `rescue
 * ActiveRecord::RecordNotFound` names the failure it expects. A modifier counts when it yields
 * `nil` (`user.destroy rescue nil`); `rescue 0`, `rescue {}` are fallback values. The verdict is
 * `isSwallowed` (../shared/errors.ts); this file only reads the syntax tree.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import {
  BROAD_EXCEPTION_TYPES,
  classifyCallee,
  commentSaysHandledElsewhere,
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
} from '../shared/errors';
import { indentOfLine, isFirstOnLine } from '../shared/indentation';
import { isRailsFile, rubyCallName, rubyEnclosingMethod, rubyIndex, type RubyIndex } from '../shared/ruby';

/** Ruby's catch-all classes: `Error`/`Throwable` are not Ruby classes; `RuntimeError` is what `raise "…"` raises. */
const RUBY_BROAD: ReadonlySet<string> = new Set([
  ...[...BROAD_EXCEPTION_TYPES].filter((t) => t === 'Exception' || t === 'StandardError'),
  'RuntimeError',
]);

/** Ruby spellings the shared callee classifier does not know. */
const RUBY_PARSE = new Set(['Integer', 'Float', 'BigDecimal', 'Rational', 'Complex', 'iso8601', 'strptime', 'parse', 'load', 'safe_load']);
const RUBY_CLEANUP = /^(?:File|FileUtils|Dir)\.(?:delete|unlink|rm|rm_f|rm_r|rm_rf|remove|remove_entry|remove_dir|rmdir)$/;

const named = (node: Node): Node[] => node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
const comments = (node: Node): Node[] => node.namedChildren.filter((n): n is Node => n?.type === 'comment');

function calleeOf(call: Node): string | undefined {
  const name = rubyCallName(call);
  if (!name) return undefined;
  const receiver = name.receiver && name.receiver.text.length <= 60 ? `${name.receiver.text}.` : '';
  return `${receiver}${name.method}`;
}

function operationOf(statement: Node): GuardedOperation {
  const call = statement.type === 'call' || statement.type === 'identifier' ? statement : statement.descendantsOfType('call').find((n): n is Node => n !== null);
  if (!call) return 'none';
  if (call.type === 'identifier') return 'other'; // a method call without arguments or receiver
  const callee = calleeOf(call);
  if (callee === undefined) return 'other';
  const method = (rubyCallName(call)?.method ?? '').replace(/[!?]$/, '');
  if (method === 'require' || method === 'require_relative') return 'import';
  if (RUBY_PARSE.has(method) && /^(?:JSON|YAML|Psych|Date|DateTime|Time|URI|Integer|Float|BigDecimal|Rational|Complex|Time\.zone)?\.?[A-Za-z_]+$/.test(callee)) return 'parse';
  if (RUBY_CLEANUP.test(callee)) return 'cleanup';
  return classifyCallee(callee.replace(/[!?]$/, ''));
}

function guardedFacts(statements: readonly Node[]): GuardedBlock {
  const callees: string[] = [];
  for (const statement of statements) {
    const call = statement.type === 'call' ? statement : statement.descendantsOfType('call').find((n): n is Node => n !== null);
    const callee = call ? calleeOf(call) : undefined;
    if (callee) callees.push(callee);
  }
  const firstCallee = pickCallee(callees);
  const last = statements[statements.length - 1];
  return {
    statements: statements.length,
    operations: statements.map(operationOf),
    awaits: false,
    returnsTrue: last?.type === 'true' || statements.some((s) => s.type === 'return' && named(s).some((c) => c.text === 'true' || c.firstNamedChild?.type === 'true')),
    onlyRaises: statements.length > 0 && statements.every(isRaise),
    ...(firstCallee === undefined ? {} : { firstCallee }),
  };
}

/** `raise`, `raise "boom"`, `raise ArgumentError, "…"` (not `obj.raise`). */
function isRaise(statement: Node): boolean {
  if (statement.type === 'identifier') return statement.text === 'raise';
  if (statement.type !== 'call') return false;
  const name = rubyCallName(statement);
  return name?.method === 'raise' && !name.receiver;
}

/**
 * Comments that speak about one `rescue`: on its line and in its body, the own-line comments right before it,
 * and for a modifier the comment ending its line (`cache.delete(key) rescue nil # the entry may have expired`).
 */
function rescueComments(rescue: Node, text: string): string[] {
  if (rescue.type === 'rescue_modifier') {
    const lineEnd = text.indexOf('\n', rescue.endIndex);
    const rest = text.slice(rescue.endIndex, lineEnd === -1 ? Math.min(text.length, rescue.endIndex + 600) : Math.min(lineEnd, rescue.endIndex + 600));
    return /^\s*#/.test(rest) ? [rest.trim()] : [];
  }
  const then = rescue.childForFieldName('body');
  const result = [...comments(rescue), ...(then ? comments(then) : [])].map((c) => c.text);
  for (let previous = rescue.previousNamedSibling; previous?.type === 'comment' && isFirstOnLine(text, previous.startIndex); previous = previous.previousNamedSibling) {
    result.push(previous.text);
  }
  return result;
}

/**
 * `rescue => _ignored`, a `# rubocop:disable Lint/SuppressedException` next to it, or a comment that gives a reason
 * (`# the cache is optional`, `# already reported by the job's error handler`; not `# ignore`, `# TODO` or commented-out code).
 */
function isDeliberate(rescue: Node, text: string): boolean {
  const variable = rescue.childForFieldName('variable')?.firstNamedChild?.text;
  if (isIgnoredErrorName(variable)) return true;
  if (commentsGiveReason(rescueComments(rescue, text))) return true;
  if (rescue.endIndex - rescue.startIndex > 600) return false;
  // this line and the two before it (`# rubocop:disable Lint/SuppressedException` above the rescue)
  let windowStart = text.lastIndexOf('\n', rescue.startIndex - 1) + 1; // this line
  for (let i = 0; i < 2 && windowStart > 0; i++) windowStart = text.lastIndexOf('\n', windowStart - 2) + 1; // two lines up
  if (rescue.startIndex - windowStart > 600) return false;
  const lineEnd = text.indexOf('\n', rescue.endIndex);
  const window = text.slice(windowStart, lineEnd === -1 ? text.length : lineEnd);
  if (!window.includes('#')) return false;
  return hasForeignSuppression(window) || commentSaysHandledElsewhere(text.slice(rescue.startIndex, rescue.endIndex));
}

interface RescueShape {
  readonly body: HandlerBody;
  readonly returned?: string;
  readonly skip?: string;
  /** The statement to replace for `pass`/`skip`/`discard-return` bodies. */
  readonly statement?: Node;
}

/** `valueUsed` is asked only for a lone `nil`/`false` (it climbs `parent`, which re-descends from the root). */
function rescueShape(rescue: Node, valueUsed: () => boolean): RescueShape {
  const then = rescue.childForFieldName('body');
  const statements = then ? named(then) : [];
  const hasComments = comments(rescue).length > 0 || (then ? comments(then).length > 0 : false);
  if (statements.length === 0) return { body: hasComments ? 'comment-only' : 'empty' };
  if (statements.length > 1) return { body: 'handles' };
  const only = statements[0];
  if (!only) return { body: 'handles' };
  if (only.type === 'nil') return valueUsed() ? { body: 'discard-return', returned: 'nil', statement: only } : { body: 'pass', statement: only };
  if (only.type === 'false' && valueUsed()) return { body: 'discard-return', returned: 'false', statement: only };
  if ((only.type === 'next' || only.type === 'break') && named(only).length === 0) return { body: 'skip', skip: only.type, statement: only };
  if (only.type === 'return') {
    const value = named(only)[0]?.firstNamedChild ?? named(only)[0];
    if (!value) return { body: 'discard-return', returned: '', statement: only };
    if (value.type === 'nil' || value.type === 'false') return { body: 'discard-return', returned: value.text, statement: only };
  }
  return { body: 'handles' };
}

function isBroad(rescue: Node): boolean {
  const exceptions = rescue.childForFieldName('exceptions');
  if (!exceptions) return true;
  const classes = named(exceptions);
  if (classes.length === 0) return true;
  return classes.some((c) => c.type !== 'splat_argument' && RUBY_BROAD.has(c.text.split('::').pop() ?? ''));
}

interface Logging {
  readonly receiver: string;
}

function loggerFor(ctx: RuleContext, rails: boolean): Logging {
  if (rails) return { receiver: 'Rails.logger' };
  if (/^\s*(?:logger|LOGGER)\b/m.test(ctx.file.text) || /\b(?:@logger|LOGGER)\s*=/.test(ctx.file.text)) {
    const match = /\b(@logger|LOGGER)\s*=/.exec(ctx.file.text);
    return { receiver: match?.[1] ?? 'logger' };
  }
  return { receiver: '' };
}

function rescueFixes(ctx: RuleContext, index: RubyIndex, rescue: Node, shape: RescueShape, logging: Logging): Fix[] {
  const text = ctx.file.text;
  const { unit, eol } = index.layout;
  const clauseIndent = indentOfLine(text, rescue.startIndex);
  const bodyIndent = isFirstOnLine(text, rescue.startIndex) ? clauseIndent + unit : clauseIndent;
  const variable = rescue.childForFieldName('variable')?.firstNamedChild?.text;
  const headerEdits: TextEdit[] = [];
  let errorName = variable;
  if (!errorName) {
    errorName = 'e';
    const exceptions = rescue.childForFieldName('exceptions');
    const at = exceptions ? exceptions.endIndex : rescue.startIndex + 'rescue'.length;
    headerEdits.push({ start: at, end: at, text: ' => e' });
  }
  const put = (statements: readonly string[]): TextEdit => {
    if (shape.statement) {
      const joiner = isFirstOnLine(text, shape.statement.startIndex) ? eol + indentOfLine(text, shape.statement.startIndex) : '; ';
      return { start: shape.statement.startIndex, end: shape.statement.endIndex, text: statements.join(joiner) };
    }
    const at = rescue.endIndex;
    if (!isFirstOnLine(text, rescue.startIndex)) {
      // one-liner `begin; work; rescue; end`: stay on the line
      const separator = text.slice(rescue.startIndex, at).trimEnd().endsWith(';') ? ' ' : '; ';
      return { start: at, end: at, text: `${separator}${statements.join('; ')};` };
    }
    return { start: at, end: at, text: statements.map((s) => eol + bodyIndent + s).join('') };
  };
  const fixes: Fix[] = [{ title: FIX_TITLES.rethrow, edits: [put(['raise'])], isPreferred: true }];
  const log = logging.receiver ? `${logging.receiver}.error(${errorName}.full_message)` : `warn(${errorName}.full_message)`;
  fixes.push({ title: FIX_TITLES.logAndRethrow, edits: [...headerEdits, put([log, 'raise'])] });
  return fixes;
}

function advice(logging: Logging): string {
  const log = logging.receiver ? `\`${logging.receiver}.error(e.full_message)\`` : 'a logger';
  return `log it with ${log} and re-raise (\`raise\`), or rescue only the exception class you expect`;
}

/** The statements a `rescue` guards: the siblings before the first rescue/else/ensure in its begin/def/block body. */
function guardedStatements(rescue: Node): Node[] {
  const parent = rescue.parent;
  if (!parent) return [];
  const result: Node[] = [];
  for (const child of named(parent)) {
    const type = child.type;
    if (type === 'rescue' || type === 'else' || type === 'ensure') break;
    result.push(child);
  }
  return result;
}

function insideEnsure(index: RubyIndex, node: Node): boolean {
  return index.enclosing(node, ['ensure']) !== undefined;
}

function methodName(index: RubyIndex, node: Node): string | undefined {
  return rubyEnclosingMethod(index, node)?.childForFieldName('name')?.text;
}

/** Is the value of the rescue clause used: the `def`'s last expression, or a `begin` that is assigned/returned? */
function rescueValueUsed(rescue: Node): boolean {
  const parent = rescue.parent;
  if (!parent) return false;
  // `type` and `parent` are WebAssembly calls (`parent` re-descends from the root): each is read once
  const parentType = parent.type;
  if (parentType === 'body_statement') {
    const holder = parent.parent?.type;
    return holder === 'method' || holder === 'singleton_method';
  }
  if (parentType === 'begin') {
    const outer = parent.parent;
    if (outer === null) return false;
    const outerType = outer.type;
    return outerType !== 'program' && outerType !== 'body_statement' && outerType !== 'then' && outerType !== 'begin' && outerType !== 'do_block' && outerType !== 'block_body';
  }
  return false;
}

function hasHashBetween(text: string, start: number, end: number): boolean {
  return text.slice(start, end).includes('#'); // bounded: an indexOf from `start` could scan the rest of the file
}

export function checkRuby(ctx: RuleContext): void {
  // both `rescue` clauses and `rescue` modifiers spell the keyword: without it the file has nothing to check
  if (!ctx.file.text.includes('rescue')) return;
  const index = rubyIndex(ctx);
  let rails: boolean | undefined;
  let logging: Logging | undefined;
  const isRails = (): boolean => (rails ??= isRailsFile(ctx));
  const getLogging = (): Logging => (logging ??= loggerFor(ctx, isRails()));

  for (const rescue of index.nodes('rescue')) {
    const then = rescue.childForFieldName('body');
    if (then && then.namedChildCount > 4) continue; // cheap: a handler with several statements handles
    // two named children and no `#` (so no comment among them) are two statements: `rescueShape` says 'handles'
    if (then && then.namedChildCount > 1 && !hasHashBetween(ctx.file.text, then.startIndex, then.endIndex)) continue;
    if (!isBroad(rescue)) continue;
    const shape = rescueShape(rescue, () => rescueValueUsed(rescue));
    if (shape.body === 'handles') continue;
    if (isDeliberate(rescue, ctx.file.text)) continue;
    const guarded = guardedFacts(guardedStatements(rescue));
    const functionName = methodName(index, rescue);
    const facts = {
      body: shape.body,
      ...(shape.returned === undefined ? {} : { returned: shape.returned }),
      catchesSpecificTypes: false,
      insideFinally: insideEnsure(index, rescue),
      guarded,
      ...(functionName === undefined ? {} : { functionName }),
    };
    if (!isSwallowed(facts)) continue;
    const header = (rescue.text.split('\n')[0] ?? 'rescue').replace(/\s*#.*$/, '').replace(/\s*(?:;|\bthen\b).*$/, '').trim();
    ctx.report({
      startIndex: rescue.startIndex,
      endIndex: rescue.startIndex + 'rescue'.length,
      message: swallowMessage({
        body: shape.body,
        handler: header.length > 0 ? header : 'rescue',
        ...(shape.returned === undefined ? {} : { returned: shape.returned }),
        ...(shape.skip === undefined ? {} : { skip: shape.skip }),
        ...(guarded.firstCallee === undefined ? {} : { callee: guarded.firstCallee }),
        advice: advice(getLogging()),
      }),
      fixes: rescueFixes(ctx, index, rescue, shape, getLogging()),
    });
  }

  for (const modifier of index.nodes('rescue_modifier')) {
    const handler = modifier.childForFieldName('handler');
    const body = modifier.childForFieldName('body');
    if (handler?.type !== 'nil' || !body) continue;
    if (isDeliberate(modifier, ctx.file.text)) continue;
    const guarded = guardedFacts([body]);
    const functionName = methodName(index, modifier);
    const facts = {
      body: 'pass' as const,
      catchesSpecificTypes: false,
      insideFinally: insideEnsure(index, modifier),
      guarded,
      ...(functionName === undefined ? {} : { functionName }),
    };
    if (!isSwallowed(facts)) continue;
    // `foo rescue nil` -> `foo`: the error propagates again.
    const removal: TextEdit = { start: body.endIndex, end: modifier.endIndex, text: '' };
    const keyword = ctx.file.text.lastIndexOf('rescue', handler.startIndex);
    ctx.report({
      startIndex: keyword >= body.endIndex ? keyword : modifier.startIndex,
      endIndex: modifier.endIndex,
      message: swallowMessage({
        body: 'pass',
        handler: 'rescue nil',
        ...(guarded.firstCallee === undefined ? {} : { callee: guarded.firstCallee }),
        advice: 'let it raise, or rescue only the exception class you expect in a `begin … rescue` block and log it',
      }),
      fixes: [{ title: FIX_TITLES.rethrow, edits: [removal] }],
    });
  }
}
