/**
 * The readiness sidebar: a webview view (script and styles from media/, bundled from
 * src/webview/) that shows the score, the categories, the worst files and the checklist, and
 * follows every change of the findings.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { bandOf } from '../core/readiness';
import { CATEGORIES, type Category, type Severity } from '../core/types';
import {
  CATEGORY_TITLES,
  isWebviewMessage,
  type HostMessage,
  type PanelFile,
  type PanelFolder,
  type PanelState,
  type WebviewMessage,
} from '../shared/protocol';
import type { FindingsStore, FolderRecord } from './findings-store';

export const PANEL_VIEW_ID = 'prodready.readiness';
const TOP_FILES = 8;
const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2 };

function folderState(record: FolderRecord): PanelFolder {
  const readiness = record.readiness();
  const files: PanelFile[] = [];
  let total = 0;
  for (const [file, findings] of record.files()) {
    total += findings.length;
    let worst: Severity = 'info';
    let first = findings[0];
    for (const finding of findings) {
      if (SEVERITY_RANK[finding.severity] < SEVERITY_RANK[worst]) worst = finding.severity;
      if (!first || finding.range.startIndex < first.range.startIndex) first = finding;
    }
    files.push({ folder: record.key, file, count: findings.length, worst, line: first?.range.start.line ?? 0, column: first?.range.start.column ?? 0 });
  }
  files.sort((a, b) => b.count - a.count || SEVERITY_RANK[a.worst] - SEVERITY_RANK[b.worst] || (a.file < b.file ? -1 : 1));
  return {
    uri: record.key,
    name: record.folder.name,
    status: record.status,
    ...(readiness
      ? {
          readiness: {
            score: readiness.score,
            band: readiness.band,
            checklistScore: readiness.checklistScore,
            categories: CATEGORIES.map((id) => {
              const { score, counts } = readiness.categories[id];
              return { id, title: CATEGORY_TITLES[id], score, band: bandOf(score), counts };
            }),
            checks: readiness.checks.map(({ id, title, passed, howToPass, detail }) => ({ id, title, passed, howToPass, detail })),
          },
        }
      : {}),
    topFiles: files.slice(0, TOP_FILES),
    totalFindings: total,
    ...(record.lastScan ? { lastScan: record.lastScan } : {}),
    ...(record.progress ? { progress: record.progress } : {}),
    ...(record.notice ? { notice: record.notice } : record.isVirtual ? { notice: virtualNotice(record) } : {}),
  };
}

function virtualNotice(record: FolderRecord): string {
  return `“${record.folder.name}” is a virtual folder (${record.folder.uri.scheme}:). ProdReady analyses its open files, but the workspace scan and the readiness score need files on disk.`;
}

export function panelState(store: FindingsStore, scanning: boolean, enabled: boolean): PanelState {
  const active = vscode.window.activeTextEditor?.document.uri;
  const activeFolder = active ? store.folderOf(active)?.key : undefined;
  return { enabled, scanning, folders: store.folders.map(folderState), ...(activeFolder ? { activeFolder } : {}) };
}

export interface PanelHandlers {
  scan(): void;
  exportReport(): void;
  openFile(folder: string, file: string, line: number, column: number): void;
  revealCategory(category: Category): void;
}

export class ReadinessPanel implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private readonly rendered = new vscode.EventEmitter<{ folder: string | null; score: number | null }>();
  /** What the webview last drew (it reports back after each render). */
  readonly onDidRender = this.rendered.event;
  lastRendered: { folder: string | null; score: number | null } | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly state: () => PanelState,
    private readonly handlers: PanelHandlers,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    view.webview.options = { enableScripts: true, enableCommandUris: false, localResourceRoots: [media] };
    view.webview.html = this.html(view.webview, media);
    this.disposables.push(
      view.webview.onDidReceiveMessage((message: unknown) => { this.receive(message); }),
      view.onDidChangeVisibility(() => { if (view.visible) this.refresh(); }),
      view.onDidDispose(() => { if (this.view === view) this.view = undefined; }),
    );
  }

  get visible(): boolean {
    return this.view?.visible ?? false;
  }

  /** Sends the current state to the webview (when it is showing). */
  refresh(): void {
    if (!this.view?.visible) return;
    const message: HostMessage = { type: 'state', state: this.state() };
    void this.view.webview.postMessage(message);
  }

  private receive(message: unknown): void {
    if (!isWebviewMessage(message)) return;
    const handled: WebviewMessage = message;
    switch (handled.type) {
      case 'ready':
        this.refresh();
        break;
      case 'scan':
        this.handlers.scan();
        break;
      case 'export':
        this.handlers.exportReport();
        break;
      case 'openFile':
        this.handlers.openFile(handled.folder, handled.file, handled.line, handled.column);
        break;
      case 'revealCategory':
        this.handlers.revealCategory(handled.category);
        break;
      case 'selectFolder':
        break; // the webview keeps its selection in its own state
      case 'rendered':
        this.lastRendered = { folder: handled.folder, score: handled.score };
        this.rendered.fire(this.lastRendered);
        break;
    }
  }

  private html(webview: vscode.Webview, media: vscode.Uri): string {
    const nonce = randomBytes(16).toString('base64');
    const script = webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.js'));
    const style = webview.asWebviewUri(vscode.Uri.joinPath(media, 'panel.css'));
    const csp = [`default-src 'none'`, `style-src ${webview.cspSource}`, `img-src ${webview.cspSource}`, `script-src 'nonce-${nonce}'`].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${style.toString()}">
<title>ProdReady readiness</title>
</head>
<body>
<main id="app" aria-busy="true"><p class="muted">Loading…</p></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.rendered.dispose();
    for (const disposable of this.disposables) disposable.dispose();
  }
}
