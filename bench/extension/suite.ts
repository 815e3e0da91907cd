/**
 * Runs inside the VS Code extension host (extensionTestsPath of bench/extension/run.mjs) and
 * measures the extension as a user meets it: activation, the startup and explicit workspace scans
 * of the 100k-line workspace, opening 1,000-line files, and re-analysis while typing. Writes the
 * numbers as JSON to $PRODREADY_BENCH_OUT.
 */
import { writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ProdReadyApi } from '../../src/extension/extension';
import { TYPING_DEBOUNCE_MS } from '../../src/extension/documents';
import { prodReady, sleep } from '../../test/extension/support/helpers';

const KEYSTROKES = 60;
const SCAN_RUNS = 3;
const LATENCY_FILES = ['latency/orders.ts', 'latency/orders.py', 'latency/orders.go', 'latency/Orders.java'];
/** Files of the same languages opened afterwards: their grammars are loaded by then. */
const LATENCY_FILES_AGAIN = ['latency/invoices.ts', 'latency/invoices.py', 'latency/invoices.go', 'latency/Invoices.java'];

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? Number.NaN;
}
const round = (value: number): number => Math.round(value * 10) / 10;
const stats = (values: readonly number[]): { p50: number; p95: number; max: number; n: number } =>
  ({ p50: round(percentile(values, 50)), p95: round(percentile(values, 95)), max: round(Math.max(...values)), n: values.length });

/** Resolves with the latency reported for the next analysis of `uri` (fails after 30 s). */
function nextAnalysis(api: ProdReadyApi, uri: vscode.Uri): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`no analysis of ${uri.toString()} within 30 s`)); }, 30_000);
    api.onDocumentAnalysed((analysed, milliseconds) => {
      if (analysed.toString() === uri.toString()) {
        clearTimeout(timer);
        api.onDocumentAnalysed(undefined);
        resolve(milliseconds);
      }
    });
  });
}

/** Longest stall of the extension host's event loop while `work` runs (a 5 ms timer that fires late). */
async function maxEventLoopStall(work: () => PromiseLike<unknown>): Promise<number> {
  let last = performance.now();
  let worst = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    worst = Math.max(worst, now - last - 5);
    last = now;
  }, 5);
  try {
    await work();
  } finally {
    clearInterval(timer);
  }
  return round(worst);
}

export async function run(): Promise<void> {
  const out = process.env.PRODREADY_BENCH_OUT;
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!out || !folder) throw new Error('PRODREADY_BENCH_OUT and a workspace folder are required');
  const api = await prodReady();
  const results: Record<string, unknown> = { activation: api.activation };

  // the startup scan (scanOnStartup), then explicit scans (Scan Workspace), with the host's event-loop stalls
  await api.whenIdle();
  results.startupScan = api.lastScan();
  const scans: number[] = [];
  const stalls: number[] = [];
  for (let i = 0; i < SCAN_RUNS; i++) {
    const started = performance.now();
    stalls.push(await maxEventLoopStall(() => vscode.commands.executeCommand('prodready.scanWorkspace')));
    scans.push(round(performance.now() - started));
  }
  await api.whenIdle();
  results.workspaceScan = { wallMs: scans, engineMs: api.lastScan(), maxEventLoopStallMs: stalls };

  // opening 1,000-line files: from "open" to the analysis of the editor's buffer; first one file per
  // language (its grammar may still have to load in the worker), then another file of each
  const opens: { file: string; pass: 'first' | 'again'; ms: number; fromOpenEventMs: number }[] = [];
  for (const [index, file] of [...LATENCY_FILES, ...LATENCY_FILES_AGAIN].entries()) {
    const pass = index < LATENCY_FILES.length ? 'first' : 'again';
    const uri = vscode.Uri.joinPath(folder.uri, file);
    const analysed = nextAnalysis(api, uri);
    const started = performance.now();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const sinceOpenEvent = await analysed;
    opens.push({ file, pass, ms: round(performance.now() - started), fromOpenEventMs: round(sinceOpenEvent) });
  }
  results.openToDiagnostics = opens;

  // keystrokes in the 1,000-line TypeScript file: each edit waits for its own analysis
  const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, LATENCY_FILES[0] ?? '')));
  const line = Math.floor(editor.document.lineCount / 2);
  const latencies: number[] = [];
  for (let i = 0; i < KEYSTROKES; i++) {
    const analysed = nextAnalysis(api, editor.document.uri);
    // type a space, then delete it: one keystroke each
    if (i % 2 === 0) await editor.edit((edit) => { edit.insert(new vscode.Position(line, 0), ' '); });
    else await editor.edit((edit) => { edit.delete(new vscode.Range(line, 0, line, 1)); });
    latencies.push(await analysed);
    await sleep(20);
  }
  // a burst of typing: 30 characters 40 ms apart, then the time to diagnostics after the last one
  const burstAnalysed = nextAnalysis(api, editor.document.uri);
  for (let i = 0; i < 30; i++) {
    await editor.edit((edit) => { edit.insert(new vscode.Position(line, 0), 'x'); });
    await sleep(40);
  }
  const burstMs = await burstAnalysed;
  results.keystroke = {
    debounceMs: TYPING_DEBOUNCE_MS,
    changeToDiagnosticsMs: stats(latencies),
    analysisOnlyMs: stats(latencies.map((ms) => ms - TYPING_DEBOUNCE_MS)),
    burstOf30LastKeyToDiagnosticsMs: round(burstMs),
  };
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  writeFileSync(out, JSON.stringify(results, null, 2));
}
