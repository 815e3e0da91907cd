import assert from 'node:assert/strict';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { fileUri, has, open, ours, prodReady, waitFor } from '../support/helpers';

const SMELLY = 'export async function sync() {\n  try {\n    await fetch("/sync");\n  } catch (error) {}\n}\n';
const CLEAN = 'export async function sync() {\n  await fetch("/sync");\n}\n';

describe('files changed outside the editor', () => {
  before(async () => {
    await (await prodReady()).whenIdle();
  });

  it('picks up created, changed, renamed and deleted files', async () => {
    const created = fileUri('app', 'src/jobs/sync.ts');
    await mkdir(path.dirname(created.fsPath), { recursive: true });
    await writeFile(created.fsPath, SMELLY);
    await waitFor('a created file to be analysed', () => has(created, 'empty-catch', 4));

    await writeFile(created.fsPath, CLEAN);
    await waitFor('a fixed file to clear', () => ours(created).length === 0);

    await writeFile(created.fsPath, SMELLY);
    await waitFor('the smell to come back', () => has(created, 'empty-catch', 4));
    const renamed = fileUri('app', 'src/jobs/synchronise.ts');
    await rename(created.fsPath, renamed.fsPath);
    await waitFor('a renamed file to move its findings', () => has(renamed, 'empty-catch', 4) && ours(created).length === 0);

    await rm(path.dirname(renamed.fsPath), { recursive: true });
    await waitFor('a deleted folder to clear its findings', () => ours(renamed).length === 0);
  });

  it('analyses a file created in the editor as soon as it is typed in', async () => {
    const uri = fileUri('app', 'src/fresh.js');
    const create = new vscode.WorkspaceEdit();
    create.createFile(uri, { ignoreIfExists: true });
    assert.ok(await vscode.workspace.applyEdit(create));
    const editor = await open(uri);
    await editor.edit((edit) => { edit.insert(new vscode.Position(0, 0), 'async function go() {\n  try {\n    await fetch("/x");\n  } catch (e) {}\n}\n'); });
    await waitFor('the new file to be analysed', () => has(uri, 'empty-catch', 4));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await rm(uri.fsPath, { force: true });
    await waitFor('its findings to go', () => ours(uri).length === 0);
  });

  it('does not report files created in ignored folders', async () => {
    const ignored = fileUri('app', 'ignored/new.js');
    await writeFile(ignored.fsPath, 'try { run(); } catch (e) {}\n');
    const api = await prodReady();
    await new Promise((resolve) => setTimeout(resolve, 600));
    await api.whenIdle();
    assert.deepEqual(ours(ignored), []);
    await rm(ignored.fsPath);
  });

  it('re-scans a folder when its .prodreadyignore changes', async () => {
    const ignoreFile = fileUri('app', '.prodreadyignore');
    const payments = fileUri('app', 'lib/payments.py');
    await waitFor('payments.py findings', () => ours(payments).length > 0);
    try {
      await writeFile(ignoreFile.fsPath, 'generated/\nlib/\n');
      await waitFor('lib/ to be ignored', () => ours(payments).length === 0);
    } finally {
      await writeFile(ignoreFile.fsPath, 'generated/\n');
    }
    await waitFor('lib/ to be scanned again', () => ours(payments).length > 0);
  });
});
