/**
 * Indentation-preserving text edits for quick fixes, language-agnostic.
 *
 * Offsets are UTF-16 indices into the file text (tree-sitter `startIndex`/`endIndex`). Nothing here
 * looks at syntax trees: a language file finds the nodes, these helpers build edits that read as if
 * a person had typed them (same indentation unit, same line endings).
 *
 *   const layout = detectLayout(text, '  ');
 *   appendToBlock(text, { contentEnd, closeIndex, indent: indentOfLine(text, clause.startIndex) }, ['throw error;'], layout);
 *   replaceStatement(text, node.startIndex, node.endIndex, ['logger.error(error);', 'throw error;'], layout, ' ');
 */
import type { TextEdit } from '../../types';

/** How a file indents and ends lines. */
export interface Layout {
  /** One indentation level: `'\t'` or a run of spaces. */
  readonly unit: string;
  /** `'\r\n'` or `'\n'`. */
  readonly eol: string;
}

const MAX_LINES_SCANNED = 400;

/** Offset of the first character of the line that holds `index`. */
export function lineStart(text: string, index: number): number {
  return text.lastIndexOf('\n', index - 1) + 1;
}

/** The leading whitespace of the line that holds `index`. */
export function indentOfLine(text: string, index: number): string {
  const start = lineStart(text, index);
  let end = start;
  while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
  return text.slice(start, end);
}

/** True when only whitespace precedes `index` on its line. */
export function isFirstOnLine(text: string, index: number): boolean {
  const start = lineStart(text, index);
  for (let i = start; i < index; i++) if (text[i] !== ' ' && text[i] !== '\t') return false;
  return true;
}

/**
 * The file's indentation unit and line ending. The unit is the most frequent indentation increase
 * between consecutive code lines among the first lines of the file (lines that continue a block
 * comment, ` * ...`, are skipped); `fallbackUnit` when the file has no indented lines.
 */
export function detectLayout(text: string, fallbackUnit: string): Layout {
  const firstNewline = text.indexOf('\n');
  const eol = firstNewline > 0 && text[firstNewline - 1] === '\r' ? '\r\n' : '\n';
  const increases = new Map<number, number>();
  let previous = 0;
  let tabs = 0;
  let lines = 0;
  for (let start = 0; start < text.length && lines < MAX_LINES_SCANNED; lines++) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    let i = start;
    while (i < end && text[i] === ' ') i++;
    const ch = text[i];
    if (ch === '\t') tabs++;
    else if (i < end && ch !== '\r' && ch !== '*') {
      const width = i - start;
      if (width > previous && width - previous <= 8) increases.set(width - previous, (increases.get(width - previous) ?? 0) + 1);
      previous = width;
    }
    start = end + 1;
  }
  let best = 0;
  let bestCount = 0;
  for (const [width, count] of increases) {
    if (count > bestCount || (count === bestCount && width < best)) {
      best = width;
      bestCount = count;
    }
  }
  if (tabs > bestCount) return { unit: '\t', eol };
  return { unit: best > 0 ? ' '.repeat(best) : fallbackUnit, eol };
}

/** Where the content of a brace-delimited block ends, as a language file measured it. */
export interface BlockEnd {
  /** End of the last statement or comment in the block, or just after `{` when it has none. */
  readonly contentEnd: number;
  /** Offset of the closing `}`. */
  readonly closeIndex: number;
  /** Indentation of the line that opens the block (statements inside get one more unit). */
  readonly indent: string;
}

/**
 * Appends `statements` as the last lines of a block, one per line, one level deeper than `indent`.
 * Comments already in the block stay; the closing brace ends up on its own line.
 */
export function appendToBlock(text: string, block: BlockEnd, statements: readonly string[], layout: Layout): TextEdit {
  const inner = block.indent + layout.unit;
  const added = statements.map((statement) => layout.eol + inner + statement).join('');
  const between = text.slice(block.contentEnd, block.closeIndex);
  if (between.includes('\n')) return { start: block.contentEnd, end: block.contentEnd, text: added };
  return { start: block.contentEnd, end: block.closeIndex, text: added + layout.eol + block.indent };
}

/**
 * Replaces the statement at [start, end) by `statements`. When the statement starts its line, the
 * new statements go on their own lines at the same indentation; otherwise (a one-line block such as
 * `catch (e) { return null; }` or Python's `except: pass`) they stay on that line, joined by
 * `separator` (`' '` for brace languages, `'; '` for Python).
 */
export function replaceStatement(
  text: string,
  start: number,
  end: number,
  statements: readonly string[],
  layout: Layout,
  separator: string,
): TextEdit {
  const joiner = isFirstOnLine(text, start) ? layout.eol + indentOfLine(text, start) : separator;
  return { start, end, text: statements.join(joiner) };
}

/** Inserts `statements` on new lines after the statement ending at `end`, at the indentation of the line holding `start`. */
export function insertAfterStatement(text: string, start: number, end: number, statements: readonly string[], layout: Layout, separator: string): TextEdit {
  if (!isFirstOnLine(text, start)) return { start: end, end, text: statements.map((s) => separator + s).join('') };
  const indent = indentOfLine(text, start);
  return { start: end, end, text: statements.map((s) => layout.eol + indent + s).join('') };
}
