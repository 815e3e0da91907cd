/**
 * Source-anchored SQL parts, for language files that rewrite a built string in place (Java, C#,
 * PHP; any language whose literals are delimited by one quote character or interpolate with a
 * delimited hole). A language file flattens the string-building expression into {@link Piece}s —
 * the `SqlPart`s of `../shared/sql.ts` plus where each one sits in the file — asks the shared module
 * for a plan, and turns the plan into edits with {@link constructionEdits}.
 *
 *   const built: Built = { node, pieces, how: 'string concatenation', rewritable: true };
 *   const plan = planParameterization(built.pieces, assessment.contexts, driver);
 *   const edits = plan && constructionEdits(built, plan.holes.map(h => ({ ...h, placeholder: '?' })), plan.textEdits);
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import type { HoleSafety, SqlHolePart, SqlTextPart } from '../shared/sql';

export interface TextPiece extends SqlTextPart {
  /** Offsets of the raw content in the file (-1 when not editable). */
  readonly start: number;
  readonly end: number;
  /** Delimiter of the literal the piece belongs to (`"`, `'`), `''` when not editable. */
  readonly quote: string;
}

export interface HolePiece extends SqlHolePart {
  readonly node: Node;
  /** Offsets of the hole in the file: the operand of `+`/`.`, or the whole `{…}` / `$x` inside an interpolating literal. */
  readonly start: number;
  readonly end: number;
  /** Inside an interpolating literal (true) or an operand of a concatenation (false). */
  readonly inLiteral: boolean;
}

export type Piece = TextPiece | HolePiece;

export interface Built {
  /** The expression that builds the string: reported, and the scope of the edits. */
  readonly node: Node;
  readonly pieces: Piece[];
  /** For messages: "string concatenation", "`String.format`", "an interpolated string". */
  readonly how: string;
  /** False when the construction cannot be rewritten in place (format strings, builders). */
  readonly rewritable: boolean;
}

export function textPiece(raw: string, start: number, end: number, quote: string): TextPiece {
  return { kind: 'text', raw, editable: start >= 0, start, end, quote };
}

/** Constant text that is not written here (a resolved constant): never edited. */
export function fixedText(raw: string): TextPiece {
  return { kind: 'text', raw, editable: false, start: -1, end: -1, quote: '' };
}

export function holePiece(node: Node, safety: HoleSafety, plain: boolean, inLiteral: boolean, start = node.startIndex, end = node.endIndex): HolePiece {
  return { kind: 'hole', node, safety, expression: node.text, plain, start, end, inLiteral };
}

export interface BoundPlaceholder {
  readonly part: number;
  readonly placeholder: string;
  readonly removeBefore: number;
  readonly removeAfter: number;
}

/**
 * Edits inside the built string: each bound hole becomes its placeholder and the quotes around it
 * go; `textEdits` (e.g. `%` -> `%%`) apply inside editable text. `undefined` when the layout does
 * not allow a clean in-place rewrite (a hole between literals of different quote styles, text that
 * is not written here, overlapping edits).
 */
export function constructionEdits(
  built: Built,
  holes: readonly BoundPlaceholder[],
  textEdits: readonly { part: number; offset: number; length: number; text: string }[],
): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const pieces = built.pieces;
  for (const bound of holes) {
    const hole = pieces[bound.part];
    if (hole?.kind !== 'hole') return undefined;
    const before = pieces[bound.part - 1];
    const after = pieces[bound.part + 1];
    const left = before?.kind === 'text' && before.editable ? before : undefined;
    const right = after?.kind === 'text' && after.editable ? after : undefined;
    if (hole.inLiteral) {
      if (bound.removeBefore > 0 && left?.end !== hole.start) return undefined;
      if (bound.removeAfter > 0 && right?.start !== hole.end) return undefined;
      edits.push({ start: hole.start - bound.removeBefore, end: hole.end + bound.removeAfter, text: bound.placeholder });
      continue;
    }
    if (bound.removeBefore > 0 && !left) return undefined;
    if (bound.removeAfter > 0 && !right) return undefined;
    if (!left && !right) return undefined;
    if (left && right && left.quote !== right.quote) return undefined;
    const start = left ? left.end - bound.removeBefore : hole.start;
    const end = right ? right.start + bound.removeAfter : hole.end;
    const text = (left ? '' : (right?.quote ?? '')) + bound.placeholder + (right ? '' : (left?.quote ?? ''));
    edits.push({ start, end, text });
  }
  for (const edit of textEdits) {
    const piece = pieces[edit.part];
    if (piece?.kind !== 'text' || !piece.editable) return undefined;
    edits.push({ start: piece.start + edit.offset, end: piece.start + edit.offset + edit.length, text: edit.text });
  }
  edits.sort((a, b) => a.start - b.start);
  for (let i = 1; i < edits.length; i++) {
    const previous = edits[i - 1];
    const current = edits[i];
    if (previous && current && current.start < previous.end) return undefined;
  }
  return edits;
}

/** Applies `edits` (sorted, inside [start, end)) to that slice of `text`. */
export function applyWithin(text: string, start: number, end: number, edits: readonly TextEdit[]): string {
  let result = '';
  let cursor = start;
  for (const edit of edits) {
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor, end);
}

/** The `LIKE '%…%'` value: the pattern text joined around the bound expression, in the language's concatenation. */
export function patternValue(expression: string, prefix: string, suffix: string, concat: (parts: string[]) => string, quote: (text: string) => string): string {
  if (prefix === '' && suffix === '') return expression;
  return concat([...(prefix ? [quote(prefix)] : []), expression, ...(suffix ? [quote(suffix)] : [])]);
}
