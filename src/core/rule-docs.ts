import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const cache = new Map<string, string | undefined>();

/** Where a rule's docs live: `dist/rules/<id>.md` in the bundle, `src/core/rules/<id>/docs.md` in source. */
export function ruleDocsPath(ruleId: string): string | undefined {
  const candidates = [path.join(__dirname, 'rules', `${ruleId}.md`), path.join(__dirname, 'rules', ruleId, 'docs.md')];
  return candidates.find((candidate) => existsSync(candidate));
}

/** The Markdown docs of a rule, or undefined when they are not shipped. */
export function ruleDocs(ruleId: string): string | undefined {
  if (!cache.has(ruleId)) {
    const file = ruleDocsPath(ruleId);
    cache.set(ruleId, file ? readFileSync(file, 'utf8') : undefined);
  }
  return cache.get(ruleId);
}
