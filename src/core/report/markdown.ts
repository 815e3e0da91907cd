import type { ScanResult } from '../scan';
import { CATEGORIES } from '../types';

/** Escapes text for a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/[\\|`*_[\]<>]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ');
}

/** The readiness report as Markdown: score, categories, checklist, findings table. */
export function formatMarkdown(result: ScanResult, generatedAt: Date = new Date()): string {
  const { readiness } = result;
  const lines = [
    '# ProdReady readiness report',
    '',
    `**Score: ${String(readiness.score)}/100** (${readiness.band.replace('-', ' ')}) — generated ${generatedAt.toISOString()}, ${String(result.stats.files)} files, ${String(result.stats.lines)} lines.`,
    '',
    '| Category | Score | Errors | Warnings | Info |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...CATEGORIES.map((category) => {
      const c = readiness.categories[category];
      return `| ${category} | ${String(c.score)} | ${String(c.counts.error)} | ${String(c.counts.warning)} | ${String(c.counts.info)} |`;
    }),
    '',
    `## Checklist (${String(readiness.checklistScore)}/100)`,
    '',
    '| Check | Result | How to pass |',
    '| --- | --- | --- |',
    ...readiness.checks.map((c) => `| ${cell(c.title)} | ${c.passed ? '✅ pass' : '❌ fail'} | ${c.passed ? '' : cell(c.howToPass)} |`),
    '',
    `## Findings (${String(result.findings.length)})`,
    '',
    '| File | Line | Severity | Rule | Message |',
    '| --- | ---: | --- | --- | --- |',
    ...result.findings.map((f) => `| ${cell(f.file)} | ${String(f.range.start.line + 1)} | ${f.severity} | ${f.ruleId} | ${cell(f.message)} |`),
    '',
  ];
  return lines.join('\n');
}
