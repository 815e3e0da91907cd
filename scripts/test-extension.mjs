// Runs the extension's integration tests (test/extension/suite) in a real VS Code extension host.
//
//   node scripts/test-extension.mjs            offline: the VS Code server from scripts/setup-vscode-host.sh
//                                              + headless Chromium (no VS Code download)
//   node scripts/test-extension.mjs --download  @vscode/test-electron downloads VS Code (needs network and a display)
//   --no-build            reuse dist/ as it is
//   --grep=PATTERN        run only matching tests (also PRODREADY_TEST_GREP)
//   --screenshots=DIR     where tests save screenshots (default out/screenshots)
//
// Both paths go through @vscode/test-electron's runTests(); offline, its VS Code executable is
// test/extension/host/code-offline.mjs. The extension is staged in a temporary folder (what the
// .vsix ships, so a rebuild of dist/ meanwhile cannot disturb the run), and so is the fixture
// workspace, because the tests edit, create and delete files in it.
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const value = (name) => args.find((arg) => arg.startsWith(`--${name}=`))?.slice(name.length + 3);
const out = path.join(root, 'out/test/extension');
const started = Date.now();

if (!flag('no-build')) execFileSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });

// The suite runs inside the extension host: bundle each test file (mocha and vscode come from the host side).
rmSync(out, { recursive: true, force: true });
const suiteDir = path.join(root, 'test/extension/suite');
const entryPoints = readdirSync(suiteDir).filter((file) => file.endsWith('.ts')).map((file) => path.join(suiteDir, file));
await esbuild.build({
  entryPoints,
  outdir: out,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'inline',
  external: ['vscode', 'mocha'],
  alias: { 'web-tree-sitter': path.join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs') },
  logLevel: 'warning',
});
// the tests parse too (to know what the engine expects): the tree-sitter runtime and grammars beside them
copyFileSync(path.join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), path.join(out, 'tree-sitter.wasm'));
cpSync(path.join(root, 'dist/grammars'), path.join(out, 'grammars'), { recursive: true });

const scratch = mkdtempSync(path.join(tmpdir(), 'prodready-ext-test-'));
const extension = path.join(scratch, 'extension');
mkdirSync(extension);
for (const entry of ['package.json', 'README.md', 'dist', 'media', 'schemas']) cpSync(path.join(root, entry), path.join(extension, entry), { recursive: true });
const workspace = path.join(scratch, 'workspace');
cpSync(path.join(root, 'test/extension/fixtures/workspace'), workspace, { recursive: true });
const screenshots = path.resolve(value('screenshots') ?? path.join(root, 'out/screenshots'));
const download = flag('download');
const launcher = path.join(root, 'test/extension/host/code-offline.mjs');
chmodSync(launcher, 0o755);
if (!download && !existsSync(path.join(root, '.vscode-test/offline/cs/node_modules/code-server/lib/vscode/out/server-main.js')) && !process.env.PRODREADY_VSCODE_HOST_DIR) {
  console.error('No offline VS Code host: run `bash scripts/setup-vscode-host.sh` first (or pass --download on a machine that can download VS Code).');
  process.exit(1);
}

let exitCode = 0;
try {
  await runTests({
    ...(download ? { version: process.env.VSCODE_VERSION ?? 'stable' } : { vscodeExecutablePath: launcher }),
    extensionDevelopmentPath: extension,
    extensionTestsPath: path.join(out, 'index.js'),
    launchArgs: [
      path.join(workspace, 'fixture.code-workspace'),
      `--user-data-dir=${path.join(scratch, 'user-data')}`,
      `--extensions-dir=${path.join(scratch, 'extensions')}`,
      '--disable-extensions', // only ProdReady (the extension under development) runs
    ],
    extensionTestsEnv: {
      PRODREADY_REPO: root,
      SCREENSHOT_DIR: screenshots,
      ...(value('grep') ? { PRODREADY_TEST_GREP: value('grep') } : {}),
    },
  });
} catch (error) {
  exitCode = typeof error?.code === 'number' && error.code !== 0 ? error.code : 1;
  console.error(`Extension tests failed: ${error instanceof Error ? error.message : String(error)}`);
} finally {
  if (!process.env.KEEP_TMP) rmSync(scratch, { recursive: true, force: true });
}
console.log(`[test-extension] ${exitCode === 0 ? 'passed' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(exitCode);
