/**
 * Enclosing-scope lookup by source position, for any language. `node.parent` in web-tree-sitter
 * walks down from the root (linear in the width of the tree), and `node.type`/`node.endIndex`
 * each cross into WebAssembly: asking them for every definition of a big module is slow. This
 * index takes the scope nodes once (from a `descendantsOfType` call the rule makes anyway),
 * caches their offsets, links each scope to its parent scope, and answers "innermost scope around
 * this node" with a binary search on `startIndex` (a plain field) and a walk up the nesting depth.
 */
import type { Node } from 'web-tree-sitter';
import { partitionPoint } from '../shared/sorted';

/** Whether `node` could itself be a scope node equal in range to `scope` (then neither encloses the other). */
function isScopeLike(node: Node, scope: Node): boolean {
  return node.type === scope.type || node.childForFieldName('body') !== null;
}

export class ScopeRanges {
  private readonly scopes: Node[];
  private readonly starts: number[] = [];
  private readonly ends: number[] = [];
  private readonly parents: number[] = [];

  /**
   * `scopes` are the scope-opening nodes below `root` in document order (as `descendantsOfType`
   * returns them); `root` is the file's scope.
   */
  constructor(
    private readonly root: Node,
    scopes: readonly Node[],
  ) {
    this.scopes = scopes.filter((n) => n.id !== root.id);
    const stack: number[] = [];
    this.scopes.forEach((scope, index) => {
      const start = scope.startIndex;
      const end = scope.endIndex;
      this.starts.push(start);
      this.ends.push(end);
      while (stack.length > 0) {
        const top = stack[stack.length - 1] ?? 0;
        if ((this.starts[top] ?? 0) <= start && end <= (this.ends[top] ?? 0)) break;
        stack.pop();
      }
      this.parents.push(stack.length > 0 ? (stack[stack.length - 1] ?? -1) : -1);
      stack.push(index);
    });
  }

  /** Every scope node, the root first. */
  all(): Node[] {
    return [this.root, ...this.scopes];
  }

  /** The innermost scope that contains `node` and is not `node` itself (the root for top-level code). */
  scopeOf(node: Node): Node {
    const start = node.startIndex;
    const candidate = partitionPoint(this.starts.length, (index) => (this.starts[index] ?? 0) <= start) - 1;
    let end: number | undefined;
    for (let i = candidate; i >= 0; i = this.parents[i] ?? -1) {
      const scope = this.scopes[i];
      const scopeStart = this.starts[i] ?? 0;
      const scopeEnd = this.ends[i] ?? 0;
      if (!scope || scope.id === node.id) continue;
      if (start >= scopeEnd) continue;
      if (scopeStart < start) return scope;
      // Same start: `node` is inside the scope only if it ends within it (not a wrapper of it).
      // Two scopes with identical ranges (error recovery) never enclose each other.
      end ??= node.endIndex;
      if (end < scopeEnd || (end === scopeEnd && !isScopeLike(node, scope))) return scope;
    }
    return this.root;
  }
}
