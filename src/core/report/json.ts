import type { ScanResult } from '../scan';

/** The stable JSON contract (version 1): other tools depend on these names. Lines and columns are 1-based. */
export interface JsonReport {
  readonly version: 1;
  readonly root: string;
  readonly findings: readonly {
    ruleId: string;
    category: string;
    severity: string;
    file: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    message: string;
    fixable: boolean;
  }[];
  readonly readiness: ScanResult['readiness'];
  readonly stats: ScanResult['stats'];
  readonly problems: ScanResult['problems'];
}

export function toJsonReport(result: ScanResult): JsonReport {
  return {
    version: 1,
    root: result.root,
    findings: result.findings.map((f) => ({
      ruleId: f.ruleId,
      category: f.category,
      severity: f.severity,
      file: f.file,
      line: f.range.start.line + 1,
      column: f.range.start.column + 1,
      endLine: f.range.end.line + 1,
      endColumn: f.range.end.column + 1,
      message: f.message,
      fixable: f.fixes.length > 0,
    })),
    readiness: result.readiness,
    stats: result.stats,
    problems: result.problems,
  };
}

export function formatJson(result: ScanResult): string {
  return `${JSON.stringify(toJsonReport(result), null, 2)}\n`;
}
