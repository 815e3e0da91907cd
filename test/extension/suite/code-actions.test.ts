import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { analyzeText } from '../../../src/core/analyze';
import { applyEdits } from '../../../src/core/fixes';
import { languageForPath } from '../../../src/core/languages';
import { loadConfig } from '../../../src/core/scan';
import { ignoreFileFix, ignoreLineFix } from '../../../src/core/suppression-fixes';
import type { Finding } from '../../../src/core/types';
import type { ProdReadyApi } from '../../../src/extension/extension';
import { codeOf, fileUri, folder, has, open, ours, prodReady, revert, waitFor } from '../support/helpers';

const FILES: readonly [string, string][] = [
  ['app', 'src/server.js'],
  ['app', 'lib/payments.py'],
  ['app', 'src/routes/orders.ts'],
  ['service', 'main.go'],
];

/** The titles ProdReady offers for a finding of `ruleId` with these engine fixes. */
function titlesFor(ruleId: string, engineFixes: readonly string[]): string[] {
  return [...engineFixes, `Ignore ${ruleId} on this line (with reason)`, `Disable ${ruleId} in this file`, `Show documentation for ${ruleId}`];
}

/**
 * The resolved code actions at a diagnostic's range that belong to it (executeCodeActionProvider
 * does not return an action's diagnostics, so they are told apart by title).
 */
async function actionsFor(uri: vscode.Uri, diagnostic: vscode.Diagnostic, titles?: readonly string[]): Promise<vscode.CodeAction[]> {
  const all = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
    'vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value, 1000,
  );
  const actions = all.filter((action): action is vscode.CodeAction => typeof action.command !== 'string');
  const ruleId = codeOf(diagnostic) ?? '';
  return titles ? actions.filter((action) => titles.includes(action.title)) : actions.filter((action) => action.title.includes(ruleId) || action.edit !== undefined);
}

function sameStart(finding: Finding, diagnostic: vscode.Diagnostic): boolean {
  return finding.ruleId === codeOf(diagnostic) && finding.range.start.line === diagnostic.range.start.line && finding.range.start.column === diagnostic.range.start.character;
}

/** The text of a file as VS Code sees it (an open buffer wins over the disk), or undefined if absent. */
async function textOf(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return (await vscode.workspace.openTextDocument(uri)).getText();
  } catch {
    return undefined;
  }
}

describe('quick fixes', () => {
  let api: ProdReadyApi;

  before(async () => {
    api = await prodReady();
    await api.whenIdle();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const [folderName, file] of FILES) {
    it(`${folderName}/${file}: every fix applies as one edit and gives the expected text`, async () => {
      const uri = fileUri(folderName, file);
      const editor = await open(uri);
      await waitFor(`${file} findings`, () => ours(uri).length > 0);
      await api.whenIdle();
      const original = editor.document.getText();
      const language = languageForPath(file);
      assert.ok(language);
      const engine = await analyzeText({ path: file, text: original, config: loadConfig(folder(folderName).uri.fsPath) });
      const seenFileFixes = new Set<string>();
      let applied = 0;

      for (const diagnostic of ours(uri)) {
        const ruleId = codeOf(diagnostic);
        assert.ok(ruleId);
        const finding = engine.findings.find((candidate) => sameStart(candidate, diagnostic));
        assert.ok(finding, `the engine reports ${ruleId} at line ${String(diagnostic.range.start.line + 1)}`);
        const actions = await actionsFor(uri, diagnostic, titlesFor(ruleId, finding.fixes.map((fix) => fix.title)));
        const titles = actions.map((action) => action.title);
        const lineTitle = `Ignore ${ruleId} on this line (with reason)`;
        const fileTitle = `Disable ${ruleId} in this file`;
        const docsTitle = `Show documentation for ${ruleId}`;
        // the engine's fixes first, then the suppressions, then the docs
        assert.deepEqual(titles.filter((title) => title !== fileTitle && title !== docsTitle), [...finding.fixes.map((fix) => fix.title), lineTitle], titles.join(' | '));
        assert.ok(titles.includes(fileTitle) && titles.includes(docsTitle), titles.join(' | '));

        for (const fix of finding.fixes) {
          const action = actions.find((candidate) => candidate.title === fix.title);
          assert.ok(action?.edit, `"${fix.title}" has an edit`);
          assert.equal(action.isPreferred ?? false, fix.isPreferred ?? false, `"${fix.title}" isPreferred`);
          assert.equal(action.kind?.value, vscode.CodeActionKind.QuickFix.value);
          const targets = (fix.fileEdits ?? []).map((edit) => ({ edit, uri: vscode.Uri.joinPath(folder(folderName).uri, edit.file) }));
          const before = await Promise.all(targets.map(({ uri: target }) => textOf(target)));

          assert.ok(await vscode.workspace.applyEdit(action.edit), `"${fix.title}" applies`);
          const expected = applyEdits(original, fix.edits);
          assert.equal(editor.document.getText(), expected, `"${fix.title}" gives the engine's text`);
          const reparsed = await analyzeText({ path: file, text: expected });
          assert.ok(!reparsed.hasSyntaxErrors || engine.hasSyntaxErrors, `"${fix.title}" leaves a file that parses`);
          for (const { edit, uri: target } of targets) {
            const text = await textOf(target);
            assert.ok(text?.split(/\r?\n/).some((line) => line === edit.appendLineIfMissing || (edit.matchPrefix !== undefined && line.startsWith(edit.matchPrefix))), `${edit.file} has ${edit.appendLineIfMissing}`);
          }
          applied++;

          // restore: the file, and the other files the fix touched
          await revert(editor);
          for (const [index, { uri: target }] of targets.entries()) {
            if (before[index] === undefined) {
              await rm(target.fsPath, { force: true });
            } else {
              const document = await vscode.workspace.openTextDocument(target);
              if (document.isDirty) await revert(await vscode.window.showTextDocument(document));
            }
          }
          await vscode.window.showTextDocument(editor.document);
          assert.equal(editor.document.getText(), original);
        }

        // Ignore this line (with reason): the comment above the line, and the finding is gone
        const ignoreLine = actions.find((action) => action.title === lineTitle);
        assert.ok(ignoreLine?.edit);
        assert.ok(await vscode.workspace.applyEdit(ignoreLine.edit));
        assert.equal(editor.document.getText(), applyEdits(original, ignoreLineFix({ text: original, language: language.id, ruleId, line: diagnostic.range.start.line }).edits));
        await waitFor(`${ruleId} to be suppressed on its line`, () => !has(uri, ruleId, diagnostic.range.start.line + 2));
        await revert(editor);
        applied++;

        // Disable this rule in this file: once per rule
        if (!seenFileFixes.has(ruleId)) {
          seenFileFixes.add(ruleId);
          const ignoreFile = actions.find((action) => action.title === fileTitle);
          assert.ok(ignoreFile?.edit, `"${fileTitle}" is offered`);
          assert.ok(await vscode.workspace.applyEdit(ignoreFile.edit));
          assert.equal(editor.document.getText(), applyEdits(original, ignoreFileFix({ text: original, language: language.id, ruleId }).edits));
          await waitFor(`${ruleId} to be disabled in the file`, () => !has(uri, ruleId));
          await revert(editor);
          applied++;
        }
        await waitFor('the findings of the reverted file', () => ours(uri).length === engine.findings.length);
      }
      console.log(`      ${String(applied)} quick fixes applied and checked`);
    });
  }

  it('undoes a fix in one step', async () => {
    const uri = fileUri('app', 'src/server.js');
    const editor = await open(uri);
    await waitFor('server.js findings', () => has(uri, 'sql-concatenation'));
    await api.whenIdle();
    const original = editor.document.getText();
    const diagnostic = ours(uri).find((candidate) => codeOf(candidate) === 'sql-concatenation');
    assert.ok(diagnostic);
    const fix = (await actionsFor(uri, diagnostic)).find((action) => action.edit && !action.title.startsWith('Ignore ') && !action.title.startsWith('Disable '));
    assert.ok(fix?.edit, 'an engine fix for sql-concatenation');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.notEqual(editor.document.getText(), original);
    await vscode.commands.executeCommand('undo');
    assert.equal(editor.document.getText(), original);
    await revert(editor);
  });

  it('answers only for ProdReady diagnostics', async () => {
    const uri = fileUri('app', 'src/server.js');
    await open(uri);
    await waitFor('findings', () => ours(uri).length > 0);
    // another linter's diagnostic with the same code, where ProdReady reports nothing (line 1)
    const foreign = vscode.languages.createDiagnosticCollection('other-linter');
    try {
      const range = new vscode.Range(0, 0, 0, 5);
      const other = new vscode.Diagnostic(range, 'something else', vscode.DiagnosticSeverity.Warning);
      other.source = 'other';
      other.code = 'empty-catch';
      foreign.set(uri, [other]);
      await waitFor('the other diagnostic', () => vscode.languages.getDiagnostics(uri).some((diagnostic) => diagnostic.source === 'other'));
      const all = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range);
      assert.deepEqual(all.filter((action) => action.title.includes('empty-catch')).map((action) => action.title), []);
    } finally {
      foreign.dispose();
    }
  });
});
