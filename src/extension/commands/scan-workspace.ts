import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from './ids';

/** ProdReady: Scan Workspace — a full scan with a cancellable progress notification. */
export function registerScanWorkspace(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ScanWorkspace, async () => {
    if (!services.enabled()) {
      void vscode.window.showInformationMessage('ProdReady is disabled (setting prodready.enable).');
      return;
    }
    const local = services.store.folders.filter((record) => !record.isVirtual);
    if (local.length === 0) {
      const message = services.store.folders.length === 0
        ? 'ProdReady scans workspace folders: open a folder first.'
        : 'This workspace is virtual: ProdReady can only scan folders on disk. Open files are still analysed.';
      void vscode.window.showInformationMessage(message);
      return;
    }
    await services.scanner.scan({ interactive: true });
  });
}
