/**
 * Live analysis of open documents, from the editor's buffer (not the disk), debounced while the
 * user types, in the analysis worker.
 */
import * as vscode from 'vscode';
import { walkWorkspace } from '../core/walk';
import { languageForPath, languageForVscodeId } from '../core/languages';
import type { ResolvedConfig } from '../core/config';
import type { AnalysisWorker } from './analysis-worker';
import type { FindingsStore, FolderRecord } from './findings-store';
import { looseConfig } from './folder-config';
import { readSettings } from './settings';

export const TYPING_DEBOUNCE_MS = 250;

/** The files of a folder worth analysing, from a walk that honours every ignore source (memoised per config). */
export function includedFiles(record: FolderRecord): Promise<Set<string>> {
  record.included ??= walkWorkspace({ root: record.root, ignore: [...record.config.config.ignore, ...record.config.extraIgnore] })
    .then((walk) => new Set(walk.files))
    .catch(() => new Set<string>());
  return record.included;
}

interface Target {
  readonly record: FolderRecord | undefined;
  /** The path the engine analyses the text as (decides language and test-path conventions). */
  readonly path: string;
  /** The path findings are stored under (differs when a language was inferred from the editor's language id). */
  readonly file: string;
  readonly config: ResolvedConfig;
}

export class DocumentAnalyzer implements vscode.Disposable {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Documents whose exclusion was confirmed by a fresh walk (a file created a moment ago is not in the last one). */
  private readonly rechecked = new WeakSet<vscode.TextDocument>();
  private running = 0;
  private idleWaiters: (() => void)[] = [];
  /** Called with the time from a change to its diagnostics (benchmarks and tests). */
  onAnalysed: ((uri: vscode.Uri, milliseconds: number) => void) | undefined;

  constructor(
    private readonly store: FindingsStore,
    private readonly worker: AnalysisWorker,
    private readonly isEnabled: () => boolean,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((document) => { this.schedule(document, 0); }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && readSettings(event.document.uri).run === 'onType') this.schedule(event.document, TYPING_DEBOUNCE_MS);
      }),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (readSettings(document.uri).run === 'onSave') this.schedule(document, 0);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => { this.forget(document); }),
    );
  }

  /** Analyses every open document now (activation, settings change, after a scan). */
  analyseOpenDocuments(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, 0);
  }

  schedule(document: vscode.TextDocument, delayMs: number): void {
    if (!this.isEnabled() || !isAnalysable(document)) return;
    const key = document.uri.toString();
    const started = performance.now();
    clearTimeout(this.timers.get(key));
    this.timers.set(key, setTimeout(() => {
      this.timers.delete(key);
      void this.analyse(document, started);
    }, delayMs));
  }

  /** Resolves when no analysis is scheduled or running. */
  async idle(): Promise<void> {
    while (this.timers.size > 0 || this.running > 0) {
      await new Promise<void>((resolve) => {
        if (this.timers.size === 0 && this.running === 0) resolve();
        else this.idleWaiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  private forget(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    this.store.clearLoose(document.uri);
    const record = this.store.folderOf(document.uri);
    const file = record?.relativePath(document.uri);
    if (record && file !== undefined) {
      // the disk findings show again; for a virtual folder there are none
      this.store.clearOverlay(record, file);
    }
    this.notifyIdle();
  }

  private async target(document: vscode.TextDocument): Promise<Target | undefined> {
    const record = this.store.folderOf(document.uri);
    let file: string;
    let config: ResolvedConfig;
    if (record) {
      const relative = record.relativePath(document.uri);
      if (relative === undefined) return undefined;
      file = relative;
      config = record.config.config;
      if (!record.isVirtual && document.uri.scheme === 'file' && languageForPath(file)) {
        // .gitignore, .prodreadyignore, files.exclude, prodready.exclude, generated/minified names
        let included = await includedFiles(record);
        if (!included.has(file) && !this.rechecked.has(document)) {
          this.rechecked.add(document);
          record.included = undefined;
          included = await includedFiles(record);
        }
        if (!included.has(file)) return undefined;
      }
    } else {
      file = document.uri.scheme === 'file' ? document.uri.fsPath.replaceAll('\\', '/').replace(/^\/+/, '') : document.uri.path.replace(/^\/+/, '') || 'untitled';
      config = looseConfig();
    }
    if (document.getText().length > config.maxFileSizeBytes) return undefined;
    if (languageForPath(file)) return { record, path: file, file, config };
    // no known extension (a shebang script, an untitled buffer): trust the editor's language mode
    const spec = languageForVscodeId(document.languageId);
    if (!spec) return undefined;
    return { record, path: `${file}${spec.extensions[0] ?? ''}`, file, config };
  }

  private async analyse(document: vscode.TextDocument, started: number): Promise<void> {
    const key = document.uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    this.running++;
    try {
      const target = await this.target(document);
      if (this.superseded(document, key, generation)) return;
      if (!target) {
        this.forgetFindings(document);
        return;
      }
      const version = document.version;
      const outcome = await this.worker.analyzeText(target.path, document.getText(), target.config);
      // a newer edit (or close) supersedes this result; its own analysis is scheduled
      if (this.superseded(document, key, generation) || document.version !== version || !this.isEnabled()) return;
      const findings = target.path === target.file ? outcome.findings : outcome.findings.map((finding) => ({ ...finding, file: target.file }));
      if (target.record) this.store.setOverlay(target.record, target.file, version, findings);
      else this.store.setLoose(document.uri, version, findings);
      this.onAnalysed?.(document.uri, performance.now() - started);
    } catch (error) {
      console.error(`ProdReady could not analyse ${document.uri.toString()}:`, error);
    } finally {
      this.running--;
      this.notifyIdle();
    }
  }

  /** True when the document closed or a newer analysis of it started. */
  private superseded(document: vscode.TextDocument, key: string, generation: number): boolean {
    return document.isClosed || this.generations.get(key) !== generation;
  }

  private forgetFindings(document: vscode.TextDocument): void {
    this.store.clearLoose(document.uri);
    const record = this.store.folderOf(document.uri);
    const file = record?.relativePath(document.uri);
    if (record && file !== undefined) {
      this.store.clearOverlay(record, file);
      this.store.setDisk(record, file, []);
    }
  }

  private notifyIdle(): void {
    if (this.timers.size === 0 && this.running === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    for (const disposable of this.disposables) disposable.dispose();
  }
}

/** Documents ProdReady looks at: files, untitled buffers and files of (virtual) workspace folders; not diff views, output or settings. */
function isAnalysable(document: vscode.TextDocument): boolean {
  const scheme = document.uri.scheme;
  if (scheme === 'file' || scheme === 'untitled') return true;
  return vscode.workspace.getWorkspaceFolder(document.uri) !== undefined;
}
