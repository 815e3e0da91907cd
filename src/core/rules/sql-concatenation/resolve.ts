/**
 * From a query call's SQL argument back to where the string is built, for any language of
 * `sql-concatenation`: the construction sites in the call itself (both branches of a conditional),
 * through a local variable (every definition, `+=` accumulation), and SQL fragments spliced into
 * them (`where` built as `WHERE status = '${status}'` or left empty). A language file supplies the
 * syntax through a {@link SiteLanguage} and keeps building and fixing.
 *
 *   const resolution = resolveSites(unwrap(sqlArg), language);
 *   for (const site of resolution.sites) assessParts(site.built.pieces);
 */
import type { Node } from 'web-tree-sitter';
import type { SqlHolePart, SqlPart, SqlTextPart } from '../shared/sql';

/** A piece of a built string: text, or a hole with its expression node. */
export type ResolvablePiece = SqlTextPart | (SqlHolePart & { readonly node: Node });

/** A local definition, as the language's scope index records it. */
export interface ResolvableDef {
  /** `init` (declaration), `assign`, `append` (`+=`) count as building the string; other kinds do not. */
  readonly kind: string;
  readonly value: Node | null;
  readonly node: Node;
}

/** The syntax of one language, for {@link resolveSites}. */
export interface SiteLanguage<B extends { readonly pieces: ResolvablePiece[] }> {
  /** The built string `node` is (concatenation, interpolation, formatting...), or undefined. */
  buildOf(node: Node): B | undefined;
  /** The content of a plain string literal, undefined for anything else. */
  literalText(node: Node): string | undefined;
  /** The constant text a node is known to hold (a resolved constant), or undefined. */
  constantTextOf(node: Node): string | undefined;
  /** The nearest scope around `at` defining `name`, with its definitions. */
  lookup(at: Node, name: string): { scope: Node; defs: readonly ResolvableDef[] } | undefined;
  /** The values a node can take: both branches of a conditional (recursively, unwrapped), else the node. */
  branches(node: Node): Node[];
  unwrap(node: Node): Node;
  /** Node type of a conditional expression (`ternary_expression`, `conditional_expression`). */
  readonly conditionalType: string;
  /** Uses of `name` in `scope`, closures included. */
  countUses(scope: Node, name: string): number;
  /** A declaration without a value (`let sql;`) still lets a variable be a string fragment. */
  readonly emptyDeclarationIsString: boolean;
  /** `hole` with a `constant` safety; by default a copy of its fields (a language whose pieces compute fields on first read copies what is read). */
  constantHole?(hole: ResolvablePiece & { readonly kind: 'hole' }): ResolvablePiece;
}

export interface Site<B> {
  readonly built: B;
  /** The variable the SQL travels through, when not built in the call. */
  readonly variable?: string;
  /** `+=` accumulation. */
  readonly accumulated: boolean;
  /** 0 for the query itself, 1+ for a fragment variable spliced into it. */
  readonly depth: number;
}

export interface Resolution<B> {
  readonly sites: Site<B>[];
  /** All constant text that reaches the call (every definition), for SQL-likeness. */
  readonly parts: SqlPart[];
  /** The single definition of a variable used only in this call (fixable through the variable); computed on demand. */
  singleUse(): boolean;
}

interface VariableSites<B> {
  readonly sites: Site<B>[];
  readonly parts: SqlPart[];
  readonly defs: readonly ResolvableDef[];
  readonly scope: Node;
  /** Every definition is a string literal or a string built here (a SQL fragment variable). */
  readonly allStrings: boolean;
}

/** The construction sites of a local string variable, in source order. */
function variableSites<B extends { readonly pieces: ResolvablePiece[] }>(identifier: Node, language: SiteLanguage<B>, depth: number): VariableSites<B> | undefined {
  const found = language.lookup(identifier, identifier.text);
  if (!found) return undefined;
  const sites: Site<B>[] = [];
  const parts: SqlPart[] = [];
  const defs = [...found.defs].sort((a, b) => a.node.startIndex - b.node.startIndex);
  let allStrings = true;
  for (const def of defs) {
    if (!def.value || (def.kind !== 'init' && def.kind !== 'assign' && def.kind !== 'append')) {
      if (!language.emptyDeclarationIsString || def.kind !== 'init' || def.value) allStrings = false;
      continue;
    }
    for (const branch of language.branches(def.value)) {
      const built = language.buildOf(branch);
      if (built) {
        sites.push({ built, variable: identifier.text, accumulated: def.kind === 'append', depth });
        parts.push(...built.pieces, { kind: 'text', raw: ' ', editable: false });
        continue;
      }
      const raw = language.literalText(branch);
      if (raw !== undefined) {
        parts.push({ kind: 'text', raw, editable: false }, { kind: 'text', raw: ' ', editable: false });
      } else {
        const known = language.constantTextOf(branch);
        if (known !== undefined) parts.push({ kind: 'text', raw: known, editable: false });
        else allStrings = false;
      }
    }
  }
  return { sites, parts, defs, scope: found.scope, allStrings: allStrings && sites.length > 0 };
}

/**
 * A fragment (`const where = status ? `WHERE status = '${status}'` : ''`) interpolated into the
 * query: the fragment's own construction is the place to fix, so it becomes a site and the outer
 * hole is no longer reported.
 */
function inlineFragments<B extends { readonly pieces: ResolvablePiece[] }>(sites: Site<B>[], language: SiteLanguage<B>): void {
  for (let i = 0; i < sites.length && i < 32; i++) {
    const site = sites[i];
    if (!site || site.depth >= 2) continue;
    const pieces = site.built.pieces;
    pieces.forEach((piece, index) => {
      if (piece.kind !== 'hole' || piece.safety !== 'dynamic') return;
      const node = language.unwrap(piece.node);
      if (node.type === language.conditionalType) {
        // `${cond ? `AND a = '${a}'` : ''}`: each branch is a fragment built in place.
        const built = language.branches(node).map((branch) => ({ branch, built: language.buildOf(branch) }));
        if (!built.every(({ branch, built: b }) => b !== undefined || language.literalText(branch) !== undefined)) return;
        for (const { built: b } of built) if (b) sites.push({ built: b, accumulated: false, depth: site.depth + 1 });
        pieces[index] = language.constantHole ? language.constantHole(piece) : { ...piece, safety: 'constant' };
        return;
      }
      if (node.type !== 'identifier') return;
      const fragment = variableSites(node, language, site.depth + 1);
      if (!fragment?.allStrings) return;
      sites.push(...fragment.sites);
      pieces[index] = language.constantHole ? language.constantHole(piece) : { ...piece, safety: 'constant' };
    });
  }
}

/**
 * For {@link resolveSites}: skip the rest of the work when the text reaching the call is not worth it.
 * `keep` judges the constant text (every definition's; SQL-likeness); a rejected resolution comes
 * back without sites, and the inlining of its fragments (which reads every hole's safety) is handed
 * to `defer`, which runs it later if the language needs it to have happened (or drops it).
 */
export interface ResolveFilter {
  keep(parts: readonly SqlPart[]): boolean;
  defer(work: () => void): void;
}

/** The construction sites of the SQL reaching a call; `target` is the (unwrapped) SQL argument. */
export function resolveSites<B extends { readonly pieces: ResolvablePiece[] }>(target: Node, language: SiteLanguage<B>, filter?: ResolveFilter): Resolution<B> {
  if (target.type !== 'identifier') {
    const sites: Site<B>[] = [];
    const parts: SqlPart[] = [];
    for (const branch of language.branches(target)) {
      const built = language.buildOf(branch);
      if (built) {
        sites.push({ built, accumulated: false, depth: 0 });
        parts.push(...built.pieces);
      }
    }
    if (filter && sites.length > 0 && !filter.keep(parts)) {
      filter.defer(() => {
      inlineFragments(sites, language);
    });
      return { sites: [], parts, singleUse: () => false };
    }
    inlineFragments(sites, language);
    return { sites, parts, singleUse: () => false };
  }
  const found = variableSites(target, language, 0);
  if (!found) return { sites: [], parts: [], singleUse: () => false };
  const { sites, parts, defs } = found;
  if (filter && sites.length > 0 && !filter.keep(parts)) {
    filter.defer(() => {
      inlineFragments(sites, language);
    });
    return { sites: [], parts, singleUse: () => false };
  }
  const single = defs.length === 1 && defs[0]?.kind === 'init' && sites.length === 1;
  const singleUse = (): boolean => single && language.countUses(found.scope, target.text) === 2;
  inlineFragments(sites, language);
  return { sites, parts, singleUse };
}
