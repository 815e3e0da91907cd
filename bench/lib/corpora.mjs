// The speed corpora, built once into bench/.cache/corpora:
//  - npm-js / npm-ts: the JavaScript / TypeScript of a pinned set of well-known npm packages,
//    unpacked from their registry tarballs (`npm pack`);
//  - python-stdlib: the standard library of this machine's python3 (tests excluded);
//  - generated tiers (see generate.mjs).
// Each corpus is then pruned to exactly the files ProdReady analyses (its walk skips dist/,
// build/, vendor/…, minified and generated files), so every tool reads the same files.
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { generateWorkspace } from './generate.mjs';
import { CACHE, ENGINE_ENV, log, run } from './setup.mjs';

export const CORPORA_DIR = path.join(CACHE, 'corpora');

/** Pinned packages. `include` picks the files (relative to the package root) that form the corpus. */
export const NPM_JS = [
  { name: 'express', version: '4.21.2' },
  { name: 'koa', version: '2.15.3' },
  { name: 'axios', version: '1.7.9' },
  { name: 'bluebird', version: '3.7.2' },
  { name: 'knex', version: '3.1.0' },
  { name: 'async', version: '3.2.6' },
];
export const NPM_JS_QUICK = NPM_JS.slice(0, 3);
export const NPM_TS = [{ name: 'rxjs', version: '7.8.1', under: 'src/' }];

const JS_FILE = /\.(?:js|mjs|cjs|jsx)$/;
const TS_FILE = /\.(?:ts|tsx|mts|cts)$/;
const DECLARATION = /\.d\.[mc]?ts$/;
const PYTHON_TESTS = new Set(['test', 'tests', 'idle_test', 'site-packages', '__pycache__']);

function listFiles(dir, base = dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(full, base));
    else if (entry.isFile()) out.push(path.relative(base, full).split(path.sep).join('/'));
  }
  return out;
}

/** Removes every file the engine's walk or reader would skip; returns what is left. */
function pruneToAnalysed(engine, dir) {
  const result = run(process.execPath, [engine, 'analysed-files', dir], { env: ENGINE_ENV });
  if (!result.ok) throw new Error(`listing the files ProdReady reads in ${dir} failed: ${result.stderr}`);
  const keep = new Set(JSON.parse(result.stdout));
  let removed = 0;
  for (const file of listFiles(dir)) {
    if (!keep.has(file)) {
      rmSync(path.join(dir, file));
      removed++;
    }
  }
  return { kept: keep.size, removed };
}

/** Lines and bytes per language id of a folder's files. */
export function describeFiles(dir, filter = () => true) {
  let files = 0;
  let bytes = 0;
  let lines = 0;
  for (const file of listFiles(dir)) {
    if (!filter(file)) continue;
    const buffer = readFileSync(path.join(dir, file));
    files++;
    bytes += buffer.length;
    for (let i = buffer.indexOf(10); i !== -1; i = buffer.indexOf(10, i + 1)) lines++;
  }
  return { files, bytes, lines };
}

function built(marker, spec) {
  return existsSync(marker) && readFileSync(marker, 'utf8') === JSON.stringify(spec);
}

function npmCorpus(engine, id, packages, select) {
  const dir = path.join(CORPORA_DIR, id);
  const marker = `${dir}.meta.json`;
  const spec = { packages, version: 2 };
  if (built(marker, spec)) return dir;
  log(`building corpus ${id} from ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}…`);
  rmSync(dir, { recursive: true, force: true });
  const tarballs = path.join(CACHE, 'tarballs');
  mkdirSync(tarballs, { recursive: true });
  for (const pkg of packages) {
    const tgz = path.join(tarballs, `${pkg.name.replace('/', '-')}-${pkg.version}.tgz`);
    if (!existsSync(tgz)) {
      const pack = run('npm', ['pack', `${pkg.name}@${pkg.version}`, '--pack-destination', tarballs, '--silent', '--loglevel=error'], { cwd: tarballs });
      if (!pack.ok || !existsSync(tgz)) throw new Error(`npm pack ${pkg.name}@${pkg.version} failed: ${pack.stderr}`);
    }
    const unpacked = path.join(CACHE, 'tmp', `${pkg.name}-${pkg.version}`);
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked, { recursive: true });
    const untar = run('tar', ['xzf', tgz, '-C', unpacked]);
    if (!untar.ok) throw new Error(`tar xzf ${tgz} failed: ${untar.stderr}`);
    const root = path.join(unpacked, 'package');
    for (const file of listFiles(root)) {
      if (pkg.under && !file.startsWith(pkg.under)) continue;
      if (!select(file)) continue;
      const target = path.join(dir, `${pkg.name}@${pkg.version}`, file);
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(path.join(root, file), target);
    }
    rmSync(unpacked, { recursive: true, force: true });
  }
  pruneToAnalysed(engine, dir);
  writeFileSync(marker, JSON.stringify(spec));
  return dir;
}

export function npmJsCorpus(engine, quick) {
  return npmCorpus(engine, quick ? 'npm-js-quick' : 'npm-js', quick ? NPM_JS_QUICK : NPM_JS, (f) => JS_FILE.test(f));
}

export function npmTsCorpus(engine) {
  return npmCorpus(engine, 'npm-ts', NPM_TS, (f) => TS_FILE.test(f) && !DECLARATION.test(f));
}

export function pythonStdlibDir() {
  const result = run('python3', ['-c', 'import sys, sysconfig; print(sysconfig.get_paths()["stdlib"]); print(sys.version.split()[0])']);
  if (!result.ok) return undefined;
  const [dir, version] = result.stdout.trim().split('\n');
  return { dir, version };
}

/** Quick mode takes a few packages of the standard library; the full corpus is all of it but the tests. */
const STDLIB_QUICK = ['json', 'email', 'http', 'logging', 'urllib', 'concurrent'];

export function pythonCorpus(engine, quick) {
  const stdlib = pythonStdlibDir();
  if (!stdlib) return undefined;
  const id = quick ? 'python-stdlib-quick' : 'python-stdlib';
  const dir = path.join(CORPORA_DIR, id);
  const marker = `${dir}.meta.json`;
  const spec = { source: stdlib.dir, python: stdlib.version, quick, version: 2 };
  if (built(marker, spec)) return { dir, python: stdlib.version, source: stdlib.dir };
  log(`building corpus ${id} from ${stdlib.dir}…`);
  rmSync(dir, { recursive: true, force: true });
  for (const file of listFiles(stdlib.dir)) {
    if (!file.endsWith('.py')) continue;
    const parts = file.split('/');
    if (parts.slice(0, -1).some((p) => PYTHON_TESTS.has(p))) continue;
    if (quick && !STDLIB_QUICK.includes(parts[0])) continue;
    const target = path.join(dir, file);
    mkdirSync(path.dirname(target), { recursive: true });
    cpSync(path.join(stdlib.dir, file), target);
  }
  pruneToAnalysed(engine, dir);
  writeFileSync(marker, JSON.stringify(spec));
  return { dir, python: stdlib.version, source: stdlib.dir };
}

export function generatedTier(tierLines) {
  const dir = path.join(CORPORA_DIR, `generated-${tierLabel(tierLines)}`);
  const languages = generateWorkspace(dir, tierLines);
  return { dir, languages };
}

export function tierLabel(lines) {
  return lines >= 1_000_000 ? `${lines / 1_000_000}M` : `${lines / 1000}k`;
}

export function isDirectory(p) {
  return existsSync(p) && statSync(p).isDirectory();
}

export { listFiles };
