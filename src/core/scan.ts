import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import ignore from 'ignore';
import picomatch from 'picomatch';
import { analyzeFileOnDisk, type FileOutcome } from './analyze-file';
import { ConfigError, DEFAULT_CONFIG, parseConfig, resolveConfig, type ResolvedConfig } from './config';
import { mergeFacts, NO_FACTS, type CodeFacts } from './facts';
import { computeReadiness, type Readiness, type WorkspaceFacts } from './readiness';
import { RULES_BY_ID } from './registry';
import type { Finding } from './types';
import { SKIPPED_DIRECTORIES, walkWorkspace, type SkipReason } from './walk';
import { tuneWasmTieringForScan } from './wasm-tiering';
import { WorkerPool } from './worker-pool';

export const CONFIG_FILE_NAME = '.prodready.json';

export interface ScanOptions {
  readonly root: string;
  /** Defaults to `<root>/.prodready.json` when present. */
  readonly config?: ResolvedConfig;
  /** Extra gitignore-style patterns (e.g. VS Code `files.exclude`). */
  readonly extraIgnore?: readonly string[];
  /** Worker threads; 0 analyses in this thread. Default: all cores for larger workspaces. */
  readonly workers?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * The caller runs ProdReady in a process of its own (the CLI): the scan may tune process-wide
   * V8 settings for its workload. Never set in the extension host.
   */
  readonly ownsProcess?: boolean;
}

export interface ScanProblem {
  readonly file: string;
  readonly message: string;
}

export interface ScanStats {
  readonly files: number;
  readonly skipped: Record<string, number>;
  readonly lines: number;
  readonly bytes: number;
  readonly filesWithSyntaxErrors: number;
  readonly durationMs: number;
}

export interface ScanResult {
  readonly root: string;
  readonly findings: Finding[];
  readonly readiness: Readiness;
  readonly stats: ScanStats;
  /** Files skipped for a reason the user should hear about (unreadable, binary, too large…) and rule failures. */
  readonly problems: ScanProblem[];
  readonly cancelled: boolean;
}

/** Loads `.prodready.json` (or `explicitPath`); throws ConfigError with every bad key named. */
export function loadConfig(root: string, explicitPath?: string): ResolvedConfig {
  const file = explicitPath ? path.resolve(explicitPath) : path.join(root, CONFIG_FILE_NAME);
  if (!existsSync(file)) {
    if (explicitPath) throw new ConfigError(explicitPath, ['file not found']);
    return DEFAULT_CONFIG;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(file, [`cannot read: ${(error as Error).message}`]);
  }
  return resolveConfig(parseConfig(text, path.relative(root, file) || file, new Set(RULES_BY_ID.keys())));
}

const TEST_FILE = picomatch([
  '**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/*.test.*', '**/*.spec.*', '**/test_*.py',
  '**/*_test.py', '**/*_test.go', '**/src/test/**', '**/*Test.java', '**/*Tests.cs', '**/*Test.php', '**/*_spec.rb', '**/*_test.rb',
], { dot: true });
const CI_FILES = ['.github/workflows', '.gitlab-ci.yml', '.circleci/config.yml', 'Jenkinsfile', 'azure-pipelines.yml', 'bitbucket-pipelines.yml', '.travis.yml', '.buildkite', '.drone.yml', '.ci'];
const LOCKFILES = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lockb', 'bun.lock', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'requirements.lock', 'go.sum', 'Gemfile.lock', 'composer.lock', 'Cargo.lock', 'packages.lock.json', 'gradle.lockfile'];
const ENV_EXAMPLES = ['.env.example', '.env.sample', '.env.template', '.env.dist', 'example.env', '.env.defaults'];
const DEPLOY_FILES = ['Dockerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml', 'Procfile', 'fly.toml', 'app.yaml', 'render.yaml', 'vercel.json', 'netlify.toml', 'serverless.yml', 'k8s', 'kubernetes', 'helm', 'Chart.yaml', 'skaffold.yaml', 'railway.json', 'Containerfile'];
const RUN_INSTRUCTIONS = /```[\s\S]{0,2000}?\b(?:npm|yarn|pnpm|pip|python|poetry|uv|go run|go build|docker|make|mvn|gradle|dotnet|bundle|rails|php|composer|node|cargo)\b/;

/**
 * The first candidate present at the root or in a folder up to two levels down (monorepos keep a
 * lockfile or Dockerfile per service), as a posix path relative to the root.
 */
function firstExisting(root: string, candidates: readonly string[]): string | undefined {
  const folders = [''];
  for (let depth = 0, level = ['']; depth < 2; depth++) {
    level = level.flatMap((folder) => {
      try {
        return readdirSync(path.join(root, folder), { withFileTypes: true })
          .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.') && !SKIPPED_DIRECTORIES.has(entry.name))
          .map((entry) => (folder ? `${folder}/${entry.name}` : entry.name));
      } catch {
        return [];
      }
    });
    folders.push(...level.slice(0, 200));
  }
  for (const folder of folders) {
    const hit = candidates.find((candidate) => existsSync(path.join(root, folder, candidate)));
    if (hit) return folder ? `${folder}/${hit}` : hit;
  }
  return undefined;
}

function workspaceFacts(root: string, files: readonly string[], code: CodeFacts): WorkspaceFacts {
  const gitignorePath = path.join(root, '.gitignore');
  const gitignore = existsSync(gitignorePath) ? readFileSync(gitignorePath, 'utf8') : '';
  const readmeName = readdirSync(root).find((name) => /^readme(\.md|\.rst|\.txt)?$/i.test(name));
  const readmeText = readmeName ? readFileSync(path.join(root, readmeName), 'utf8').slice(0, 200_000) : '';
  return {
    ...code,
    hasTests: files.some((file) => TEST_FILE(file)),
    ciConfig: firstExisting(root, CI_FILES),
    lockfile: firstExisting(root, LOCKFILES),
    envFileExists: existsSync(path.join(root, '.env')),
    envIgnored: ignore().add(gitignore).ignores('.env'),
    envExample: firstExisting(root, ENV_EXAMPLES),
    readme: { exists: readmeName !== undefined, hasRunInstructions: RUN_INSTRUCTIONS.test(readmeText) },
    deployConfig: firstExisting(root, DEPLOY_FILES),
  };
}

/** Below this many files, starting workers costs more than it saves: analyse in this thread. */
const MIN_FILES_FOR_WORKERS = 64;
const MAX_BATCH_SIZE = 24;
const MIN_BATCH_SIZE = 4;

/**
 * The next batch of files for a worker: large while much work remains (fewer messages), shrinking
 * towards the end so the workers finish together instead of one idling while the other ends a
 * full batch.
 */
function nextBatchSize(remaining: number, workers: number): number {
  return Math.max(MIN_BATCH_SIZE, Math.min(MAX_BATCH_SIZE, Math.ceil(remaining / (workers * 4))));
}

/** Scans a workspace folder: walk, analyse every file (in parallel), score. Never throws for bad files. */
export async function scanWorkspace(options: ScanOptions): Promise<ScanResult> {
  const started = performance.now();
  const root = path.resolve(options.root);
  const config = options.config ?? loadConfig(root);
  const walk = await walkWorkspace({ root, ignore: [...config.ignore, ...(options.extraIgnore ?? [])], ...(options.signal ? { signal: options.signal } : {}) });
  const files = walk.files;
  if (options.ownsProcess) tuneWasmTieringForScan(root, files);
  const workerCount = options.workers ?? (files.length >= MIN_FILES_FOR_WORKERS ? Math.min(availableParallelism(), 8) : 0);

  const outcomes: FileOutcome[] = [];
  let done = 0;
  const record = (batch: readonly FileOutcome[]): void => {
    outcomes.push(...batch);
    done += batch.length;
    options.onProgress?.(done, files.length);
  };

  if (workerCount > 0) {
    const pool = new WorkerPool(workerCount);
    try {
      let next = 0;
      // keep two batches in flight per worker: no idle gaps, little memory
      const lane = async (): Promise<void> => {
        while (next < files.length && !options.signal?.aborted) {
          const size = nextBatchSize(files.length - next, workerCount);
          const batch = files.slice(next, next + size);
          next += size;
          const response = await pool.request({ kind: 'files', root, files: batch, config });
          if (response.kind === 'files') record(response.outcomes);
          else if (response.kind === 'error') record(batch.map((file) => failedOutcome(file, response.message)));
        }
      };
      await Promise.all(Array.from({ length: workerCount * 2 }, lane));
    } finally {
      await pool.close();
    }
  } else {
    for (const file of files) {
      if (options.signal?.aborted) break;
      record([await analyzeFileOnDisk(root, file, config)]);
    }
  }

  const skipped: Record<string, number> = Object.fromEntries(walk.skipped);
  const problems: ScanProblem[] = walk.problems.map(({ file, message }) => ({ file, message }));
  const findings: Finding[] = [];
  let lines = 0;
  let bytes = 0;
  let filesWithSyntaxErrors = 0;
  let facts = NO_FACTS;
  outcomes.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  for (const outcome of outcomes) {
    if (outcome.skipped) {
      const reason: SkipReason = outcome.skipped.reason;
      skipped[reason] = (skipped[reason] ?? 0) + 1;
      if (reason !== 'generated' && reason !== 'minified') problems.push({ file: outcome.file, message: `skipped: ${outcome.skipped.message}` });
      continue;
    }
    findings.push(...outcome.findings);
    for (const error of outcome.ruleErrors) problems.push({ file: outcome.file, message: `rule ${error.ruleId} failed: ${error.message}` });
    lines += outcome.lines;
    bytes += outcome.bytes;
    if (outcome.hasSyntaxErrors) filesWithSyntaxErrors++;
    facts = mergeFacts(facts, outcome.facts);
  }
  const analysed = outcomes.length - outcomes.filter((o) => o.skipped).length;
  return {
    root,
    findings,
    readiness: computeReadiness(findings, workspaceFacts(root, files, facts)),
    stats: { files: analysed, skipped, lines, bytes, filesWithSyntaxErrors, durationMs: Math.round(performance.now() - started) },
    problems,
    cancelled: options.signal?.aborted ?? false,
  };
}

function failedOutcome(file: string, message: string): FileOutcome {
  return { file, findings: [], skipped: { reason: 'unreadable', message: `analysis failed: ${message}` }, ruleErrors: [], hasSyntaxErrors: false, lines: 0, bytes: 0, facts: NO_FACTS };
}
