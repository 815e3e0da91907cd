// First-run installation into bench/.cache (git-ignored, owned by the bench): the peers from the
// npm registry at the versions pinned in bench/peers/package-lock.json, Debian's python3-bandit
// when apt-get is there and we are root, the engine bundle the bench measures, and the corpora.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO = path.resolve(import.meta.dirname, '..', '..');
export const BENCH = path.join(REPO, 'bench');
export const CACHE = path.join(BENCH, '.cache');
export const PEERS = path.join(CACHE, 'peers');
/** The build the bench measures: a copy of dist/ taken at start, so a rebuild during the run cannot change it. */
export const DIST = path.join(CACHE, 'dist');

const log = (message) => process.stderr.write(`[bench] ${message}\n`);

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  return { ok: result.status === 0 && !result.error, status: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '', error: result.error };
}

const hash = (files) => createHash('sha256').update(files.map((f) => readFileSync(f)).join('\0')).digest('hex').slice(0, 16);

/** npm peers: `npm ci` from the committed lockfile, redone only when the pins change. */
export function ensureNpmPeers() {
  const source = path.join(BENCH, 'peers');
  const pinned = ['package.json', 'package-lock.json'].map((f) => path.join(source, f));
  const stamp = path.join(PEERS, '.installed');
  const want = hash(pinned);
  mkdirSync(PEERS, { recursive: true });
  for (const file of ['package.json', 'package-lock.json', 'eslint.config.mjs']) copyFileSync(path.join(source, file), path.join(PEERS, file));
  copyFileSync(path.join(source, 'secretlintrc.json'), path.join(PEERS, '.secretlintrc.json'));
  if (!existsSync(stamp) || readFileSync(stamp, 'utf8') !== want) {
    log('installing ESLint + eslint-plugin-security + eslint-plugin-sonarjs + typescript-eslint and secretlint into bench/.cache/peers (npm ci)…');
    const result = run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: PEERS });
    if (!result.ok) throw new Error(`npm ci for the bench peers failed:\n${result.stderr.slice(-2000)}`);
    writeFileSync(stamp, want);
  }
  const version = (name) => JSON.parse(readFileSync(path.join(PEERS, 'node_modules', name, 'package.json'), 'utf8')).version;
  return {
    eslint: version('eslint'),
    'eslint-plugin-security': version('eslint-plugin-security'),
    'eslint-plugin-sonarjs': version('eslint-plugin-sonarjs'),
    'typescript-eslint': version('typescript-eslint'),
    typescript: version('typescript'),
    secretlint: version('secretlint'),
    '@secretlint/secretlint-rule-preset-recommend': version('@secretlint/secretlint-rule-preset-recommend'),
  };
}

/** bandit: found on PATH, else Debian's python3-bandit when we may install it, else a reason to skip. */
export function ensureBandit() {
  const command = process.env.BENCH_BANDIT ?? 'bandit';
  const probe = () => run(command, ['--version']);
  let found = probe();
  if (!found.ok && process.env.BENCH_BANDIT) return { skipped: `BENCH_BANDIT=${command} does not run` };
  if (!found.ok) {
    const hasApt = run('sh', ['-c', 'command -v apt-get']).ok;
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!hasApt) return { skipped: 'bandit is not installed and apt-get is not available (install bandit to include it)' };
    if (!root) return { skipped: 'bandit is not installed and installing python3-bandit with apt-get needs root (run `sudo apt-get install python3-bandit`)' };
    log('installing bandit (Debian package python3-bandit)…');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    let install = run('apt-get', ['install', '-y', '-qq', 'python3-bandit'], { env });
    if (!install.ok) {
      run('apt-get', ['update', '-qq'], { env });
      install = run('apt-get', ['install', '-y', '-qq', 'python3-bandit'], { env });
    }
    if (!install.ok) return { skipped: `apt-get install python3-bandit failed: ${install.stderr.trim().split('\n').pop()}` };
    found = probe();
    if (!found.ok) return { skipped: 'python3-bandit installed but `bandit` does not run' };
  }
  const version = /(\d+\.\d+\.\d+)/.exec(found.stdout + found.stderr)?.[1] ?? 'unknown';
  const python = /python version\s*=\s*(\S+)/.exec(found.stdout + found.stderr)?.[1];
  return { version: process.env.BENCH_BANDIT ? `${version} (BENCH_BANDIT=${command})` : version, python };
}

/** The engine's own modules (walk, parser, analyzeText, registry) bundled for parse-only, latency and fixtures. */
export async function buildEngineBundle() {
  const { build } = await import(path.join(REPO, 'node_modules', 'esbuild', 'lib', 'main.js'));
  const outfile = path.join(CACHE, 'build', 'engine.cjs');
  await build({
    entryPoints: [path.join(BENCH, 'lib', 'engine-entry.mjs')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    sourcemap: true,
    logLevel: 'error',
    alias: { 'web-tree-sitter': path.join(REPO, 'node_modules', 'web-tree-sitter', 'tree-sitter.cjs') },
  });
  return outfile;
}

/** Copies dist/ (CLI, worker, wasm, source maps) to bench/.cache/dist. */
export function snapshotDist() {
  const source = path.join(REPO, 'dist');
  if (!existsSync(path.join(source, 'cli.js'))) throw new Error('dist/cli.js is missing: run `npm run build` (npm run bench does it for you)');
  rmSync(DIST, { recursive: true, force: true });
  cpSync(source, DIST, { recursive: true });
  return DIST;
}

/** The engine bundle finds the wasm files through PRODREADY_WASM_DIR, pointing at the snapshot. */
export const ENGINE_ENV = { ...process.env, PRODREADY_WASM_DIR: DIST };

export function machine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cores: os.availableParallelism(),
    memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    python3: run('python3', ['--version']).stdout.trim() || run('python3', ['--version']).stderr.trim(),
    nodeStartMs: nodeStartMs(),
  };
}

/** Median wall time of `node -e 0`: the start-up every Node-based tool pays before its first line runs. */
function nodeStartMs() {
  const samples = [];
  for (let i = 0; i < 7; i++) {
    const t0 = performance.now();
    run(process.execPath, ['-e', '0']);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  return Math.round(samples[3]);
}

export function prodreadyVersion() {
  const pkg = JSON.parse(readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const git = run('git', ['rev-parse', '--short', 'HEAD'], { cwd: REPO });
  const dirty = run('git', ['status', '--porcelain', '--', 'src'], { cwd: REPO });
  return { version: pkg.version, commit: git.ok ? git.stdout.trim() + (dirty.stdout.trim() ? '+local changes' : '') : 'uncommitted' };
}

export { run, log };
