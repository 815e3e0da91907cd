/**
 * ProdReady for VS Code. Activation only wires things up (no parsing, no file reading beyond
 * `.prodready.json`): the first scan starts right after, and every analysis runs in worker threads.
 */
import * as vscode from 'vscode';
import type { Readiness } from '../core/readiness';
import type { FolderStatus } from '../shared/protocol';
import { languageForPath } from '../core/languages';
import { AnalysisWorker } from './analysis-worker';
import { CodeActionProvider, SUPPORTED_LANGUAGE_IDS } from './code-actions';
import { registerClearFindings } from './commands/clear-findings';
import { registerExportReport } from './commands/export-report';
import { CommandId } from './commands/ids';
import { registerOpenFinding } from './commands/open-finding';
import { registerScanWorkspace } from './commands/scan-workspace';
import { registerShowPanel } from './commands/show-panel';
import { registerShowRuleDocs } from './commands/show-rule-docs';
import { DocumentAnalyzer } from './documents';
import { FindingsStore } from './findings-store';
import { FindingsTree } from './findings-tree';
import { looseConfig } from './folder-config';
import { PANEL_VIEW_ID, panelState, ReadinessPanel } from './panel';
import { RULE_DOCS_SCHEME, RuleDocsProvider } from './rule-docs';
import { Scanner } from './scanner';
import type { Services } from './services';
import { affectsProdReady, readSettings } from './settings';
import { StatusBar } from './status-bar';
import { WorkspaceWatcher } from './watcher';

/** What activate() returns: used by the integration tests and the benchmark, harmless for anyone else. */
export interface ProdReadyApi {
  /**
   * Activation cost in milliseconds: `loadMs` evaluating the bundle, `activateMs` running
   * activate(), `totalMs` from the bundle's first line to the end of activate() (it includes VS
   * Code preparing the extension context in between).
   */
  readonly activation: { readonly loadMs: number; readonly activateMs: number; readonly totalMs: number };
  /** Resolves when scans, document analyses and file-change processing have settled. */
  whenIdle(): Promise<void>;
  readiness(folder: vscode.Uri): Readiness | undefined;
  /** A workspace folder's scan status and what the panel tells the user about it. */
  folderState(folder: vscode.Uri): { readonly status: FolderStatus; readonly notice: string | undefined } | undefined;
  /** What the readiness webview last rendered. */
  lastRendered(): { folder: string | null; score: number | null } | undefined;
  readonly onDidRenderPanel: vscode.Event<{ folder: string | null; score: number | null }>;
  /** Called with the latency from a document change to its diagnostics. */
  onDocumentAnalysed(listener: ((uri: vscode.Uri, milliseconds: number) => void) | undefined): void;
  /** Duration of the last workspace scan per folder. */
  lastScan(): readonly { folder: string; ms: number; files: number; lines: number }[];
}

const CONFIG_DEBOUNCE_MS = 300;
/** Set by the bundle's first line (scripts/build.mjs), so activation time includes loading the code. */
const loadStarted = (globalThis as { prodreadyLoadStart?: number }).prodreadyLoadStart ?? performance.now();
/** This module's body runs after every module it imports: the bundle is loaded. */
const loadFinished = performance.now();

export function activate(context: vscode.ExtensionContext): ProdReadyApi {
  const activateStarted = performance.now();
  const version = (context.extension.packageJSON as { version?: string }).version ?? '0.0.0';
  let enabled = readSettings().enable;
  const store = new FindingsStore();
  const worker = new AnalysisWorker();
  const scanner = new Scanner(store);
  const documents = new DocumentAnalyzer(store, worker, () => enabled);
  const tree = new FindingsTree(store);
  const statusBar = new StatusBar(store);
  const readinessPanel = new ReadinessPanel(context.extensionUri, () => panelState(store, scanner.scanning, enabled), {
    scan: () => void vscode.commands.executeCommand(CommandId.ScanWorkspace),
    exportReport: () => void vscode.commands.executeCommand(CommandId.ExportReport),
    openFile: (folder, file, line, column) => void vscode.commands.executeCommand(CommandId.OpenFinding, folder, file, line, column),
    revealCategory: (category) => void tree.reveal(category),
  });
  const services: Services = { context, store, scanner, documents, panel: readinessPanel, tree, enabled: () => enabled, version };
  const watcher = new WorkspaceWatcher(store, worker, (record) => void scanner.scan({ folders: [record], interactive: false }), () => enabled);

  /**
   * After the first scan: start the document worker and load the grammars of the workspace's most
   * common file types (up to four), so opening a file does not wait for them.
   */
  let warming: Promise<void> | undefined;
  const extensionOf = (file: string): string => file.slice(file.lastIndexOf('.')).toLowerCase();
  const warmUp = (): void => {
    warming ??= new Promise<void>((resolve) => setTimeout(resolve, 1000))
      .then(() => Promise.all(store.folders.map((record) => record.included ?? Promise.resolve(new Set<string>()))))
      .then((sets) => {
        const counts = new Map<string, number>();
        for (const files of sets) for (const file of files) counts.set(extensionOf(file), (counts.get(extensionOf(file)) ?? 0) + 1);
        const common = [...counts].sort((a, b) => b[1] - a[1]).map(([extension]) => extension);
        // the active editor's language first
        const active = vscode.window.activeTextEditor?.document.uri.path;
        const first = active && languageForPath(active) ? [extensionOf(active)] : [];
        const grammars = [...new Set([...first, ...common])].slice(0, 4).map((extension) => `warm-up${extension}`);
        return worker.warmUp(grammars, looseConfig());
      });
  };

  const refreshViews = (): void => {
    readinessPanel.refresh();
    tree.refresh();
    statusBar.update(scanner.scanning, enabled);
    void vscode.commands.executeCommand('setContext', 'prodready.scanning', scanner.scanning);
  };

  let configTimer: NodeJS.Timeout | undefined;
  const onConfigurationChanged = (): void => {
    clearTimeout(configTimer);
    configTimer = setTimeout(() => {
      configTimer = undefined;
      const wasEnabled = enabled;
      enabled = readSettings().enable;
      void vscode.commands.executeCommand('setContext', 'prodready.enabled', enabled);
      if (!enabled) {
        scanner.cancel();
        store.clear();
        refreshViews();
        return;
      }
      store.reloadConfig();
      documents.analyseOpenDocuments();
      void scanner.scan({ interactive: !wasEnabled });
    }, CONFIG_DEBOUNCE_MS);
  };

  context.subscriptions.push(
    store,
    scanner,
    documents,
    tree,
    statusBar,
    readinessPanel,
    watcher,
    { dispose: () => void worker.dispose() },
    { dispose: () => { clearTimeout(configTimer); } },
    vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, new RuleDocsProvider()),
    vscode.languages.registerCodeActionsProvider(SUPPORTED_LANGUAGE_IDS.map((language) => ({ language })), new CodeActionProvider(store), CodeActionProvider.metadata),
    vscode.window.registerWebviewViewProvider(PANEL_VIEW_ID, readinessPanel),
    registerScanWorkspace(services),
    registerShowPanel(),
    registerExportReport(services),
    registerClearFindings(services),
    registerShowRuleDocs(),
    registerOpenFinding(services),
    store.onDidChange(refreshViews),
    scanner.onDidFinish(() => {
      // open documents follow the new ignore rules and configuration, from their buffers
      if (enabled) documents.analyseOpenDocuments();
      refreshViews();
      if (enabled) warmUp();
    }),
    vscode.window.onDidChangeActiveTextEditor(() => {
      statusBar.update(scanner.scanning, enabled);
      readinessPanel.refresh();
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (affectsProdReady(event)) onConfigurationChanged();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      const added = store.syncFolders();
      // nested-folder exclusions change with the folder list (reloadConfig publishes config problems too)
      store.reloadConfig();
      if (enabled && added.length > 0) void scanner.scan({ folders: added, interactive: false });
      refreshViews();
    }),
  );
  void vscode.commands.executeCommand('setContext', 'prodready.enabled', enabled);
  statusBar.update(false, enabled);

  // The heavy part starts after activation has returned.
  setTimeout(() => {
    if (!enabled) return;
    store.publishConfigProblems();
    documents.analyseOpenDocuments();
    if (readSettings().scanOnStartup && store.folders.some((record) => !record.isVirtual)) void scanner.scan({ interactive: true });
  }, 0);

  const activated = performance.now();
  return {
    activation: { loadMs: loadFinished - loadStarted, activateMs: activated - activateStarted, totalMs: activated - loadStarted },
    async whenIdle() {
      for (let settled = 0; settled < 2; ) {
        // two quiet rounds in a row: a scan can trigger analyses and the other way round
        const busy = scanner.scanning || worker.busy || configTimer !== undefined;
        await Promise.all([scanner.whenIdle(), documents.idle(), watcher.idle(), worker.idle(), warming]);
        await new Promise((resolve) => setTimeout(resolve, 150));
        settled = busy ? 0 : settled + 1;
      }
    },
    readiness: (folder) => store.record(folder.toString())?.readiness(),
    folderState: (folder) => {
      const state = panelState(store, scanner.scanning, enabled).folders.find((candidate) => candidate.uri === folder.toString());
      return state ? { status: state.status, notice: state.notice } : undefined;
    },
    lastRendered: () => readinessPanel.lastRendered,
    onDidRenderPanel: readinessPanel.onDidRender,
    onDocumentAnalysed: (listener) => { documents.onAnalysed = listener; },
    lastScan: () => scanner.lastDurations,
  };
}

export function deactivate(): void {
  // everything is disposed through context.subscriptions
}
