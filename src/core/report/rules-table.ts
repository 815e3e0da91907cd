import { RULES } from '../registry';

/** The README's rules table, generated from the rule metadata (the single source). */
export function rulesTableMarkdown(): string {
  const rows = RULES.map((rule) => {
    const { id, category, severity, languages, fixable, description } = rule.meta;
    return `| [\`${id}\`](src/core/rules/${id}/docs.md) | ${category} | ${severity} | ${languages.join(', ')} | ${fixable ? 'yes' : ''} | ${description} |`;
  });
  return ['| Rule | Category | Default | Languages | Fix | What it finds |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

export const RULES_TABLE_START = '<!-- rules-table:start -->';
export const RULES_TABLE_END = '<!-- rules-table:end -->';

/** Replaces the table between the markers of `readme`. */
export function withRulesTable(readme: string): string {
  const start = readme.indexOf(RULES_TABLE_START);
  const end = readme.indexOf(RULES_TABLE_END);
  if (start === -1 || end === -1) throw new Error('README lacks the rules-table markers');
  return `${readme.slice(0, start + RULES_TABLE_START.length)}\n${rulesTableMarkdown()}\n${readme.slice(end)}`;
}
