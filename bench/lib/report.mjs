// Renders bench results as docs/benchmarks.md (and the short summary printed at the end of a run).
import { CATEGORIES, prf, toolCovers, TOOL_LANGUAGES } from './accuracy.mjs';
import { MAPPING_TABLE } from './tools.mjs';

const s = (x) => (x === undefined ? '—' : x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const sec = (x) => (x === undefined ? '—' : `${x < 1 ? x.toFixed(3) : x.toFixed(2)} s`);
const mb = (bytes) => (bytes / 1e6).toFixed(bytes < 1e6 ? 2 : 1);
const int = (x) => (x === undefined ? '—' : Math.round(x).toLocaleString('en-US'));
const pct = (x) => (x === undefined ? '—' : `${(x * 100).toFixed(0)}%`);
const times = (x) => (x === undefined ? '—' : `${x.toFixed(x >= 10 ? 0 : 1)}×`);
const table = (head, rows) => [`| ${head.join(' | ')} |`, `| ${head.map((h) => (/^(tool|language|category|target|suite|tier|bucket|what|peer)/i.test(h) ? '---' : '---:')).join(' | ')} |`, ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');

const LANGUAGE_LABEL = { javascript: 'JavaScript', typescript: 'TypeScript', python: 'Python', java: 'Java', go: 'Go', csharp: 'C#', php: 'PHP', ruby: 'Ruby' };
const PEERS = ['eslint', 'secretlint', 'bandit'];
const SPEED_TARGET = { eslint: 10, secretlint: 3, bandit: 3 };

/**
 * Why a missed speed target may be out of reach for any parser-based scan: the wall time the target
 * asks for against the floor of Node's start-up plus tree-sitter parsing alone, spread perfectly over
 * every core (from the suite's parse-only line).
 */
function floorNote(results, suite, needed) {
  const start = (results.machine.nodeStartMs ?? 0) / 1000;
  const parse = suite.tools['parse-only']?.parseMs;
  const floor = start + (parse === undefined ? 0 : parse / 1000 / results.machine.cores);
  const what = parse === undefined ? 'Node start-up alone' : `Node start-up + parsing alone on ${results.machine.cores} cores`;
  return needed < floor
    ? `out of reach: needs ${sec(needed)}, below ${what} (${sec(floor)})`
    : `needs ${sec(needed)}; floor (${what}) ${sec(floor)}`;
}

/** The targets of the benchmark issue, each with its measured value. */
export function targets(results) {
  const rows = [];
  const speed = results.speed ?? [];
  for (const peer of PEERS) {
    const pairs = speed.filter((e) => e.tools[peer]?.ratio !== undefined);
    for (const e of pairs) {
      const speedup = 1 / e.tools[peer].ratio;
      rows.push({ target: `≥ ${SPEED_TARGET[peer]}× faster than ${e.tools[peer].label}`, where: e.title, value: `${speedup.toFixed(1)}× (${sec(e.tools.prodready.wall)} vs ${sec(e.tools[peer].wall)}; CPU ${(1 / e.tools[peer].cpuRatio).toFixed(1)}×)`, met: speedup >= SPEED_TARGET[peer], note: speedup >= SPEED_TARGET[peer] ? '' : floorNote(results, e, e.tools[peer].wall / SPEED_TARGET[peer]) });
    }
  }
  for (const e of speed.filter((x) => x.tools['parse-only'] && x.tools.prodready)) {
    const r = e.tools.prodready.wall / e.tools['parse-only'].wall;
    rows.push({ target: 'full scan ≤ 1.3× single-thread parse-only', where: e.title, value: `${r.toFixed(2)}× (${sec(e.tools.prodready.wall)} vs ${sec(e.tools['parse-only'].wall)})`, met: r <= 1.3 });
  }
  const million = speed.find((e) => e.group === 'tier' && e.tier === 1_000_000);
  if (million) rows.push({ target: 'peak RSS < 400 MB (381 MiB) at 1M lines', where: million.title, value: `${s(million.tools.prodready.maxrssMiB)} MiB at most, ${s(million.tools.prodready.maxrssMedianMiB ?? million.tools.prodready.maxrssMiB)} MiB median`, met: million.tools.prodready.maxrssMiB * 1.048576 < 400 });
  const hundred = speed.find((e) => e.group === 'tier' && e.tier === 100_000);
  if (hundred) rows.push({ target: '100k-line workspace < 2 s wall, cold', where: hundred.title, value: sec(hundred.tools.prodready.wall), met: hundred.tools.prodready.wall < 2 });
  const langs = speed.filter((e) => e.group === 'language');
  const js = langs.find((e) => e.language === 'javascript');
  if (js) {
    for (const e of langs.filter((x) => x.language !== 'javascript')) {
      const slower = js.tools.prodready.mbPerSecond / e.tools.prodready.mbPerSecond;
      rows.push({ target: 'no language > 2× slower per MB than JavaScript', where: LANGUAGE_LABEL[e.language], value: `${slower.toFixed(2)}× JavaScript's time per MB`, met: slower <= 2 });
    }
  }
  for (const [language, l] of Object.entries(results.latency ?? {})) {
    rows.push({ target: 'in-editor re-analysis p95 < 10 ms (1,000-line file)', where: LANGUAGE_LABEL[language], value: `${l.p95.toFixed(1)} ms`, met: l.p95 < 10 });
  }
  return rows;
}

function header(results) {
  const m = results.machine;
  const v = results.versions;
  const date = results.startedAt.slice(0, 10);
  return [
    `Measured ${date} with \`${results.command}\` (mode: ${results.mode}, ${results.runs} rounds per suite, ${Math.round(results.durationSeconds / 60)} min in all).`,
    '',
    `Machine: ${m.cores} cores (${m.cpuModel}), ${m.memoryGiB} GiB memory, ${m.os}; Node ${m.node}${m.nodeStartMs === undefined ? '' : ` (start-up, \`node -e 0\`: ${m.nodeStartMs} ms)`}; ${m.python3}. Load average (1/5/15 min) at start ${results.loadAverage?.atStart?.join(' / ') ?? '—'}, at end ${results.loadAverage?.atEnd?.join(' / ') ?? '—'}${(results.loadAverage?.atStart?.[1] ?? 0) > m.cores * 0.5 ? ' — **other work was running: wall times are pessimistic; the CPU columns are less affected**' : ''}.`,
    '',
    table(['tool', 'version'], [
      ['ProdReady', `${v.prodready.version} (${v.prodready.commit})`],
      ...Object.entries(v).filter(([k]) => k !== 'prodready' && k !== 'node').map(([k, x]) => [k, String(x)]),
    ]),
    ...(Object.keys(results.skipped ?? {}).length ? ['', ...Object.entries(results.skipped).map(([t, why]) => `- **${t} skipped**: ${why}`)] : []),
  ].join('\n');
}

function speedRows(entry) {
  const pr = entry.tools.prodready;
  return Object.entries(entry.tools).map(([tool, t]) => [
    tool === 'prodready' ? `**${t.label}**` : t.label,
    int(t.files),
    int(t.lines),
    mb(t.bytes),
    sec(t.wall),
    sec(t.cpu),
    int(t.filesPerSecond),
    s(t.mbPerSecond),
    `${int(t.maxrssMiB)} MiB`,
    tool === 'prodready' || !pr ? '' : tool === 'parse-only' ? `${(pr.wall / t.wall).toFixed(2)} (scan / parse-only)` : t.ratio !== undefined ? `${t.ratio.toFixed(3)} (${(1 / t.ratio).toFixed(1)}× faster)` : t.note ?? '',
    tool === 'prodready' || t.cpuRatio === undefined ? '' : t.cpuRatio.toFixed(3),
  ]);
}

const SPEED_HEAD = ['tool', 'files', 'lines', 'MB', 'wall (median)', 'CPU (median)', 'files/s', 'MB/s', 'peak RSS', 'ProdReady / tool (wall)', 'ProdReady / tool (CPU)'];

function speedSection(results) {
  const speed = results.speed ?? [];
  if (speed.length === 0) return '';
  const out = ['## Speed', '', 'Every row is the median of the rounds; each round starts every tool once as a new process, in rotating order. MB = 10⁶ bytes of the files the tool reads. *ProdReady / tool* is the ratio of wall times on the same files (below 1: ProdReady is faster).', ''];
  out.push('### Real code', '');
  for (const e of speed.filter((x) => x.group === 'real')) {
    out.push(`**${e.title}** (\`bench/.cache/${e.dir}\`)`, '', table(SPEED_HEAD, speedRows(e)), '');
    const warn = Object.entries(e.tools).filter(([, t]) => t.parseErrors > 0).map(([tool, t]) => `${t.label}: ${t.parseErrors} file(s) it could not parse`);
    if (warn.length) out.push(`Parse failures: ${warn.join('; ')}.`, '');
  }
  const tiers = speed.filter((x) => x.group === 'tier');
  if (tiers.length) {
    out.push('### Scaling: generated workspace, 8 languages', '', 'The same generator (bench/lib/generate.mjs, fixed seed) writes each tier: equal shares of JavaScript, TypeScript, Python, Java, Go, C#, PHP and Ruby in ~250-line files shaped like a small web service, with a few real smells among many look-alikes.', '');
    out.push(table(['tier', 'files', 'MB', 'ProdReady wall', 'best of the rounds', 'CPU', 'files/s', 'MB/s', 'peak RSS', 'parse-only wall', 'scan / parse-only', 'secretlint wall', 'ProdReady / secretlint'], tiers.map((e) => {
      const pr = e.tools.prodready;
      const po = e.tools['parse-only'];
      const sl = e.tools.secretlint;
      return [`${int(e.tier)} lines`, int(pr.files), mb(pr.bytes), sec(pr.wall), sec(pr.bestWall), sec(pr.cpu), int(pr.filesPerSecond), s(pr.mbPerSecond), `${int(pr.maxrssMiB)} MiB`, sec(po?.wall), po ? (pr.wall / po.wall).toFixed(2) : '—', sec(sl?.wall), sl?.ratio !== undefined ? sl.ratio.toFixed(3) : '—'];
    })), '');
    const base = tiers[0];
    if (tiers.length > 1) {
      out.push(`Growth from ${int(base.tier)} lines: ${tiers.slice(1).map((e) => `${int(e.tier)} lines take ${(e.tools.prodready.wall / base.tools.prodready.wall).toFixed(1)}× the wall time for ${(e.tools.prodready.bytes / base.tools.prodready.bytes).toFixed(0)}× the bytes`).join('; ')} (fixed cost: process start, WebAssembly and grammar loading).`, '');
    }
    const parts = speed.filter((x) => x.group === 'tier-part');
    if (parts.length) {
      out.push('Peers on the part of each tier they read (ProdReady measured on the same folder, in the same rounds):', '');
      out.push(table(['suite', 'tool', 'files', 'lines', 'wall', 'CPU', 'peak RSS', 'ProdReady wall', 'ProdReady / tool'], parts.flatMap((e) => Object.entries(e.tools).filter(([t]) => t !== 'prodready').map(([, t]) => [e.title, t.label, int(t.files), int(t.lines), sec(t.wall), sec(t.cpu), `${int(t.maxrssMiB)} MiB`, sec(e.tools.prodready.wall), t.ratio !== undefined ? `${t.ratio.toFixed(3)} (${(1 / t.ratio).toFixed(1)}× faster)` : t.note ?? '']))), '');
    }
  }
  const langs = speed.filter((x) => x.group === 'language');
  if (langs.length) {
    const js = langs.find((e) => e.language === 'javascript');
    out.push(`### Per language (generated, ${int(langs[0].tools.prodready.lines)}-ish lines each)`, '', '*Scan MB/s* uses the scan time the CLI reports (walk, parse, rules; without process start); *wall MB/s* the whole process.', '');
    out.push(table(['language', 'files', 'lines', 'MB', 'wall', 'scan time', 'MB/s (wall)', 'MB/s (scan)', 'time per MB vs JavaScript', 'parse-only wall', 'scan / parse-only', 'findings'], langs.map((e) => {
      const pr = e.tools.prodready;
      const po = e.tools['parse-only'];
      return [LANGUAGE_LABEL[e.language], int(pr.files), int(pr.lines), mb(pr.bytes), sec(pr.wall), `${int(pr.scanMs)} ms`, s(pr.mbPerSecond), s(pr.bytes / 1e3 / pr.scanMs), js ? `${(js.tools.prodready.mbPerSecond / pr.mbPerSecond).toFixed(2)}×` : '—', sec(po?.wall), po ? (pr.wall / po.wall).toFixed(2) : '—', int(pr.findings)];
    })), '');
  }
  return out.join('\n');
}

function latencySection(results) {
  if (!results.latency) return '';
  return [
    '## In-editor re-analysis',
    '',
    'The engine\'s incremental entry point, `analyzeText({ path, text, oldTree, keepTree })`, after each keystroke of two statements typed one character at a time into four function bodies of a generated 1,000-line file (`tree.edit` then re-parse with the old tree, then every rule). The first 10 keystrokes warm the JIT and are not counted. *Incremental parse* is the re-parse with the edited old tree alone, timed separately on the same keystrokes; the rest of each re-analysis is the rules. *Full* is the same call without the old tree.',
    '',
    table(['language', 'lines', 'keystrokes', 'p50', 'p95', 'max', 'of which incremental parse (p50 / p95)', 'full analysis p50'], Object.entries(results.latency).map(([language, l]) => [LANGUAGE_LABEL[language], int(l.lines), int(l.keystrokes), `${l.p50.toFixed(2)} ms`, `${l.p95.toFixed(2)} ms`, `${l.max.toFixed(2)} ms`, l.parseP50 === undefined ? '—' : `${l.parseP50.toFixed(2)} / ${l.parseP95.toFixed(2)} ms`, `${l.fullP50.toFixed(2)} ms`])),
    '',
  ].join('\n');
}

function cell(tool, category, c, reads = true) {
  if (!reads) return 'n/a';
  if (!toolCovers(tool, category)) return '—';
  if (!c || c.tp + c.fn + c.fp + c.tn === 0) return '·';
  const p = c.precision === undefined ? '—' : pct(c.precision);
  return `${p} / ${pct(c.recall)} / ${c.f1 === undefined ? '—' : c.f1.toFixed(2)}`;
}

const TOOL_LABEL = { prodready: 'ProdReady', eslint: 'ESLint + security + sonarjs', secretlint: 'secretlint', bandit: 'bandit' };

function accuracySection(results) {
  const a = results.accuracy;
  if (!a) return '';
  const tools = Object.keys(a.tools);
  const out = [
    '## Accuracy',
    '',
    `Ground truth: the ${int(a.fixtures.files)} annotated fixture files under \`test/fixtures/\` (${Object.entries(a.fixtures.byLanguage).map(([l, n]) => `${LANGUAGE_LABEL[l]} ${n}`).join(', ')}), ${int(a.fixtures.positives)} labelled positives and ${int(a.fixtures.negatives)} labelled negatives (line × category). Every tool reads the same files, materialised at their \`prodready-fixture-path\`, with its recommended configuration.`,
    '',
    '**Scoring.** A line annotated `expect:`/`todo-expect:` with a rule of category C is a positive for C; `ok:`/`todo-ok:` a negative. A finding counts for the first line it covers, from its start line down, that is labelled for its category; findings on no labelled line are counted apart (*unlabelled*) and do not enter the scores. Cells read *precision / recall / F1*; *—* the tool has no rule in that category; *n/a* it does not read that language; *·* no labelled line there.',
    '',
    ...(a.excluded?.length
      ? [`**Left out:** ${a.excluded.length} line(s) annotated \`ok:\` for one rule where another ProdReady rule of the same category fires (the annotation says nothing about that rule, so the line's truth for the category is unknown). They are listed in \`bench/results/latest.json\` (\`accuracy.excluded\`); an \`expect:\`/\`ok:\` annotation for the firing rule brings them back.`, '']
      : []),
    'Peer rules mapped to the four categories (one table for every comparison; unmapped rules are counted as *other findings*):',
    '',
    table(['category', 'peer rules'], MAPPING_TABLE),
    '',
    '### All languages each tool reads',
    '',
    table(['tool', ...CATEGORIES, 'unlabelled', 'other findings'], tools.map((tool) => {
      const t = a.tools[tool];
      return [TOOL_LABEL[tool], ...CATEGORIES.map((c) => cell(tool, c, t.overall[c])), int(t.unlabelled), int(t.otherFindings)];
    })),
    '',
    '### Per language',
    '',
  ];
  const languages = [...new Set(Object.values(a.tools).flatMap((t) => Object.keys(t.perLanguage)))].sort();
  for (const language of languages) {
    out.push(`**${LANGUAGE_LABEL[language]}**`, '', table(['tool', ...CATEGORIES], tools.map((tool) => [TOOL_LABEL[tool], ...CATEGORIES.map((c) => cell(tool, c, a.tools[tool].perLanguage[language]?.[c], TOOL_LANGUAGES[tool](language)))])), '');
  }
  const peerWins = a.peerWins.filter((w) => toolCovers(w.tool, w.category));
  if (peerWins.length) {
    out.push('### Where a peer is right and ProdReady is not', '', 'Labelled lines where a peer that has rules for the category gets it right and ProdReady does not (*fp*: ProdReady fires on an `ok:`/`todo-ok:` line; *fn*: it misses an `expect:`/`todo-expect:` line).', '', table(['peer', 'file', 'line', 'category', 'peer', 'ProdReady'], peerWins.map((w) => [TOOL_LABEL[w.tool], `\`${w.file}\``, String(w.line), w.category, w.outcome, w.prodready])), '');
  } else {
    out.push('### Where a peer is right and ProdReady is not', '', 'Nowhere on the labelled lines.', '');
  }
  if (a.example?.stale) {
    out.push('### Example workspace', '', `Not scored: \`examples/prototype-shop/EXPECTED.json\` no longer matches the code (${a.example.stale.length} stale label(s)).`, '');
  } else if (a.example) {
    out.push('### Example workspace', '', `\`examples/prototype-shop\` (${a.example.files} files), labelled by reading the code in \`examples/prototype-shop/EXPECTED.json\`: ${a.example.expected} smells; every other finding in a category is a false positive, except on ${a.example.neutral} debatable lines that are not scored. Independent of the fixtures, which were written together with ProdReady's rules.`, '', table(['tool', ...CATEGORIES], Object.entries(a.example.tools).map(([tool, t]) => [TOOL_LABEL[tool], ...CATEGORIES.map((c) => cell(tool, c, t.overall[c]))])), '');
    const pr = a.example.tools.prodready;
    if (pr) {
      out.push(`ProdReady missed: ${pr.missed.length ? pr.missed.map((m) => `\`${m}\``).join(', ') : 'nothing'}. ProdReady false positives: ${pr.falsePositives.length ? pr.falsePositives.map((f) => `\`${f.file}:${f.line} ${f.ruleId}\``).join(', ') : 'none'}.`, '');
    }
  }
  return out.join('\n');
}

function agreementSection(results) {
  const real = (results.speed ?? []).filter((e) => e.agreement && Object.keys(e.agreement).length);
  if (real.length === 0) return '';
  const out = ['### On real code (no ground truth)', '', 'What each tool reports in the four categories on the real-code corpora of the speed benchmark, matched by file, category and start lines at most 2 apart. *Only peer* findings are the ones to read for misses; samples are in `bench/results/latest.json` (`speed[].agreement`).', ''];
  const rows = [];
  for (const e of real) {
    const pr = e.tools.prodready;
    for (const [tool, a] of Object.entries(e.agreement)) {
      for (const [category, c] of Object.entries(a.perCategory)) rows.push([e.title, TOOL_LABEL[tool], category, int(c.both), int(c.peerOnly), int(c.prodreadyOnly)]);
      if (Object.keys(a.perCategory).length === 0) rows.push([e.title, TOOL_LABEL[tool], '(none)', '0', '0', '0']);
    }
    void pr;
  }
  out.push(table(['suite', 'peer', 'category', 'both', 'only peer', 'only ProdReady'], rows), '');
  return out.join('\n');
}

function profileSection(results) {
  const p = results.profile;
  if (!p) return '';
  return [
    '## Where the time goes',
    '',
    `One scan of \`bench/.cache/${p.dir}\` in a single thread under \`node --cpu-prof\` (the engine's \`scanWorkspace\` with \`workers: 0\`, through \`bench/.cache/build/engine.cjs\`; the CLI's worker threads write no profile), ${int(p.busyMs)} ms of samples, attributed to source files through the bundle's source map. *Owner* is the nearest frame of ProdReady's own code above each sample: "rule X → tree-sitter" is time spent inside web-tree-sitter (WebAssembly and its JS glue) on behalf of rule X — \`descendantsOfType\` walks, \`.parent\`, \`.text\`, child access.`,
    '',
    table(['owner', 'self time', 'share'], (p.byOwner ?? []).slice(0, 22).map((r) => [r.bucket, `${int(r.ms)} ms`, pct(r.share)])),
    '',
    'By where the samples land:',
    '',
    table(['bucket', 'self time', 'share'], p.rows.slice(0, 12).map((r) => [r.bucket, `${int(r.ms)} ms`, pct(r.share)])),
    '',
  ].join('\n');
}

function ruleCostSection(results) {
  const r = results.ruleCosts;
  if (!r) return '';
  const languages = Object.keys(r.lines).sort();
  const per10k = (ms, language) => (ms / r.lines[language]) * 10_000;
  const ids = [...new Set(r.rules.map((x) => x.id))].sort();
  const cellOf = (id, language) => {
    const x = r.rules.find((y) => y.id === id && y.language === language);
    return x ? s(per10k(x.ms, language)) : '';
  };
  const totals = Object.fromEntries(languages.map((l) => [l, r.rules.filter((x) => x.language === l).reduce((a, x) => a + x.ms, 0)]));
  return [
    '### Cost of each rule',
    '',
    `Milliseconds per 10,000 lines, each rule's \`check\` timed in a one-thread scan of \`bench/.cache/${r.dir}\` (${int(r.scanMs)} ms in all), next to the tree-sitter parse of the same files. A rule at more than half the parse time is worth a look.`,
    '',
    table(['rule', ...languages.map((l) => LANGUAGE_LABEL[l])], [
      ['*tree-sitter parse*', ...languages.map((l) => s(per10k(r.parseMs[l] ?? 0, l)))],
      ...ids.map((id) => ['`' + id + '`', ...languages.map((l) => cellOf(id, l))]),
      ['**all rules**', ...languages.map((l) => `**${s(per10k(totals[l], l))}**`)],
      ['**rules / parse**', ...languages.map((l) => `**${(totals[l] / (r.parseMs[l] || 1)).toFixed(2)}**`)],
    ]),
    '',
  ].join('\n');
}

function methodSection(results) {
  const c = results.corpora ?? {};
  return [
    '## Method',
    '',
    '- **Cold process every time.** Each measurement spawns the tool anew (`bench/lib/measure.py` records wall time, user+system CPU time of all its threads, and peak RSS via `wait4`). Files are in the page cache (the corpora were just written or read), so *cold* means a cold process, not a cold disk.',
    '- **Same files.** Each corpus is pruned to exactly the files ProdReady analyses (its walk skips `dist/`, `build/`, `vendor/`…, minified and generated files); peers are pointed at the same folder and read the files of their languages (ESLint: JS/TS; bandit: Python; secretlint: everything).',
    `- **Real code.** npm packages from their registry tarballs: ${c['npm-js']?.packages?.join(', ') ?? '—'}; TypeScript: ${c['npm-ts']?.packages?.join(', ') ?? '—'}. Python: the standard library of the machine's \`python3\` (${c['python-stdlib']?.subset ?? '—'}).`,
    '- **Parse-only** is the engine\'s own walk + read + `web-tree-sitter` parse of the same files in one thread with no rules (`bench/lib/engine-entry.mjs parse-only`): the floor a scan cannot go below on one core. It runs with the same V8 WebAssembly tier the CLI picks for the workload (baseline code only below 1.5 MB per grammar, see `src/core/wasm-tiering.ts`). The CLI uses worker threads on both cores.',
    '- **Peer configuration** (`bench/peers/`): ESLint with `@eslint/js` recommended + `eslint-plugin-security` recommended + `eslint-plugin-sonarjs` recommended, `typescript-eslint` parser for TS files (no type information); secretlint with `@secretlint/secretlint-rule-preset-recommend`; bandit with its defaults (`bandit -r .`). JSON output to a file for every tool, ProdReady included (`prodready scan DIR --format json --output FILE`).',
    '- **Known limit of Debian\'s bandit 1.6.2**: it predates Python 3.8\'s `ast.Constant`, so under Python ≥ 3.8 its checks on string literals (B105 `hardcoded_password_string`, B608 `hardcoded_sql_expressions`) never run. It is measured as installed; a current bandit would do more work and find more. Set `BENCH_BANDIT=/path/to/bandit` to measure another build.',
    '',
    '## Reproduce',
    '',
    '```sh',
    'npm ci',
    'npm run bench            # 10-20 min on 2 cores; --quick for ~4 min, --full adds secretlint at 1M lines',
    '```',
    '',
    'Raw numbers (every round) are in `bench/results/latest.json`.',
    '',
  ].join('\n');
}

export function renderMarkdown(results, { summaryOnly = false } = {}) {
  const rows = targets(results);
  const targetTable = rows.length
    ? table(['target', 'where', 'measured', 'met', 'if missed'], rows.map((r) => [r.target, r.where, r.value, r.met ? 'yes' : '**no**', r.met ? '' : r.note ?? '']))
    : '';
  if (summaryOnly) {
    const a = results.accuracy;
    const acc = a
      ? `\nAccuracy on ${a.fixtures.files} fixture files (precision / recall / F1):\n${table(['tool', ...CATEGORIES], Object.keys(a.tools).map((tool) => [TOOL_LABEL[tool], ...CATEGORIES.map((c) => cell(tool, c, a.tools[tool].overall[c]))]))}\n`
      : '';
    return `\n${targetTable}\n${acc}\n`;
  }
  return [
    '# Benchmarks',
    '',
    'ProdReady against the tools a user would run instead — ESLint with `eslint-plugin-security` and `eslint-plugin-sonarjs`, `secretlint`, and `bandit` — for speed and for accuracy, measured side by side in one run. Regenerate this page with `npm run bench`.',
    '',
    header(results),
    '',
    '## Targets',
    '',
    targetTable,
    '',
    speedSection(results),
    latencySection(results),
    accuracySection(results),
    agreementSection(results),
    profileSection(results),
    ruleCostSection(results),
    methodSection(results),
  ].join('\n');
}

export { prf };
