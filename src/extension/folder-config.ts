/**
 * What the engine is told for one workspace folder: its `.prodready.json` (validated by the
 * engine) with the user's VS Code settings layered on top, and the extra ignore patterns.
 */
import path from 'node:path';
import type * as vscode from 'vscode';
import type { ConfigError, ConfigFile, Level, ResolvedConfig } from '../core/config';
import { CATEGORIES, type Category } from '../core/types';
import { engine } from './engine-loader';
import { filesExclude, readSettings, type Settings } from './settings';

export interface FolderConfig {
  readonly config: ResolvedConfig;
  /** `prodready.exclude`, `files.exclude`, and nested workspace folders (scanned as folders of their own). */
  readonly extraIgnore: readonly string[];
  readonly settings: Settings;
  /** A broken `.prodready.json`: the defaults are used and the problems are shown on the file. */
  readonly error?: ConfigError;
}

/**
 * VS Code settings win over `.prodready.json`: a category level set in the settings replaces the
 * file's level for that category and for the rules in it; an explicit `prodready.maxFileSizeKb`
 * replaces the file's `maxFileSizeKb`.
 */
export function applySettings(file: ConfigFile, settings: Settings): ConfigFile {
  const categories: Partial<Record<Category, Level>> = { ...file.categories };
  const overridden = new Set<Category>();
  for (const category of CATEGORIES) {
    const level = settings.severity[category];
    if (level === 'default') continue;
    categories[category] = level;
    overridden.add(category);
  }
  const rules = Object.fromEntries(
    Object.entries(file.rules ?? {}).filter(([ruleId]) => {
      const category = engine().RULES_BY_ID.get(ruleId)?.meta.category;
      return !(category && overridden.has(category));
    }),
  );
  const maxFileSizeKb = settings.maxFileSizeKb ?? file.maxFileSizeKb;
  return { ...file, rules, categories, ...(maxFileSizeKb === undefined ? {} : { maxFileSizeKb }) };
}

/** `.gitignore`-style patterns for workspace folders nested inside `folder`, so their files are not reported twice. */
function nestedFolderPatterns(folder: vscode.WorkspaceFolder, all: readonly vscode.WorkspaceFolder[]): string[] {
  const root = folder.uri.fsPath;
  return all.flatMap((other) => {
    if (other === folder || other.uri.scheme !== 'file') return [];
    const relative = path.relative(root, other.uri.fsPath);
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return [];
    return [`/${relative.split(path.sep).join('/')}/`];
  });
}

export function loadFolderConfig(folder: vscode.WorkspaceFolder, allFolders: readonly vscode.WorkspaceFolder[]): FolderConfig {
  const { ConfigError, CONFIG_FILE_NAME, DEFAULT_CONFIG, loadConfig, resolveConfig } = engine();
  const settings = readSettings(folder.uri);
  let file: ConfigFile = DEFAULT_CONFIG.file;
  let error: ConfigError | undefined;
  if (folder.uri.scheme === 'file') {
    try {
      file = loadConfig(folder.uri.fsPath).file;
    } catch (caught) {
      if (caught instanceof ConfigError) error = caught;
      else error = new ConfigError(CONFIG_FILE_NAME, [caught instanceof Error ? caught.message : String(caught)]);
    }
  }
  return {
    config: resolveConfig(applySettings(file, settings)),
    extraIgnore: [...settings.exclude, ...filesExclude(folder.uri), ...nestedFolderPatterns(folder, allFolders)],
    settings,
    ...(error ? { error } : {}),
  };
}

/** The configuration for files outside any workspace folder (and untitled documents): defaults plus the user's settings. */
export function looseConfig(): ResolvedConfig {
  const { DEFAULT_CONFIG, resolveConfig } = engine();
  return resolveConfig(applySettings(DEFAULT_CONFIG.file, readSettings()));
}
