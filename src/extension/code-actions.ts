/**
 * Quick fixes on the light bulb: each of the engine's fixes for a finding becomes one
 * WorkspaceEdit (undone in one step, other files included), followed by "Ignore this line (with
 * reason)", "Disable this rule in this file" and the rule's documentation.
 */
import * as vscode from 'vscode';
import { languageForPath, languageForVscodeId, LANGUAGES } from '../core/languages';
import { REASON_PLACEHOLDER, suppressionFixes } from '../core/suppression-fixes';
import type { FileEdit, Finding, Fix, LanguageId } from '../core/types';
import { CommandId } from './commands/ids';
import { ruleIdOf } from './diagnostics';
import type { FindingsStore, FolderRecord } from './findings-store';

export const SUPPORTED_LANGUAGE_IDS: readonly string[] = Object.values(LANGUAGES).flatMap((spec) => spec.vscodeLanguageIds);

class FixAction extends vscode.CodeAction {
  constructor(
    readonly fix: Fix,
    readonly document: vscode.TextDocument,
    readonly folder: FolderRecord | undefined,
    diagnostic: vscode.Diagnostic,
    readonly snippet: boolean,
  ) {
    super(fix.title, vscode.CodeActionKind.QuickFix);
    this.diagnostics = [diagnostic];
    if (fix.isPreferred) this.isPreferred = true;
  }
}

function sameRange(finding: Finding, range: vscode.Range): boolean {
  const { start, end } = finding.range;
  return start.line === range.start.line && start.column === range.start.character && end.line === range.end.line && end.column === range.end.character;
}

function languageOf(document: vscode.TextDocument): LanguageId | undefined {
  return (languageForPath(document.uri.path) ?? languageForVscodeId(document.languageId))?.id;
}

/** `$`, `}` and `\` are snippet syntax: escape them so only the reason becomes a placeholder. */
function snippetOf(text: string): vscode.SnippetString {
  const escaped = text.replace(/[$}\\]/g, (character) => `\\${character}`);
  return new vscode.SnippetString(escaped.replace(REASON_PLACEHOLDER, `\${1:${REASON_PLACEHOLDER}}`));
}

export class CodeActionProvider implements vscode.CodeActionProvider<FixAction | vscode.CodeAction> {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly store: FindingsStore) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): (FixAction | vscode.CodeAction)[] {
    const ours = context.diagnostics.filter((diagnostic) => ruleIdOf(diagnostic) !== undefined);
    if (ours.length === 0) return [];
    const analysis = this.store.analysisOf(document.uri);
    // the engine's offsets index into the text it analysed: only offer its fixes while the buffer is that text
    const current = analysis.version === undefined ? !document.isDirty : analysis.version === document.version;
    const language = languageOf(document);
    const actions: (FixAction | vscode.CodeAction)[] = [];
    const seenRules = new Set<string>();
    for (const diagnostic of ours) {
      const ruleId = ruleIdOf(diagnostic);
      if (ruleId === undefined) continue;
      const finding = analysis.findings.find((candidate) => candidate.ruleId === ruleId && sameRange(candidate, diagnostic.range));
      if (finding && current) {
        for (const fix of finding.fixes) actions.push(new FixAction(fix, document, analysis.folder, diagnostic, false));
      }
      if (!language) continue;
      const [ignoreLine, ignoreFile] = suppressionFixes({ text: document.getText(), language, ruleId, line: diagnostic.range.start.line });
      if (ignoreLine) actions.push(new FixAction(ignoreLine, document, analysis.folder, diagnostic, true));
      if (ignoreFile && !seenRules.has(ruleId)) actions.push(new FixAction(ignoreFile, document, analysis.folder, diagnostic, false));
      if (!seenRules.has(ruleId)) {
        const docs = new vscode.CodeAction(`Show documentation for ${ruleId}`, vscode.CodeActionKind.QuickFix);
        docs.command = { command: CommandId.ShowRuleDocs, title: docs.title, arguments: [ruleId] };
        docs.diagnostics = [diagnostic];
        actions.push(docs);
      }
      seenRules.add(ruleId);
    }
    // the engine's fixes first, then the suppressions, then the docs (stable within each group)
    const rank = (action: vscode.CodeAction): number => (action instanceof FixAction ? (action.snippet || action.title.startsWith('Disable ') ? 1 : 0) : 2);
    return actions.map((action, index) => ({ action, index })).sort((a, b) => rank(a.action) - rank(b.action) || a.index - b.index).map(({ action }) => action);
  }

  async resolveCodeAction(action: FixAction | vscode.CodeAction): Promise<vscode.CodeAction> {
    if (!(action instanceof FixAction)) return action;
    action.edit = await buildEdit(action);
    return action;
  }
}

/** One WorkspaceEdit for a fix: its text edits, and its appends to other files (creating them if absent). */
async function buildEdit(action: FixAction): Promise<vscode.WorkspaceEdit> {
  const { fix, document } = action;
  const edit = new vscode.WorkspaceEdit();
  const edits = fix.edits.map(({ start, end, text }) => {
    const range = new vscode.Range(document.positionAt(start), document.positionAt(end));
    return action.snippet ? new vscode.SnippetTextEdit(range, snippetOf(text)) : new vscode.TextEdit(range, text);
  });
  edit.set(document.uri, edits);
  const base = action.folder?.folder.uri ?? vscode.workspace.getWorkspaceFolder(document.uri)?.uri;
  if (base) for (const fileEdit of fix.fileEdits ?? []) await appendLine(edit, vscode.Uri.joinPath(base, ...fileEdit.file.split('/')), fileEdit);
  return edit;
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) return open.getText();
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}

async function appendLine(edit: vscode.WorkspaceEdit, uri: vscode.Uri, fileEdit: FileEdit): Promise<void> {
  const line = fileEdit.appendLineIfMissing;
  const text = await readText(uri);
  if (text === undefined) {
    // create, then insert: one edit, and it survives the trip through the code-action API
    edit.createFile(uri, { ignoreIfExists: true });
    edit.insert(uri, new vscode.Position(0, 0), `${line}\n`);
    return;
  }
  const lines = text.split(/\r?\n/);
  const prefix = fileEdit.matchPrefix;
  if (lines.some((existing) => existing === line || (prefix !== undefined && existing.startsWith(prefix)))) return;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const endsWithNewline = text === '' || text.endsWith('\n');
  const lastLine = lines.length - 1;
  edit.insert(uri, new vscode.Position(lastLine, (lines[lastLine] ?? '').length), `${endsWithNewline ? '' : eol}${line}${eol}`);
}
