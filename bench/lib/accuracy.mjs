// Accuracy on ground truth: the annotated fixtures (test/fixtures/<rule-id>/*) and, when it has an
// EXPECTED.json, the example workspace. Every tool scans the same materialised files once.
//
// Unit of scoring: (file, line, category). A fixture line annotated `expect:`/`todo-expect:` with a
// rule of category C is a positive for C; `ok:`/`todo-ok:` a negative (positive wins when both).
// A finding of category C (peer rules mapped with PEER_CATEGORY) counts for the first line it
// covers (start line first, then down to its end line) that is labelled for C; a finding that
// covers no labelled line is counted as "unlabelled" and does not enter precision or recall.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, mkdirSync, cpSync } from 'node:fs';
import path from 'node:path';
import { CACHE, ENGINE_ENV, REPO, log } from './setup.mjs';
import { TOOLS, categoryOf } from './tools.mjs';

export const CATEGORIES = ['hardcoded-data', 'swallowed-error', 'stack-trace-leak', 'sql-concat'];
const LANGUAGE_OF_EXT = { js: 'javascript', mjs: 'javascript', cjs: 'javascript', jsx: 'javascript', ts: 'typescript', tsx: 'typescript', mts: 'typescript', cts: 'typescript', py: 'python', pyw: 'python', java: 'java', go: 'go', cs: 'csharp', php: 'php', rb: 'ruby', rake: 'ruby' };
export const languageOfFile = (file) => LANGUAGE_OF_EXT[file.split('.').pop().toLowerCase()];

function engine(enginePath, args) {
  const result = spawnSync(process.execPath, [enginePath, ...args], { encoding: 'utf8', env: ENGINE_ENV, maxBuffer: 256 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`engine ${args[0]} failed: ${result.stderr}`);
  return JSON.parse(result.stdout);
}

function runTool(tool, dir, name) {
  const out = path.join(CACHE, 'out', `accuracy.${name}.${tool}.json`);
  mkdirSync(path.dirname(out), { recursive: true });
  rmSync(out, { force: true });
  const [command, ...args] = TOOLS[tool].command(dir, out);
  const result = spawnSync(command, args, { cwd: dir, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  try {
    return TOOLS[tool].read(out, dir);
  } catch (error) {
    throw new Error(`${TOOLS[tool].label} on ${dir}: no report (${error.message})\n${(result.stderr ?? '').slice(-1500)}`);
  }
}

/** labels: Map<file, Map<line, Map<category, { value: 'pos'|'neg', rules: Set<ruleId> }>>> (lines 1-based). */
function labelsFromFixtures(truth, categoryOfRule) {
  const labels = new Map();
  for (const fixture of truth) {
    const lines = new Map();
    for (const a of fixture.annotations) {
      for (const ruleId of a.ruleIds) {
        const category = categoryOfRule.get(ruleId);
        if (!category) continue;
        const line = a.targetLine + 1;
        const byCategory = lines.get(line) ?? new Map();
        const value = a.kind === 'expect' || a.kind === 'todo-expect' ? 'pos' : 'neg';
        const label = byCategory.get(category) ?? { value, rules: new Set() };
        if (value === 'pos') label.value = 'pos';
        label.rules.add(ruleId);
        byCategory.set(category, label);
        lines.set(line, byCategory);
      }
    }
    labels.set(fixture.file, lines);
  }
  return labels;
}

/** The labelled line of `category` a finding counts for: its start line, else the first labelled line it covers. */
function assignedLine(lines, finding, category) {
  if (!lines) return undefined;
  for (let line = finding.line; line <= Math.max(finding.line, finding.endLine); line++) if (lines.get(line)?.has(category)) return line;
  return undefined;
}

/**
 * A line annotated `ok: R` says rule R must not fire; it says nothing about another rule R' of the
 * same category (a hardcoded internal host inside a connection string without credentials is a
 * real hardcoded-data smell). Where ProdReady's R' fires on such a line, the line's truth for the
 * category is unknown: it is left out of every tool's score and listed, so the fixture can gain
 * an `expect: R'` or `ok: R'` annotation.
 */
function excludeOtherRuleLines(labels, prodreadyFindings) {
  const excluded = [];
  for (const f of prodreadyFindings) {
    const lines = labels.get(f.file);
    const line = assignedLine(lines, f, f.category);
    if (line === undefined) continue;
    const label = lines.get(line).get(f.category);
    if (label.value === 'neg' && !label.rules.has(f.ruleId)) {
      lines.get(line).delete(f.category);
      excluded.push({ file: f.file, line, category: f.category, annotated: [...label.rules], firing: f.ruleId });
    }
  }
  return excluded;
}

/** Scores one tool's findings against labels. Returns counts per language and category, and the hits. */
function score(tool, findings, labels, readsLanguage) {
  const predicted = new Set(); // `${file}\n${line}\n${category}`
  const unlabelled = [];
  const other = new Map();
  for (const f of findings) {
    const category = categoryOf(tool, f);
    if (!category) {
      other.set(f.ruleId, (other.get(f.ruleId) ?? 0) + 1);
      continue;
    }
    const hit = assignedLine(labels.get(f.file), f, category);
    if (hit === undefined) unlabelled.push({ file: f.file, line: f.line, ruleId: f.ruleId, category });
    else predicted.add(`${f.file}\n${hit}\n${category}`);
  }
  const counts = {}; // language -> category -> {tp, fp, fn, tn}
  const cases = [];
  for (const [file, lines] of labels) {
    const language = languageOfFile(file);
    if (!readsLanguage(language)) continue;
    for (const [line, byCategory] of lines) {
      for (const [category, { value: truth }] of byCategory) {
        const said = predicted.has(`${file}\n${line}\n${category}`);
        const cell = ((counts[language] ??= {})[category] ??= { tp: 0, fp: 0, fn: 0, tn: 0 });
        const outcome = truth === 'pos' ? (said ? 'tp' : 'fn') : said ? 'fp' : 'tn';
        cell[outcome]++;
        cases.push({ file, line, category, outcome });
      }
    }
  }
  return { counts, cases, unlabelled, other: Object.fromEntries([...other].sort((a, b) => b[1] - a[1])) };
}

export function prf(cell) {
  const precision = cell.tp + cell.fp > 0 ? cell.tp / (cell.tp + cell.fp) : undefined;
  const recall = cell.tp + cell.fn > 0 ? cell.tp / (cell.tp + cell.fn) : undefined;
  const f1 = precision !== undefined && recall !== undefined && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : precision === 0 || recall === 0 ? 0 : undefined;
  return { ...cell, precision, recall, f1 };
}

const add = (a, b) => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn, tn: a.tn + b.tn });
const ZERO = { tp: 0, fp: 0, fn: 0, tn: 0 };

/** Which categories a tool has any rule for (a tool with none shows "—", not 0). */
export function toolCovers(tool, category) {
  if (tool === 'prodready') return true;
  if (tool === 'secretlint') return category === 'hardcoded-data';
  const table = { eslint: ['hardcoded-data', 'swallowed-error', 'stack-trace-leak', 'sql-concat'], bandit: ['hardcoded-data', 'swallowed-error', 'stack-trace-leak', 'sql-concat'] };
  return table[tool].includes(category);
}

export const TOOL_LANGUAGES = {
  prodready: () => true,
  eslint: (l) => l === 'javascript' || l === 'typescript',
  secretlint: () => true,
  bandit: (l) => l === 'python',
};

function summarise(tool, scored) {
  const perLanguage = {};
  const perCategory = {};
  for (const [language, byCategory] of Object.entries(scored.counts)) {
    for (const [category, cell] of Object.entries(byCategory)) {
      (perLanguage[language] ??= {})[category] = prf(cell);
      perCategory[category] = add(perCategory[category] ?? ZERO, cell);
    }
  }
  const overall = Object.fromEntries(CATEGORIES.map((c) => [c, prf(perCategory[c] ?? ZERO)]));
  return { tool, overall, perLanguage, unlabelled: scored.unlabelled.length, unlabelledByCategory: countBy(scored.unlabelled, (u) => u.category), otherFindings: Object.values(scored.other).reduce((a, b) => a + b, 0), otherTop: Object.entries(scored.other).slice(0, 8) };
}

const countBy = (xs, key) => xs.reduce((acc, x) => ({ ...acc, [key(x)]: (acc[key(x)] ?? 0) + 1 }), {});

export function runAccuracy({ engine: enginePath, available }) {
  const meta = engine(enginePath, ['meta']);
  const categoryOfRule = new Map(meta.map((r) => [r.id, r.category]));
  const workspace = path.join(CACHE, 'accuracy', 'fixtures');
  rmSync(workspace, { recursive: true, force: true });
  const truth = engine(enginePath, ['fixtures', path.join(REPO, 'test', 'fixtures'), workspace]);
  const labels = labelsFromFixtures(truth, categoryOfRule);
  const tools = ['prodready', 'eslint', 'secretlint', 'bandit'].filter((t) => available.has(t));
  const reports = {};
  for (const tool of tools) {
    log(`accuracy: ${TOOLS[tool].label} on ${truth.length} fixture files…`);
    reports[tool] = runTool(tool, workspace, 'fixtures');
  }
  const excluded = excludeOtherRuleLines(labels, reports.prodready.findings);
  const results = {};
  const scoredBy = {};
  for (const tool of tools) {
    const report = reports[tool];
    const scored = score(tool, report.findings, labels, TOOL_LANGUAGES[tool]);
    scoredBy[tool] = scored;
    results[tool] = { ...summarise(tool, scored), filesRead: report.filesRead, parseErrors: report.parseErrors };
  }
  // Where a peer is right and ProdReady is not: the list to turn into fixtures, rules or documented limits.
  const prCases = new Map((scoredBy.prodready?.cases ?? []).map((c) => [`${c.file}\n${c.line}\n${c.category}`, c.outcome]));
  const peerWins = [];
  for (const tool of tools.filter((t) => t !== 'prodready')) {
    for (const c of scoredBy[tool].cases) {
      if (!toolCovers(tool, c.category)) continue; // a tool with no rule in a category is not "right" there
      const ours = prCases.get(`${c.file}\n${c.line}\n${c.category}`);
      if ((c.outcome === 'tp' && ours === 'fn') || (c.outcome === 'tn' && ours === 'fp')) peerWins.push({ tool, ...c, prodready: ours });
    }
  }
  const peerUnlabelled = tools.filter((t) => t !== 'prodready').flatMap((t) => scoredBy[t].unlabelled.map((u) => ({ tool: t, ...u })));
  const byLanguage = countBy(truth, (t) => t.language);
  const labelled = { positives: 0, negatives: 0 };
  for (const lines of labels.values()) for (const byCategory of lines.values()) for (const v of byCategory.values()) labelled[v.value === 'pos' ? 'positives' : 'negatives']++;
  return { fixtures: { files: truth.length, byLanguage, ...labelled, rules: meta.length }, excluded, tools: results, peerWins, peerUnlabelled: peerUnlabelled.slice(0, 200), example: exampleAccuracy(tools) };
}

/**
 * The example workspace, scored against examples/prototype-shop/EXPECTED.json when it exists:
 * every listed smell is a positive (found when a finding of its category starts on, or covers,
 * one of its lines); every other finding of a category is a false positive, except on the
 * `neutral` lines, which are not scored. A stale label (the line no longer starts with `text`)
 * stops the scoring with a message rather than a wrong table.
 */
function exampleAccuracy(tools) {
  const source = path.join(REPO, 'examples', 'prototype-shop');
  const expectedFile = path.join(source, 'EXPECTED.json');
  if (!existsSync(expectedFile)) return undefined;
  const expected = JSON.parse(readFileSync(expectedFile, 'utf8'));
  const stale = [];
  for (const e of [...expected.findings, ...(expected.neutral ?? [])]) {
    const file = path.join(source, e.file);
    const line = existsSync(file) ? readFileSync(file, 'utf8').split('\n')[e.line - 1]?.trim() ?? '' : undefined;
    if (line === undefined || !line.startsWith(e.text)) stale.push(`${e.file}:${e.line} (expected a line starting ${JSON.stringify(e.text)})`);
  }
  if (stale.length) {
    log(`examples/prototype-shop/EXPECTED.json is out of date; not scoring the example: ${stale.slice(0, 3).join('; ')}`);
    return { stale };
  }
  const workspace = path.join(CACHE, 'accuracy', 'example');
  rmSync(workspace, { recursive: true, force: true });
  cpSync(source, workspace, { recursive: true, filter: (src) => !src.endsWith('EXPECTED.json') });
  const entries = [...expected.findings.map((e) => ({ ...e, neutral: false })), ...(expected.neutral ?? []).map((e) => ({ ...e, neutral: true }))]
    .map((e) => ({ ...e, all: [e.line, ...(e.lines ?? [])] }));
  const results = {};
  for (const tool of tools) {
    const report = runTool(tool, workspace, 'example');
    const matched = new Set();
    const falsePositives = [];
    for (const f of report.findings) {
      const category = categoryOf(tool, f);
      if (!category) continue;
      const candidates = entries.filter((e) => e.file === f.file && e.category === category);
      const entry = candidates.find((e) => e.all.includes(f.line)) ?? candidates.find((e) => e.all.some((l) => l >= f.line && l <= f.endLine));
      if (entry) matched.add(entry);
      else falsePositives.push({ file: f.file, line: f.line, ruleId: f.ruleId, category });
    }
    const overall = {};
    for (const category of CATEGORIES) {
      const positives = entries.filter((e) => !e.neutral && e.category === category && TOOL_LANGUAGES[tool](languageOfFile(e.file)));
      const tp = positives.filter((e) => matched.has(e)).length;
      overall[category] = prf({ tp, fn: positives.length - tp, fp: falsePositives.filter((x) => x.category === category).length, tn: 0 });
    }
    results[tool] = { overall, falsePositives, missed: entries.filter((e) => !e.neutral && !matched.has(e) && TOOL_LANGUAGES[tool](languageOfFile(e.file)) && toolCovers(tool, e.category)).map((e) => `${e.file}:${e.line} ${e.category}`), filesRead: report.filesRead };
  }
  return { expected: expected.findings.length, neutral: (expected.neutral ?? []).length, files: new Set(expected.findings.map((e) => e.file)).size, tools: results };
}
