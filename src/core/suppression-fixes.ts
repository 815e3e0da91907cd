/**
 * The two fixes every finding offers, whatever its rule: suppress it on this line (with a reason)
 * or disable its rule for the whole file. Pure text edits in the file's own comment syntax, so
 * the editor, the CLI and the tests build them the same way. The comments written here are the
 * ones `suppressions.ts` reads:
 *   <comment> prodready-ignore-next-line <rule-id> -- <reason>
 *   <comment> prodready-ignore-file <rule-id>
 */
import { LANGUAGES } from './languages';
import type { Fix, LanguageId, TextEdit } from './types';

/** What the "with reason" fix writes when no reason is given; the editor turns it into a snippet placeholder. */
export const REASON_PLACEHOLDER = 'TODO: reason';

export interface SuppressionTarget {
  /** The analysed text (the fixes' offsets index into it). */
  readonly text: string;
  readonly language: LanguageId;
  readonly ruleId: string;
  /** Zero-based line the finding starts on. */
  readonly line: number;
}

interface Line {
  readonly start: number;
  /** Offset of the line break (or the end of the text). */
  readonly end: number;
  readonly text: string;
}

/** The first `max` lines (directives live in the header, so a large file is not split whole). */
function headerLines(text: string, max: number): Line[] {
  const lines: Line[] = [];
  for (let start = 0; lines.length < max && start <= text.length; ) {
    const newline = text.indexOf('\n', start);
    const end = newline === -1 ? text.length : newline;
    const withoutCr = end > start && text[end - 1] === '\r' ? end - 1 : end;
    lines.push({ start, end: withoutCr, text: text.slice(start, withoutCr) });
    if (newline === -1) break;
    start = newline + 1;
  }
  return lines;
}

function lineAt(text: string, line: number): Line | undefined {
  return line < 0 ? undefined : headerLines(text, line + 1)[line];
}

const eol = (text: string): string => (text.includes('\r\n') ? '\r\n' : '\n');

/**
 * Where the rule ids of a directive end, as an offset into `line.text`: after the last id, before
 * ` -- reason` and before a block-comment closer. Undefined when the directive names no rule
 * (it already covers every rule).
 */
function endOfRuleIds(lineText: string, directive: string): number | undefined {
  const at = lineText.indexOf(directive);
  if (at === -1) return undefined;
  let from = at + directive.length;
  const ids = /^[\s,]*([a-z][a-z0-9-]*)/;
  let last: number | undefined;
  for (;;) {
    const match = ids.exec(lineText.slice(from));
    if (!match) break;
    from += match[0].length;
    last = from;
  }
  return last;
}

/** The id list of a `<directive> ids -- reason` comment line, or undefined when the line is not one. */
function directiveRuleIds(lineText: string, directive: string): string[] | undefined {
  const at = lineText.indexOf(directive);
  if (at === -1) return undefined;
  const rest = lineText.slice(at + directive.length);
  if (rest !== '' && !/^[\s,]/.test(rest)) return undefined; // e.g. prodready-ignore-next-linex
  return (rest.split('--')[0] ?? '').split(/[\s,]+/).filter((id) => /^[a-z][a-z0-9-]*$/.test(id));
}

/** Adds `ruleId` to the id list of an existing directive on `line`; undefined when the line has none. */
function extendDirective(line: Line, directive: string, ruleId: string): TextEdit | undefined {
  const ids = directiveRuleIds(line.text, directive);
  if (!ids || ids.length === 0) return undefined;
  const end = endOfRuleIds(line.text, directive);
  if (end === undefined) return undefined;
  return { start: line.start + end, end: line.start + end, text: `, ${ruleId}` };
}

/**
 * "Ignore this line (with reason)": a `prodready-ignore-next-line` comment above the finding's
 * line, indented like it. When the line above already carries such a comment (for another rule),
 * the rule is added to it instead, since only the comment right above a line applies to it.
 */
export function ignoreLineFix(target: SuppressionTarget, reason = REASON_PLACEHOLDER): Fix {
  const title = `Ignore ${target.ruleId} on this line (with reason)`;
  const directive = 'prodready-ignore-next-line';
  const line = lineAt(target.text, target.line) ?? lineAt(target.text, 0) ?? { start: 0, end: 0, text: '' };
  if (target.line > 0) {
    const above = lineAt(target.text, target.line - 1);
    const extended = above ? extendDirective(above, directive, target.ruleId) : undefined;
    if (extended) return { title, edits: [extended] };
  }
  const indentation = /^[ \t]*/.exec(line.text)?.[0] ?? '';
  let comment = `${LANGUAGES[target.language].lineComment} ${directive} ${target.ruleId} -- ${reason}`;
  // A PHP line that opens a tag sits in HTML: the comment needs a PHP block of its own there.
  if (target.language === 'php' && line.text.trimStart().startsWith('<?')) comment = `<?php ${comment} ?>`;
  comment = `${indentation}${comment}${eol(target.text)}`;
  return { title, edits: [{ start: line.start, end: line.start, text: comment }] };
}

/** A Python/Ruby encoding declaration: it must stay on line 1 or 2 (after a shebang). */
const CODING_COOKIE = /^#.*coding[:=]/;

/**
 * "Disable this rule in this file": `prodready-ignore-file <rule-id>` at the top of the file —
 * after a shebang or encoding declaration, inside PHP's `<?php` tag — or the rule added to an
 * existing `prodready-ignore-file` line comment.
 */
export function ignoreFileFix(target: Omit<SuppressionTarget, 'line'>): Fix {
  const title = `Disable ${target.ruleId} in this file`;
  const directive = 'prodready-ignore-file';
  const { text, language, ruleId } = target;
  const lineComment = LANGUAGES[language].lineComment;
  const newline = eol(text);

  // Extend an existing whole-file directive written as a line comment of its own (in the header).
  for (const line of headerLines(text, 50)) {
    if (line.text.trimStart().startsWith(lineComment) && line.text.includes(directive)) {
      const extended = extendDirective(line, directive, ruleId);
      if (extended) return { title, edits: [extended] };
    }
  }

  let lineIndex = 0;
  const first = lineAt(text, 0);
  if (first?.text.startsWith('#!')) lineIndex = 1;
  if (language === 'python' || language === 'ruby') {
    for (let i = lineIndex; i < 2; i++) {
      const line = lineAt(text, i);
      if (line && CODING_COOKIE.test(line.text)) lineIndex = i + 1;
    }
  }
  const after = lineAt(text, lineIndex);
  const atLine = (index: number): number => {
    const line = lineAt(text, index);
    return line ? line.start : text.length;
  };
  const insertAt = lineIndex === 0 ? 0 : atLine(lineIndex);
  if (insertAt === text.length && text.length > 0 && !text.endsWith('\n')) {
    // a file that is only a shebang line without a trailing newline
    return { title, edits: [{ start: insertAt, end: insertAt, text: `${newline}${lineComment} ${directive} ${ruleId}${newline}` }] };
  }

  if (language === 'php') {
    const open = after ? /^(\s*)<\?php\b/.exec(after.text) : null;
    if (after && open) {
      const tagEnd = after.start + open[0].length;
      const restOfLine = text.slice(tagEnd, after.end);
      if (restOfLine.trim() === '') {
        // `<?php` alone on its line: the directive goes on the next line
        const next = atLine(lineIndex + 1);
        const prefix = next === text.length && !text.endsWith('\n') ? newline : '';
        return { title, edits: [{ start: next, end: next, text: `${prefix}${lineComment} ${directive} ${ruleId}${newline}` }] };
      }
      // `<?php echo 1;`: break the line after the tag
      return { title, edits: [{ start: tagEnd, end: tagEnd, text: `${newline}${lineComment} ${directive} ${ruleId}${newline}` }] };
    }
    // The file starts with HTML: a PHP block of its own, so the comment is not page text.
    return { title, edits: [{ start: insertAt, end: insertAt, text: `<?php ${lineComment} ${directive} ${ruleId} ?>${newline}` }] };
  }

  // Go: keep a blank line between the directive and `package`, so it does not become the package doc comment.
  const spacer = language === 'go' && after && /^package\b/.test(after.text) ? newline : '';
  return { title, edits: [{ start: insertAt, end: insertAt, text: `${lineComment} ${directive} ${ruleId}${newline}${spacer}` }] };
}

/** Both suppression fixes for a finding, in the order the light bulb shows them. */
export function suppressionFixes(target: SuppressionTarget, reason?: string): Fix[] {
  return [ignoreLineFix(target, reason), ignoreFileFix(target)];
}
