/**
 * The worker thread that analyses single documents and files for the editor, so tree-sitter never
 * runs on the extension host's thread. Started on first use; restarted if it dies or hangs.
 */
import type { FileOutcome } from '../core/analyze-file';
import type { ResolvedConfig } from '../core/config';
import type { WorkerResponse } from '../core/worker';
import { WorkerPool } from '../core/worker-pool';

export type TextOutcome = Extract<WorkerResponse, { kind: 'text' }>['outcome'];

const REQUEST_TIMEOUT_MS = 30_000;

export class AnalysisWorker {
  private pool: WorkerPool | undefined;
  private inFlight = 0;
  private idleWaiters: (() => void)[] = [];

  /** Analyses `text` as the file at `path` (posix, relative to its workspace folder). */
  async analyzeText(path: string, text: string, config: ResolvedConfig): Promise<TextOutcome> {
    const response = await this.request({ kind: 'text', path, text, config });
    if (response.kind !== 'text') throw new Error(response.kind === 'error' ? response.message : `unexpected ${response.kind} response`);
    return response.outcome;
  }

  /** Reads and analyses files on disk (honouring the size limit, binary and encoding checks). */
  async analyzeFiles(root: string, files: readonly string[], config: ResolvedConfig): Promise<FileOutcome[]> {
    const response = await this.request({ kind: 'files', root, files, config });
    if (response.kind !== 'files') throw new Error(response.kind === 'error' ? response.message : `unexpected ${response.kind} response`);
    return response.outcomes;
  }

  /**
   * Starts the worker and loads grammars (one empty file per path) while nothing else is going on,
   * so the next file the user opens is analysed without the thread's start-up cost.
   */
  async warmUp(paths: readonly string[], config: ResolvedConfig): Promise<void> {
    if (this.warmed) return;
    this.warmed = true;
    for (const path of paths) await this.analyzeText(path, '', config).catch(() => undefined);
  }

  private warmed = false;

  get busy(): boolean {
    return this.inFlight > 0;
  }

  /** Resolves when no request is in flight. */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private async request(body: Parameters<WorkerPool['request']>[0]): Promise<WorkerResponse> {
    this.pool ??= new WorkerPool(1);
    const pool = this.pool;
    this.inFlight++;
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => { reject(new Error(`analysis did not finish within ${String(REQUEST_TIMEOUT_MS / 1000)} s`)); }, REQUEST_TIMEOUT_MS);
      });
      return await Promise.race([pool.request(body), timeout]);
    } catch (error) {
      // a crashed or stuck worker: start a fresh one for the next request
      if (this.pool === pool) this.pool = undefined;
      void pool.close();
      throw error;
    } finally {
      clearTimeout(timer);
      this.inFlight--;
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.close();
  }
}
