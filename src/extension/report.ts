/** The Markdown readiness report (Export Readiness Report). Pure: no VS Code API. */
import type { Readiness } from '../core/readiness';
import { CATEGORIES, type Finding } from '../core/types';
import { BAND_TITLES, CATEGORY_TITLES } from '../shared/protocol';

export interface ReportFolder {
  readonly name: string;
  readonly readiness: Readiness | undefined;
  readonly lastScan: { readonly finishedAt: number; readonly durationMs: number; readonly files: number; readonly lines: number } | undefined;
  readonly findings: readonly Finding[];
  readonly notice?: string;
}

/** Text safe inside a Markdown table cell. */
function cell(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ').replace(/</g, '&lt;').trim();
}

/** A file path as inline code, whatever backticks it contains. */
function code(text: string): string {
  const fence = text.includes('`') ? '``' : '`';
  return `${fence}${text.includes('`') ? ` ${text} ` : text}${fence}`.replace(/\|/g, '\\|');
}

function folderSection(folder: ReportFolder, heading: string): string[] {
  const lines: string[] = [];
  const { readiness } = folder;
  if (!readiness) {
    lines.push(`${heading} ${folder.name}`, '', folder.notice ?? 'Not scanned.', '');
    return lines;
  }
  lines.push(`${heading} ${folder.name}: ${String(readiness.score)}/100 (${BAND_TITLES[readiness.band]})`, '');
  if (folder.notice) lines.push(`> ${cell(folder.notice)}`, '');
  if (folder.lastScan) {
    const { files, lines: scannedLines, durationMs, finishedAt } = folder.lastScan;
    lines.push(`Scanned ${String(files)} files (${scannedLines.toLocaleString('en-US')} lines) in ${(durationMs / 1000).toFixed(1)} s, ${new Date(finishedAt).toISOString()}.`, '');
  }
  lines.push('| Category | Score | Errors | Warnings | Info |', '| --- | ---: | ---: | ---: | ---: |');
  for (const category of CATEGORIES) {
    const { score, counts } = readiness.categories[category];
    lines.push(`| ${CATEGORY_TITLES[category]} | ${String(score)} | ${String(counts.error)} | ${String(counts.warning)} | ${String(counts.info)} |`);
  }
  const passed = readiness.checks.filter((check) => check.passed).length;
  lines.push('', `${heading}# Checklist: ${String(passed)}/${String(readiness.checks.length)} passed`, '');
  lines.push('| | Check | Found | How to pass |', '| --- | --- | --- | --- |');
  for (const check of readiness.checks) {
    lines.push(`| ${check.passed ? '✅' : '❌'} | ${cell(check.title)} | ${cell(check.detail)} | ${check.passed ? '' : cell(check.howToPass)} |`);
  }
  lines.push('', `${heading}# Findings (${String(folder.findings.length)})`, '');
  if (folder.findings.length === 0) {
    lines.push('No findings.', '');
    return lines;
  }
  lines.push('| File | Line | Severity | Rule | Message |', '| --- | ---: | --- | --- | --- |');
  const sorted = [...folder.findings].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.startIndex - b.range.startIndex));
  for (const finding of sorted) {
    lines.push(`| ${code(finding.file)} | ${String(finding.range.start.line + 1)} | ${finding.severity} | ${finding.ruleId} | ${cell(finding.message)} |`);
  }
  lines.push('');
  return lines;
}

export function markdownReport(folders: readonly ReportFolder[], generatedAt: Date, version: string): string {
  const lines = ['# ProdReady readiness report', '', `Generated ${generatedAt.toISOString()} by ProdReady ${version}.`, ''];
  for (const folder of folders) lines.push(...folderSection(folder, '##'));
  lines.push(
    '---',
    '',
    'Score: each finding costs points by severity (error 10, warning 4, info 1); a category scores 100 × 25 / (25 + points);',
    'the overall score is 75 % the mean of the four category scores and 25 % the share of checklist items passed.',
    '',
  );
  return lines.join('\n');
}
