import type { Node } from 'web-tree-sitter';

/**
 * Suppression comments, in any language's comment syntax:
 *   prodready-ignore-next-line <rule-id>[, <rule-id>] -- <reason>
 *   prodready-ignore <rule-id> -- <reason>        (same line)
 *   prodready-ignore-file [<rule-id> ...]           (whole file)
 * Without rule ids a directive covers every rule.
 */
export interface Suppressions {
  isSuppressed(ruleId: string, line: number): boolean;
}

const DIRECTIVE = /prodready-(ignore-next-line|ignore-file|ignore)\b([^\n]*)/g;

function parseRuleIds(rest: string): Set<string> | 'all' {
  const beforeReason = rest.split('--')[0] ?? '';
  const ids = beforeReason
    .replace(/\*\/|-->|\?>/g, ' ')
    .split(/[\s,]+/)
    .filter((id) => /^[a-z][a-z0-9-]*$/.test(id));
  return ids.length === 0 ? 'all' : new Set(ids);
}

const covers = (scope: Set<string> | 'all' | undefined, ruleId: string): boolean =>
  scope === 'all' || (scope?.has(ruleId) ?? false);

export function collectSuppressions(comments: readonly Node[]): Suppressions {
  let fileScope: Set<string> | 'all' | undefined;
  const byLine = new Map<number, Set<string> | 'all'>();
  const addLine = (line: number, scope: Set<string> | 'all'): void => {
    const existing = byLine.get(line);
    if (existing === 'all' || scope === 'all') byLine.set(line, 'all');
    else byLine.set(line, new Set([...(existing ?? []), ...scope]));
  };
  for (const comment of comments) {
    const text = comment.text;
    if (!text.includes('prodready-ignore')) continue;
    for (const match of text.matchAll(DIRECTIVE)) {
      const kind = match[1];
      const scope = parseRuleIds(match[2] ?? '');
      if (kind === 'ignore-file') {
        fileScope = fileScope === 'all' || scope === 'all' ? 'all' : new Set([...(fileScope ?? []), ...scope]);
      } else if (kind === 'ignore-next-line') {
        addLine(comment.endPosition.row + 1, scope);
      } else {
        addLine(comment.startPosition.row, scope);
      }
    }
  }
  return {
    isSuppressed: (ruleId, line) => covers(fileScope, ruleId) || covers(byLine.get(line), ruleId),
  };
}
