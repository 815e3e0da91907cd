// Side-by-side timing: every tool of a suite runs once per round, in rotating order, as a fresh
// process; the table reports the median of the rounds (wall, CPU) and the peak RSS.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { describeFiles } from './corpora.mjs';
import { CACHE, ENGINE_ENV, log } from './setup.mjs';
import { categoryOf, TOOLS } from './tools.mjs';
import { toolCovers } from './accuracy.mjs';

const MEASURE = path.join(import.meta.dirname, 'measure.py');
const OUT = path.join(CACHE, 'out');

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};

/** One cold run of a command; returns the rusage numbers and where its stdout went. */
function measure(command, cwd, name, env = process.env) {
  mkdirSync(OUT, { recursive: true });
  const stdout = path.join(OUT, `${name}.stdout`);
  const stderr = path.join(OUT, `${name}.stderr`);
  const result = spawnSync('python3', [MEASURE, cwd, stdout, stderr, '--', ...command], { encoding: 'utf8', env });
  if (result.status !== 0) throw new Error(`measuring ${command.join(' ')} failed: ${result.stderr}`);
  return { ...JSON.parse(result.stdout), stdout, stderr };
}

/** parse-only: the engine's walk + read + tree-sitter parse, one thread, no rules. */
const PARSE_ONLY = {
  label: 'parse only (tree-sitter, 1 thread)',
  command: (engine, dir) => [process.execPath, engine, 'parse-only', dir],
};

function runOnce(tool, suite, engine, round) {
  const name = `${suite.id.replace(/[^\w.-]+/g, '_')}.${tool}`;
  if (tool === 'parse-only') {
    const sample = measure(PARSE_ONLY.command(engine, suite.dir), suite.dir, name, ENGINE_ENV);
    if (sample.exitCode !== 0) throw new Error(`parse-only failed on ${suite.dir}: ${readFileSync(sample.stderr, 'utf8').slice(-1500)}`);
    const report = JSON.parse(readFileSync(sample.stdout, 'utf8'));
    return { sample, report: { filesRead: report.files, parseErrors: report.filesWithSyntaxErrors, parseMs: report.parseMs, errorFiles: report.errorFiles } };
  }
  const spec = TOOLS[tool];
  const out = path.join(OUT, `${name}.json`);
  rmSync(out, { force: true });
  const sample = measure(spec.command(suite.dir, out), suite.dir, name);
  let report;
  try {
    report = spec.read(out, suite.dir);
  } catch (error) {
    const stderr = existsSync(sample.stderr) ? readFileSync(sample.stderr, 'utf8').slice(-1500) : '';
    throw new Error(`${spec.label} produced no readable report on ${suite.dir} (round ${round}, exit ${sample.exitCode}): ${error.message}\n${stderr}`);
  }
  return { sample, report: { filesRead: report.filesRead, parseErrors: report.parseErrors, findings: report.findings.length, scanMs: report.scanMs }, all: report.findings };
}

/**
 * On real code there is no ground truth: what each peer reports in ProdReady's four categories
 * and ProdReady does not (and the reverse), same file and category, start lines at most 2 apart.
 * A sample of each side is kept for reading.
 */
function agreement(findingsByTool) {
  const ours = (findingsByTool.prodready ?? []).map((f) => ({ ...f, category: categoryOf('prodready', f) }));
  const out = {};
  for (const [tool, findings] of Object.entries(findingsByTool)) {
    if (tool === 'prodready') continue;
    const theirs = findings.map((f) => ({ ...f, category: categoryOf(tool, f) })).filter((f) => f.category);
    const near = (a, b) => a.file === b.file && a.category === b.category && Math.abs(a.line - b.line) <= 2;
    const perCategory = {};
    const peerOnly = [];
    const prodreadyOnly = [];
    for (const f of theirs) {
      const cell = (perCategory[f.category] ??= { both: 0, peerOnly: 0, prodreadyOnly: 0 });
      if (ours.some((o) => near(o, f))) cell.both++;
      else {
        cell.peerOnly++;
        peerOnly.push(f);
      }
    }
    for (const o of ours) {
      if (toolCovers(tool, o.category) && !theirs.some((f) => near(o, f))) {
        (perCategory[o.category] ??= { both: 0, peerOnly: 0, prodreadyOnly: 0 }).prodreadyOnly++;
        prodreadyOnly.push(o);
      }
    }
    const sample = (xs) => xs.slice(0, 25).map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId, category: f.category }));
    out[tool] = { perCategory, peerOnly: sample(peerOnly), prodreadyOnly: sample(prodreadyOnly) };
  }
  return out;
}

/**
 * suites: [{ id, title, group, dir, tools: ['prodready', 'parse-only', 'eslint', …] }]
 * Returns per suite, per tool: medians, files, bytes and the first report's counts.
 */
export function runSpeed(suites, { runs, engine, available }) {
  const results = [];
  for (const suite of suites) {
    const tools = suite.tools.filter((t) => t === 'parse-only' || available.has(t));
    const samples = Object.fromEntries(tools.map((t) => [t, []]));
    const reports = {};
    const firstFindings = {};
    const started = performance.now();
    for (let round = 0; round < runs; round++) {
      const order = tools.map((_, i) => tools[(i + round) % tools.length]);
      for (const tool of order) {
        const { sample, report, all } = runOnce(tool, suite, engine, round);
        if (round === 0 && suite.group === 'real' && all) firstFindings[tool] = all;
        samples[tool].push(sample);
        if (tool === 'prodready') (reports.prodreadyScanMs ??= []).push(report.scanMs);
        if (tool === 'parse-only') (reports.parseMs ??= []).push(report.parseMs);
        reports[tool] ??= report;
      }
    }
    const entry = { id: suite.id, title: suite.title, group: suite.group, language: suite.language, tier: suite.tier, dir: path.relative(CACHE, suite.dir), tools: {} };
    for (const tool of tools) {
      const reads = tool === 'parse-only' ? TOOLS.prodready.reads : TOOLS[tool].reads;
      const input = describeFiles(suite.dir, reads);
      const s = samples[tool];
      const wall = median(s.map((x) => x.wall));
      entry.tools[tool] = {
        label: tool === 'parse-only' ? PARSE_ONLY.label : TOOLS[tool].label,
        runs: s.length,
        wall,
        walls: s.map((x) => round3(x.wall)),
        cpu: median(s.map((x) => x.cpu)),
        maxrssMiB: Math.max(...s.map((x) => x.maxrssMiB)),
        maxrssMedianMiB: median(s.map((x) => x.maxrssMiB)),
        bestWall: Math.min(...s.map((x) => x.wall)),
        files: input.files,
        bytes: input.bytes,
        lines: input.lines,
        filesPerSecond: input.files / wall,
        mbPerSecond: input.bytes / 1e6 / wall,
        filesReported: reports[tool].filesRead,
        parseErrors: reports[tool].parseErrors,
        findings: reports[tool].findings,
        ...(tool === 'prodready' ? { scanMs: median(reports.prodreadyScanMs) } : {}),
        ...(tool === 'parse-only' ? { parseMs: median(reports.parseMs), errorFiles: reports[tool].errorFiles } : {}),
      };
    }
    const pr = entry.tools.prodready;
    for (const [tool, t] of Object.entries(entry.tools)) {
      if (tool !== 'prodready' && pr && t.files === pr.files) {
        t.ratio = pr.wall / t.wall;
        t.cpuRatio = pr.cpu / t.cpu;
      }
      if (tool !== 'prodready' && pr && t.files !== pr.files) t.note = `reads ${t.files} of ${pr.files} files`;
    }
    if (suite.group === 'real') entry.agreement = agreement(firstFindings);
    results.push(entry);
    const summary = tools.map((t) => `${t} ${entry.tools[t].wall.toFixed(2)}s`).join(', ');
    log(`${suite.id}: ${summary} (${((performance.now() - started) / 1000).toFixed(0)} s for ${runs} rounds)`);
  }
  return results;
}

const round3 = (x) => Math.round(x * 1000) / 1000;
