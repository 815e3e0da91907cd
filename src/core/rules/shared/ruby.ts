/**
 * Ruby syntax helpers shared by the Ruby checks of several rules (tree-sitter-ruby node shapes).
 *
 *   rubyIndex(ctx)                  ONE walk per tree shared by every Ruby check (see ./node-index.ts)
 *   rubyStringParts(node, index)    a string / heredoc as literal text + interpolations
 *   rubyStringValue(node, index)    its value with interpolations replaced by INTERPOLATION_MARK
 *   rubyCallName(call)              `receiver.method` parts of a `call`
 *   rubyArguments(call)             non-comment argument nodes of a call
 *   rubyPairs(node)                 `key => value` / `key: value` pairs of a hash or argument list, with the key's name
 *   rubyEnclosingMethod(index, n)   the `def` around a node
 *   isRailsFile(ctx)                a Rails app file (app/, config/, lib/tasks) or one that names Rails
 *   rubyNextChar(text, from, h)     the next character of code, when the source alone can tell it (rubyNextCodeIndex: where)
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { RuleContext } from '../../types';
import { detectLayout, type Layout } from './indentation';
import { buildNodeIndex, type NodeIndex } from './node-index';
import { INTERPOLATION_MARK } from './secrets';

/**
 * Every node type a Ruby check of ProdReady looks at. Add here rather than walking the tree again; but each listed
 * type costs every file a JS object per node, so types only asked about rarely are found otherwise: `if`/`unless`
 * guards by climbing `parent` (`isRubyDevGuarded`), `binary` appends by a walk of one scope (sql-concatenation).
 */
const RUBY_INDEX_TYPES = [
  'call', 'assignment', 'operator_assignment', 'rescue', 'rescue_modifier', 'method', 'singleton_method',
  'do_block', 'block', 'string', 'chained_string', 'heredoc_beginning', 'heredoc_body', 'ensure', 'array',
];

export interface RubyIndex extends NodeIndex {
  readonly layout: Layout;
  /** The heredoc body that belongs to a `heredoc_beginning` (`<<~SQL`). */
  heredocBody(beginning: Node): Node | undefined;
}

/**
 * The index of the tree analysed last, handed out only for that same tree. Not a WeakMap keyed by the tree: V8's
 * young-generation GC keeps a WeakMap's values alive until a full GC, so every file's index (thousands of nodes) was
 * copied and promoted (measured on one file analysed 1,500 times: 8x the promoted bytes, 4x the scavenge pause). The
 * slot keeps at most one tree's nodes, until the next Ruby file.
 */
let lastIndex: { readonly tree: Tree; readonly index: RubyIndex } | undefined;

export function rubyIndex(ctx: RuleContext): RubyIndex {
  if (lastIndex?.tree === ctx.tree) return lastIndex.index;
  const base = buildNodeIndex(ctx.root, RUBY_INDEX_TYPES);
  const beginnings = base.nodes('heredoc_beginning');
  const bodies = base.nodes('heredoc_body');
  const bodyByStart = new Map<number, Node>();
  // Heredoc bodies follow their beginnings in the same order (several on one line: in order).
  beginnings.forEach((beginning, i) => {
    const body = bodies[i];
    if (body && body.startIndex >= beginning.endIndex) bodyByStart.set(beginning.startIndex, body);
  });
  const text = ctx.file.text;
  let layout: Layout | undefined;
  const index: RubyIndex = {
    ...base,
    // only fixes need it: scanning the text for the indentation waits for the first one
    get layout() {
      return (layout ??= detectLayout(text, '  '));
    },
    heredocBody: (beginning) => bodyByStart.get(beginning.startIndex),
  };
  lastIndex = { tree: ctx.tree, index };
  return index;
}

export interface StringParts {
  /** Literal text pieces and interpolated expressions, in order. */
  readonly parts: readonly ({ readonly kind: 'text'; readonly text: string } | { readonly kind: 'code'; readonly node: Node })[];
  readonly hasInterpolation: boolean;
}

const STRING_NODES = new Set(['string', 'heredoc_body', 'chained_string', 'heredoc_beginning', 'subshell']);

/** A string literal (`"…"`, `'…'`, `%Q(…)`, `<<~SQL` heredoc, `"a" "b"`) as text and interpolations; undefined otherwise. */
export function rubyStringParts(node: Node, index?: RubyIndex): StringParts | undefined {
  if (!STRING_NODES.has(node.type) || node.type === 'subshell') return undefined;
  let target: Node | undefined = node;
  if (node.type === 'heredoc_beginning') target = index?.heredocBody(node);
  if (!target) return undefined;
  const pieces = target.type === 'chained_string' ? target.namedChildren.filter((n): n is Node => n?.type === 'string') : [target];
  const parts: StringParts['parts'][number][] = [];
  let hasInterpolation = false;
  for (const piece of pieces) {
    for (const child of piece.namedChildren) {
      if (!child) continue;
      const type = child.type; // each `type` read is a WebAssembly call
      if (type === 'interpolation') {
        hasInterpolation = true;
        const code = child.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment');
        if (code) parts.push({ kind: 'code', node: code });
      } else if (type === 'string_content' || type === 'heredoc_content' || type === 'escape_sequence') {
        parts.push({ kind: 'text', text: child.text });
      }
    }
  }
  return { parts, hasInterpolation };
}

/** The string's value as written, interpolations replaced by INTERPOLATION_MARK; undefined for non-strings. */
export function rubyStringValue(node: Node, index?: RubyIndex): string | undefined {
  const parts = rubyStringParts(node, index);
  if (!parts) return undefined;
  return parts.parts.map((part) => (part.kind === 'text' ? part.text : INTERPOLATION_MARK)).join('');
}

export interface RubyCallName {
  readonly receiver?: Node;
  readonly method: string;
}

export function rubyCallName(call: Node): RubyCallName | undefined {
  const method = call.childForFieldName('method');
  if (!method) return undefined;
  const receiver = call.childForFieldName('receiver');
  return receiver ? { receiver, method: method.text } : { method: method.text };
}

export function rubyArguments(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  return args ? args.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
}

export interface RubyPair {
  readonly pair: Node;
  /** `json` for `json:` / `:json =>` / `"json" =>`. */
  readonly key: string;
  readonly value: Node;
}

/** The key name of a pair: `json:`, `:json =>`, `"json" =>`, `'json' =>`. */
export function rubyPairKey(pair: Node): string | undefined {
  const key = pair.childForFieldName('key');
  if (!key) return undefined;
  const type = key.type;
  if (type === 'hash_key_symbol' || type === 'identifier' || type === 'constant') return key.text;
  if (type === 'simple_symbol') return key.text.slice(1);
  if (type === 'string') {
    const parts = rubyStringParts(key);
    if (parts && !parts.hasInterpolation) return parts.parts.map((p) => (p.kind === 'text' ? p.text : '')).join('');
  }
  return undefined;
}

/** Pairs directly inside a hash or an argument list. */
export function rubyPairs(node: Node | null | undefined): RubyPair[] {
  if (!node) return [];
  const pairs: RubyPair[] = [];
  for (const child of node.namedChildren) {
    if (child?.type !== 'pair') continue;
    const key = rubyPairKey(child);
    const value = child.childForFieldName('value');
    if (key !== undefined && value) pairs.push({ pair: child, key, value });
  }
  return pairs;
}

export function rubyEnclosingMethod(index: RubyIndex, node: Node): Node | undefined {
  return index.enclosing(node, ['method', 'singleton_method']);
}

/** Files of a Rails application, or files that mention Rails: where `Rails.logger` is available. */
export function isRailsFile(ctx: RuleContext): boolean {
  return /(?:^|\/)(?:app|config|db|lib\/tasks)\//.test(ctx.file.path) || /\bRails\.|ActiveRecord::|ApplicationController|ApplicationRecord|ActionController::/.test(ctx.file.text);
}

/**
 * The index of the first character at or after `from` that is not an ASCII blank (the text's length at its end), to
 * rule out node shapes from the source without a WebAssembly round trip. -1 when the text there may hide something
 * tree-sitter skips as an extra, so the caller must ask the tree: a comment (`#`), a line continuation (`\`), a
 * heredoc body (after a line break, when `heredocs`) or a non-ASCII character (Unicode blanks).
 */
export function rubyNextCodeIndex(text: string, from: number, heredocs: boolean): number {
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0b || c === 0x0c) continue;
    if (c === 0x0a) {
      if (heredocs) return -1;
      continue;
    }
    if (c === 0x23 || c === 0x5c || c > 0x7e) return -1;
    return i;
  }
  return text.length;
}

/** The character at `rubyNextCodeIndex` ('' at the end of the text); undefined when the tree must tell. */
export function rubyNextChar(text: string, from: number, heredocs: boolean): string | undefined {
  const at = rubyNextCodeIndex(text, from, heredocs);
  return at === -1 ? undefined : text.charAt(at);
}
