import type { ScanResult } from '../scan';
import { CATEGORIES, type Severity } from '../types';

export interface TextOptions {
  readonly color: boolean;
}

const CODES = { red: 31, yellow: 33, cyan: 36, green: 32, dim: 2, bold: 1 } as const;
type Style = keyof typeof CODES;

function styler(enabled: boolean): (style: Style, text: string) => string {
  return (style, text) => (enabled ? `\u001b[${String(CODES[style])}m${text}\u001b[0m` : text);
}

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', info: 'cyan' };

/** Human-readable report: findings grouped by file, then the readiness summary. */
export function formatText(result: ScanResult, options: TextOptions): string {
  const paint = styler(options.color);
  const out: string[] = [];
  const byFile = new Map<string, typeof result.findings>();
  for (const finding of result.findings) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  for (const [file, findings] of byFile) {
    out.push(paint('bold', file));
    for (const f of findings) {
      const where = `${String(f.range.start.line + 1)}:${String(f.range.start.column + 1)}`.padEnd(8);
      const severity = paint(SEVERITY_STYLE[f.severity], f.severity.padEnd(7));
      out.push(`  ${paint('dim', where)} ${severity} ${f.message}  ${paint('dim', f.ruleId)}`);
    }
    out.push('');
  }
  for (const problem of result.problems) out.push(`${paint('yellow', 'note')} ${problem.file}: ${problem.message}`);
  if (result.problems.length > 0) out.push('');

  const { readiness, stats } = result;
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of result.findings) counts[f.severity]++;
  const bandStyle: Style = readiness.band === 'production-ready' ? 'green' : readiness.band === 'almost-there' ? 'yellow' : 'red';
  out.push(
    `${paint('bold', 'Readiness')} ${paint(bandStyle, `${String(readiness.score)}/100`)} (${readiness.band.replace('-', ' ')})  ` +
      `${String(result.findings.length)} findings: ${String(counts.error)} errors, ${String(counts.warning)} warnings, ${String(counts.info)} info`,
  );
  for (const category of CATEGORIES) {
    const c = readiness.categories[category];
    out.push(`  ${category.padEnd(17)} ${String(c.score).padStart(3)}  ${paint('dim', `${String(c.counts.error)}E ${String(c.counts.warning)}W ${String(c.counts.info)}I`)}`);
  }
  out.push(`  ${'checklist'.padEnd(17)} ${String(readiness.checklistScore).padStart(3)}`);
  for (const check of readiness.checks) {
    const mark = check.passed ? paint('green', 'pass') : paint('red', 'FAIL');
    out.push(`    ${mark} ${check.title}${check.passed ? '' : paint('dim', ` — ${check.howToPass}`)}`);
  }
  const skipped = Object.entries(stats.skipped).filter(([, n]) => n > 0).map(([reason, n]) => `${reason} ${String(n)}`).join(', ');
  out.push(
    paint('dim', `Scanned ${String(stats.files)} files (${String(stats.lines)} lines) in ${String(stats.durationMs)} ms` + (skipped ? `; skipped: ${skipped}` : '')),
  );
  return `${out.join('\n')}\n`;
}
