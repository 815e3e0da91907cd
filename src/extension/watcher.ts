/**
 * Keeps findings right for files changed outside the editor: created, changed, deleted or
 * renamed (a rename is a delete plus a create). Changes to ignore and config files, and to the
 * files the readiness checklist looks at, re-scan their folder.
 */
import { stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { languageForPath } from '../core/languages';
import type { AnalysisWorker } from './analysis-worker';
import { includedFiles } from './documents';
import { engine } from './engine-loader';
import type { FindingsStore, FolderRecord } from './findings-store';

const DEBOUNCE_MS = 300;
/** More changed files than this in one batch (a branch switch, a generator) re-scan the folder instead. */
const RESCAN_THRESHOLD = 200;
const BATCH = 24;

/** Files whose change alters what is scanned (besides `.prodready.json`). */
const IGNORE_FILES = new Set(['.prodreadyignore', '.gitignore']);
/** Files the readiness checklist looks for at the folder root (README, CI, lockfiles, env templates, deployment). */
const CHECKLIST_FILE = /^(?:readme(?:\.\w+)?|\.env(?:\..*)?|example\.env|dockerfile|containerfile|(?:docker-)?compose\.ya?ml|procfile|fly\.toml|app\.yaml|render\.yaml|vercel\.json|netlify\.toml|serverless\.yml|chart\.yaml|skaffold\.yaml|railway\.json|jenkinsfile|\.gitlab-ci\.yml|azure-pipelines\.yml|bitbucket-pipelines\.yml|\.travis\.yml|\.drone\.yml|package-lock\.json|yarn\.lock|pnpm-lock\.yaml|bun\.lockb?|poetry\.lock|pipfile\.lock|uv\.lock|pdm\.lock|requirements\.lock|go\.sum|gemfile\.lock|composer\.lock|cargo\.lock|packages\.lock\.json|gradle\.lockfile)$/i;
const CHECKLIST_DIRECTORY = /^(?:\.github\/workflows|\.circleci|\.buildkite|\.ci|k8s|kubernetes|helm)(?:\/|$)/;
/** Never worth a look: events from these folders are dropped before any work. */
const NOISE = /(?:^|\/)(?:node_modules|\.git|dist|build|out|\.next|target|obj|__pycache__|\.venv|venv|coverage|\.cache|\.vscode-test)(?:\/|$)/;

type Change = 'created' | 'changed' | 'deleted';

export class WorkspaceWatcher implements vscode.Disposable {
  private readonly watcher = vscode.workspace.createFileSystemWatcher('**/*');
  private readonly pending = new Map<string, { uri: vscode.Uri; change: Change }>();
  private timer: NodeJS.Timeout | undefined;
  private processing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: FindingsStore,
    private readonly worker: AnalysisWorker,
    private readonly rescan: (record: FolderRecord) => void,
    private readonly isEnabled: () => boolean,
  ) {
    this.watcher.onDidCreate((uri) => { this.queue(uri, 'created'); });
    this.watcher.onDidChange((uri) => { this.queue(uri, 'changed'); });
    this.watcher.onDidDelete((uri) => { this.queue(uri, 'deleted'); });
  }

  /** Resolves when queued events have been processed. */
  async idle(): Promise<void> {
    while (this.timer || this.pending.size > 0) await new Promise((resolve) => setTimeout(resolve, 50));
    await this.processing;
  }

  private queue(uri: vscode.Uri, change: Change): void {
    if (!this.isEnabled() || uri.scheme !== 'file' || NOISE.test(uri.path)) return;
    const key = uri.toString();
    const previous = this.pending.get(key)?.change;
    // created then changed is still a creation; deleted then created is a change
    this.pending.set(key, { uri, change: previous === 'created' && change === 'changed' ? 'created' : previous === 'deleted' && change === 'created' ? 'changed' : change });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const batch = [...this.pending.values()];
      this.pending.clear();
      this.processing = this.processing.then(() => this.process(batch)).catch((error: unknown) => {
        console.error('ProdReady: could not process file changes', error);
      });
    }, DEBOUNCE_MS);
  }

  private async process(batch: readonly { uri: vscode.Uri; change: Change }[]): Promise<void> {
    const byFolder = new Map<FolderRecord, { file: string; change: Change; uri: vscode.Uri }[]>();
    for (const event of batch) {
      const record = this.store.folderOf(event.uri);
      const file = record?.relativePath(event.uri);
      if (!record || record.isVirtual || file === undefined) continue;
      const list = byFolder.get(record) ?? [];
      list.push({ ...event, file });
      byFolder.set(record, list);
    }
    for (const [record, events] of byFolder) await this.processFolder(record, events);
  }

  private async processFolder(record: FolderRecord, events: readonly { file: string; change: Change; uri: vscode.Uri }[]): Promise<void> {
    const rescan = (): void => {
      record.included = undefined;
      this.rescan(record);
    };
    if (events.length > RESCAN_THRESHOLD) {
      rescan();
      return;
    }
    const toAnalyse: string[] = [];
    let needsRescan = false;
    let configChanged = false;
    for (const { file, change } of events) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      const isConfig = name === engine().CONFIG_FILE_NAME;
      if (isConfig || IGNORE_FILES.has(name)) {
        configChanged ||= isConfig && !file.includes('/');
        needsRescan = true;
      } else if ((!file.includes('/') && CHECKLIST_FILE.test(name)) || CHECKLIST_DIRECTORY.test(file)) {
        needsRescan = true;
      } else if (change === 'deleted') {
        // a file, or a whole directory: forget everything under it
        this.store.removeDisk(record, file);
        record.included = undefined;
      } else if (languageForPath(name)) {
        if (change === 'created') record.included = undefined;
        toAnalyse.push(file);
      } else if (change === 'created' && (await isDirectory(record.uriOf(file).fsPath))) {
        needsRescan = true; // a directory moved or copied in: its files may not get events of their own
      }
    }
    if (configChanged) this.store.reloadConfig(record);
    if (needsRescan) {
      rescan();
      return;
    }
    if (toAnalyse.length === 0) return;
    const included = await includedFiles(record);
    const files = toAnalyse.filter((file) => included.has(file));
    for (const file of toAnalyse) if (!included.has(file)) this.store.setDisk(record, file, []);
    for (let i = 0; i < files.length; i += BATCH) {
      const outcomes = await this.worker.analyzeFiles(record.root, files.slice(i, i + BATCH), record.config.config);
      for (const outcome of outcomes) this.store.setDisk(record, outcome.file, outcome.skipped ? [] : outcome.findings);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.watcher.dispose();
  }
}

async function isDirectory(fsPath: string): Promise<boolean> {
  try {
    return (await stat(fsPath)).isDirectory();
  } catch {
    return false;
  }
}
