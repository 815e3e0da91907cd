import assert from 'node:assert/strict';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { ProdReadyApi } from '../../../src/extension/extension';
import { codeOf, fileUri, has, open, ours, prodReady, revert, summary, waitFor } from '../support/helpers';

describe('diagnostics', () => {
  let api: ProdReadyApi;

  before(async () => {
    api = await prodReady();
    await api.whenIdle();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates fast, leaving the scan for later', () => {
    const { loadMs, activateMs, totalMs } = api.activation;
    console.log(`      activation: bundle ${loadMs.toFixed(1)} ms + activate() ${activateMs.toFixed(1)} ms (${totalMs.toFixed(1)} ms from the bundle's first line)`);
    assert.ok(loadMs + activateMs < 250, `activation took ${String(loadMs + activateMs)} ms`);
  });

  it('reports findings in files that were never opened (Problems panel)', async () => {
    const uri = fileUri('app', 'lib/payments.py');
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()), 'payments.py is not open');
    await waitFor('payments.py findings', () => ours(uri).length >= 3);
    assert.deepEqual(summary(uri), ['10:sql-concatenation', '11:empty-catch', '5:hardcoded-secret']);

    const secret = ours(uri).find((diagnostic) => codeOf(diagnostic) === 'hardcoded-secret');
    assert.ok(secret);
    assert.equal(secret.source, 'ProdReady');
    assert.equal(secret.severity, vscode.DiagnosticSeverity.Error);
    // precise range: the string literal "Xk9#mP2$vL8qR4nT" on line 5
    assert.deepEqual([secret.range.start.line, secret.range.start.character, secret.range.end.line, secret.range.end.character], [4, 14, 4, 32]);
    assert.ok(!secret.message.includes('Xk9#mP2$vL8qR4nT'), `the secret is masked: ${secret.message}`);
    const code = secret.code;
    assert.ok(typeof code === 'object', 'code carries a link');
    assert.equal(code.value, 'hardcoded-secret');
    assert.equal(code.target.scheme, 'prodready-rule');
    const docs = await vscode.workspace.openTextDocument(code.target);
    assert.match(docs.getText(), /^# hardcoded-secret/);
  });

  it('takes severities from .prodready.json (swallowed-error: error)', async () => {
    const uri = fileUri('app', 'lib/payments.py');
    const emptyCatch = await waitFor('empty-catch', () => ours(uri).find((diagnostic) => codeOf(diagnostic) === 'empty-catch'));
    assert.equal(emptyCatch.severity, vscode.DiagnosticSeverity.Error);
  });

  it('reports in every folder of a multi-root workspace', async () => {
    const uri = fileUri('service', 'worker.py');
    await waitFor('worker.py findings', () => has(uri, 'empty-catch', 11));
  });

  it('honours .gitignore, .prodreadyignore and files.exclude, also for open files', async () => {
    const ignored = ['ignored/legacy.js', 'generated/client.js', 'excluded/old.js'].map((file) => fileUri('app', file));
    for (const uri of ignored) await open(uri);
    await api.whenIdle();
    for (const uri of ignored) assert.deepEqual(ours(uri), [], uri.path);
  });

  it('re-analyses the editor buffer as the user types, not the file on disk', async () => {
    const uri = fileUri('app', 'src/server.js');
    const editor = await open(uri);
    await waitFor('server.js findings', () => has(uri, 'empty-catch', 20));
    const before = summary(uri);
    assert.ok(before.includes('6:hardcoded-secret') && before.includes('10:sql-concatenation') && before.includes('13:error-details-in-response'), before.join(' '));

    // handle the error: the empty-catch finding goes away without saving
    const line = editor.document.lineAt(19);
    const column = line.text.indexOf('{}');
    await editor.edit((edit) => { edit.replace(new vscode.Range(19, column, 19, column + 2), '{ throw e; }'); });
    await waitFor('empty-catch to clear', () => !has(uri, 'empty-catch'));
    assert.ok(editor.document.isDirty);

    // a new line at the top moves every finding down by one
    await editor.edit((edit) => { edit.insert(new vscode.Position(0, 0), '\'use strict\';\n'); });
    await waitFor('findings to move down', () => has(uri, 'hardcoded-secret', 7) && has(uri, 'sql-concatenation', 11));

    await revert(editor);
    await waitFor('findings of the file on disk', () => summary(uri).join() === before.join());
  });

  it('analyses untitled documents by their language', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'javascript', content: 'async function load() {\n  try {\n    await fetch("/x");\n  } catch (e) {}\n}\n' });
    await vscode.window.showTextDocument(document);
    await waitFor('untitled empty-catch', () => has(document.uri, 'empty-catch', 4));
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await waitFor('untitled findings to clear on close', () => ours(document.uri).length === 0);
  });
});
