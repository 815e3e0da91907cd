// npm run bench [-- --quick | --full] [--runs N] [--only speed|accuracy|latency|profile] [--suite ID-PREFIX] [--render]
//
// Installs what it needs on first run into bench/.cache (peers from the npm registry, Debian's
// python3-bandit via apt-get when root), then measures ProdReady side by side with the tools a
// user would otherwise run, and writes bench/results/latest.json and docs/benchmarks.md.
//   default  real corpora (npm JS, npm TS, the Python standard library), generated tiers 10k,
//            100k and 1M lines (peers up to 100k), per-language throughput on the 1M tier,
//            in-editor latency, accuracy on the annotated fixtures, a CPU profile (10-20 min)
//   --quick  smaller corpora, tiers 10k and 100k (~5 min); results go to bench/.cache/results/quick.json
//   --full   as default, plus secretlint on the 1M tier
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runAccuracy } from './lib/accuracy.mjs';
import { generatedTier, npmJsCorpus, npmTsCorpus, pythonCorpus, tierLabel, NPM_JS, NPM_JS_QUICK, NPM_TS } from './lib/corpora.mjs';
import { LANGUAGES } from './lib/generate.mjs';
import { profileScan } from './lib/profile.mjs';
import { renderMarkdown } from './lib/report.mjs';
import { BENCH, buildEngineBundle, ENGINE_ENV, ensureBandit, ensureNpmPeers, log, machine, prodreadyVersion, REPO, run, snapshotDist } from './lib/setup.mjs';
import { runSpeed } from './lib/speed.mjs';

const { values: flags } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    full: { type: 'boolean', default: false },
    runs: { type: 'string' },
    only: { type: 'string', multiple: true },
    suite: { type: 'string', multiple: true },
    'no-docs': { type: 'boolean', default: false },
    render: { type: 'boolean', default: false },
  },
});
if (flags.render) {
  // --render: rewrite docs/benchmarks.md from bench/results/latest.json, measuring nothing
  const saved = JSON.parse(readFileSync(path.join(BENCH, 'results', 'latest.json'), 'utf8'));
  writeFileSync(path.join(REPO, 'docs', 'benchmarks.md'), renderMarkdown(saved));
  log('rewrote docs/benchmarks.md from bench/results/latest.json');
  process.exit(0);
}
const mode = flags.quick ? 'quick' : flags.full ? 'full' : 'default';
const runs = Number(flags.runs ?? 5);
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');
const parts = new Set(flags.only ?? ['speed', 'latency', 'accuracy', 'profile']);
const startedAt = new Date();
const loadAtStart = os.loadavg().map((x) => Math.round(x * 100) / 100);
const t0 = performance.now();

snapshotDist();

// ------------------------------------------------------------------ setup
const versions = { prodready: prodreadyVersion(), node: process.version };
const available = new Set(['prodready']);
const skipped = {};
try {
  Object.assign(versions, ensureNpmPeers());
  available.add('eslint').add('secretlint');
} catch (error) {
  skipped.eslint = skipped.secretlint = `npm peers could not be installed: ${error.message.split('\n')[0]}`;
}
const bandit = ensureBandit();
if (bandit.skipped) {
  skipped.bandit = bandit.skipped;
  log(`skipping bandit: ${bandit.skipped}`);
} else {
  available.add('bandit');
  versions.bandit = `${bandit.version}${bandit.python ? ` (python ${bandit.python})` : ''}`;
}
for (const [tool, why] of Object.entries(skipped)) if (tool !== 'bandit') log(`skipping ${tool}: ${why}`);
const engine = await buildEngineBundle();

// ------------------------------------------------------------------ corpora and suites
const quick = mode === 'quick';
const tiers = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
const peerTiers = new Set(mode === 'full' ? tiers : [10_000, 100_000]);
const suites = [];
const corpora = {};
if (parts.has('speed') || parts.has('profile')) {
  const npmJs = npmJsCorpus(engine, quick);
  corpora['npm-js'] = { packages: (quick ? NPM_JS_QUICK : NPM_JS).map((p) => `${p.name}@${p.version}`) };
  suites.push({ id: 'npm-js', title: `JavaScript of ${corpora['npm-js'].packages.length} npm packages`, group: 'real', dir: npmJs, tools: ['prodready', 'parse-only', 'eslint', 'secretlint'] });
  const npmTs = npmTsCorpus(engine);
  corpora['npm-ts'] = { packages: NPM_TS.map((p) => `${p.name}@${p.version} (${p.under}, no .d.ts)`) };
  suites.push({ id: 'npm-ts', title: 'TypeScript sources of rxjs', group: 'real', dir: npmTs, tools: ['prodready', 'parse-only', 'eslint', 'secretlint'] });
  const python = pythonCorpus(engine, quick);
  if (python) {
    corpora['python-stdlib'] = { python: python.python, source: python.source, subset: quick ? 'json, email, http, logging, urllib, concurrent' : 'all but tests and site-packages' };
    suites.push({ id: 'python-stdlib', title: `Python ${python.python} standard library${quick ? ' (part)' : ''}`, group: 'real', dir: python.dir, tools: ['prodready', 'parse-only', 'bandit', 'secretlint'] });
  }
  for (const tier of tiers) {
    const { dir, languages } = generatedTier(tier);
    const label = tierLabel(tier);
    corpora[`generated-${label}`] = languages;
    const peers = peerTiers.has(tier);
    suites.push({ id: `generated-${label}`, title: `generated, ${label} lines, 8 languages`, group: 'tier', tier, dir, tools: ['prodready', 'parse-only', ...(peers ? ['secretlint'] : [])] });
    if (peers) {
      suites.push({ id: `generated-${label}/javascript`, title: `generated ${label}: JavaScript part`, group: 'tier-part', tier, language: 'javascript', dir: path.join(dir, 'javascript'), tools: ['prodready', 'eslint'] });
      suites.push({ id: `generated-${label}/typescript`, title: `generated ${label}: TypeScript part`, group: 'tier-part', tier, language: 'typescript', dir: path.join(dir, 'typescript'), tools: ['prodready', 'eslint'] });
      suites.push({ id: `generated-${label}/python`, title: `generated ${label}: Python part`, group: 'tier-part', tier, language: 'python', dir: path.join(dir, 'python'), tools: ['prodready', 'bandit'] });
    }
  }
  const perLanguageTier = tiers[tiers.length - 1];
  const { dir: biggest } = generatedTier(perLanguageTier);
  for (const language of LANGUAGES) {
    suites.push({ id: `per-language-${tierLabel(perLanguageTier)}/${language}`, title: `${language}, ${tierLabel(perLanguageTier / 8)} lines`, group: 'language', tier: perLanguageTier, language, dir: path.join(biggest, language), tools: ['prodready', 'parse-only'] });
  }
}

// ------------------------------------------------------------------ measurements
const results = { mode, runs, startedAt: startedAt.toISOString(), machine: machine(), versions, skipped, corpora, command: `npm run bench${mode === 'default' ? '' : ` -- --${mode}`}` };
const selected = flags.suite ? suites.filter((s) => flags.suite.some((prefix) => s.id.startsWith(prefix))) : suites;
if (parts.has('speed')) results.speed = runSpeed(selected, { runs, engine, available });
if (parts.has('latency')) {
  log('in-editor latency: analyzeText with oldTree on 1,000-line files, one keystroke at a time…');
  const out = path.join(BENCH, '.cache', 'out', 'latency.json');
  mkdirSync(path.dirname(out), { recursive: true });
  const result = run(process.execPath, [engine, 'incremental', out], { env: ENGINE_ENV });
  if (!result.ok) throw new Error(`latency measurement failed: ${result.stderr}`);
  results.latency = JSON.parse(readFileSync(out, 'utf8'));
}
if (parts.has('accuracy')) results.accuracy = runAccuracy({ engine, available });
if (parts.has('profile')) {
  const target = suites.find((s) => s.id === 'generated-100k');
  if (target) {
    log('profiling one scan of the 100k-line tier (node --cpu-prof)…');
    results.profile = profileScan(target.dir, 'generated-100k', engine);
    log('timing every rule on the 100k-line tier (one thread)…');
    const costs = run(process.execPath, [engine, 'rule-costs', target.dir], { env: ENGINE_ENV });
    if (!costs.ok) throw new Error(`rule-costs failed: ${costs.stderr}`);
    results.ruleCosts = { dir: 'corpora/generated-100k', ...JSON.parse(costs.stdout) };
  }
}
results.durationSeconds = Math.round((performance.now() - t0) / 1000);
results.loadAverage = { atStart: loadAtStart, atEnd: os.loadavg().map((x) => Math.round(x * 100) / 100) };

// ------------------------------------------------------------------ output
// only a complete default or --full run replaces bench/results/latest.json (and the docs); quick and
// partial runs write next to the cache, out of the repository
const complete = parts.size === 4 && !flags.suite && mode !== 'quick';
const resultsDir = complete ? path.join(BENCH, 'results') : path.join(BENCH, '.cache', 'results');
mkdirSync(resultsDir, { recursive: true });
const jsonFile = path.join(resultsDir, complete ? 'latest.json' : mode === 'quick' && parts.size === 4 && !flags.suite ? 'quick.json' : 'partial.json');
writeFileSync(jsonFile, `${JSON.stringify(results, null, 2)}\n`);
log(`wrote ${path.relative(REPO, jsonFile)}`);
if (jsonFile.endsWith('latest.json') && !flags['no-docs']) {
  const docs = path.join(REPO, 'docs', 'benchmarks.md');
  mkdirSync(path.dirname(docs), { recursive: true });
  writeFileSync(docs, renderMarkdown(results));
  log(`wrote ${path.relative(REPO, docs)}`);
}
process.stdout.write(renderMarkdown(results, { summaryOnly: true }));
log(`done in ${results.durationSeconds} s`);
