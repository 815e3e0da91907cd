/** Shared helpers of the integration tests (they run inside the VS Code extension host). */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProdReadyApi } from '../../../src/extension/extension';

export const EXTENSION_ID = 'prodready.prodready';

export async function prodReady(): Promise<ProdReadyApi> {
  const extension = vscode.extensions.getExtension<ProdReadyApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is installed`);
  return extension.isActive ? extension.exports : await extension.activate();
}

export function folder(name: string): vscode.WorkspaceFolder {
  const found = vscode.workspace.workspaceFolders?.find((candidate) => candidate.name === name);
  assert.ok(found, `workspace folder ${name}`);
  return found;
}

export function fileUri(folderName: string, file: string): vscode.Uri {
  return vscode.Uri.joinPath(folder(folderName).uri, ...file.split('/'));
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `probe` until it returns something truthy; fails with `what` after `timeoutMs`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (code === undefined) return undefined;
  return typeof code === 'object' ? String(code.value) : String(code);
}

export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'ProdReady');
}

/** `line:rule` for each of our diagnostics (1-based lines, as the user reads them). */
export function summary(uri: vscode.Uri): string[] {
  return ours(uri).map((diagnostic) => `${String(diagnostic.range.start.line + 1)}:${codeOf(diagnostic) ?? '?'}`).sort();
}

export function has(uri: vscode.Uri, ruleId: string, line?: number): boolean {
  return ours(uri).some((diagnostic) => codeOf(diagnostic) === ruleId && (line === undefined || diagnostic.range.start.line + 1 === line));
}

/** Asks the runner for a screenshot of the whole workbench (it watches the log for this line). */
export async function screenshot(name: string): Promise<void> {
  console.log(`SCREENSHOT:${name}`);
  await sleep(2500);
}

export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(document, { preview: false });
}

/** Reverts the active editor to the file on disk. */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  await vscode.window.showTextDocument(editor.document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
}
