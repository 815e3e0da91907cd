/**
 * Rule documentation, shipped inside the extension (dist/rules/<rule-id>.md, copied from
 * src/core/rules/<rule-id>/docs.md by the build; read by the engine's rule-docs) and served read-only under the
 * `prodready-rule:` scheme, so a diagnostic's code links to its docs offline.
 */
import * as vscode from 'vscode';
import { ruleDocs } from '../core/rule-docs';
import { CATEGORY_TITLES } from '../shared/protocol';
import { engine } from './engine-loader';

export const RULE_DOCS_SCHEME = 'prodready-rule';

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${ruleId}.md` });
}

export function ruleIdFromDocsUri(uri: vscode.Uri): string | undefined {
  const match = /^\/([a-z][a-z0-9-]*)\.md$/.exec(uri.path);
  return match?.[1];
}

/** The rule's shipped docs, or a stub from its metadata when it has none. */
export function ruleDocsText(ruleId: string): string {
  const rule = engine().RULES_BY_ID.get(ruleId);
  if (!rule) return `# ${ruleId}\n\nProdReady has no rule with this id.\n`;
  const { meta } = rule;
  return ruleDocs(ruleId) ?? `# ${meta.id}\n\n${meta.description}\n\nCategory: ${CATEGORY_TITLES[meta.category]}. Default severity: ${meta.severity}.\n`;
}

export class RuleDocsProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const ruleId = ruleIdFromDocsUri(uri);
    return ruleId ? ruleDocsText(ruleId) : 'Unknown ProdReady rule.';
  }
}
