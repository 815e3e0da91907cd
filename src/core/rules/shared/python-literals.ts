/**
 * Python string-literal helpers for the `hardcoded-data` rules (tree-sitter python grammar):
 *
 *   pyStringRefs(tree, root, text)  every `string` as plain data (prefix/quote/content from the text), cached per tree
 *   pyStringAt(root, ref)           the string with its node, for the few that pass value pre-filters
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
}

const LITERAL_HEAD = /^([A-Za-z]{0,3})("""|'''|"|')/;

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
  for (const node of root.descendantsOfType('string')) {
    if (!node) continue;
    const start = node.startIndex;
    const end = node.endIndex;
    const head = LITERAL_HEAD.exec(text.slice(start, start + 6));
    if (!head) continue;
    const prefix = (head[1] ?? '').toLowerCase();
    const quote = head[2] ?? '"';
    const contentStart = start + prefix.length + quote.length;
    const value = text.slice(contentStart, Math.max(contentStart, end - quote.length));
    const hasInterpolation = prefix.includes('f') && /\{[^{]/.test(value.replace(/\{\{/g, ''));
    refs.push({ start, end, value, prefix, quote, hasInterpolation, contentStart });
  }
  return refs;
}

/** The string with its syntax node (one lookup in the tree). */
export function pyStringAt(root: Node, ref: PyStringRef): PyString | undefined {
  let node = root.descendantForIndex(ref.start, ref.end);
  while (node && node.type !== 'string' && node.startIndex === ref.start) node = node.parent;
  if (node?.type !== 'string' || node.startIndex !== ref.start || node.endIndex !== ref.end) return undefined;
  return { ...ref, node, segments: [{ valueStart: 0, length: ref.value.length, fileStart: ref.contentStart }] };
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
  const parent = node.parent;
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

/** Describes where a Python string literal sits: see `PyBinding`. */
export function pyBinding(literal: Node): PyBinding {
  let node = literal;
  let name: string | undefined;
  const context: string[] = [];
  let keyArgument = false;
  let envFallback: PyEnvFallback | undefined;
  let callee: string | undefined;
  let argumentIndex: number | undefined;
  let keyword: string | undefined;
  let siblingKeys: () => readonly string[] = () => [];
  let comparedWith: string | undefined;
  let isDefault = false;

  for (let depth = 0; depth < 12; depth++) {
    const parent = node.parent;
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
        const block = parent.parent?.parent;
        const cls = block?.parent;
        if (block?.type === 'block' && cls?.type === 'class_definition') {
          const className = cls.childForFieldName('name')?.text;
          if (className) context.push(className);
        }
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
        const call = parent.parent?.parent;
        if (call?.type === 'call') {
          const calleeName = pyCalleeName(call);
          callee = calleeName;
          if (calleeName) {
            context.push(calleeName);
            pushAssignedName(call, context);
            if (kw === 'default') isDefault = true;
            if (kw === 'default' && ENV_READERS.test(calleeName)) {
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
          const outer = pyBinding(dict);
          if (outer.name) context.push(outer.name);
          context.push(...outer.context);
          callee ??= outer.callee;
          argumentIndex ??= outer.argumentIndex;
        }
        break;
      }
      case 'argument_list': {
        const call = parent.parent;
        if (call?.type !== 'call') break;
        const args = parent.namedChildren.filter((c): c is Node => c !== null);
        const index = args.findIndex((a) => a.equals(node));
        const calleeName = pyCalleeName(call);
        callee = calleeName;
        argumentIndex = index;
        if (calleeName) {
          context.push(calleeName);
          pushAssignedName(call, context);
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
  return {
    ...(name !== undefined ? { name } : {}),
    context,
    keyArgument,
    ...(envFallback ? { envFallback } : {}),
    ...(callee !== undefined ? { callee } : {}),
    ...(argumentIndex !== undefined ? { argumentIndex } : {}),
    ...(keyword !== undefined ? { keyword } : {}),
    siblingKeys,
    ...(comparedWith !== undefined ? { comparedWith } : {}),
    isDefault,
  };
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
  if (start <= 0 && end >= s.value.length && s.node.parent?.type !== 'concatenated_string') {
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
