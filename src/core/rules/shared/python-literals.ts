/**
 * Python string-literal helpers for the `hardcoded-data` rules (tree-sitter python grammar):
 *
 *   pyStringRefs(tree, root, text)  every `string` as plain data (prefix/quote/content from the text), cached per tree
 *   pyStringNodes(root)             the `string` nodes, in `pyStringRefs`' order (get once per check)
 *   pyStringAt(root, ref, strings?) the string with its node, for the few that pass value pre-filters
 *   pyParentOf(s)                   the literal's parent, read once
 *   pyStringDetail(s)               f-strings: interpolations -> INTERPOLATION_MARK, with an offset map
 *   isPyDataString(s)               false for docstrings, dict keys, subscripts, annotations
 *   pyTextBefore(text, start)       source just before a literal, for cheap name pre-filters
 *   pyBinding(node)                 name hint, context names, key-material argument, env fallback
 *                                   (`os.getenv('X', '…')`, `os.environ.get('X') or '…'`, `config('X', default='…')`)
 *   pyCalleeName(call)              `psycopg2.connect`, `redis.Redis`
 *   isPyDevGuarded(node, judge)     inside `if __name__ == '__main__':`, `if settings.DEBUG:`, `… if DEBUG else …`
 *   isInPyLoggingCall(node)         argument of print / logger.info / logging.warning / click.echo
 *   pyReplaceLiteral(s, start, end, expression) edit swapping value[start,end) for a Python expression
 *                                   (whole literal -> expression; part -> f-string with `{expression}`)
 *
 * Callee names from the text (no tree call on every call of a file; see `scanCalleeEnds`):
 *   new CalleeEndIndex(tree, root, text, names)  the calls whose callee can end with one of `names`
 *   calleeEnds(tree, text, names) / callEndingAt / callOpeningAt   the same, step by step
 *   mayCallAny(tree, root, text, names)          could any call have such a callee?
 *   mergeInDocumentOrder(lists)                  merge node lists kept in document order
 */

import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { INTERPOLATION_MARK } from './secrets';
import { cachedPerTree, type BindingFacts, type EnvFallback } from './literal-binding';

interface Segment {
  /** Offset in `value`. */
  readonly valueStart: number;
  readonly length: number;
  /** File offset of the segment's first character; undefined for interpolations. */
  readonly fileStart?: number;
}

export interface PyString {
  readonly node: Node;
  /** Content without prefix and quotes; after `pyStringDetail`, interpolations (`{x}`) are INTERPOLATION_MARK. */
  readonly value: string;
  /** `f`, `rb`, … lower-cased. */
  readonly prefix: string;
  /** The quote sequence: `"`, `'`, `"""`, `'''`. */
  readonly quote: string;
  readonly hasInterpolation: boolean;
  readonly segments: readonly Segment[];
  /** The literal's parent, read from the tree once (see `pyParentOf`); shared by the copies `pyStringDetail` makes. */
  readonly parentMemo: { parent?: Node | null };
}

function isAsciiLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/**
 * The prefix (lower-cased) and quote of the literal starting at `start`: what `/^([A-Za-z]{0,3})("""|'''|"|')/`
 * matches there, read char by char (it runs on every string of every file). The letters cannot be followed
 * by a quote after fewer of them, so the pattern never backtracks into them.
 */
function literalHead(text: string, start: number): { prefix: string; quote: string } | undefined {
  let letters = 0;
  while (letters < 3 && isAsciiLetter(text.charCodeAt(start + letters))) letters++;
  const at = start + letters;
  const code = text.charCodeAt(at);
  if (code !== 34 && code !== 39) return undefined;
  const single = code === 34 ? '"' : "'";
  const quote = text.charCodeAt(at + 1) === code && text.charCodeAt(at + 2) === code ? single.repeat(3) : single;
  return { prefix: letters === 0 ? '' : text.slice(start, at).toLowerCase(), quote };
}

/** A string literal as plain data (no syntax node): safe to share between the rules that check one tree. */
export interface PyStringRef {
  readonly start: number;
  readonly end: number;
  /** Raw content without prefix and quotes (f-string interpolations as written). */
  readonly value: string;
  readonly prefix: string;
  readonly quote: string;
  readonly hasInterpolation: boolean;
  readonly contentStart: number;
  /** Position of the node in `root.descendantsOfType('string')` (see `pyStringAt`). */
  readonly index: number;
  /** No other `string` node starts where this one does (so its node is the one at `index`). */
  readonly unique: boolean;
}

const refCache = new WeakMap<Tree, { text: string; value: readonly PyStringRef[] }>();

/**
 * Every `string` of the file as plain data (prefix, quote and content read from the text), computed once
 * per tree and shared by the rules (the cache holds offsets and text only, never nodes). Run value
 * pre-filters on the refs, then `pyStringAt` (and `pyStringDetail` for f-strings) for the survivors.
 */
export function pyStringRefs(tree: Tree, root: Node, text: string): readonly PyStringRef[] {
  return cachedPerTree(refCache, tree, text, () => collectRefs(root, text));
}

function collectRefs(root: Node, text: string): PyStringRef[] {
  const refs: PyStringRef[] = [];
  const nodes = root.descendantsOfType('string');
  const starts = nodes.map((node) => node?.startIndex ?? -1);
  for (let index = 0; index < nodes.length; index++) {
    const node = nodes[index];
    const start = starts[index] ?? -1;
    if (!node || start < 0) continue;
    const head = literalHead(text, start);
    if (!head) continue;
    const end = node.endIndex;
    const { prefix, quote } = head;
    const contentStart = start + prefix.length + quote.length;
    const value = text.slice(contentStart, Math.max(contentStart, end - quote.length));
    // `{` is rare in literals: test the cheap `includes` before building the de-doubled copy
    const hasInterpolation = prefix.includes('f') && value.includes('{') && INTERPOLATION.test(value.replace(DOUBLED_BRACES, ''));
    // document order: a string starting where the one before or after starts is nested with that start
    const unique = starts[index - 1] !== start && starts[index + 1] !== start;
    refs.push({ start, end, value, prefix, quote, hasInterpolation, contentStart, index, unique });
  }
  return refs;
}

const INTERPOLATION = /\{[^{]/;
const DOUBLED_BRACES = /\{\{/g;

/**
 * The `string` nodes of a file, in the order `pyStringRefs` indexes them: get them once per check
 * (a filter of the shared root walk) and pass them to `pyStringAt`.
 */
export function pyStringNodes(root: Node): readonly (Node | null)[] {
  return root.descendantsOfType('string');
}

/**
 * The string with its syntax node: from `strings` (`pyStringNodes`) by the ref's index when given, else
 * one lookup in the tree. Both give the same node: the smallest node spanning the literal's range, climbed
 * to the `string` that starts there — the indexed node unless another string starts at the same offset.
 */
export function pyStringAt(root: Node, ref: PyStringRef, strings?: readonly (Node | null)[]): PyString | undefined {
  const indexed = ref.unique ? strings?.[ref.index] : undefined;
  if (indexed?.startIndex === ref.start) return stringOf(ref, indexed);
  let node = root.descendantForIndex(ref.start, ref.end);
  while (node && node.type !== 'string' && node.startIndex === ref.start) node = node.parent;
  if (node?.type !== 'string' || node.startIndex !== ref.start || node.endIndex !== ref.end) return undefined;
  return stringOf(ref, node);
}

function stringOf(ref: PyStringRef, node: Node): PyString {
  return {
    node,
    value: ref.value,
    prefix: ref.prefix,
    quote: ref.quote,
    hasInterpolation: ref.hasInterpolation,
    segments: [{ valueStart: 0, length: ref.value.length, fileStart: ref.contentStart }],
    parentMemo: {},
  };
}

/** The literal's parent node, read once per literal (`node.parent` walks down from the root each time). */
export function pyParentOf(s: PyString): Node | null {
  const memo = s.parentMemo;
  if (memo.parent === undefined) memo.parent = s.node.parent;
  return memo.parent;
}

/** For f-strings with interpolations: the value with `{…}` replaced by INTERPOLATION_MARK, and the offset map. */
export function pyStringDetail(s: PyString): PyString {
  if (!s.hasInterpolation) return s;
  const node = s.node;
  const segments: Segment[] = [];
  let value = '';
  let cursor = node.startIndex + s.prefix.length + s.quote.length;
  const contentEnd = node.endIndex - s.quote.length;
  const full = node.text;
  const pushRaw = (from: number, to: number): void => {
    if (to <= from) return;
    segments.push({ valueStart: value.length, length: to - from, fileStart: from });
    value += full.slice(from - node.startIndex, to - node.startIndex);
  };
  for (const child of node.namedChildren) {
    if (child?.type !== 'interpolation') continue;
    pushRaw(cursor, child.startIndex);
    segments.push({ valueStart: value.length, length: INTERPOLATION_MARK.length });
    value += INTERPOLATION_MARK;
    cursor = child.endIndex;
  }
  pushRaw(cursor, contentEnd);
  return { ...s, value, segments };
}

/** False for strings that are not data: docstrings and bare string statements, dict keys, subscripts, annotations. */
export function isPyDataString(s: PyString): boolean {
  const node = s.node;
  const parent = pyParentOf(s);
  if (!parent) return false;
  switch (parent.type) {
    case 'expression_statement':
      return parent.namedChildCount !== 1;
    case 'pair':
      return !parent.childForFieldName('key')?.equals(node);
    case 'subscript':
      return parent.childForFieldName('value')?.equals(node) ?? false;
    case 'type':
      return false;
    default:
      return true;
  }
}

/** The source text just before a literal (up to `size` characters), for cheap name pre-filters. */
export function pyTextBefore(text: string, start: number, size = 80): string {
  return text.slice(Math.max(0, start - size), start);
}

/** File offset of value[index], when that character is literal text (not an interpolation). */
export function pyFileOffset(s: PyString, index: number): number | undefined {
  for (const segment of s.segments) {
    if (index >= segment.valueStart && index <= segment.valueStart + segment.length) {
      return segment.fileStart === undefined ? undefined : segment.fileStart + (index - segment.valueStart);
    }
  }
  return undefined;
}

/** `os.environ.get("X", "dev-key")`, `os.getenv("X") or "dev-key"`: delete `, 'dev-key'` / ` or 'dev-key'`. */
export type PyEnvFallback = EnvFallback;

/** See {@link BindingFacts}; `isDefault` also covers `default=<here>`. */
export interface PyBinding extends BindingFacts {
  /** The keyword of a keyword argument (`connect(password=<here>)`). */
  readonly keyword?: string;
}

export function pyCalleeName(call: Node): string | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier' || fn?.type === 'attribute') return fn.text.replace(/\s+/g, '');
  return undefined;
}

function stringContent(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  return node.namedChildren
    .filter((c) => c?.type === 'string_content')
    .map((c) => c?.text ?? '')
    .join('');
}

function targetName(left: Node | null): string | undefined {
  if (!left) return undefined;
  if (left.type === 'identifier' || left.type === 'attribute') return left.text.replace(/\s+/g, '');
  if (left.type === 'subscript') {
    const index = left.childForFieldName('subscript');
    const key = stringContent(index);
    const object = left.childForFieldName('value')?.text ?? '';
    if (key !== undefined) return `${object}.${key}`;
  }
  return undefined;
}

const ENV_READERS = /^(?:os\.environ\.get|os\.getenv|getenv|environ\.get|config|env|env\.str|env\.url|env\.db|decouple\.config|settings\.get)$/;

const KEY_ARGUMENTS: readonly [RegExp, number][] = [
  [/(?:^|\.)jwt\.(?:encode|decode)$/, 1],
  [/^(?:encode|decode)$/, 1],
  [/(?:^|\.)hmac\.new$/, 0],
  [/(?:^|\.)Fernet$/, 0],
  [/(?:^|\.)(?:URLSafe|URLSafeTimed|TimedJSONWebSignature|JSONWebSignature)?Serializer$/, 0],
];

/** `cache = redis.Redis(host=…)`: the assigned name is context for env-var names. */
function pushAssignedName(call: Node, context: string[]): void {
  const parent = call.parent;
  if (parent?.type === 'assignment' && parent.childForFieldName('right')?.equals(call)) {
    const left = parent.childForFieldName('left');
    if (left?.type === 'identifier' || left?.type === 'attribute') context.push(left.text);
  }
}

/** Describes where a Python string literal sits: see `PyBinding`. `knownParent`: the literal's parent when already read. */
export function pyBinding(literal: Node, knownParent?: Node | null): PyBinding {
  let node = literal;
  let name: string | undefined;
  let keyArgument = false;
  let envFallback: PyEnvFallback | undefined;
  let callee: string | undefined;
  let argumentIndex: number | undefined;
  let keyword: string | undefined;
  let siblingKeys: () => readonly string[] = () => [];
  let comparedWith: string | undefined;
  let isDefault = false;
  // `context` (and `callee` / `argumentIndex` where they need more of the tree than the verdict does: the
  // dict holding a pair, the call holding a keyword or a later argument) are read only for the literals a
  // rule reports, or asks about: computed on first read, in the same order, while the tree is alive.
  const contextSteps: (() => readonly string[])[] = [];
  let lateCall: (() => { readonly callee?: string; readonly argumentIndex?: number }) | undefined;

  for (let depth = 0; depth < 12; depth++) {
    const parent = depth === 0 && knownParent !== undefined ? knownParent : node.parent;
    if (!parent) break;
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'conditional_expression':
      case 'concatenated_string':
      case 'list':
      case 'tuple':
      case 'set':
      case 'await':
        node = parent;
        continue;
      case 'boolean_operator': {
        const left = parent.childForFieldName('left');
        if (parent.childForFieldName('right')?.equals(node)) isDefault = true;
        if (parent.childForFieldName('right')?.equals(node) && left?.type === 'call') {
          const reader = pyCalleeName(left);
          if (reader && ENV_READERS.test(reader)) {
            const envName = stringContent(left.childForFieldName('arguments')?.namedChild(0));
            envFallback = { ...(envName ? { envName } : {}), deleteStart: left.endIndex, deleteEnd: node.endIndex };
            if (envName) name ??= envName;
          }
        }
        node = parent;
        continue;
      }
      case 'comparison_operator': {
        const others = parent.namedChildren.filter((c): c is Node => c !== null && !c.equals(node));
        const other = others[0];
        if (other && /==|!=/.test(parent.text)) {
          comparedWith = targetName(other) ?? other.text;
          name ??= comparedWith;
        }
        break;
      }
      case 'assignment':
      case 'augmented_assignment': {
        if (parent.childForFieldName('right')?.equals(node)) name ??= targetName(parent.childForFieldName('left'));
        const assignment = parent;
        contextSteps.push(() => {
          const block = assignment.parent?.parent;
          const cls = block?.parent;
          const className = block?.type === 'block' && cls?.type === 'class_definition' ? cls.childForFieldName('name')?.text : undefined;
          return className ? [className] : [];
        });
        break;
      }
      case 'default_parameter':
      case 'typed_default_parameter':
        name ??= parent.childForFieldName('name')?.text;
        break;
      case 'keyword_argument': {
        const kw = parent.childForFieldName('name')?.text;
        keyword = kw;
        name ??= kw;
        const argument = parent;
        const callOf = (): Node | undefined => {
          const call = argument.parent?.parent;
          return call?.type === 'call' ? call : undefined;
        };
        if (kw !== 'default') {
          // only `default=` reads the call for the verdict
          lateCall = () => {
            const call = callOf();
            return call ? { ...optionalCallee(pyCalleeName(call)) } : {};
          };
          contextSteps.push(() => callContext(callOf()));
          break;
        }
        const call = callOf();
        if (call) {
          const calleeName = pyCalleeName(call);
          callee = calleeName;
          if (calleeName) {
            contextSteps.push(() => callContext(call));
            isDefault = true;
            if (ENV_READERS.test(calleeName)) {
              const envName = stringContent(call.childForFieldName('arguments')?.namedChild(0));
              const args = call.childForFieldName('arguments');
              const first = args?.namedChild(0);
              if (first) {
                envFallback = { ...(envName ? { envName } : {}), deleteStart: first.endIndex, deleteEnd: parent.endIndex };
                name = envName ?? name;
              }
            }
          }
        }
        break;
      }
      case 'pair': {
        if (!parent.childForFieldName('value')?.equals(node)) break;
        const keyNode = parent.childForFieldName('key');
        const key = stringContent(keyNode) ?? keyNode?.text;
        name ??= key;
        const dict = parent.parent;
        if (dict?.type === 'dictionary') {
          const holder = dict;
          siblingKeys = () => holder.namedChildren.flatMap((c) => (c?.type === 'pair' ? [stringContent(c.childForFieldName('key')) ?? ''] : []));
          let outer: PyBinding | undefined;
          const outerBinding = (): PyBinding => (outer ??= pyBinding(holder));
          contextSteps.push(() => {
            const { name: outerName, context } = outerBinding();
            return outerName ? [outerName, ...context] : context;
          });
          lateCall = () => {
            const { callee: outerCallee, argumentIndex: outerIndex } = outerBinding();
            return { ...optionalCallee(outerCallee), ...(outerIndex !== undefined ? { argumentIndex: outerIndex } : {}) };
          };
        }
        break;
      }
      case 'argument_list': {
        const args = parent.namedChildren.filter((c): c is Node => c !== null);
        const index = args.findIndex((a) => a.equals(node));
        const argumentList = parent;
        const callOf = (): Node | undefined => {
          const call = argumentList.parent;
          return call?.type === 'call' ? call : undefined;
        };
        if (index !== 0 && index !== 1) {
          // the verdict (key material, defaults, env fallbacks) reads the callee for the first two arguments only
          lateCall = () => {
            const call = callOf();
            return call ? { ...optionalCallee(pyCalleeName(call)), argumentIndex: index } : {};
          };
          contextSteps.push(() => callContext(callOf()));
          break;
        }
        const call = callOf();
        if (!call) break;
        const calleeName = pyCalleeName(call);
        callee = calleeName;
        argumentIndex = index;
        if (calleeName) {
          contextSteps.push(() => callContext(call));
          keyArgument = KEY_ARGUMENTS.some(([pattern, position]) => pattern.test(calleeName) && position === index);
          if (index === 1 && /(?:^|\.)(?:get|getenv|setdefault|pop)$/.test(calleeName)) isDefault = true;
          if (index === 1 && ENV_READERS.test(calleeName)) {
            const first = args[0];
            const envName = stringContent(first);
            if (first) {
              envFallback = { ...(envName ? { envName } : {}), deleteStart: first.endIndex, deleteEnd: node.endIndex };
              if (envName) name ??= envName;
            }
          }
        }
        break;
      }
      default:
        break;
    }
    break;
  }
  let context: readonly string[] | undefined;
  let late: { readonly callee?: string; readonly argumentIndex?: number } | undefined;
  const lateFields = (): { readonly callee?: string; readonly argumentIndex?: number } => (late ??= lateCall?.() ?? {});
  return {
    ...(name !== undefined ? { name } : {}),
    get context() {
      return (context ??= contextSteps.flatMap((step) => step()));
    },
    keyArgument,
    ...(envFallback ? { envFallback } : {}),
    get callee() {
      return callee ?? lateFields().callee;
    },
    get argumentIndex() {
      return argumentIndex ?? lateFields().argumentIndex;
    },
    ...(keyword !== undefined ? { keyword } : {}),
    siblingKeys,
    ...(comparedWith !== undefined ? { comparedWith } : {}),
    isDefault,
  };
}

function optionalCallee(callee: string | undefined): { readonly callee?: string } {
  return callee !== undefined ? { callee } : {};
}

/** What a call adds to a binding's context: its callee, then the name it is assigned to (`cache = redis.Redis(…)`). */
function callContext(call: Node | undefined): string[] {
  const calleeName = call ? pyCalleeName(call) : undefined;
  if (!call || !calleeName) return [];
  const context = [calleeName];
  pushAssignedName(call, context);
  return context;
}

const DEV_CONDITION = /__main__|\b(?:DEBUG|debug|is_dev|IS_DEV|is_development|development|dev|DEV|is_local|IS_LOCAL|LOCAL|is_prod|IS_PROD|is_production|PRODUCTION|production|TESTING|testing)\b|ENV(?:IRONMENT)?\b/;

/**
 * True when the node runs only in development: inside `if __name__ == '__main__':`, `if settings.DEBUG:`,
 * the else branch of `if IS_PROD:`, or the matching side of `… if DEBUG else …`.
 */
export function isPyDevGuarded(node: Node, judge: (condition: string, inElse: boolean) => boolean): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement') {
      const condition = parent.childForFieldName('condition')?.text ?? '';
      if (DEV_CONDITION.test(condition)) {
        const inElse = child.type === 'else_clause';
        if (child.type !== 'elif_clause' && judge(condition, inElse)) return true;
      }
    } else if (parent.type === 'elif_clause') {
      const condition = parent.childForFieldName('condition')?.text ?? '';
      if (!parent.childForFieldName('condition')?.equals(child) && DEV_CONDITION.test(condition) && judge(condition, false)) return true;
    } else if (parent.type === 'conditional_expression') {
      const parts = parent.namedChildren.filter((c): c is Node => c !== null);
      const condition = parts[1];
      if (condition && !condition.equals(child) && DEV_CONDITION.test(condition.text)) {
        const inElse = parts[2]?.equals(child) ?? false;
        if (judge(condition.text, inElse)) return true;
      }
    } else if (parent.type === 'module') {
      return false;
    }
  }
  return false;
}

const LOGGING_CALLEE = /^(?:print|(?:self\.)?(?:logger|log|logging|LOGGER|LOG|_logger|_log)\.\w+|warnings\.warn|click\.echo|click\.secho|typer\.echo|console\.print)$/;

export function isInPyLoggingCall(node: Node): boolean {
  let current: Node | null = node.parent;
  for (let depth = 0; current && depth < 4; depth++, current = current.parent) {
    if (current.type === 'call') {
      const callee = pyCalleeName(current);
      return callee !== undefined && LOGGING_CALLEE.test(callee);
    }
    if (current.type === 'block' || current.type === 'module') return false;
  }
  return false;
}

/**
 * An edit replacing value[start, end) by a Python expression: the whole literal becomes the expression;
 * a part turns the literal into an f-string with `{expression}` (braces of the other text doubled).
 * `expression` must not contain the literal's quote character (use `envAccessExpression(…, quote)`).
 * Undefined for bytes literals and when the range crosses an interpolation.
 */
export function pyReplaceLiteral(s: PyString, start: number, end: number, expression: string): TextEdit | undefined {
  if (start <= 0 && end >= s.value.length && pyParentOf(s)?.type !== 'concatenated_string') {
    return { start: s.node.startIndex, end: s.node.endIndex, text: expression };
  }
  if (s.prefix.includes('b')) return undefined;
  const fileStart = pyFileOffset(s, start);
  const fileEnd = pyFileOffset(s, end);
  if (fileStart === undefined || fileEnd === undefined) return undefined;
  if (s.prefix.includes('f')) return { start: fileStart, end: fileEnd, text: `{${expression}}` };
  const contentStart = s.node.startIndex + s.prefix.length + s.quote.length;
  const contentEnd = s.node.endIndex - s.quote.length;
  const text = s.node.text;
  const double = (from: number, to: number): string =>
    text.slice(from - s.node.startIndex, to - s.node.startIndex).replace(/[{}]/g, (brace) => brace + brace);
  const body = `${double(contentStart, fileStart)}{${expression}}${double(fileEnd, contentEnd)}`;
  return { start: s.node.startIndex, end: s.node.endIndex, text: `${s.prefix}f${s.quote}${body}${s.quote}` };
}

/** The quote to use inside an expression embedded in this literal (opposite of the literal's own). */
export function pyInnerQuote(s: PyString): '"' | "'" {
  return s.quote.startsWith('"') ? "'" : '"';
}

// --- callee names from the text ---------------------------------------------------------------------

function isAsciiNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

/** What can sit between a callee and the `(` of its arguments (`\\` for line continuations). */
function isGapChar(code: number): boolean {
  return code === 32 || code === 9 || code === 12 || code === 10 || code === 13 || code === 92;
}

/** The `(` of every call, as the text shows it: where a callee can end, and with what name. */
interface CalleeEnds {
  /** For each `(` preceded (after spaces and line breaks) by `[A-Za-z0-9_]`: that run of name characters (64 at most). */
  readonly runStarts: readonly number[];
  readonly runEnds: readonly number[];
  /** Offsets of the `(` where a comment may sit between it and what the text shows before it. */
  readonly unsure: readonly number[];
  /** The runs by length and last character (`nameKey`), by last and by first character: built on first use, shared by the rules. */
  byKey?: Map<number, number[]>;
  byLast?: Map<number, number[]>;
  byFirst?: Map<number, number[]>;
}

function nameKey(length: number, lastChar: number): number {
  return length * 65_536 + lastChar;
}

function runsBy(ends: CalleeEnds, text: string, key: (start: number, end: number) => number): Map<number, number[]> {
  const map = new Map<number, number[]>();
  for (let run = 0; run < ends.runEnds.length; run++) {
    const k = key(ends.runStarts[run] ?? 0, ends.runEnds[run] ?? 0);
    const list = map.get(k);
    if (list) list.push(run);
    else map.set(k, [run]);
  }
  return map;
}

const calleeEndsCache = new WeakMap<Tree, { text: string; value: CalleeEnds }>();

/**
 * Between a call's callee and the `(` of its arguments there are only spaces, tabs, form feeds, line breaks,
 * line continuations and comments. Skipping the first ones back from each `(`: unless a line break was
 * crossed and the line reached holds a `#`, there is no comment in between, so the character reached ends
 * the callee — a run of name characters is its last name; `)`, `]`, `}`, a quote or `.` end a callee
 * without one; any other ASCII character cannot end an expression (that `(` opens no call's arguments).
 * Otherwise (a `#`, a character beyond ASCII) the `(` is unsure.
 */
function scanCalleeEnds(text: string): CalleeEnds {
  const runStarts: number[] = [];
  const runEnds: number[] = [];
  const unsure: number[] = [];
  for (let open = text.indexOf('('); open !== -1; open = text.indexOf('(', open + 1)) {
    let end = open;
    let crossedLine = false;
    for (let code = text.charCodeAt(end - 1); end > 0 && isGapChar(code); code = text.charCodeAt(end - 1)) {
      if (code === 10 || code === 13) crossedLine = true;
      end--;
    }
    const last = end > 0 ? text.charCodeAt(end - 1) : -1;
    if (crossedLine && lineHoldsHash(text, end)) {
      unsure.push(open);
    } else if (isAsciiNameChar(last)) {
      let start = end - 1;
      while (start > 0 && end - start < 64 && isAsciiNameChar(text.charCodeAt(start - 1))) start--;
      runStarts.push(start);
      runEnds.push(end);
    } else if (last < 32 || last > 126) {
      unsure.push(open);
    }
  }
  return { runStarts, runEnds, unsure };
}

/** Is there a `#` on the line of `text[end - 1]`, before `end`? */
function lineHoldsHash(text: string, end: number): boolean {
  for (let at = end - 1; at >= 0; at--) {
    const code = text.charCodeAt(at);
    if (code === 35) return true;
    if (code === 10 || code === 13) return false;
  }
  return false;
}

/** The callee names a rule looks for (`wantsCallee` tells whether a run of name characters is one). */
export interface CalleeNames {
  /** Exact names. */
  readonly names?: readonly string[];
  /** Names ending with one of these. */
  readonly suffixes?: readonly string[];
  /** Names starting with one of these and an upper-case letter (`HTTP` for `HTTPException`). */
  readonly capitalisedPrefixes?: readonly string[];
  /** Every name (when the names cannot be told from runs of `[A-Za-z0-9_]`). */
  readonly all?: boolean;
}

/**
 * The ends of the runs of `ends` that are `wanted`. Most runs are never copied out of the text: a name is
 * compared only with runs of its length and last character, a suffix with runs ending like it (both looked
 * up in maps built once per file), a prefix with runs starting like it.
 */
function wantedRunEnds(ends: CalleeEnds, text: string, wanted: CalleeNames): number[] {
  const runs = new Set<number>();
  const runText = (run: number): string => text.slice(ends.runStarts[run] ?? 0, ends.runEnds[run] ?? 0);
  if (wanted.all === true) for (let run = 0; run < ends.runEnds.length; run++) runs.add(run);
  if (wanted.names) {
    const byKey = (ends.byKey ??= runsBy(ends, text, (start, end) => nameKey(end - start, text.charCodeAt(end - 1))));
    for (const name of new Set(wanted.names)) {
      for (const run of byKey.get(nameKey(name.length, name.charCodeAt(name.length - 1))) ?? []) if (runText(run) === name) runs.add(run);
    }
  }
  if (wanted.suffixes) {
    const byLast = (ends.byLast ??= runsBy(ends, text, (_, end) => text.charCodeAt(end - 1)));
    for (const suffix of new Set(wanted.suffixes)) {
      for (const run of byLast.get(suffix.charCodeAt(suffix.length - 1)) ?? []) if (runText(run).endsWith(suffix)) runs.add(run);
    }
  }
  if (wanted.capitalisedPrefixes) {
    const byFirst = (ends.byFirst ??= runsBy(ends, text, (start) => text.charCodeAt(start)));
    for (const prefix of new Set(wanted.capitalisedPrefixes)) {
      for (const run of byFirst.get(prefix.charCodeAt(0)) ?? []) {
        if (isCapitalisedPrefix(text, ends.runStarts[run] ?? 0, ends.runEnds[run] ?? 0, prefix)) runs.add(run);
      }
    }
  }
  return [...runs].map((run) => ends.runEnds[run] ?? 0);
}

/** `text[start, end)` starts with `prefix` and then an upper-case letter. */
function isCapitalisedPrefix(text: string, start: number, end: number, prefix: string): boolean {
  const next = start + prefix.length;
  const code = text.charCodeAt(next);
  return next < end && code >= 65 && code <= 90 && text.startsWith(prefix, start);
}

/**
 * Where a callee with a `wanted` last name can end (`ends`, for `callEndingAt`) and the unsure `(`s (`opens`,
 * for `callOpeningAt`), from the text (see `CalleeEndIndex`); in a tree without syntax errors, every call
 * with such a callee is found from one of them.
 */
export function calleeEnds(tree: Tree, text: string, wanted: CalleeNames): { readonly ends: readonly number[]; readonly opens: readonly number[] } {
  const ends = cachedPerTree(calleeEndsCache, tree, text, () => scanCalleeEnds(text));
  return { ends: wantedRunEnds(ends, text, wanted), opens: ends.unsure };
}

/**
 * Could a call of the file have a callee ending with a `wanted` name (see `CalleeEndIndex`)? From the text
 * alone, without finding the calls: true also when the tree has syntax errors or a `(` is unsure.
 */
export function mayCallAny(tree: Tree, root: Node, text: string, wanted: CalleeNames): boolean {
  const ends = cachedPerTree(calleeEndsCache, tree, text, () => scanCalleeEnds(text));
  return ends.unsure.length > 0 || wantedRunEnds(ends, text, wanted).length > 0 || root.hasError;
}

/**
 * The calls of a file whose callee can end with a name a rule looks for, found from the text: asking the
 * tree for each call's `function` costs a WebAssembly call and a node on every call of a file. From each
 * place a wanted name ends right before a `(` (see `scanCalleeEnds`), one lookup in the tree finds the call
 * whose callee ends there; unsure `(`s give the call they open. `wanted` must hold every run of name
 * characters (64 at most) a wanted callee can end with. Calls holding a syntax error (a MISSING `(`)
 * are always kept. No root-level walk: the rules need no list of every call. The nodes are valid only
 * during the check.
 */
export class CalleeEndIndex {
  /** The calls found (with the calls holding a syntax error), in no particular order. */
  readonly calls: Node[] = [];
  private readonly ids = new Set<number>();

  constructor(tree: Tree, root: Node, text: string, wanted: CalleeNames) {
    const ends = cachedPerTree(calleeEndsCache, tree, text, () => scanCalleeEnds(text));
    for (const end of wantedRunEnds(ends, text, wanted)) this.add(callEndingAt(root, end));
    for (const open of ends.unsure) this.add(callOpeningAt(root, open));
    if (root.hasError) for (const call of callsWithErrors(root)) this.add(call);
  }

  private add(call: Node | undefined): void {
    if (!call || this.ids.has(call.id)) return;
    this.ids.add(call.id);
    this.calls.push(call);
  }

  /** No call of the file can have a wanted callee. */
  get isEmpty(): boolean {
    return this.ids.size === 0;
  }

  /** The calls, in document order (pre-order: by start, the enclosing call first, as `f(x)(y)` holds `f(x)`). */
  callsInOrder(): Node[] {
    return this.calls
      .map((call) => ({ call, start: call.startIndex, end: call.endIndex }))
      .sort((a, b) => a.start - b.start || b.end - a.end)
      .map((entry) => entry.call);
  }

  /** False when the callee of `call` cannot end with a wanted name. */
  mayBeWanted(call: Node): boolean {
    return this.ids.has(call.id);
  }
}

/**
 * Merges lists of nodes, each in document order, into one in document order (pre-order: by start, the
 * enclosing node first, found by the end only when two nodes start together). Linear: no sort.
 */
export function mergeInDocumentOrder(lists: readonly (readonly (Node | null)[])[]): Node[] {
  const heads = lists.map(() => 0);
  const merged: Node[] = [];
  for (;;) {
    let best = -1;
    let bestNode: Node | undefined;
    for (let list = 0; list < lists.length; list++) {
      let node = lists[list]?.[heads[list] ?? 0];
      while (node === null) node = lists[list]?.[(heads[list] = (heads[list] ?? 0) + 1)];
      if (node === undefined) continue;
      if (!bestNode || node.startIndex < bestNode.startIndex || (node.startIndex === bestNode.startIndex && node.endIndex > bestNode.endIndex)) {
        best = list;
        bestNode = node;
      }
    }
    if (!bestNode) return merged;
    merged.push(bestNode);
    heads[best] = (heads[best] ?? 0) + 1;
  }
}

/**
 * The calls holding a syntax error (ERROR or MISSING nodes), whose text may not show their callee: down
 * from the root through the children holding one (errors are few and local, so few nodes are visited).
 */
function callsWithErrors(root: Node): Node[] {
  const found: Node[] = [];
  const pending = [root];
  for (let node = pending.pop(); node; node = pending.pop()) {
    for (const child of node.children) {
      if (!child?.hasError) continue;
      if (child.type === 'call') found.push(child);
      pending.push(child);
    }
  }
  return found;
}

/** The call whose callee ends at `end` (its last token ends there: climb while the nodes end there too). */
export function callEndingAt(root: Node, end: number): Node | undefined {
  let node = root.descendantForIndex(end - 1, end);
  for (let depth = 0; node && depth < 64; depth++) {
    const parent: Node | null = node.parent;
    if (!parent) return undefined;
    if (parent.type === 'call') return parent;
    if (parent.endIndex !== end) return undefined;
    node = parent;
  }
  return undefined;
}

/** The call whose arguments open with the `(` at `open`. */
export function callOpeningAt(root: Node, open: number): Node | undefined {
  const arguments_ = root.descendantForIndex(open, open + 1)?.parent;
  if (arguments_?.type !== 'argument_list' && arguments_?.type !== 'generator_expression') return undefined;
  const call = arguments_.parent;
  return call?.type === 'call' ? call : undefined;
}
