// The extension's speed, measured in a real VS Code (benchmark, not a test):
//   npm run bench:extension            (node bench/extension/run.mjs)
// 1. packages the production .vsix (npm run package), reports its size, and runs the extension
//    unpacked from it;
// 2. opens a workspace made of the benchmark's generated 100k-line tier (bench/lib/generate.mjs,
//    8 languages) plus four 1,000-line files, in the offline VS Code host of scripts/setup-vscode-host.sh
//    (or --download: a VS Code downloaded by @vscode/test-electron);
// 3. bench/extension/suite.ts measures activation, the startup and explicit workspace scans (and the
//    extension host's longest event-loop stall meanwhile), open-to-diagnostics for the 1,000-line
//    files, and per-keystroke re-analysis latency (p50/p95);
// 4. writes bench/extension/results.json and prints a summary.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';
import { generateFile, generateWorkspace } from '../lib/generate.mjs';

const root = path.resolve(import.meta.dirname, '../..');
const download = process.argv.includes('--download');
const started = Date.now();

// 1. the .vsix users install (also leaves the production bundle in dist/ for the measurement)
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: 'inherit' });
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;
const vsix = path.join(root, `prodready-${version}.vsix`);
const vsixBytes = statSync(vsix).size;

// the extension exactly as the .vsix installs it
const scratch = mkdtempSync(path.join(tmpdir(), 'prodready-ext-bench-'));
execFileSync('unzip', ['-q', vsix, 'extension/*', '-d', scratch]);
const extension = path.join(scratch, 'extension');

// 2. the workspace: the 100k-line generated tier (cached like the rest of the benchmark) + 1,000-line files
const tier = path.join(root, 'bench/.cache/corpora/generated-100k');
const languages = generateWorkspace(tier, 100_000);
const workspace = path.join(scratch, 'workspace');
cpSync(tier, workspace, { recursive: true });
mkdirSync(path.join(workspace, 'latency'));
for (const [language, extension] of [['typescript', 'ts'], ['python', 'py'], ['go', 'go'], ['java', 'java']]) {
  const [orders, invoices] = language === 'java' ? ['Orders', 'Invoices'] : ['orders', 'invoices'];
  writeFileSync(path.join(workspace, 'latency', `${orders}.${extension}`), generateFile(language, 1000));
  writeFileSync(path.join(workspace, 'latency', `${invoices}.${extension}`), generateFile(language, 1000, 11));
}
const workspaceLines = Object.values(languages).reduce((sum, { lines }) => sum + lines, 0) + 8000;

// 3. measure in VS Code
const out = path.join(root, 'out/bench/extension');
rmSync(out, { recursive: true, force: true });
await esbuild.build({
  entryPoints: [path.join(root, 'bench/extension/suite.ts')], outdir: out, bundle: true, platform: 'node', format: 'cjs',
  target: 'node20', external: ['vscode', 'mocha'], logLevel: 'warning',
});
const resultFile = path.join(scratch, 'results.json');
try {
  await runTests({
    ...(download ? { version: 'stable' } : { vscodeExecutablePath: path.join(root, 'test/extension/host/code-offline.mjs') }),
    extensionDevelopmentPath: extension,
    extensionTestsPath: path.join(out, 'suite.js'),
    launchArgs: [workspace, `--user-data-dir=${path.join(scratch, 'user-data')}`, `--extensions-dir=${path.join(scratch, 'extensions')}`, '--disable-extensions'],
    extensionTestsEnv: { PRODREADY_BENCH_OUT: resultFile },
  });
  const measured = JSON.parse(readFileSync(resultFile, 'utf8'));
  const results = {
    date: new Date().toISOString(),
    machine: { cpus: cpus().length, cpu: cpus()[0]?.model, node: process.version },
    vscode: download ? 'downloaded stable' : 'VS Code server 1.139 (code-server 4.139.1, npm) + headless Chromium',
    workspace: { lines: workspaceLines, files: readdirSync(workspace, { recursive: true }).filter((f) => /\.\w+$/.test(String(f))).length },
    vsix: { file: path.basename(vsix), bytes: vsixBytes },
    ...measured,
  };
  writeFileSync(path.join(root, 'bench/extension/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  const { activation, workspaceScan, openToDiagnostics, keystroke } = results;
  console.log(`
ProdReady extension benchmark (${results.machine.cpus} cores, ${results.vscode})
  activation           bundle load ${activation.loadMs.toFixed(1)} ms + activate() ${activation.activateMs.toFixed(1)} ms
  workspace scan       ${results.workspace.lines.toLocaleString('en-US')} lines: ${workspaceScan.wallMs.join(' / ')} ms wall (Scan Workspace), engine ${workspaceScan.engineMs.map((f) => f.ms).join(', ')} ms; longest host stall ${Math.max(...workspaceScan.maxEventLoopStallMs)} ms
  open 1,000-line file first file of a language: ${openToDiagnostics.filter((o) => o.pass === 'first').map((o) => `${path.extname(o.file)} ${o.ms} ms (ours ${o.fromOpenEventMs})`).join(', ')}
                       another file:            ${openToDiagnostics.filter((o) => o.pass === 'again').map((o) => `${path.extname(o.file)} ${o.ms} ms (ours ${o.fromOpenEventMs})`).join(', ')}
                       (wall time from openTextDocument; "ours" from VS Code's open event to ProdReady's diagnostics)
  keystroke            change → diagnostics p50 ${keystroke.changeToDiagnosticsMs.p50} ms, p95 ${keystroke.changeToDiagnosticsMs.p95} ms (incl. ${keystroke.debounceMs} ms debounce; analysis p50 ${keystroke.analysisOnlyMs.p50} / p95 ${keystroke.analysisOnlyMs.p95} ms)
  typing burst         last key → diagnostics ${keystroke.burstOf30LastKeyToDiagnosticsMs} ms
  .vsix                ${(vsixBytes / 1024 / 1024).toFixed(2)} MB
  (${((Date.now() - started) / 1000).toFixed(0)} s; bench/extension/results.json)`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
