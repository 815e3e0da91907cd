import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import * as vscode from 'vscode';
import { has, ours, prodReady, waitFor } from '../support/helpers';
import { MemFs } from '../support/memfs';

const HANDLER = 'async function sync() {\n  try {\n    await fetch("/sync");\n  } catch (e) {}\n}\n';

describe('virtual workspace folders', () => {
  it('analyses the open files of a virtual folder and says why it cannot be scanned', async () => {
    const api = await prodReady();
    const memfs = new MemFs();
    const registration = vscode.workspace.registerFileSystemProvider('prodready-memfs', memfs, { isCaseSensitive: true });
    const root = vscode.Uri.parse('prodready-memfs:/remote-repo');
    const file = vscode.Uri.joinPath(root, 'handler.js');
    memfs.createDirectory(root);
    memfs.writeFile(file, new TextEncoder().encode(HANDLER));
    const count = vscode.workspace.workspaceFolders?.length ?? 0;
    try {
      const added = new Promise<void>((resolve) => {
        const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => { listener.dispose(); resolve(); });
      });
      assert.ok(vscode.workspace.updateWorkspaceFolders(count, 0, { uri: root, name: 'remote-repo' }));
      await added;
      const state = await waitFor('the virtual folder', () => api.folderState(root));
      assert.equal(state.status, 'virtual');
      assert.match(state.notice ?? '', /virtual folder .* need files on disk/);

      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      await waitFor('findings in the open virtual file', () => has(file, 'empty-catch', 4));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      const removed = new Promise<void>((resolve) => {
        const listener = vscode.workspace.onDidChangeWorkspaceFolders(() => { listener.dispose(); resolve(); });
      });
      if (vscode.workspace.updateWorkspaceFolders(count, 1)) await removed;
      registration.dispose();
    }
    await waitFor('the virtual folder to be gone', () => api.folderState(root) === undefined && ours(file).length === 0);
  });
});
