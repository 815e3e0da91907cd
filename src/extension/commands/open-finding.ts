import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from './ids';

/** Opens a file of a workspace folder at a position (findings tree, panel's file list). */
export function registerOpenFinding(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.OpenFinding, async (folderKey: string, file: string, line?: number, column?: number) => {
    const record = services.store.record(folderKey);
    // only files inside the folder (the arguments may come from the webview)
    if (!record || typeof file !== 'string' || file.split('/').includes('..')) return;
    const position = new vscode.Position(line ?? 0, column ?? 0);
    await vscode.window.showTextDocument(record.uriOf(file), { selection: new vscode.Range(position, position), preview: true });
  });
}
