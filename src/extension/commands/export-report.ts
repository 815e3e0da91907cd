import * as vscode from 'vscode';
import { markdownReport } from '../report';
import type { Services } from '../services';
import { CommandId } from './ids';

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
    if (local.some((record) => !record.readiness())) {
      await services.scanner.scan({ folders: local.filter((record) => !record.readiness()), interactive: true });
    }
    const first = local[0];
    const uri = target ?? await vscode.window.showSaveDialog({
        title: 'Export ProdReady readiness report',
        saveLabel: 'Export',
        filters: { Markdown: ['md'] },
        ...(first ? { defaultUri: vscode.Uri.joinPath(first.folder.uri, 'prodready-report.md') } : {}),
      });
    if (!uri) return undefined;
    const text = markdownReport(
      local.map((record) => ({
        name: record.folder.name,
        readiness: record.readiness(),
        lastScan: record.lastScan,
        findings: record.allFindings(),
        ...(record.notice ? { notice: record.notice } : {}),
      })),
      new Date(),
      services.version,
    );
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    if (!target) {
      await vscode.window.showTextDocument(uri, { preview: false });
    }
    return uri;
  });
}
