import * as vscode from 'vscode';
import type { Services } from '../services';
import { CommandId } from './ids';

/** ProdReady: Clear Findings — stops a running scan and removes every diagnostic until the next scan or edit. */
export function registerClearFindings(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ClearFindings, async () => {
    services.scanner.cancel();
    await services.scanner.whenIdle();
    services.store.clear();
  });
}
