/** The findings tree beside the readiness panel: category → file → finding. */
import * as vscode from 'vscode';
import { CATEGORIES, type Category, type Finding, type Severity } from '../core/types';
import { CATEGORY_TITLES } from '../shared/protocol';
import { CommandId } from './commands/ids';
import type { FindingsStore, FolderRecord } from './findings-store';

export const FINDINGS_VIEW_ID = 'prodready.findings';

type Node =
  | { readonly kind: 'category'; readonly category: Category }
  | { readonly kind: 'file'; readonly category: Category; readonly record: FolderRecord; readonly file: string; readonly findings: readonly Finding[] }
  | { readonly kind: 'finding'; readonly parent: Node; readonly record: FolderRecord; readonly finding: Finding };

const ICONS: Readonly<Record<Severity, vscode.ThemeIcon>> = {
  error: new vscode.ThemeIcon('error', new vscode.ThemeColor('problemsErrorIcon.foreground')),
  warning: new vscode.ThemeIcon('warning', new vscode.ThemeColor('problemsWarningIcon.foreground')),
  info: new vscode.ThemeIcon('info', new vscode.ThemeColor('problemsInfoIcon.foreground')),
};

const plural = (count: number, word: string): string => `${String(count)} ${word}${count === 1 ? '' : 's'}`;

export class FindingsTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly categories = new Map<Category, Node>(CATEGORIES.map((category) => [category, { kind: 'category', category }]));
  readonly view: vscode.TreeView<Node>;

  constructor(private readonly store: FindingsStore) {
    this.view = vscode.window.createTreeView(FINDINGS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
  }

  refresh(): void {
    this.changed.fire(undefined);
    const total = this.store.folders.reduce((sum, record) => sum + [...record.files()].reduce((n, [, findings]) => n + findings.length, 0), 0);
    this.view.badge = total > 0 ? { value: total, tooltip: plural(total, 'finding') } : undefined;
  }

  /** Expands and selects a category (from a click on its card in the panel). */
  async reveal(category: Category): Promise<void> {
    const node = this.categories.get(category);
    if (node) await this.view.reveal(node, { expand: true, select: true, focus: true });
  }

  private filesOf(category: Category): Node[] {
    const nodes: Node[] = [];
    for (const record of this.store.folders) {
      for (const [file, findings] of record.files()) {
        const own = findings.filter((finding) => finding.category === category);
        if (own.length > 0) nodes.push({ kind: 'file', category, record, file, findings: own });
      }
    }
    return nodes.sort((a, b) => (a.kind === 'file' && b.kind === 'file' ? b.findings.length - a.findings.length || (a.file < b.file ? -1 : 1) : 0));
  }

  getChildren(node?: Node): Node[] {
    if (!node) return [...this.categories.values()].filter((category) => category.kind === 'category' && this.filesOf(category.category).length > 0);
    if (node.kind === 'category') return this.filesOf(node.category);
    if (node.kind === 'file') return node.findings.map((finding) => ({ kind: 'finding', parent: node, record: node.record, finding }));
    return [];
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'file') return this.categories.get(node.category);
    if (node.kind === 'finding') return node.parent;
    return undefined;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    if (node.kind === 'category') {
      const count = this.filesOf(node.category).reduce((sum, file) => sum + (file.kind === 'file' ? file.findings.length : 0), 0);
      const item = new vscode.TreeItem(CATEGORY_TITLES[node.category], vscode.TreeItemCollapsibleState.Expanded);
      item.id = `category:${node.category}`;
      item.description = plural(count, 'finding');
      item.contextValue = 'category';
      return item;
    }
    if (node.kind === 'file') {
      const item = new vscode.TreeItem(node.record.uriOf(node.file), vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `file:${node.category}:${node.record.key}:${node.file}`;
      item.iconPath = vscode.ThemeIcon.File;
      const directory = node.file.includes('/') ? node.file.slice(0, node.file.lastIndexOf('/')) : '';
      const where = [this.store.folders.length > 1 ? node.record.folder.name : '', directory].filter(Boolean).join('/');
      item.description = where ? `${where} · ${String(node.findings.length)}` : String(node.findings.length);
      item.tooltip = `${node.file}: ${plural(node.findings.length, 'finding')} in ${CATEGORY_TITLES[node.category]}`;
      item.contextValue = 'file';
      return item;
    }
    const { finding, record } = node;
    const item = new vscode.TreeItem(finding.message, vscode.TreeItemCollapsibleState.None);
    item.id = `finding:${record.key}:${finding.file}:${finding.ruleId}:${String(finding.range.startIndex)}`;
    item.description = `${finding.ruleId} · Ln ${String(finding.range.start.line + 1)}`;
    item.tooltip = new vscode.MarkdownString().appendText(finding.message).appendMarkdown(`\n\n\`${finding.ruleId}\` (${finding.severity})`);
    item.iconPath = ICONS[finding.severity];
    item.contextValue = 'finding';
    item.command = {
      command: CommandId.OpenFinding,
      title: 'Open',
      arguments: [record.key, finding.file, finding.range.start.line, finding.range.start.column],
    };
    return item;
  }

  dispose(): void {
    this.view.dispose();
    this.changed.dispose();
  }
}
