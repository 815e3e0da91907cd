/**
 * The messages between the extension host and the readiness webview: one declaration per message,
 * used on both sides (the host in src/extension/panel.ts, the browser in src/webview/panel.ts).
 * Plain data only: everything crosses postMessage as structured clones.
 */
import type { Category, Severity } from '../core/types';

export type Band = 'production-ready' | 'almost-there' | 'prototype';

export const CATEGORY_TITLES: Readonly<Record<Category, string>> = {
  'hardcoded-data': 'Hardcoded data',
  'swallowed-error': 'Swallowed errors',
  'stack-trace-leak': 'Stack-trace leaks',
  'sql-concat': 'SQL concatenation',
};

export const BAND_TITLES: Readonly<Record<Band, string>> = {
  'production-ready': 'Production ready',
  'almost-there': 'Almost there',
  prototype: 'Prototype',
};

export interface PanelCategory {
  readonly id: Category;
  readonly title: string;
  readonly score: number;
  readonly band: Band;
  readonly counts: Readonly<Record<Severity, number>>;
}

export interface PanelFile {
  /** `WorkspaceFolder.uri.toString()` of the folder the file belongs to. */
  readonly folder: string;
  /** posix path relative to the folder. */
  readonly file: string;
  readonly count: number;
  readonly worst: Severity;
  /** Zero-based position of the file's first finding. */
  readonly line: number;
  readonly column: number;
}

export interface PanelCheck {
  readonly id: string;
  readonly title: string;
  readonly passed: boolean;
  readonly howToPass: string;
  readonly detail: string;
}

export type FolderStatus = 'not-scanned' | 'scanning' | 'scanned' | 'cancelled' | 'failed' | 'virtual';

export interface PanelFolder {
  readonly uri: string;
  readonly name: string;
  readonly status: FolderStatus;
  /** Set once the folder has been scanned. */
  readonly readiness?: {
    readonly score: number;
    readonly band: Band;
    readonly checklistScore: number;
    readonly categories: readonly PanelCategory[];
    readonly checks: readonly PanelCheck[];
  };
  readonly topFiles: readonly PanelFile[];
  readonly totalFindings: number;
  readonly lastScan?: {
    /** Epoch milliseconds. */
    readonly finishedAt: number;
    readonly durationMs: number;
    readonly files: number;
    readonly lines: number;
  };
  readonly progress?: { readonly done: number; readonly total: number };
  /** Something the user must know: a virtual folder, a broken .prodready.json, a failed scan. */
  readonly notice?: string;
}

export interface PanelState {
  readonly enabled: boolean;
  readonly scanning: boolean;
  readonly folders: readonly PanelFolder[];
  /** The folder the panel shows first (the active editor's). */
  readonly activeFolder?: string;
}

/** Host → webview. */
export interface HostMessage {
  readonly type: 'state';
  readonly state: PanelState;
}

/** Webview → host. */
export type WebviewMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'scan' }
  | { readonly type: 'export' }
  | { readonly type: 'openFile'; readonly folder: string; readonly file: string; readonly line: number; readonly column: number }
  | { readonly type: 'revealCategory'; readonly category: Category }
  | { readonly type: 'selectFolder'; readonly folder: string }
  /** Sent after each render with what the gauge shows, so the host (and its tests) know the panel is live. */
  | { readonly type: 'rendered'; readonly folder: string | null; readonly score: number | null };

const WEBVIEW_MESSAGE_TYPES = new Set<WebviewMessage['type']>(['ready', 'scan', 'export', 'openFile', 'revealCategory', 'selectFolder', 'rendered']);

/** Narrows an untrusted postMessage payload to a WebviewMessage (the host validates what it receives). */
export function isWebviewMessage(value: unknown): value is WebviewMessage {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  if (typeof type !== 'string' || !WEBVIEW_MESSAGE_TYPES.has(type as WebviewMessage['type'])) return false;
  const message = value as Record<string, unknown>;
  switch (type as WebviewMessage['type']) {
    case 'openFile':
      return typeof message.folder === 'string' && typeof message.file === 'string' && typeof message.line === 'number' && typeof message.column === 'number';
    case 'revealCategory':
      return typeof message.category === 'string' && message.category in CATEGORY_TITLES;
    case 'selectFolder':
      return typeof message.folder === 'string';
    case 'rendered':
      return (message.folder === null || typeof message.folder === 'string') && (message.score === null || typeof message.score === 'number');
    default:
      return true;
  }
}
