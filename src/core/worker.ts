/**
 * Worker-thread entry: analyses batches of files so a scan uses every core and the extension
 * host's thread never runs a parser. Bundled as dist/worker.js.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeFileOnDisk, type FileOutcome } from './analyze-file';
import { analyzeText } from './analyze';
import type { ResolvedConfig } from './config';

export type WorkerRequest =
  | { readonly kind: 'files'; readonly id: number; readonly root: string; readonly files: readonly string[]; readonly config: ResolvedConfig }
  | { readonly kind: 'text'; readonly id: number; readonly path: string; readonly text: string; readonly config: ResolvedConfig };

export type WorkerResponse =
  | { readonly kind: 'files'; readonly id: number; readonly outcomes: FileOutcome[] }
  | { readonly kind: 'text'; readonly id: number; readonly outcome: Omit<FileOutcome, 'bytes'> }
  | { readonly kind: 'error'; readonly id: number; readonly message: string };

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  if (request.kind === 'files') {
    const outcomes: FileOutcome[] = [];
    for (const file of request.files) outcomes.push(await analyzeFileOnDisk(request.root, file, request.config));
    return { kind: 'files', id: request.id, outcomes };
  }
  const analysis = await analyzeText({ path: request.path, text: request.text, config: request.config });
  return {
    kind: 'text',
    id: request.id,
    outcome: { file: request.path, findings: analysis.findings, ruleErrors: analysis.ruleErrors, hasSyntaxErrors: analysis.hasSyntaxErrors, lines: analysis.lines, facts: analysis.facts },
  };
}

const port = parentPort;
if (port) {
  port.on('message', (request: WorkerRequest) => {
    handle(request).then(
      (response) => { port.postMessage(response); },
      (error: unknown) => { port.postMessage({ kind: 'error', id: request.id, message: error instanceof Error ? error.message : String(error) }); },
    );
  });
}
