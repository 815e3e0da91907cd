import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { languageForPath } from './languages';

/** Why a file was not analysed. Every skip is counted under one of these. */
export type SkipReason =
  | 'ignored-directory'
  | 'gitignored'
  | 'prodreadyignore'
  | 'config-ignore'
  | 'unsupported-language'
  | 'minified'
  | 'generated'
  | 'binary'
  | 'invalid-utf8'
  | 'too-large'
  | 'unreadable'
  | 'vanished';

/** Folders that never hold the team's own application code. */
export const SKIPPED_DIRECTORIES: ReadonlySet<string> = new Set([
  'node_modules', '.git', '.hg', '.svn', 'dist', 'build', 'out', '.next', '.nuxt', '.svelte-kit', '.output', 'vendor',
  '__pycache__', '.venv', 'venv', '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', 'coverage', '.cache',
  'target', 'obj', 'bower_components', '.gradle', '.idea', '.vscode-test', 'site-packages',
]);

/** Generated code by name: protobuf, gRPC, designer and codegen output. */
const GENERATED_NAME = /(?:\.pb\.go|_pb2(?:_grpc)?\.py|\.pb\.(?:cc|h)|\.g\.cs|\.g\.i\.cs|\.designer\.cs|\.generated\.[a-z]+|_generated\.go)$|^zz_generated/i;
const MINIFIED_NAME = /[.-]min\.(?:js|mjs|cjs)$|\.bundle\.js$/i;

export interface WalkOptions {
  readonly root: string;
  /** Extra gitignore-style patterns (config `ignore`, VS Code `files.exclude`). */
  readonly ignore?: readonly string[];
  readonly signal?: AbortSignal;
}

export interface WalkResult {
  /** posix paths relative to the root, sorted. */
  readonly files: string[];
  readonly skipped: Map<SkipReason, number>;
  readonly problems: { file: string; reason: SkipReason; message: string }[];
}

interface IgnoreLayer {
  /** posix directory relative to root ('' for the root). */
  readonly base: string;
  readonly matcher: Ignore;
  readonly reason: SkipReason;
}

async function readIgnoreFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
}

function ignoredBy(layers: readonly IgnoreLayer[], relative: string, isDirectory: boolean): SkipReason | undefined {
  for (const layer of layers) {
    const local = layer.base === '' ? relative : relative.slice(layer.base.length + 1);
    if (local === '' || local.startsWith('..')) continue;
    if (layer.matcher.ignores(isDirectory ? `${local}/` : local)) return layer.reason;
  }
  return undefined;
}

export function isGeneratedName(fileName: string): boolean {
  return GENERATED_NAME.test(fileName);
}

export function isMinifiedName(fileName: string): boolean {
  return MINIFIED_NAME.test(fileName);
}

/**
 * Lists the files worth analysing under `root`: honours nested `.gitignore`s, `.prodreadyignore`
 * and extra patterns, never follows symlinks, and counts every skip with its reason.
 */
export async function walkWorkspace(options: WalkOptions): Promise<WalkResult> {
  const root = path.resolve(options.root);
  const files: string[] = [];
  const skipped = new Map<SkipReason, number>();
  const problems: WalkResult['problems'] = [];
  const skip = (reason: SkipReason): void => {
    skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  };

  const rootLayers: IgnoreLayer[] = [];
  if (options.ignore && options.ignore.length > 0) {
    rootLayers.push({ base: '', matcher: ignore().add([...options.ignore]), reason: 'config-ignore' });
  }
  const prodreadyIgnore = await readIgnoreFile(path.join(root, '.prodreadyignore'));
  if (prodreadyIgnore !== undefined) rootLayers.push({ base: '', matcher: ignore().add(prodreadyIgnore), reason: 'prodreadyignore' });

  const visit = async (relativeDir: string, inherited: readonly IgnoreLayer[]): Promise<void> => {
    if (options.signal?.aborted) return;
    const absoluteDir = path.join(root, relativeDir);
    let entries;
    try {
      entries = await readdir(absoluteDir, { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      const reason: SkipReason = code === 'ENOENT' ? 'vanished' : 'unreadable';
      skip(reason);
      problems.push({ file: relativeDir || '.', reason, message: `cannot read directory (${code ?? 'error'})` });
      return;
    }
    const gitignore = entries.some((e) => e.name === '.gitignore' && e.isFile())
      ? await readIgnoreFile(path.join(absoluteDir, '.gitignore'))
      : undefined;
    const layers = gitignore === undefined ? inherited : [...inherited, { base: relativeDir, matcher: ignore().add(gitignore), reason: 'gitignored' as const }];
    const isVirtualenv = entries.some((e) => e.name === 'pyvenv.cfg');
    if (isVirtualenv) {
      skip('ignored-directory');
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const subdirectories: string[] = [];
    for (const entry of entries) {
      const relative = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isSymbolicLink()) continue; // never follow links: no loops, no scanning outside the root
      if (entry.isDirectory()) {
        if (SKIPPED_DIRECTORIES.has(entry.name)) {
          skip('ignored-directory');
          continue;
        }
        const reason = ignoredBy(layers, relative, true);
        if (reason) {
          skip(reason);
          continue;
        }
        subdirectories.push(relative);
      } else if (entry.isFile()) {
        if (!languageForPath(entry.name)) {
          skip('unsupported-language');
          continue;
        }
        const reason = ignoredBy(layers, relative, false);
        if (reason) skip(reason);
        else if (isGeneratedName(entry.name)) skip('generated');
        else if (isMinifiedName(entry.name)) skip('minified');
        else files.push(relative);
      }
    }
    for (const subdirectory of subdirectories) await visit(subdirectory, layers);
  };

  try {
    const rootStat = await lstat(root);
    if (!rootStat.isDirectory()) throw new Error(`${root} is not a directory`);
  } catch (error) {
    throw new Error(`Cannot scan ${root}: ${(error as Error).message}`);
  }
  await visit('', rootLayers);
  return { files, skipped, problems };
}
