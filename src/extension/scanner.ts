/**
 * Workspace scans: every file of every (local) workspace folder, analysed in worker threads by the
 * engine's scanWorkspace, with progress and cancellation. One scan at a time; asking for another
 * while one runs cancels it and starts over with the newest request.
 */
import { availableParallelism } from 'node:os';
import * as vscode from 'vscode';
import type { ScanResult } from '../core/scan';
import { walkWorkspace } from '../core/walk';
import { engine } from './engine-loader';
import type { FindingsStore, FolderRecord } from './findings-store';

export interface ScanRequest {
  /** Folders to scan; all when omitted. */
  readonly folders?: readonly FolderRecord[];
  /** A progress notification the user can cancel (startup and explicit scans); otherwise the status bar only. */
  readonly interactive: boolean;
}

/** Below this many files one worker is faster than starting several. */
const FILES_PER_EXTRA_WORKER = 64;

export class Scanner implements vscode.Disposable {
  private current: { controller: AbortController; done: Promise<void> } | undefined;
  private queued: { folders: Set<FolderRecord> | 'all'; interactive: boolean } | undefined;
  private readonly finished = new vscode.EventEmitter<void>();
  /** Fires after each scan (complete or cancelled). */
  readonly onDidFinish = this.finished.event;
  /** Durations of the last scan per folder, for the benchmark. */
  lastDurations: { folder: string; ms: number; files: number; lines: number }[] = [];

  constructor(private readonly store: FindingsStore) {}

  get scanning(): boolean {
    return this.current !== undefined;
  }

  /** Starts (or restarts) a scan; resolves when the requested folders have been scanned or the scan was superseded. */
  scan(request: ScanRequest): Promise<void> {
    const folders = request.folders ? new Set(request.folders) : 'all';
    if (this.current) {
      // merge with what is waiting, cancel the running scan; the merged request runs next
      const waiting = this.queued;
      this.queued = {
        folders: folders === 'all' || waiting?.folders === 'all' ? 'all' : new Set([...folders, ...(waiting?.folders ?? [])]),
        interactive: request.interactive || (waiting?.interactive ?? false),
      };
      this.current.controller.abort();
      return this.whenIdle();
    }
    return this.start(folders, request.interactive);
  }

  cancel(): void {
    this.queued = undefined;
    this.current?.controller.abort();
  }

  async whenIdle(): Promise<void> {
    while (this.current) await this.current.done;
  }

  private start(folders: Set<FolderRecord> | 'all', interactive: boolean): Promise<void> {
    const controller = new AbortController();
    const targets = (folders === 'all' ? this.store.folders : [...folders]).filter((record) => !record.isVirtual);
    const run = async (): Promise<void> => {
      if (!interactive) {
        await this.scanFolders(targets, controller.signal);
        return;
      }
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: 'ProdReady', cancellable: true },
        async (progress, token) => {
          token.onCancellationRequested(() => { controller.abort(); });
          progress.report({ message: 'Scanning workspace…' });
          let reported = 0;
          await this.scanFolders(targets, controller.signal, (record, done, total) => {
            // withProgress increments are relative; report the share of this folder's files
            const share = (100 * done) / Math.max(total, 1) / Math.max(targets.length, 1);
            const folderIndex = targets.indexOf(record);
            const overall = (100 * folderIndex) / Math.max(targets.length, 1) + share;
            progress.report({ message: `Scanning ${targets.length > 1 ? `${record.folder.name}: ` : ''}${String(done)}/${String(total)} files`, increment: overall - reported });
            reported = overall;
          });
        },
      );
    };
    const done = run()
      .catch((error: unknown) => {
        void vscode.window.showErrorMessage(`ProdReady: the workspace scan failed: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.current = undefined;
        this.finished.fire();
        const next = this.queued;
        this.queued = undefined;
        if (next) void this.start(next.folders, next.interactive);
      });
    this.current = { controller, done };
    return this.whenIdle();
  }

  private async scanFolders(
    targets: readonly FolderRecord[],
    signal: AbortSignal,
    onProgress?: (record: FolderRecord, done: number, total: number) => void,
  ): Promise<void> {
    this.lastDurations = [];
    for (const record of targets) record.status = 'scanning';
    this.store.statusChanged();
    for (const record of targets) {
      if (signal.aborted) {
        record.status = record.lastScan ? 'scanned' : 'cancelled';
        continue;
      }
      let result: ScanResult;
      try {
        const ignore = [...record.config.config.ignore, ...record.config.extraIgnore];
        // the walk's file list decides which open documents are analysed (the scan walks again: cheap)
        const walk = await walkWorkspace({ root: record.root, ignore, signal });
        record.included = Promise.resolve(new Set(walk.files));
        const workers = walk.files.length < FILES_PER_EXTRA_WORKER ? 1 : Math.max(1, Math.min(availableParallelism(), 8));
        record.progress = { done: 0, total: walk.files.length };
        let lastReport = 0;
        result = await engine().scanWorkspace({
          root: record.root,
          config: record.config.config,
          extraIgnore: record.config.extraIgnore,
          workers,
          signal,
          onProgress: (done, total) => {
            record.progress = { done, total };
            const now = performance.now();
            if (done === total || now - lastReport > 100) {
              lastReport = now;
              onProgress?.(record, done, total);
              this.store.statusChanged();
            }
          },
        });
      } catch (error) {
        record.status = 'failed';
        record.progress = undefined;
        record.notice = `The scan failed: ${error instanceof Error ? error.message : String(error)}`;
        this.store.statusChanged();
        continue;
      }
      record.progress = undefined;
      if (result.cancelled) {
        // keep the previous complete results; a first scan shows what it got
        if (!record.lastScan) this.store.applyScan(record, result);
        record.status = 'cancelled';
      } else {
        if (record.notice?.startsWith('The scan failed')) record.notice = undefined;
        this.store.applyScan(record, result);
        record.status = 'scanned';
        this.lastDurations.push({ folder: record.folder.name, ms: result.stats.durationMs, files: result.stats.files, lines: result.stats.lines });
      }
      this.store.statusChanged();
    }
  }

  dispose(): void {
    this.cancel();
    this.finished.dispose();
  }
}
