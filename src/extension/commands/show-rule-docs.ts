import * as vscode from 'vscode';
import { CATEGORY_TITLES } from '../../shared/protocol';
import { engine } from '../engine-loader';
import { ruleDocsUri } from '../rule-docs';
import { CommandId } from './ids';

/** ProdReady: Show Rule Documentation — the rule's docs, shipped with the extension, in the Markdown preview. */
export function registerShowRuleDocs(): vscode.Disposable {
  return vscode.commands.registerCommand(CommandId.ShowRuleDocs, async (ruleId?: string) => {
    let id = ruleId;
    if (id === undefined) {
      const picked = await vscode.window.showQuickPick(
        engine().RULES.map((rule) => ({ label: rule.meta.id, description: CATEGORY_TITLES[rule.meta.category], detail: rule.meta.description })),
        { placeHolder: 'Which rule?', matchOnDescription: true, matchOnDetail: true },
      );
      id = picked?.label;
    }
    if (id === undefined) return;
    const uri = ruleDocsUri(id);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      await vscode.window.showTextDocument(uri, { preview: true });
    }
  });
}
