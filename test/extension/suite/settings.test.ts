import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import { CATEGORIES } from '../../../src/core/types';
import type { ProdReadyApi } from '../../../src/extension/extension';
import { DEFAULT_MAX_FILE_SIZE_KB, DEFAULT_SETTINGS } from '../../../src/extension/settings';
import { codeOf, fileUri, has, open, ours, prodReady, waitFor } from '../support/helpers';

interface Contributed {
  contributes: { configuration: { properties: Record<string, { default: unknown }> } };
}

describe('settings and configuration files', () => {
  let api: ProdReadyApi;
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('prodready');

  before(async () => {
    api = await prodReady();
    await api.whenIdle();
  });

  after(async () => {
    for (const key of ['severity.sql-concat', 'exclude']) await config().update(key, undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('declares in package.json the defaults the settings reader uses', async () => {
    const repo = process.env.PRODREADY_REPO;
    assert.ok(repo, 'PRODREADY_REPO is set by the runner');
    const manifest = JSON.parse(await readFile(path.join(repo, 'package.json'), 'utf8')) as Contributed;
    const declared = Object.fromEntries(Object.entries(manifest.contributes.configuration.properties).map(([key, value]) => [key, value.default]));
    const expected: Record<string, unknown> = {
      'prodready.enable': DEFAULT_SETTINGS.enable,
      'prodready.scanOnStartup': DEFAULT_SETTINGS.scanOnStartup,
      'prodready.run': DEFAULT_SETTINGS.run,
      'prodready.exclude': DEFAULT_SETTINGS.exclude,
      'prodready.maxFileSizeKb': DEFAULT_MAX_FILE_SIZE_KB,
      'prodready.maxDiagnosticsPerFile': DEFAULT_SETTINGS.maxDiagnosticsPerFile,
      ...Object.fromEntries(CATEGORIES.map((category) => [`prodready.severity.${category}`, DEFAULT_SETTINGS.severity[category]])),
    };
    assert.deepEqual(declared, expected);
  });

  it('re-scans when a category is turned off, in open and unopened files', async () => {
    const server = fileUri('app', 'src/server.js');
    const payments = fileUri('app', 'lib/payments.py');
    await open(server);
    await waitFor('SQL findings', () => has(server, 'sql-concatenation') && has(payments, 'sql-concatenation'));
    await config().update('severity.sql-concat', 'off', vscode.ConfigurationTarget.Workspace);
    await waitFor('SQL findings to go', () => !has(server, 'sql-concatenation') && !has(payments, 'sql-concatenation'));
    assert.ok(has(payments, 'hardcoded-secret'), 'other categories stay');

    await config().update('severity.sql-concat', 'info', vscode.ConfigurationTarget.Workspace);
    const info = await waitFor('SQL findings as information', () => ours(payments).find((diagnostic) => codeOf(diagnostic) === 'sql-concatenation'));
    assert.equal(info.severity, vscode.DiagnosticSeverity.Information);

    await config().update('severity.sql-concat', undefined, vscode.ConfigurationTarget.Workspace);
    await waitFor('SQL findings as errors again', () => ours(payments).find((diagnostic) => codeOf(diagnostic) === 'sql-concatenation')?.severity === vscode.DiagnosticSeverity.Error);
  });

  it('honours prodready.exclude', async () => {
    const payments = fileUri('app', 'lib/payments.py');
    try {
      await config().update('exclude', ['lib/**'], vscode.ConfigurationTarget.Workspace);
      await waitFor('lib/ to be excluded', () => ours(payments).length === 0);
    } finally {
      await config().update('exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitFor('lib/ to come back', () => ours(payments).length === 3);
  });

  it('applies .prodready.json changes without a reload, and shows its problems on the file', async () => {
    const configFile = fileUri('app', '.prodready.json');
    const payments = fileUri('app', 'lib/payments.py');
    const original = await readFile(configFile.fsPath, 'utf8');
    try {
      await writeFile(configFile.fsPath, JSON.stringify({ rules: { 'hardcoded-secret': 'off' } }));
      await waitFor('hardcoded-secret to be off', () => !has(payments, 'hardcoded-secret') && has(payments, 'sql-concatenation'));

      await writeFile(configFile.fsPath, JSON.stringify({ rules: { 'no-such-rule': 'off' }, categories: { 'sql-concat': 'loud' } }, null, 2));
      const problems = await waitFor('problems on .prodready.json', () => ours(configFile).length > 0 && ours(configFile));
      assert.ok(problems.some((problem) => problem.message.includes('sql-concat') && problem.range.start.line > 0), problems.map((p) => p.message).join(' | '));
      // a broken file falls back to the defaults: every finding is back
      await waitFor('default configuration', () => has(payments, 'hardcoded-secret'));
    } finally {
      await writeFile(configFile.fsPath, original);
    }
    await waitFor('the problems to clear', () => ours(configFile).length === 0);
    await api.whenIdle();
  });
});
