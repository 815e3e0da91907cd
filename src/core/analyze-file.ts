import path from 'node:path';
import { analyzeText } from './analyze';
import type { ResolvedConfig } from './config';
import { NO_FACTS, type CodeFacts } from './facts';
import { readSource } from './read-source';
import type { Finding } from './types';
import type { SkipReason } from './walk';

/** The outcome of analysing one file on disk; plain data so it crosses worker boundaries. */
export interface FileOutcome {
  readonly file: string;
  readonly findings: Finding[];
  readonly skipped?: { reason: SkipReason; message: string };
  readonly ruleErrors: { ruleId: string; message: string }[];
  readonly hasSyntaxErrors: boolean;
  readonly lines: number;
  readonly bytes: number;
  readonly facts: CodeFacts;
}

export async function analyzeFileOnDisk(root: string, file: string, config: ResolvedConfig): Promise<FileOutcome> {
  const source = await readSource(path.join(root, file), config.maxFileSizeBytes);
  if (!source.ok) {
    return { file, findings: [], skipped: { reason: source.reason, message: source.message }, ruleErrors: [], hasSyntaxErrors: false, lines: 0, bytes: 0, facts: NO_FACTS };
  }
  const analysis = await analyzeText({ path: file, text: source.text, config, collectFacts: true });
  return {
    file,
    findings: analysis.findings,
    ruleErrors: analysis.ruleErrors,
    hasSyntaxErrors: analysis.hasSyntaxErrors,
    lines: analysis.lines,
    bytes: source.bytes,
    facts: analysis.facts,
  };
}
