/**
 * The one place that reads ProdReady's VS Code settings. The defaults here must match
 * `contributes.configuration` in package.json (a test checks it).
 */
import * as vscode from 'vscode';
import { CATEGORIES, type Category, type Severity } from '../core/types';

export type CategoryLevel = 'default' | Severity | 'off';
export type RunMode = 'onType' | 'onSave';

export interface Settings {
  readonly enable: boolean;
  readonly scanOnStartup: boolean;
  readonly run: RunMode;
  /** Per category: `default` keeps the rules' (and `.prodready.json`'s) severities. */
  readonly severity: Readonly<Record<Category, CategoryLevel>>;
  /** gitignore-style patterns added to `.gitignore`, `.prodreadyignore` and `files.exclude`. */
  readonly exclude: readonly string[];
  /** undefined: not set by the user, so `.prodready.json` (or the engine default) decides. */
  readonly maxFileSizeKb: number | undefined;
  readonly maxDiagnosticsPerFile: number;
}

export const SECTION = 'prodready';

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  scanOnStartup: true,
  run: 'onType',
  severity: { 'hardcoded-data': 'default', 'swallowed-error': 'default', 'stack-trace-leak': 'default', 'sql-concat': 'default' },
  exclude: [],
  maxFileSizeKb: undefined,
  maxDiagnosticsPerFile: 200,
};
/** What package.json declares as `prodready.maxFileSizeKb`'s default (the engine's). */
export const DEFAULT_MAX_FILE_SIZE_KB = 1024;

const LEVELS = new Set<CategoryLevel>(['default', 'error', 'warning', 'info', 'off']);

function isExplicit<T>(inspected: { globalValue?: T; workspaceValue?: T; workspaceFolderValue?: T } | undefined): boolean {
  return inspected !== undefined && (inspected.globalValue !== undefined || inspected.workspaceValue !== undefined || inspected.workspaceFolderValue !== undefined);
}

/** Reads the settings that apply to `scope` (a workspace folder or a file), falling back to the defaults on bad values. */
export function readSettings(scope?: vscode.Uri): Settings {
  const config = vscode.workspace.getConfiguration(SECTION, scope ?? null);
  const severity = {} as Record<Category, CategoryLevel>;
  for (const category of CATEGORIES) {
    const value = config.get<string>(`severity.${category}`, 'default');
    severity[category] = LEVELS.has(value as CategoryLevel) ? (value as CategoryLevel) : 'default';
  }
  const exclude = config.get<unknown>('exclude', []);
  const run = config.get<string>('run', DEFAULT_SETTINGS.run);
  const maxFileSizeKb = config.get<number>('maxFileSizeKb', DEFAULT_MAX_FILE_SIZE_KB);
  const maxDiagnostics = config.get<number>('maxDiagnosticsPerFile', DEFAULT_SETTINGS.maxDiagnosticsPerFile);
  return {
    enable: config.get<boolean>('enable', DEFAULT_SETTINGS.enable),
    scanOnStartup: config.get<boolean>('scanOnStartup', DEFAULT_SETTINGS.scanOnStartup),
    run: run === 'onSave' ? 'onSave' : 'onType',
    severity,
    exclude: Array.isArray(exclude) ? exclude.filter((pattern): pattern is string => typeof pattern === 'string' && pattern.trim() !== '') : [],
    maxFileSizeKb: isExplicit(config.inspect<number>('maxFileSizeKb')) && Number.isFinite(maxFileSizeKb) && maxFileSizeKb >= 1 ? maxFileSizeKb : undefined,
    maxDiagnosticsPerFile: Number.isFinite(maxDiagnostics) && maxDiagnostics >= 1 ? Math.floor(maxDiagnostics) : DEFAULT_SETTINGS.maxDiagnosticsPerFile,
  };
}

/** `files.exclude` globs that are on for `scope`, as gitignore-style patterns for the engine's walk. */
export function filesExclude(scope?: vscode.Uri): string[] {
  const excluded = vscode.workspace.getConfiguration('files', scope ?? null).get<Record<string, unknown>>('exclude', {});
  // `{ when: ... }` entries depend on sibling files; only plain `true` entries are honoured.
  return Object.entries(excluded).filter(([, value]) => value === true).map(([glob]) => glob);
}

/** True when a configuration change touches anything that changes what ProdReady reports. */
export function affectsProdReady(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration(SECTION) || event.affectsConfiguration('files.exclude');
}
