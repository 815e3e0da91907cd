#!/usr/bin/env node
// A stand-in for the `code` executable that runs VS Code extension tests offline, so
// @vscode/test-electron's runTests({ vscodeExecutablePath }) works without downloading VS Code.
//
// The real VS Code: the VS Code server embedded in the npm package code-server (installed by
// scripts/setup-vscode-host.sh), running a real Node extension host; its workbench is opened in
// headless Chromium through playwright-core. `--enable-smoke-test-driver` makes the server honour
// extensionDevelopmentPath / extensionTestsPath passed in the URL's payload, and the workbench
// calls window.codeAutomationExit(code) when the test run ends (extension-host console output
// arrives through window.codeAutomationLog).
//
// Accepts the arguments runTests passes: --extensionDevelopmentPath=DIR --extensionTestsPath=FILE
// [--user-data-dir=DIR] [--extensions-dir=DIR] [FOLDER | FILE.code-workspace]; other flags are ignored.
// Environment: PRODREADY_VSCODE_HOST_DIR (default <repo>/.vscode-test/offline), SCREENSHOT_DIR
// (a test that logs "SCREENSHOT:<name>" gets <name>.png of the whole workbench there),
// TEST_TIMEOUT_MS (default 600000), VERBOSE=1 (server and page logs), CHROMIUM (default /usr/bin/chromium).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { format } from 'node:util';

const repo = path.resolve(import.meta.dirname, '../../..');
const require = createRequire(path.join(repo, 'package.json'));
const { chromium } = require('playwright-core');

const hostDir = process.env.PRODREADY_VSCODE_HOST_DIR ?? path.join(repo, '.vscode-test/offline');
const node24 = path.join(hostDir, 'node24/package/bin/node');
const serverMain = path.join(hostDir, 'cs/node_modules/code-server/lib/vscode/out/server-main.js');
if (!existsSync(node24) || !existsSync(serverMain)) {
  console.error(`[code-offline] no VS Code host in ${hostDir}: run  bash scripts/setup-vscode-host.sh`);
  process.exit(1);
}

const argv = process.argv.slice(2);
const option = (name) => {
  const index = argv.findIndex((arg) => arg === `--${name}` || arg.startsWith(`--${name}=`));
  if (index === -1) return undefined;
  const arg = argv[index];
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[index + 1];
};
const valueFlags = new Set(['--user-data-dir', '--extensions-dir', '--extensionDevelopmentPath', '--extensionTestsPath', '--locale']);
const positional = argv.filter((arg, index) => !arg.startsWith('-') && !valueFlags.has(argv[index - 1] ?? ''));
const extensionDevelopmentPath = option('extensionDevelopmentPath');
const extensionTestsPath = option('extensionTestsPath');
if (!extensionDevelopmentPath || !extensionTestsPath) {
  console.error('[code-offline] usage: code-offline.mjs --extensionDevelopmentPath=DIR --extensionTestsPath=FILE [FOLDER|FILE.code-workspace]');
  process.exit(2);
}

const scratch = mkdtempSync(path.join(tmpdir(), 'prodready-vscode-'));
const userData = path.resolve(option('user-data-dir') ?? path.join(scratch, 'user-data'));
const extensionsDir = path.resolve(option('extensions-dir') ?? path.join(scratch, 'extensions'));
const target = path.resolve(positional[0] ?? path.join(scratch, 'empty'));
if (!positional[0]) mkdirSync(target, { recursive: true });
mkdirSync(path.join(userData, 'User'), { recursive: true });
const userSettings = path.join(userData, 'User', 'settings.json');
if (!existsSync(userSettings)) {
  writeFileSync(userSettings, JSON.stringify({
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'chat.disableAIFeatures': true,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'security.workspace.trust.enabled': false,
    'update.mode': 'none',
    'git.enabled': false,
  }, null, 2));
}

const port = 20000 + Math.floor(Math.random() * 20000);
const started = Date.now();
const server = spawn(node24, [serverMain, '--host', '127.0.0.1', '--port', String(port), '--without-connection-token',
  '--accept-server-license-terms', '--enable-smoke-test-driver', '--disable-telemetry', '--disable-workspace-trust',
  '--server-data-dir', path.join(scratch, 'server-data'), '--user-data-dir', userData, '--extensions-dir', extensionsDir,
  '--logsPath', path.join(scratch, 'logs')], {
  detached: true, // its own process group: the file watcher, pty host and extension host go with it
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, PATH: `${path.dirname(node24)}:${process.env.PATH ?? ''}` },
});
let serverLog = '';
const onServerOutput = (data) => {
  serverLog = (serverLog + data).slice(-20000);
  if (process.env.VERBOSE) process.stderr.write(`[server] ${data}`);
};
server.stdout.on('data', onServerOutput);
server.stderr.on('data', onServerOutput);

async function waitForServer() {
  for (let attempt = 0; attempt < 600; attempt++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/version`)).ok) return;
    } catch {
      // not listening yet
    }
    if (server.exitCode !== null) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`the VS Code server did not start:\n${serverLog}`);
}

// Noise of a workbench without network access or accounts.
const NOISE = /open-vsx|ENOTFOUND|Service Worker|No signed-in session|ChatModelSelection|AgentHost|AccountPolicyGate|marketplace|getaddrinfo/;

let browser;
let exitCode = 1;
const stopping = () => { exitCode = 130; };
process.on('SIGINT', stopping);
process.on('SIGTERM', stopping);
try {
  await waitForServer();
  console.log(`[code-offline] VS Code server ${serverMain.includes('code-server') ? '(code-server)' : ''} ready on 127.0.0.1:${port} after ${Date.now() - started} ms`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 }, deviceScaleFactor: 1 });
  const screenshots = [];
  const finished = new Promise((resolve) => {
    void page.exposeFunction('codeAutomationExit', (code) => resolve(code));
    void page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = format(...(args ?? []));
      const shot = /SCREENSHOT:([\w.-]+)/.exec(line);
      if (shot && process.env.SCREENSHOT_DIR) {
        const file = path.join(process.env.SCREENSHOT_DIR, `${shot[1]}.png`);
        mkdirSync(process.env.SCREENSHOT_DIR, { recursive: true });
        screenshots.push(page.screenshot({ path: file }).then(() => console.log(`[code-offline] saved ${file}`), (error) => console.log(`[code-offline] screenshot failed: ${error.message}`)));
      }
      if (process.env.VERBOSE || !NOISE.test(line)) console.log(line);
    });
  });
  if (process.env.VERBOSE) page.on('console', (message) => console.error(`[page] ${message.text().slice(0, 400)}`));
  const remote = `127.0.0.1:${port}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', `vscode-remote://${remote}${path.resolve(extensionDevelopmentPath)}`],
    ['extensionTestsPath', `vscode-remote://${remote}${path.resolve(extensionTestsPath)}`],
  ]);
  const open = target.endsWith('.code-workspace') ? `workspace=${encodeURIComponent(target)}` : `folder=${encodeURIComponent(target)}`;
  await page.goto(`http://${remote}/?${open}&payload=${encodeURIComponent(payload)}`);
  const timeoutMs = Number(process.env.TEST_TIMEOUT_MS ?? 600000);
  const result = await Promise.race([finished, new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs))]);
  await Promise.all(screenshots);
  if (result === 'timeout') {
    console.log(`[code-offline] TIMEOUT after ${timeoutMs} ms; server log tail:\n${serverLog.slice(-4000)}`);
    exitCode = 124;
  } else {
    exitCode = typeof result === 'number' ? result : 1;
  }
  console.log(`[code-offline] tests finished with exit code ${exitCode} after ${Date.now() - started} ms`);
} catch (error) {
  console.error('[code-offline]', error);
  exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  // end the whole process group this launcher created (server, extension host, watchers)
  try { process.kill(-server.pid, 'SIGTERM'); } catch { /* already gone */ }
  await new Promise((resolve) => setTimeout(resolve, 500));
  try { process.kill(-server.pid, 'SIGKILL'); } catch { /* already gone */ }
  if (!process.env.KEEP_TMP) rmSync(scratch, { recursive: true, force: true });
}
process.exit(exitCode);
