import type { TextEdit } from './types';

/** Applies non-overlapping edits to `text`; identical edits (two fixes adding the same import) apply once, and
 * overlapping edits after the first are dropped. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const unique = new Map(edits.map((edit) => [`${String(edit.start)}:${String(edit.end)}:${edit.text}`, edit]));
  const sorted = [...unique.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  let result = '';
  let cursor = 0;
  for (const edit of sorted) {
    if (edit.start < cursor) continue;
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}
