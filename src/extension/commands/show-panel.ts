import * as vscode from 'vscode';
import { PANEL_VIEW_ID } from '../panel';
import { CommandId } from './ids';

/** ProdReady: Show Readiness Panel — reveals the sidebar view (VS Code generates `<view>.focus`). */
export function registerShowPanel(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ShowPanel, async () => {
    await vscode.commands.executeCommand(`${PANEL_VIEW_ID}.focus`);
  });
}
