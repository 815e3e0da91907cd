import assert from 'node:assert/strict';
import { readFile, rm } from 'node:fs/promises';
import { after, before, describe, it } from 'mocha';
import * as vscode from 'vscode';
import type { ProdReadyApi } from '../../../src/extension/extension';
import { fileUri, folder, has, open, ours, prodReady, revert, screenshot, sleep, waitFor } from '../support/helpers';

describe('readiness panel and commands', () => {
  let api: ProdReadyApi;

  before(async () => {
    api = await prodReady();
    await api.whenIdle();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('shows the score in the sidebar webview', async () => {
    const app = folder('app').uri;
    const readiness = await waitFor('a readiness score', () => api.readiness(app));
    await open(fileUri('app', 'src/server.js'));
    await vscode.commands.executeCommand('prodready.showPanel');
    const rendered = await waitFor('the webview to render the score', () => {
      const last = api.lastRendered();
      return last?.folder === app.toString() && last.score === readiness.score ? last : undefined;
    }, 30_000);
    assert.equal(rendered.score, readiness.score);
    assert.ok(readiness.score > 0 && readiness.score < 100, `score ${String(readiness.score)}`);
  });

  it('updates live as findings change', async () => {
    const app = folder('app').uri;
    const uri = fileUri('app', 'src/server.js');
    const editor = await open(uri);
    await waitFor('server.js findings', () => has(uri, 'hardcoded-secret', 6));
    const before = api.readiness(app)?.score;
    assert.ok(before !== undefined);
    // delete the hardcoded key: one error fewer, a better score, drawn by the webview
    const line = editor.document.lineAt(5);
    await editor.edit((edit) => { edit.replace(line.range, 'const STRIPE_SECRET_KEY = process.env.STRIPE_SECRET_KEY;'); });
    await waitFor('the score to improve in the webview', () => {
      const now = api.readiness(app)?.score;
      return now !== undefined && now > before && api.lastRendered()?.score === now;
    });
    await revert(editor);
    await waitFor('the score to come back', () => api.lastRendered()?.score === before);
  });

  it('takes a screenshot of the sidebar and the squiggles', async () => {
    const uri = fileUri('app', 'src/server.js');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const editor = await open(uri);
    await waitFor('squiggles', () => ours(uri).length >= 4);
    await vscode.commands.executeCommand('prodready.showPanel');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    editor.revealRange(new vscode.Range(0, 0, 25, 0), vscode.TextEditorRevealType.AtTop);
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    // the hover of the SQL finding, with its Quick Fix link
    editor.selection = new vscode.Selection(9, 45, 9, 45);
    await vscode.commands.executeCommand('editor.action.showHover');
    await sleep(2000); // the hover asks for the quick fixes before it shows its "Quick Fix…" link
    await screenshot('sidebar-and-squiggles');
    // the light bulb's menu on the same finding
    await vscode.commands.executeCommand('editor.action.quickFix');
    await sleep(1500);
    await screenshot('quick-fixes');
    await vscode.commands.executeCommand('hideCodeActionWidget');
  });

  it('follows the colour theme (light, high contrast)', async () => {
    const workbench = vscode.workspace.getConfiguration('workbench');
    await vscode.commands.executeCommand('prodready.showPanel');
    try {
      for (const [theme, name] of [['Default Light Modern', 'theme-light'], ['Default High Contrast Light', 'theme-high-contrast-light'], ['Default High Contrast', 'theme-high-contrast']] as const) {
        await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
        await sleep(1500);
        await screenshot(name);
      }
      // the whole panel: hide the findings tree for a moment
      await vscode.commands.executeCommand('prodready.findings.toggleVisibility');
      await sleep(1000);
      await screenshot('panel-full');
      await vscode.commands.executeCommand('prodready.findings.toggleVisibility');
    } finally {
      await workbench.update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    }
    assert.ok(api.lastRendered()?.score !== null);
  });

  it('opens a file at its first finding (the panel\'s file list, the findings tree)', async () => {
    const app = folder('app').uri;
    await vscode.commands.executeCommand('prodready.openFinding', app.toString(), 'lib/payments.py', 4, 14);
    const editor = await waitFor('the editor', () => vscode.window.activeTextEditor?.document.uri.path.endsWith('/lib/payments.py') && vscode.window.activeTextEditor);
    assert.deepEqual([editor.selection.active.line, editor.selection.active.character], [4, 14]);
    // paths from the webview cannot leave the folder
    await vscode.commands.executeCommand('prodready.openFinding', app.toString(), '../service/main.go', 0, 0);
    assert.ok(vscode.window.activeTextEditor?.document.uri.path.endsWith('/lib/payments.py'));
  });

  it('exports a Markdown report with the score, the checklist and the findings', async () => {
    const target = fileUri('app', 'readiness-report.md');
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>('prodready.exportReport', target);
    assert.equal(written?.toString(), target.toString());
    const text = await readFile(target.fsPath, 'utf8');
    const score = api.readiness(folder('app').uri)?.score;
    assert.ok(score !== undefined);
    // the engine's Markdown report (the CLI's --format markdown), one section per workspace folder
    assert.match(text, /^# ProdReady readiness report\n\n## app\n/);
    assert.ok(text.includes(`**Score: ${String(score)}/100**`), text.slice(0, 400));
    assert.ok(text.includes('\n## service\n'));
    assert.match(text, /\| README with run instructions \| ✅ pass \|/);
    assert.match(text, /\| Continuous integration \| ❌ fail \| Add a pipeline/);
    assert.match(text, /\| lib\/payments\.py \| 5 \| error \| hardcoded-secret \|/);
    assert.ok(!text.includes('Xk9#mP2$vL8qR4nT'), 'secrets stay masked in the report');
    await rm(target.fsPath);
  });

  it('Clear Findings removes every diagnostic; Scan Workspace brings them back', async () => {
    const payments = fileUri('app', 'lib/payments.py');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('findings', () => ours(payments).length > 0);
    await vscode.commands.executeCommand('prodready.clearFindings');
    await waitFor('no findings', () => ours(payments).length === 0 && ours(fileUri('service', 'main.go')).length === 0);
    assert.equal(api.readiness(folder('app').uri), undefined);
    await vscode.commands.executeCommand('prodready.scanWorkspace');
    await waitFor('findings after the scan', () => ours(payments).length === 3);
    assert.ok(api.readiness(folder('app').uri));
  });
});
