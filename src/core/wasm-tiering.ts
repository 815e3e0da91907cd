import { statSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { grammarForPath, languageForPath } from './languages';

/**
 * Below this much source per grammar, a scan is over before V8's optimising WebAssembly tier pays
 * for itself. V8 runs a grammar's parser first as quickly compiled baseline (Liftoff) code and
 * recompiles its hot functions with TurboFan; TurboFan code parses about 25% faster, but compiling
 * it for a handful of grammars costs ~200 ms of CPU and slows the first parses (measured with
 * bench/: a 10k-line, 8-language workspace scans in 0.49 s instead of 0.68 s with baseline code
 * only; a 1M-line one in 15.4 s instead of 12.0 s; 1–3 MB per grammar is even).
 */
export const OPTIMISING_TIER_MIN_BYTES_PER_GRAMMAR = 1_500_000;

/** Bytes of source per grammar among `files` (relative to `root`), stopping once any grammar reaches `enough`. */
function bytesPerGrammar(root: string, files: readonly string[], enough: number): Map<string, number> {
  const totals = new Map<string, number>();
  for (const file of files) {
    const spec = languageForPath(file);
    if (!spec) continue;
    const grammar = grammarForPath(spec, file);
    let size = 0;
    try {
      size = statSync(path.join(root, file)).size;
    } catch {
      continue; // vanished or unreadable: the scan reports it
    }
    const total = (totals.get(grammar) ?? 0) + size;
    totals.set(grammar, total);
    if (total >= enough) break;
  }
  return totals;
}

/**
 * For a process that only scans (the CLI), turns V8's optimising WebAssembly tier off when the
 * workspace is too small for it to pay back. The flag is process-wide and must be set before the
 * first grammar loads, so the extension host (shared with other extensions) never calls this.
 * Returns whether the optimising tier stays on.
 */
export function tuneWasmTieringForScan(root: string, files: readonly string[]): boolean {
  const totals = bytesPerGrammar(root, files, OPTIMISING_TIER_MIN_BYTES_PER_GRAMMAR);
  const optimise = [...totals.values()].some((bytes) => bytes >= OPTIMISING_TIER_MIN_BYTES_PER_GRAMMAR);
  if (!optimise) setFlagsFromString('--liftoff-only');
  return optimise;
}
