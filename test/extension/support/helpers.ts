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

/**
 * Puts an editor's document back to the file on disk. The revert command acts on the active
 * editor, which a busy workbench may not have switched yet, so the text is checked and, if need
 * be, restored with an edit and saved (the same bytes as on disk).
 */
export async function revert(editor: vscode.TextEditor): Promise<void> {
  const { document } = editor;
  const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(document.uri));
  await vscode.window.showTextDocument(document, { preview: false });
  await vscode.commands.executeCommand('workbench.action.files.revert');
  if (document.getText() !== onDisk) {
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), onDisk);
    assert.ok(await vscode.workspace.applyEdit(edit), 'restore the text');
  }
  if (document.isDirty) assert.ok(await document.save(), 'save the restored text');
  assert.equal(document.getText(), onDisk);
}
