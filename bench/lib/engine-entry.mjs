// Bundled by bench/lib/setup.mjs (esbuild, like the CLI) into bench/.cache/build/engine.cjs so the
// bench measures the engine's own modules, not a copy:
//   parse-only <root>            walk + read + tree-sitter parse of every file, one thread (the floor a scan cannot beat)
//   incremental <out.json>       in-editor re-analysis latency: analyzeText with oldTree per keystroke
//   analysed-files <root>        the files a scan of root analyses (to prune corpora to them)
//   scan <root> <workers>        scanWorkspace in-process (workers 0: one thread, for CPU profiles)
//   scan-shared-walk <root> <w>  experiment: the same scan with one shared walk per tree (see shareRootWalks)
//   rule-costs <root>            ms per rule and language + parse ms per grammar, one-thread scan
//   meta                         the rule catalogue (id, category, languages) as JSON
//   fixtures <dir> <outRoot>     materialises the annotated fixtures as a workspace + ground truth
import { mkdirSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { analyzeText } from '../../src/core/analyze';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { grammarForPath, languageForPath } from '../../src/core/languages';
import { parse } from '../../src/core/parser';
import { readSource } from '../../src/core/read-source';
import { RULES } from '../../src/core/registry';
import { scanWorkspace } from '../../src/core/scan';
import { walkWorkspace } from '../../src/core/walk';
import { tuneWasmTieringForScan } from '../../src/core/wasm-tiering';
import { parseAnnotations } from '../../test/support/annotations';
import { Node, Parser } from 'web-tree-sitter';
import { generateFile, LANGUAGES } from './generate.mjs';

async function parseOnly(root) {
  const started = performance.now();
  const walk = await walkWorkspace({ root, ignore: DEFAULT_CONFIG.ignore });
  // the same V8 WebAssembly tier the CLI picks for this workload, so the floor is as fast as the scan's parser
  const optimisingTier = tuneWasmTieringForScan(root, walk.files);
  let files = 0;
  let bytes = 0;
  let lines = 0;
  let withErrors = 0;
  let parseMs = 0;
  const errorFiles = [];
  for (const file of walk.files) {
    const source = await readSource(path.join(root, file), DEFAULT_CONFIG.maxFileSizeBytes);
    if (!source.ok) continue;
    const spec = languageForPath(file);
    if (!spec) continue;
    const t0 = performance.now();
    const tree = await parse(grammarForPath(spec, file), source.text);
    parseMs += performance.now() - t0;
    if (!tree) continue;
    if (tree.rootNode.hasError) {
      withErrors++;
      if (errorFiles.length < 5) errorFiles.push(file);
    }
    tree.delete();
    files++;
    bytes += source.bytes;
    for (let i = source.text.indexOf('\n'); i !== -1; i = source.text.indexOf('\n', i + 1)) lines++;
  }
  return { files, bytes, lines, filesWithSyntaxErrors: withErrors, errorFiles, optimisingTier, parseMs: Math.round(parseMs), totalMs: Math.round(performance.now() - started) };
}

/** The files a scan of `root` analyses: walked, readable, not generated or minified. */
async function analysedFiles(root) {
  const walk = await walkWorkspace({ root, ignore: DEFAULT_CONFIG.ignore });
  const files = [];
  for (const file of walk.files) {
    const source = await readSource(path.join(root, file), DEFAULT_CONFIG.maxFileSizeBytes);
    if (source.ok) files.push(file);
  }
  return files;
}

/**
 * Experiment (not the shipped engine): every `root.descendantsOfType(types)` of every rule served
 * from one walk per tree over the union of the types the rules asked for on earlier files of the
 * same grammar. Measures what one shared walk per file would save. Findings must not change.
 */
function shareRootWalks() {
  const original = Node.prototype.descendantsOfType;
  const learned = new Map(); // grammar name -> Set of types asked for on a root
  const indexes = new WeakMap(); // tree -> { rootId, types: Set, nodes: Node[] }
  let walks = 0;
  let served = 0;
  Node.prototype.descendantsOfType = function descendantsOfType(types, startPosition, endPosition) {
    if (startPosition !== undefined || endPosition !== undefined) return original.call(this, types, startPosition, endPosition);
    const tree = this.tree;
    let index = indexes.get(tree);
    if (!index) {
      index = { rootId: tree.rootNode.id, types: new Set(), nodes: [] };
      indexes.set(tree, index);
    }
    if (this.id !== index.rootId) return original.call(this, types, startPosition, endPosition);
    const wanted = Array.isArray(types) ? types : [types];
    const grammar = tree.language.name ?? 'unknown';
    let known = learned.get(grammar);
    if (!known) learned.set(grammar, (known = new Set()));
    if (!wanted.every((t) => index.types.has(t))) {
      for (const t of wanted) known.add(t);
      index.types = new Set(known);
      index.nodes = original.call(this, [...known]);
      walks++;
    } else served++;
    const set = new Set(wanted);
    return index.nodes.filter((node) => set.has(node.type));
  };
  return () => ({ walks, served, learned: Object.fromEntries([...learned].map(([g, set]) => [g, [...set]])) });
}

/** Milliseconds per rule and language, and tree-sitter parse time per language, over a one-thread scan. */
async function ruleCosts(root) {
  const rules = new Map();
  const parse = new Map();
  const lines = new Map();
  const seen = new Set();
  let lastParseMs = 0;
  const add = (map, key, ms) => map.set(key, (map.get(key) ?? 0) + ms);
  for (const rule of RULES) {
    for (const [language, check] of Object.entries(rule.check)) {
      if (!check) continue;
      rule.check[language] = (context) => {
        // the parse of a file happens right before its first rule runs
        if (!seen.has(context.file.path)) {
          seen.add(context.file.path);
          add(parse, language, lastParseMs);
          add(lines, language, context.file.text.split('\n').length - 1);
        }
        const t0 = performance.now();
        try {
          return check(context);
        } finally {
          add(rules, `${rule.meta.id}\t${language}`, performance.now() - t0);
        }
      };
    }
  }
  const originalParse = Parser.prototype.parse;
  Parser.prototype.parse = function timedParse(...args) {
    const t0 = performance.now();
    try {
      return originalParse.apply(this, args);
    } finally {
      lastParseMs = performance.now() - t0;
    }
  };
  const t0 = performance.now();
  const result = await scanWorkspace({ root, workers: 0 });
  return {
    scanMs: performance.now() - t0,
    files: result.stats.files,
    lines: Object.fromEntries(lines),
    parseMs: Object.fromEntries(parse),
    rules: [...rules].map(([key, ms]) => {
      const [id, language] = key.split('\t');
      return { id, language, ms };
    }),
  };
}

// ---------------------------------------------------------------- incremental
const TYPED = {
  javascript: 'const subtotal = computeTotals(rows, 42);',
  typescript: 'const subtotal: number = computeTotals(rows, 42);',
  python: 'subtotal = compute_totals(rows, 42)',
  java: 'long subtotal = computeTotals(rows, 42);',
  go: 'subtotal := computeTotals(rows, 42)',
  csharp: 'var subtotal = ComputeTotals(rows, 42);',
  php: '$subtotal = computeTotals($rows, 42);',
  ruby: 'subtotal = compute_totals(rows, 42)',
};
const VIRTUAL = { javascript: 'src/orders/service.js', typescript: 'src/orders/service.ts', python: 'app/orders/service.py', java: 'src/main/java/com/example/OrderService.java', go: 'internal/orders/service.go', csharp: 'src/Orders/OrderService.cs', php: 'app/Orders/OrderService.php', ruby: 'app/orders/order_service.rb' };

function pointAt(text, index) {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < index; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: index - lineStart };
}

/** Offsets (start of the line's code) of lines that open a body: where a developer types a statement. */
function insertionPoints(language, text, count) {
  const lines = text.split('\n');
  const opens = (line) => {
    const t = line.trimEnd();
    if (language === 'python') return /^\s+(def|for|if|try)\b.*:$/.test(t);
    if (language === 'ruby') return /^\s+def\s/.test(t);
    return t.endsWith('{') && /^\s+/.test(t) && !/^\s*(class|namespace|interface|return|export const|var|private|public static|final)\b/.test(t.trim()) && !/[=[,(]\s*\{$/.test(t);
  };
  const points = [];
  let offset = 0;
  const starts = lines.map((line) => { const s = offset; offset += line.length + 1; return s; });
  const candidates = [];
  for (let i = 0; i + 1 < lines.length; i++) if (opens(lines[i])) candidates.push(i + 1);
  for (let j = 0; j < count && candidates.length > 0; j++) {
    const lineIndex = candidates[Math.floor(((j + 0.5) * candidates.length) / count)];
    const line = lines[lineIndex];
    const indent = line.length - line.trimStart().length;
    points.push({ offset: starts[lineIndex] + indent, indent: line.slice(0, indent) });
  }
  return points;
}

async function incremental(outFile) {
  const results = {};
  for (const language of LANGUAGES) {
    let text = generateFile(language, 1000);
    const filePath = VIRTUAL[language];
    const config = DEFAULT_CONFIG;
    const fullTimes = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await analyzeText({ path: filePath, text, config });
      fullTimes.push(performance.now() - t0);
    }
    let analysis = await analyzeText({ path: filePath, text, config, keepTree: true });
    let tree = analysis.tree;
    const times = [];
    const parseTimes = [];
    const grammar = grammarForPath(languageForPath(filePath), filePath);
    const points = insertionPoints(language, text, 4);
    let shift = 0;
    for (const point of points) {
      const typed = `${TYPED[language]}\n${point.indent}`;
      let at = point.offset + shift;
      for (const ch of typed) {
        const startPosition = pointAt(text, at);
        text = text.slice(0, at) + ch + text.slice(at);
        const newEndPosition = ch === '\n' ? { row: startPosition.row + 1, column: 0 } : { row: startPosition.row, column: startPosition.column + 1 };
        tree.edit({ startIndex: at, oldEndIndex: at, newEndIndex: at + 1, startPosition, oldEndPosition: startPosition, newEndPosition });
        at++;
        // the incremental parse alone, for the split between parsing and rules
        const p0 = performance.now();
        const reparsed = await parse(grammar, text, tree);
        parseTimes.push(performance.now() - p0);
        reparsed?.delete();
        const t0 = performance.now();
        analysis = await analyzeText({ path: filePath, text, config, oldTree: tree, keepTree: true });
        times.push(performance.now() - t0);
        tree.delete();
        tree = analysis.tree;
      }
      shift += typed.length;
    }
    tree?.delete();
    const sorted = (xs) => [...xs].sort((a, b) => a - b);
    const q = (xs, p) => { const s = sorted(xs); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
    const steady = times.slice(10); // the first keystrokes warm the JIT
    results[language] = {
      lines: text.split('\n').length - 1,
      bytes: Buffer.byteLength(text),
      keystrokes: steady.length,
      p50: q(steady, 0.5),
      p95: q(steady, 0.95),
      max: q(steady, 1),
      fullP50: q(fullTimes.slice(5), 0.5),
      parseP50: q(parseTimes.slice(10), 0.5),
      parseP95: q(parseTimes.slice(10), 0.95),
      findings: analysis.findings.length,
    };
  }
  writeFileSync(outFile, JSON.stringify(results, null, 2));
}

// ---------------------------------------------------------------- fixtures
const VIRTUAL_PATH = /prodready-fixture-path:\s*(\S+)/; // as test/support/annotations.ts

/** Each fixture file becomes `<outRoot>/<rule-id>/<stem>/<virtual path>`: every tool reads the same files. */
function materialiseFixtures(fixturesDir, outRoot) {
  const truth = [];
  mkdirSync(outRoot, { recursive: true });
  for (const ruleId of existsSync(fixturesDir) ? readdirSync(fixturesDir).sort() : []) {
    const dir = path.join(fixturesDir, ruleId);
    for (const name of readdirSync(dir).sort()) {
      if (name.includes('.fixed.') || name.endsWith('.md')) continue;
      const language = languageForPath(name)?.id;
      if (!language) continue;
      const text = readFileSync(path.join(dir, name), 'utf8');
      const virtualPath = VIRTUAL_PATH.exec(text.slice(0, 500))?.[1] ?? `src/${name}`;
      const stem = name.replace(/\.[^.]+$/, '');
      const relative = `${ruleId}/${stem}/${virtualPath}`;
      const target = path.join(outRoot, relative);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, text);
      truth.push({ file: relative, fixture: `test/fixtures/${ruleId}/${name}`, ruleId, language, annotations: parseAnnotations(text) });
    }
  }
  return truth;
}

async function main() {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'parse-only') {
    process.stdout.write(JSON.stringify(await parseOnly(path.resolve(args[0]))));
  } else if (command === 'analysed-files') {
    process.stdout.write(JSON.stringify(await analysedFiles(path.resolve(args[0]))));
  } else if (command === 'incremental') {
    await incremental(args[0]);
  } else if (command === 'scan') {
    // scan <root> <workers>: scanWorkspace in this process (workers 0 = this thread, for a CPU profile that sees every rule)
    const result = await scanWorkspace({ root: path.resolve(args[0]), workers: Number(args[1] ?? 0) });
    process.stdout.write(JSON.stringify({ stats: result.stats, findings: result.findings.length, findingKeys: args[2] === 'keys' ? result.findings.map((f) => `${f.file}:${f.range.startIndex}:${f.ruleId}`) : undefined }));
  } else if (command === 'scan-shared-walk') {
    const stats = shareRootWalks();
    const result = await scanWorkspace({ root: path.resolve(args[0]), workers: Number(args[1] ?? 0) });
    process.stdout.write(JSON.stringify({ stats: result.stats, findings: result.findings.length, findingKeys: args[2] === 'keys' ? result.findings.map((f) => `${f.file}:${f.range.startIndex}:${f.ruleId}`) : undefined, walks: stats() }));
  } else if (command === 'rule-costs') {
    process.stdout.write(JSON.stringify(await ruleCosts(path.resolve(args[0]))));
  } else if (command === 'meta') {
    process.stdout.write(JSON.stringify(RULES.map((rule) => ({ id: rule.meta.id, category: rule.meta.category, languages: rule.meta.languages }))));
  } else if (command === 'fixtures') {
    process.stdout.write(JSON.stringify(materialiseFixtures(path.resolve(args[0]), path.resolve(args[1]))));
  } else {
    throw new Error(`unknown command ${command}`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
