/**
 * Local definitions per scope, for any language of `sql-concatenation`: which assignments,
 * parameters and loop targets define a name in a function (or the module). A language file says
 * which node types open a scope and how to read parameters and definition nodes; this module
 * buckets the definition nodes by scope once (offsets only) and reads a scope on first use.
 *
 *   const scopes = new LocalScopes<Def>(root, nodes, types, { isScope, addParams, addDefinition, maxDepth: 64 });
 *   scopes.lookup(identifier, identifier.text)?.defs;
 */
import type { Node } from 'web-tree-sitter';
import { ScopeRanges } from './scope-ranges';

/** How one language's definitions are found; `D` is the language's definition record. */
export interface ScopeLanguage<D> {
  /** Whether a node of this type opens a scope (function, lambda...). */
  isScope(type: string): boolean;
  /** Adds the parameters of a scope node to `map`. */
  addParams(map: Map<string, D[]>, scope: Node): void;
  /** Adds what a definition node (of type `type`) defines to `map`. */
  addDefinition(map: Map<string, D[]>, node: Node, type: string): void;
  /** How many enclosing scopes {@link LocalScopes.lookup} walks at the most (broken code can nest scopes with identical ranges). */
  readonly maxDepth: number;
}

/** Appends `def` to the definitions of `name`. */
export function addDef<D>(map: Map<string, D[]>, name: string, def: D): void {
  const list = map.get(name);
  if (list) list.push(def);
  else map.set(name, [def]);
}

/** Definitions of every local name, indexed once per file from one tree walk. */
export class LocalScopes<D> {
  private readonly index = new Map<number, Map<string, D[]>>();
  /** Definition nodes (with their types) per scope id, read on first use. */
  private readonly pending = new Map<number, [Node, string][]>();
  readonly ranges: ScopeRanges;

  /** `nodes`/`types`: the scope and definition nodes of the file, with their types (from one `descendantsOfType`). */
  constructor(
    private readonly root: Node,
    nodes: readonly Node[],
    types: readonly string[],
    private readonly language: ScopeLanguage<D>,
  ) {
    this.ranges = new ScopeRanges(root, nodes.filter((_, i) => language.isScope(types[i] ?? '')));
    // Bucket definition nodes by scope now (cheap: offsets only); read them when a scope is first asked.
    nodes.forEach((node, i) => {
      const type = types[i] ?? '';
      if (language.isScope(type)) return;
      const scope = this.ranges.scopeOf(node);
      let bucket = this.pending.get(scope.id);
      if (!bucket) {
        bucket = [];
        this.pending.set(scope.id, bucket);
      }
      bucket.push([node, type]);
    });
  }

  private mapOf(scope: Node): Map<string, D[]> {
    let map = this.index.get(scope.id);
    if (!map) {
      map = new Map();
      this.index.set(scope.id, map);
      this.language.addParams(map, scope);
      for (const [node, type] of this.pending.get(scope.id) ?? []) this.language.addDefinition(map, node, type);
    }
    return map;
  }

  scopeOf(node: Node): Node {
    return this.ranges.scopeOf(node);
  }

  /** Definitions of `name` in `scope` itself (not nested functions), or undefined. */
  defsIn(scope: Node, name: string): D[] | undefined {
    return this.mapOf(scope).get(name);
  }

  /** The nearest scope (from `at` outwards) defining `name`, with its definitions. */
  lookup(at: Node, name: string): { scope: Node; defs: D[] } | undefined {
    let scope = this.scopeOf(at);
    for (let i = 0; i < this.language.maxDepth; i++) {
      const defs = this.defsIn(scope, name);
      if (defs) return { scope, defs };
      if (scope.id === this.root.id) return undefined;
      scope = this.scopeOf(scope);
    }
    return undefined;
  }
}
