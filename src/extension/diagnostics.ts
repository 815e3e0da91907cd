/** Engine findings → VS Code diagnostics. */
import * as vscode from 'vscode';
import type { Finding, Severity } from '../core/types';
import { ruleDocsUri } from './rule-docs';

export const DIAGNOSTIC_SOURCE = 'ProdReady';

const SEVERITY: Readonly<Record<Severity, vscode.DiagnosticSeverity>> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};
const RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

/**
 * Tags where they fit: a handler that only swallows the error is dead code, so it is faded
 * (like an unused variable) as well as squiggled.
 */
const TAGS: Readonly<Record<string, readonly vscode.DiagnosticTag[]>> = {
  'empty-catch': [vscode.DiagnosticTag.Unnecessary],
};

export function rangeOf(finding: Finding): vscode.Range {
  const { start, end } = finding.range;
  return new vscode.Range(start.line, start.column, end.line, end.column);
}

export function toDiagnostic(finding: Finding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(finding), finding.message, SEVERITY[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: ruleDocsUri(finding.ruleId) };
  const tags = TAGS[finding.ruleId];
  if (tags) diagnostic.tags = [...tags];
  return diagnostic;
}

/**
 * The diagnostics of one file: at most `max`, the most severe first, plus one note saying how
 * many were left out (a file with hundreds of findings is generated or vendored, not read).
 */
export function toDiagnostics(findings: readonly Finding[], max: number): vscode.Diagnostic[] {
  if (findings.length <= max) return findings.map(toDiagnostic);
  const kept = [...findings]
    .sort((a, b) => RANK[a.severity] - RANK[b.severity] || a.range.startIndex - b.range.startIndex)
    .slice(0, max)
    .sort((a, b) => a.range.startIndex - b.range.startIndex);
  const note = new vscode.Diagnostic(
    new vscode.Range(0, 0, 0, 0),
    `ProdReady shows the first ${String(max)} of ${String(findings.length)} findings in this file (setting prodready.maxDiagnosticsPerFile).`,
    vscode.DiagnosticSeverity.Information,
  );
  note.source = DIAGNOSTIC_SOURCE;
  return [...kept.map(toDiagnostic), note];
}

/** The rule id of one of our diagnostics (undefined for anyone else's). */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  if (diagnostic.source !== DIAGNOSTIC_SOURCE) return undefined;
  const code = diagnostic.code;
  if (typeof code === 'object') return String(code.value);
  return code === undefined ? undefined : String(code);
}
