/** `$(shield) 72` in the status bar: the readiness of the active editor's folder; opens the panel. */
import * as vscode from 'vscode';
import { BAND_TITLES } from '../shared/protocol';
import { CommandId } from './commands/ids';
import type { FindingsStore, FolderRecord } from './findings-store';

export class StatusBar implements vscode.Disposable {
  readonly item = vscode.window.createStatusBarItem('prodready.score', vscode.StatusBarAlignment.Left, 10);

  constructor(private readonly store: FindingsStore) {
    this.item.name = 'ProdReady';
    this.item.command = CommandId.ShowPanel;
  }

  private folder(): FolderRecord | undefined {
    const active = vscode.window.activeTextEditor?.document.uri;
    const record = active ? this.store.folderOf(active) : undefined;
    if (record?.readiness()) return record;
    return this.store.folders.find((candidate) => candidate.readiness()) ?? this.store.folders.find((candidate) => !candidate.isVirtual);
  }

  update(scanning: boolean, enabled: boolean): void {
    if (!enabled || this.store.folders.length === 0) {
      this.item.hide();
      return;
    }
    const record = this.folder();
    const readiness = record?.readiness();
    const tooltip = new vscode.MarkdownString(undefined, true);
    if (scanning && !readiness) {
      this.item.text = '$(sync~spin) ProdReady';
      tooltip.appendText('ProdReady is scanning the workspace…');
    } else if (readiness && record) {
      this.item.text = `$(shield) ${String(readiness.score)}${scanning ? ' $(sync~spin)' : ''}`;
      const where = this.store.folders.length > 1 ? ` of ${record.folder.name}` : '';
      tooltip.appendMarkdown(`**ProdReady** readiness${where}: **${String(readiness.score)}/100** (${BAND_TITLES[readiness.band]})\n\n`);
      tooltip.appendText(`${String(readiness.checks.filter((check) => check.passed).length)}/${String(readiness.checks.length)} checklist items pass. Click to open the readiness panel.`);
    } else {
      this.item.text = '$(shield) –';
      tooltip.appendText(record?.isVirtual ? 'ProdReady cannot scan a virtual workspace; open files are still analysed.' : 'ProdReady has not scanned this workspace yet. Click to open the readiness panel.');
    }
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = { label: readiness ? `ProdReady readiness ${String(readiness.score)} out of 100` : 'ProdReady', role: 'button' };
    this.item.backgroundColor = readiness?.band === 'prototype' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
