/**
 * One tree walk, many questions. A full `descendantsOfType` walk costs a few milliseconds per
 * thousand lines (WASM), and `node.parent` re-descends from the root in tree-sitter >= 0.22, so
 * checks that need several node types and "which function/method/block encloses this node" build a
 * `NodeIndex` once per tree and answer from it:
 *
 *   const index = buildNodeIndex(ctx.root, ['call', 'rescue', 'method']);
 *   index.nodes('call')                          every `call`, in document order
 *   index.enclosing(node, ['method'])            innermost `method` around node (binary search, no parent walk)
 *   index.within('call', start, end)             the `call`s inside [start, end)
 *
 * Language modules (`go.ts`, `ruby.ts`) cache one index per tree in a WeakMap so every rule of that
 * language shares the walk. Never keep the nodes after a check returns: the tree is freed.
 */
import type { Node } from 'web-tree-sitter';
import { partitionPoint } from './sorted';

export interface NodeIndex {
  /** Nodes of one indexed type, in document order. */
  nodes(type: string): readonly Node[];
  /** The innermost node of one of `types` (which must be indexed) that strictly contains `node`. */
  enclosing(node: Node, types: readonly string[]): Node | undefined;
  /** Nodes of an indexed type that start inside [start, end). */
  within(type: string, start: number, end: number): Node[];
}

interface Span {
  readonly node: Node;
  readonly start: number;
  readonly end: number;
}

export function buildNodeIndex(root: Node, types: readonly string[]): NodeIndex {
  const byType = new Map<string, Node[]>();
  // `descendantsOfType('rescue')` also returns the anonymous `rescue` keyword token: keep named nodes only,
  // and ask `isNamed` only for the types that have an anonymous twin in the grammar.
  const language = root.tree.language;
  const ambiguous = new Set(types.filter((type) => language.idForNodeType(type, false) !== null));
  for (const node of root.descendantsOfType(types as string[])) {
    if (!node) continue;
    const type = node.type;
    if (ambiguous.has(type) && !node.isNamed) continue;
    let list = byType.get(type);
    if (!list) byType.set(type, (list = []));
    list.push(node);
  }
  return indexOverLists((type) => byType.get(type) ?? []);
}

/**
 * The `enclosing`/`within` answers over any per-type node lists (document order), e.g. lists a
 * language module fills lazily from the shared walk.
 */
export function indexOverLists(nodes: (type: string) => readonly Node[]): NodeIndex {
  // Spans of one kind-set, sorted by start (outer first on ties), with the index of each span's
  // nearest enclosing span: `enclosing` then climbs that chain instead of scanning back linearly.
  const spans = new Map<string, { list: Span[]; parents: Int32Array }>();
  const spansOf = (kinds: readonly string[]): { list: Span[]; parents: Int32Array } => {
    const key = kinds.join(',');
    let entry = spans.get(key);
    if (!entry) {
      const list = kinds
        .flatMap((kind) => nodes(kind).map((node) => ({ node, start: node.startIndex, end: node.endIndex })))
        .sort((a, b) => a.start - b.start || b.end - a.end);
      const parents = new Int32Array(list.length).fill(-1);
      const stack: number[] = [];
      list.forEach((span, i) => {
        while (stack.length > 0) {
          const top = list[stack[stack.length - 1] ?? 0];
          if (top && top.end >= span.end && top.start <= span.start) break;
          stack.pop();
        }
        parents[i] = stack.length > 0 ? (stack[stack.length - 1] ?? -1) : -1;
        stack.push(i);
      });
      entry = { list, parents };
      spans.set(key, entry);
    }
    return entry;
  };
  return {
    nodes,
    enclosing(node, kinds) {
      const { list, parents } = spansOf(kinds);
      const start = node.startIndex;
      const end = node.endIndex;
      const found = partitionPoint(list.length, (index) => (list[index]?.start ?? Infinity) <= start) - 1;
      for (let i = found; i >= 0; i = parents[i] ?? -1) {
        const span = list[i];
        if (!span) break;
        const strict = span.start < start || span.end > end;
        if (span.start <= start && span.end >= end && strict) return span.node;
      }
      return undefined;
    },
    within(type, start, end) {
      const list = nodes(type);
      const low = partitionPoint(list.length, (index) => (list[index]?.startIndex ?? 0) < start);
      const result: Node[] = [];
      for (let i = low; i < list.length; i++) {
        const node = list[i];
        if (!node || node.startIndex >= end) break;
        result.push(node);
      }
      return result;
    },
  };
}
