// Where a scan's time goes: `node --cpu-prof` on the CLI (main thread and every worker thread
// write a .cpuprofile), self time summed per source file through dist/*.js.map, then grouped:
// tree-sitter (wasm), each rule, each engine module, Node internals, GC.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { CACHE, ENGINE_ENV, REPO } from './setup.mjs';

const B64 = new Map([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));

/** Decodes a source map's mappings into, per generated line, sorted [column, sourceIndex] pairs. */
function decodeMappings(map) {
  const lines = [];
  let source = 0;
  for (const line of map.mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',')) {
      if (!segment) continue;
      const fields = [];
      let value = 0;
      let shift = 0;
      for (const ch of segment) {
        const digit = B64.get(ch);
        value += (digit & 31) << shift;
        if (digit & 32) shift += 5;
        else {
          fields.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += fields[0];
      if (fields.length > 1) {
        source += fields[1];
        segments.push([column, source]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

function sourceMapper(bundle) {
  let map;
  try {
    map = JSON.parse(readFileSync(`${bundle}.map`, 'utf8'));
  } catch {
    return () => undefined;
  }
  const lines = decodeMappings(map);
  return (line, column) => {
    const segments = lines[line];
    if (!segments || segments.length === 0) return undefined;
    let found = segments[0];
    for (const segment of segments) {
      if (segment[0] > column) break;
      found = segment;
    }
    return map.sources[found[1]];
  };
}

function bucketOf(frame, mappers) {
  const { functionName, url, lineNumber, columnNumber } = frame;
  if (functionName === '(garbage collector)') return 'GC';
  if (functionName === '(idle)') return 'idle (waiting)';
  if (functionName === '(program)') return 'V8 / native (program)';
  if (functionName === '(root)') return 'other';
  if (url.startsWith('wasm://') || /^\$?ts_|^wasm-function/.test(functionName)) return 'tree-sitter (wasm)';
  if (url.startsWith('node:')) return 'Node.js internals';
  const bundle = url.replace(/^file:\/\//, '');
  const mapper = mappers.get(bundle) ?? mappers.set(bundle, sourceMapper(bundle)).get(bundle);
  const source = mapper(lineNumber, columnNumber);
  if (!source) return url ? `other: ${path.basename(bundle)}` : 'other';
  const clean = source.replace(/^(\.\.\/)+/, '');
  const rule = /src\/core\/rules\/([^/]+)\/([^/]+)$/.exec(clean);
  if (rule) return rule[1] === 'shared' ? `rules: shared/${rule[2]}` : `rule ${rule[1]}`;
  if (clean.includes('web-tree-sitter')) return 'web-tree-sitter (JS glue)';
  if (clean.startsWith('node_modules/')) return `library ${clean.split('/')[1]}`;
  return clean;
}

/**
 * Runs one profiled scan and returns self time per bucket, ms. The CLI's worker threads are
 * started with their own execArgv and so write no profile: the scan is profiled in one thread
 * through the engine bundle (`scan <root> 0`, the same scanWorkspace), which sees every rule.
 */
export function profileScan(dir, name, engine) {
  const out = path.join(CACHE, 'profiles', name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const result = spawnSync(process.execPath, ['--cpu-prof', '--cpu-prof-dir', out, engine, 'scan', dir, '0'], { encoding: 'utf8', env: ENGINE_ENV });
  if (result.status !== 0) throw new Error(`profiled scan failed: ${result.stderr}`);
  return { dir: path.relative(CACHE, dir), ...summarise(out) };
}

/** Self time per bucket and per owner (nearest frame of ProdReady's code) over every profile in `out`. */
export function summarise(out) {
  const mappers = new Map();
  const buckets = new Map();
  const owners = new Map();
  const threads = [];
  for (const file of readdirSync(out).filter((f) => f.endsWith('.cpuprofile'))) {
    const profile = JSON.parse(readFileSync(path.join(out, file), 'utf8'));
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map();
    for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
    const bucketById = new Map();
    const bucket = (id) => bucketById.get(id) ?? bucketById.set(id, bucketOf(byId.get(id).callFrame, mappers)).get(id);
    // the nearest frame of ProdReady's own code above a sample: who asked for this work
    const ownerById = new Map();
    const owner = (id) => {
      if (ownerById.has(id)) return ownerById.get(id);
      const b = bucket(id);
      const own = b.startsWith('src/') || b.startsWith('rule') ? b : parent.has(id) ? owner(parent.get(id)) : b;
      ownerById.set(id, own);
      return own;
    };
    const self = new Map();
    for (let i = 0; i < profile.samples.length; i++) {
      const delta = profile.timeDeltas[i + 1] ?? 0;
      self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + delta);
    }
    let total = 0;
    for (const [id, us] of self) {
      const b = bucket(id);
      buckets.set(b, (buckets.get(b) ?? 0) + us / 1000);
      if (b === 'idle (waiting)') continue;
      total += us / 1000;
      const o = owner(id);
      const key = o === b ? o : `${o} → ${b.startsWith('tree-sitter') || b.startsWith('web-tree-sitter') ? 'tree-sitter' : 'own code'}`;
      owners.set(key, (owners.get(key) ?? 0) + us / 1000);
    }
    threads.push({ file, busyMs: Math.round(total), durationMs: Math.round((profile.endTime - profile.startTime) / 1000) });
  }
  const busy = [...buckets].filter(([b]) => b !== 'idle (waiting)').reduce((a, [, ms]) => a + ms, 0);
  const toRows = (map) => [...map]
    .filter(([b]) => b !== 'idle (waiting)')
    .sort((a, b) => b[1] - a[1])
    .map(([key, ms]) => ({ bucket: key, ms: Math.round(ms), share: ms / busy }));
  const rows = toRows(buckets);
  const byOwner = toRows(owners);
  return { threads, busyMs: Math.round(busy), rows, byOwner, profiles: path.relative(REPO, out) };
}
