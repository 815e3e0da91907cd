import * as vscode from 'vscode';
import { formatMarkdown } from '../../core/report/markdown';
import type { ScanResult } from '../../core/scan';
import type { FolderRecord } from '../findings-store';
import type { Services } from '../services';
import { CommandId } from './ids';

/** One folder's report, in the engine's Markdown format (the CLI's `--format markdown`), with the findings shown now. */
function folderReport(record: FolderRecord, generatedAt: Date): string | undefined {
  const readiness = record.readiness();
  if (!readiness) return undefined;
  const findings = record.allFindings().sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.startIndex - b.range.startIndex));
  const scan = record.lastScan;
  const result: ScanResult = {
    root: record.root,
    findings,
    readiness,
    stats: { files: scan?.files ?? 0, skipped: {}, lines: scan?.lines ?? 0, bytes: 0, filesWithSyntaxErrors: 0, durationMs: scan?.durationMs ?? 0 },
    problems: [],
    cancelled: false,
  };
  return formatMarkdown(result, generatedAt);
}

/** The whole report: one folder as the engine writes it; several folders as sections of one document. */
export function workspaceReport(records: readonly FolderRecord[], generatedAt: Date): string {
  const [only] = records;
  if (records.length === 1 && only) return folderReport(only, generatedAt) ?? `# ProdReady readiness report\n\n${only.folder.name} has not been scanned.\n`;
  const sections = records.map((record) => {
    const report = folderReport(record, generatedAt);
    if (!report) return `## ${record.folder.name}\n\nNot scanned.\n`;
    // drop the report's title, demote its headings under the folder's
    const body = report.split('\n').slice(1).map((line) => (line.startsWith('#') ? `#${line}` : line)).join('\n');
    return `## ${record.folder.name}\n${body}`;
  });
  return ['# ProdReady readiness report', '', ...sections].join('\n');
}

/**
 * ProdReady: Export Readiness Report — a Markdown file with the score, the checklist and every
 * finding. Asks where to save it, unless a target is passed (`executeCommand(id, uri)`). Returns
 * the file written.
 */
export function registerExportReport(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ExportReport, async (target?: vscode.Uri): Promise<vscode.Uri | undefined> => {
    const local = services.store.folders.filter((record) => !record.isVirtual);
    if (local.length === 0) {
      void vscode.window.showInformationMessage('ProdReady: there is no folder on disk to report on.');
      return undefined;
    }
    const unscanned = local.filter((record) => !record.readiness());
    if (unscanned.length > 0) await services.scanner.scan({ folders: unscanned, interactive: true });
    const first = local[0];
    const uri = target ?? await vscode.window.showSaveDialog({
      title: 'Export ProdReady readiness report',
      saveLabel: 'Export',
      filters: { Markdown: ['md'] },
      ...(first ? { defaultUri: vscode.Uri.joinPath(first.folder.uri, 'prodready-report.md') } : {}),
    });
    if (!uri) return undefined;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(workspaceReport(local, new Date())));
    if (!target) await vscode.window.showTextDocument(uri, { preview: false });
    return uri;
  });
}
