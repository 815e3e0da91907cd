/** Every command ProdReady contributes, in one place (package.json `contributes.commands` uses the same ids). */
export const CommandId = {
  ScanWorkspace: 'prodready.scanWorkspace',
  ShowPanel: 'prodready.showPanel',
  ExportReport: 'prodready.exportReport',
  ClearFindings: 'prodready.clearFindings',
  ShowRuleDocs: 'prodready.showRuleDocs',
  OpenFinding: 'prodready.openFinding',
} as const;

export type CommandId = (typeof CommandId)[keyof typeof CommandId];
