/** What the commands and views share: built once in activate(). */
import type * as vscode from 'vscode';
import type { DocumentAnalyzer } from './documents';
import type { FindingsStore } from './findings-store';
import type { FindingsTree } from './findings-tree';
import type { ReadinessPanel } from './panel';
import type { Scanner } from './scanner';

export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly store: FindingsStore;
  readonly scanner: Scanner;
  readonly documents: DocumentAnalyzer;
  readonly panel: ReadinessPanel;
  readonly tree: FindingsTree;
  /** `prodready.enable`. */
  enabled(): boolean;
  /** The extension's version. */
  readonly version: string;
}
