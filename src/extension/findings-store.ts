/**
 * Every finding the editor knows, per workspace folder and file, and the diagnostics published
 * from them. A file's findings come from the disk (workspace scan, file watcher) unless the file
 * is open: then the analysis of the editor's buffer overlays them until the document closes.
 */
import path from 'node:path';
import * as vscode from 'vscode';
import type { ConfigError } from '../core/config';
import { scoreReadiness, type CheckResult, type Readiness } from '../core/readiness';
import type { ScanResult } from '../core/scan';
import type { Finding } from '../core/types';
import type { FolderStatus } from '../shared/protocol';
import { DIAGNOSTIC_SOURCE, toDiagnostics } from './diagnostics';
import { engine } from './engine-loader';
import { loadFolderConfig, type FolderConfig } from './folder-config';
import { readSettings } from './settings';

export interface LastScan {
  readonly finishedAt: number;
  readonly durationMs: number;
  readonly files: number;
  readonly lines: number;
}

export class FolderRecord {
  readonly key: string;
  readonly isVirtual: boolean;
  status: FolderStatus;
  private loadedConfig: FolderConfig | undefined;
  /** Findings of the last analysis of each file on disk (files without findings are absent). */
  readonly disk = new Map<string, readonly Finding[]>();
  /** Findings of open documents, analysed from the editor's buffer. */
  readonly overlay = new Map<string, { readonly version: number; readonly findings: readonly Finding[] }>();
  /** The files the last walk found worth analysing (ignore files, excludes, languages applied). */
  included: Promise<Set<string>> | undefined;
  checks: readonly CheckResult[] | undefined;
  lastScan: LastScan | undefined;
  progress: { done: number; total: number } | undefined;
  notice: string | undefined;
  private cachedReadiness: Readiness | undefined;

  constructor(readonly folder: vscode.WorkspaceFolder) {
    this.key = folder.uri.toString();
    this.isVirtual = folder.uri.scheme !== 'file';
    this.status = this.isVirtual ? 'virtual' : 'not-scanned';
  }

  /** `.prodready.json` and settings, read on first use (not while activating). */
  get config(): FolderConfig {
    this.loadedConfig ??= loadFolderConfig(this.folder, vscode.workspace.workspaceFolders ?? []);
    return this.loadedConfig;
  }

  set config(config: FolderConfig) {
    this.loadedConfig = config;
  }

  get root(): string {
    return this.folder.uri.fsPath;
  }

  uriOf(file: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...file.split('/'));
  }

  /** posix path of `uri` relative to this folder, or undefined when it is outside. */
  relativePath(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.folder.uri.scheme || uri.authority !== this.folder.uri.authority) return undefined;
    if (uri.scheme === 'file') {
      const relative = path.relative(this.folder.uri.fsPath, uri.fsPath);
      if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
      return relative.split(path.sep).join('/');
    }
    const base = this.folder.uri.path.endsWith('/') ? this.folder.uri.path : `${this.folder.uri.path}/`;
    return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
  }

  /** The findings shown for `file`: the open buffer's, else the disk's. */
  findingsOf(file: string): readonly Finding[] {
    return this.overlay.get(file)?.findings ?? this.disk.get(file) ?? [];
  }

  /** Every file with findings, with the findings shown for it. */
  *files(): Iterable<[string, readonly Finding[]]> {
    for (const [file, findings] of this.disk) if (!this.overlay.has(file) && findings.length > 0) yield [file, findings];
    for (const [file, { findings }] of this.overlay) if (findings.length > 0) yield [file, findings];
  }

  allFindings(): Finding[] {
    const all: Finding[] = [];
    for (const [, findings] of this.files()) all.push(...findings);
    return all;
  }

  /** Score and checklist: the checklist from the last scan, the findings as they are now. */
  readiness(): Readiness | undefined {
    if (!this.checks) return undefined;
    this.cachedReadiness ??= scoreReadiness(this.allFindings(), this.checks);
    return this.cachedReadiness;
  }

  invalidate(): void {
    this.cachedReadiness = undefined;
  }
}

interface LooseDocument {
  readonly uri: vscode.Uri;
  readonly version: number;
  readonly findings: readonly Finding[];
}

/** What the code actions need: the findings shown for a document and which version they were computed from. */
export interface DocumentAnalysis {
  readonly findings: readonly Finding[];
  /** Document version the findings were computed from; undefined when they come from the file on disk. */
  readonly version: number | undefined;
  readonly folder: FolderRecord | undefined;
}

export class FindingsStore implements vscode.Disposable {
  readonly diagnostics = vscode.languages.createDiagnosticCollection('prodready');
  private readonly records = new Map<string, FolderRecord>();
  private readonly loose = new Map<string, LooseDocument>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires (coalesced, at most every 100 ms) when findings, scores or scan status change. */
  readonly onDidChange = this.changed.event;
  private changeTimer: NodeJS.Timeout | undefined;

  constructor() {
    this.syncFolders();
  }

  get folders(): readonly FolderRecord[] {
    return [...this.records.values()];
  }

  /** Adds and removes folder records to match the workspace; returns the records added. */
  syncFolders(): FolderRecord[] {
    const current = vscode.workspace.workspaceFolders ?? [];
    const keys = new Set(current.map((folder) => folder.uri.toString()));
    for (const [key, record] of this.records) {
      if (!keys.has(key)) {
        this.clearFolderDiagnostics(record);
        this.records.delete(key);
      }
    }
    const added: FolderRecord[] = [];
    for (const folder of current) {
      const key = folder.uri.toString();
      if (!this.records.has(key)) {
        const record = new FolderRecord(folder);
        this.records.set(key, record);
        added.push(record);
      }
    }
    this.fireChanged();
    return added;
  }

  /** Re-reads settings and `.prodready.json` for every folder (or one). */
  reloadConfig(record?: FolderRecord): void {
    const all = vscode.workspace.workspaceFolders ?? [];
    for (const target of record ? [record] : this.records.values()) {
      target.config = loadFolderConfig(target.folder, all);
      target.included = undefined;
      this.publishConfigProblems(target);
      this.republish(target);
    }
    this.fireChanged();
  }

  record(key: string): FolderRecord | undefined {
    return this.records.get(key);
  }

  /** The folder a document belongs to (the innermost, for nested folders). */
  folderOf(uri: vscode.Uri): FolderRecord | undefined {
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    return folder ? this.records.get(folder.uri.toString()) : undefined;
  }

  setOverlay(record: FolderRecord, file: string, version: number, findings: readonly Finding[]): void {
    record.overlay.set(file, { version, findings });
    this.fileChanged(record, file);
  }

  clearOverlay(record: FolderRecord, file: string): void {
    if (!record.overlay.delete(file)) return;
    this.fileChanged(record, file);
  }

  setDisk(record: FolderRecord, file: string, findings: readonly Finding[]): void {
    if (findings.length === 0) {
      if (!record.disk.delete(file)) return;
    } else {
      record.disk.set(file, findings);
    }
    if (!record.overlay.has(file)) this.fileChanged(record, file);
  }

  /** Forgets a deleted file, or every file under a deleted directory. */
  removeDisk(record: FolderRecord, fileOrDirectory: string): void {
    const prefix = `${fileOrDirectory}/`;
    for (const file of [...record.disk.keys()]) {
      if (file === fileOrDirectory || file.startsWith(prefix)) {
        record.disk.delete(file);
        if (!record.overlay.has(file)) this.fileChanged(record, file);
      }
    }
  }

  /** Replaces a folder's disk findings with a scan's. */
  applyScan(record: FolderRecord, result: ScanResult): void {
    const previous = new Set(record.disk.keys());
    record.disk.clear();
    for (const finding of result.findings) {
      const list = record.disk.get(finding.file);
      if (list) (list as Finding[]).push(finding);
      else record.disk.set(finding.file, [finding]);
    }
    record.checks = result.readiness.checks;
    record.lastScan = {
      finishedAt: Date.now(),
      durationMs: result.stats.durationMs,
      files: result.stats.files,
      lines: result.stats.lines,
    };
    record.invalidate();
    const entries: [vscode.Uri, vscode.Diagnostic[] | undefined][] = [];
    const max = record.config.settings.maxDiagnosticsPerFile;
    for (const file of previous) if (!record.disk.has(file) && !record.overlay.has(file)) entries.push([record.uriOf(file), undefined]);
    for (const [file, findings] of record.disk) if (!record.overlay.has(file)) entries.push([record.uriOf(file), toDiagnostics(findings, max)]);
    this.diagnostics.set(entries);
    this.fireChanged();
  }

  setLoose(uri: vscode.Uri, version: number, findings: readonly Finding[]): void {
    this.loose.set(uri.toString(), { uri, version, findings });
    this.diagnostics.set(uri, toDiagnostics(findings, readSettings().maxDiagnosticsPerFile));
  }

  clearLoose(uri: vscode.Uri): void {
    if (this.loose.delete(uri.toString())) this.diagnostics.delete(uri);
  }

  /** The findings shown for a document, for the code actions. */
  analysisOf(uri: vscode.Uri): DocumentAnalysis {
    const loose = this.loose.get(uri.toString());
    if (loose) return { findings: loose.findings, version: loose.version, folder: undefined };
    const record = this.folderOf(uri);
    const file = record?.relativePath(uri);
    if (!record || file === undefined) return { findings: [], version: undefined, folder: undefined };
    const overlay = record.overlay.get(file);
    return overlay ? { findings: overlay.findings, version: overlay.version, folder: record } : { findings: record.disk.get(file) ?? [], version: undefined, folder: record };
  }

  /** Drops every finding and diagnostic (Clear Findings, or ProdReady disabled). */
  clear(): void {
    for (const record of this.records.values()) {
      record.disk.clear();
      record.overlay.clear();
      record.checks = undefined;
      record.lastScan = undefined;
      record.progress = undefined;
      if (!record.isVirtual) record.status = 'not-scanned';
      record.invalidate();
    }
    this.loose.clear();
    this.diagnostics.clear();
    this.publishConfigProblems();
    this.fireChanged();
  }

  /** Call after changing a record's status, progress or notice. */
  statusChanged(): void {
    this.fireChanged();
  }

  private fileChanged(record: FolderRecord, file: string): void {
    record.invalidate();
    const findings = record.findingsOf(file);
    const uri = record.uriOf(file);
    if (findings.length === 0) this.diagnostics.delete(uri);
    else this.diagnostics.set(uri, toDiagnostics(findings, record.config.settings.maxDiagnosticsPerFile));
    this.fireChanged();
  }

  /** Re-publishes a folder's diagnostics (after the per-file cap changed). */
  private republish(record: FolderRecord): void {
    const max = record.config.settings.maxDiagnosticsPerFile;
    this.diagnostics.set([...record.files()].map(([file, findings]) => [record.uriOf(file), toDiagnostics(findings, max)]));
  }

  private clearFolderDiagnostics(record: FolderRecord): void {
    for (const [file] of record.files()) this.diagnostics.delete(record.uriOf(file));
    this.diagnostics.delete(vscode.Uri.joinPath(record.folder.uri, engine().CONFIG_FILE_NAME));
  }

  /** Shows what is wrong with a folder's (or every folder's) `.prodready.json` on the file itself. */
  publishConfigProblems(record?: FolderRecord): void {
    if (!record) {
      for (const each of this.records.values()) this.publishConfigProblems(each);
      return;
    }
    if (record.isVirtual) return;
    const { CONFIG_FILE_NAME } = engine();
    const configUri = vscode.Uri.joinPath(record.folder.uri, CONFIG_FILE_NAME);
    const error: ConfigError | undefined = record.config.error;
    if (!error) {
      this.diagnostics.delete(configUri);
      if (record.notice?.startsWith(CONFIG_FILE_NAME)) record.notice = undefined;
      return;
    }
    record.notice = `${CONFIG_FILE_NAME} is invalid; ProdReady uses its defaults until it is fixed.`;
    void locateConfigProblems(configUri, error).then((diagnostics) => {
      if (record.config.error === error) this.diagnostics.set(configUri, diagnostics);
    });
  }

  private fireChanged(): void {
    if (this.changeTimer) return;
    this.changeTimer = setTimeout(() => {
      this.changeTimer = undefined;
      this.changed.fire();
    }, 100);
  }

  dispose(): void {
    clearTimeout(this.changeTimer);
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}

/** One diagnostic per problem, on the key it names when it can be found in the file. */
async function locateConfigProblems(uri: vscode.Uri, error: ConfigError): Promise<vscode.Diagnostic[]> {
  let text = '';
  try {
    text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    // unreadable: the problems go on the first line
  }
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const positionAt = (offset: number): vscode.Position => {
    let line = 0;
    while (line + 1 < lineStarts.length && (lineStarts[line + 1] ?? Infinity) <= offset) line++;
    return new vscode.Position(line, offset - (lineStarts[line] ?? 0));
  };
  return error.problems.map((problem) => {
    // problems name keys like `unknown key "rules.foo"` or `"categories.sql-concat" must be ...`
    const key = /"([^"]+)"/.exec(problem)?.[1]?.split('.').pop();
    const at = key ? text.indexOf(`"${key}"`) : -1;
    const range = key && at !== -1 ? new vscode.Range(positionAt(at), positionAt(at + key.length + 2)) : new vscode.Range(0, 0, 0, 1);
    const diagnostic = new vscode.Diagnostic(range, `${problem} (ProdReady uses its defaults until this is fixed)`, vscode.DiagnosticSeverity.Error);
    diagnostic.source = DIAGNOSTIC_SOURCE;
    return diagnostic;
  });
}
