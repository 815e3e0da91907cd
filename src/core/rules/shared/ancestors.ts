/**
 * Ancestor lookups without `Node.parent`, language-agnostic.
 *
 * In tree-sitter `node.parent` re-walks the tree from the root, so climbing from many nodes is
 * slow on large files. Instead, collect every node you need — the targets and the kinds of
 * ancestor you ask about (functions, classes, `finally` blocks) — with ONE
 * `root.descendantsOfType([...])` call, which returns them in document order, and let
 * `sweepAncestors` hand each one to `visit` with the collected nodes that contain it, outermost
 * first:
 *
 *   sweepAncestors(root.descendantsOfType(['catch_clause', 'function_declaration', 'finally_clause']), (node, ancestors) => {
 *     if (node.type === 'catch_clause') inspect(node, ancestors.findLast((a) => a.type === 'function_declaration'));
 *   });
 *
 * The nodes are valid only during the check; do not keep them.
 */
import type { Node } from 'web-tree-sitter';

export function sweepAncestors(nodes: readonly (Node | null)[], visit: (node: Node, ancestors: readonly Node[]) => void): void {
  const stack: Node[] = [];
  for (const node of nodes) {
    if (!node) continue;
    for (let top = stack.at(-1); top && top.endIndex <= node.startIndex && top.startIndex < node.startIndex; top = stack.at(-1)) stack.pop();
    visit(node, stack);
    stack.push(node);
  }
}
