/**
 * The readiness panel, in the webview (browser code, bundled into media/panel.js). Builds the DOM
 * with createElement/textContent only: nothing from the workspace is ever parsed as HTML.
 */
import type { HostMessage, PanelCategory, PanelCheck, PanelFile, PanelFolder, PanelState, WebviewMessage } from '../shared/protocol';
import { BAND_TITLES } from '../shared/protocol';

interface VsCodeApi {
  postMessage(message: WebviewMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById('app') ?? document.body;

interface SavedState {
  readonly selectedFolder?: string;
}
const saved = (vscode.getState() ?? {}) as SavedState;
let selectedFolder = saved.selectedFolder;
let state: PanelState | undefined;

function post(message: WebviewMessage): void {
  vscode.postMessage(message);
}

type Attributes = Record<string, string | undefined>;

/** An element with attributes and children; strings become text nodes (never HTML). */
function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Attributes = {}, ...children: (Node | string | undefined | false)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) if (value !== undefined) element.setAttribute(name, value);
  for (const child of children) {
    if (child === undefined || child === false) continue;
    element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  }
  return element;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag: string, attributes: Record<string, string>): SVGElement {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  return element;
}

const plural = (count: number, word: string): string => `${String(count)} ${word}${count === 1 ? '' : 's'}`;

function button(label: string, attributes: Attributes, onClick: () => void, ...children: (Node | string)[]): HTMLButtonElement {
  const element = h('button', { type: 'button', ...attributes }, ...(children.length > 0 ? children : [label]));
  if (children.length > 0) element.setAttribute('aria-label', label);
  element.addEventListener('click', onClick);
  return element;
}

/** A half-circle gauge; the arc's length is the score. */
function gauge(score: number, band: keyof typeof BAND_TITLES): HTMLElement {
  const radius = 40;
  const length = Math.PI * radius;
  const drawing = svg('svg', { viewBox: '0 0 100 56', class: 'gauge-arc', 'aria-hidden': 'true', focusable: 'false' });
  const arc = `M 10 50 A ${String(radius)} ${String(radius)} 0 0 1 90 50`;
  drawing.append(svg('path', { d: arc, class: 'gauge-track' }));
  drawing.append(svg('path', { d: arc, class: 'gauge-value', 'stroke-dasharray': `${(length * score / 100).toFixed(2)} ${length.toFixed(2)}` }));
  return h('div', { class: `gauge band-${band}`, role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': String(score), 'aria-label': `Readiness score ${String(score)} out of 100, ${BAND_TITLES[band]}` },
    drawing,
    h('div', { class: 'gauge-label' }, h('span', { class: 'gauge-score', 'data-testid': 'score' }, String(score)), h('span', { class: 'gauge-max' }, '/100')),
    h('div', { class: 'gauge-band' }, BAND_TITLES[band]),
  );
}

const severityWords = (severity: keyof PanelCategory['counts'], count: number): string =>
  severity === 'info' ? `${String(count)} info` : plural(count, severity);

/** Counts by severity, as coloured dots with numbers (the card's aria-label spells them out). */
function counts(category: PanelCategory): HTMLElement {
  const list = h('ul', { class: 'counts', 'aria-hidden': 'true' });
  for (const severity of ['error', 'warning', 'info'] as const) {
    const count = category.counts[severity];
    list.append(h('li', { class: `count sev-${severity}${count === 0 ? ' zero' : ''}`, title: severityWords(severity, count) }, h('span', { class: 'dot' }), String(count)));
  }
  return list;
}

function categoryCard(category: PanelCategory): HTMLElement {
  const total = category.counts.error + category.counts.warning + category.counts.info;
  const label = `${category.title}: score ${String(category.score)}, ${severityWords('error', category.counts.error)}, ${severityWords('warning', category.counts.warning)}, ${severityWords('info', category.counts.info)}. Show in the findings tree.`;
  return button(label, { class: `card${total === 0 ? ' clean' : ''}`, title: 'Show these findings in the tree', 'data-key': `card:${category.id}` }, () => { post({ type: 'revealCategory', category: category.id }); },
    h('span', { class: 'card-title' }, category.title),
    counts(category),
    h('span', { class: `card-score band-${category.band}` }, String(category.score)),
  );
}

function fileRow(file: PanelFile): HTMLElement {
  const slash = file.file.lastIndexOf('/');
  const name = file.file.slice(slash + 1);
  const directory = slash === -1 ? '' : file.file.slice(0, slash);
  const label = `${file.file}: ${plural(file.count, 'finding')}, worst ${file.worst}. Open at the first finding.`;
  return h('li', {}, button(label, { class: 'file', title: file.file, 'data-key': `file:${file.folder}:${file.file}` }, () => { post({ type: 'openFile', folder: file.folder, file: file.file, line: file.line, column: file.column }); },
    h('span', { class: `dot sev-${file.worst}`, 'aria-hidden': 'true' }),
    h('span', { class: 'file-name' }, name),
    h('span', { class: 'file-dir' }, directory),
    h('span', { class: 'badge' }, String(file.count)),
  ));
}

function checkRow(check: PanelCheck): HTMLElement {
  return h('li', { class: `check ${check.passed ? 'passed' : 'failed'}` },
    h('span', { class: 'check-icon', 'aria-hidden': 'true' }, check.passed ? '✓' : '✗'),
    h('div', { class: 'check-body' },
      h('div', { class: 'check-title' }, h('span', { class: 'visually-hidden' }, check.passed ? 'Passed: ' : 'Failed: '), check.title),
      h('div', { class: 'check-detail' }, check.detail),
      h('div', { class: 'check-how' }, check.passed ? '' : 'How to pass: ', check.howToPass),
    ),
  );
}

function section(title: string, id: string, ...content: (Node | undefined | false)[]): HTMLElement {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, title), ...content);
}

function timeAgo(epochMs: number): string {
  const time = new Date(epochMs);
  return time.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function actions(current: PanelState): HTMLElement {
  return h('div', { class: 'actions' },
    button(current.scanning ? 'Scanning…' : 'Scan workspace', { class: 'primary', 'data-key': 'scan', ...(current.scanning ? { disabled: '' } : {}) }, () => { post({ type: 'scan' }); }),
    button('Export report', { class: 'secondary', 'data-key': 'export' }, () => { post({ type: 'export' }); }),
  );
}

function folderView(current: PanelState, folder: PanelFolder): HTMLElement[] {
  const parts: HTMLElement[] = [];
  if (folder.notice) parts.push(h('p', { class: 'notice', role: 'status' }, folder.notice));
  const readiness = folder.readiness;
  if (folder.status === 'virtual') return parts;
  if (readiness) {
    parts.push(h('div', { class: 'score' }, gauge(readiness.score, readiness.band)));
  } else {
    parts.push(h('p', { class: 'muted empty' }, folder.status === 'scanning' ? 'Scanning…' : folder.status === 'failed' ? 'The last scan failed.' : 'This folder has not been scanned yet.'));
  }
  if (folder.progress && folder.progress.total > 0) {
    const { done, total } = folder.progress;
    parts.push(h('div', { class: 'progress' },
      h('progress', { max: String(total), value: String(done), 'aria-label': 'Scan progress' }),
      h('span', { class: 'muted' }, `${String(done)} / ${String(total)} files`)));
  }
  parts.push(actions(current));
  if (folder.lastScan) {
    const { files, lines, durationMs, finishedAt } = folder.lastScan;
    parts.push(h('p', { class: 'muted last-scan' }, `Last scan ${timeAgo(finishedAt)} · ${(durationMs / 1000).toFixed(1)} s · ${plural(files, 'file')}, ${lines.toLocaleString()} lines`));
  }
  if (!readiness) return parts;
  parts.push(section('Categories', 'h-categories', h('div', { class: 'cards' }, ...readiness.categories.map(categoryCard))));
  parts.push(section(`Files with the most findings`, 'h-files',
    folder.topFiles.length === 0 ? h('p', { class: 'muted' }, 'No findings. 🎉') : h('ol', { class: 'files' }, ...folder.topFiles.map(fileRow)),
    folder.totalFindings > 0 && h('p', { class: 'muted' }, `${plural(folder.totalFindings, 'finding')} in total.`)));
  const passed = readiness.checks.filter((check) => check.passed).length;
  // what is left to do first
  const ordered = [...readiness.checks.filter((check) => !check.passed), ...readiness.checks.filter((check) => check.passed)];
  parts.push(section(`Checklist · ${String(passed)}/${String(readiness.checks.length)}`, 'h-checklist', h('ul', { class: 'checks' }, ...ordered.map(checkRow))));
  return parts;
}

function folderPicker(current: PanelState, chosen: PanelFolder): HTMLElement {
  const select = h('select', { id: 'folder', 'data-key': 'folder' });
  for (const folder of current.folders) {
    const option = h('option', { value: folder.uri }, folder.readiness ? `${folder.name} — ${String(folder.readiness.score)}` : folder.name);
    if (folder.uri === chosen.uri) option.selected = true;
    select.append(option);
  }
  select.addEventListener('change', () => {
    selectedFolder = select.value;
    vscode.setState({ selectedFolder } satisfies SavedState);
    post({ type: 'selectFolder', folder: select.value });
    render();
  });
  return h('div', { class: 'picker' }, h('label', { for: 'folder' }, 'Folder'), select);
}

function render(): void {
  const current = state;
  if (!current) return;
  // keep keyboard focus on the same control across re-renders
  const focusedKey = document.activeElement instanceof HTMLElement ? document.activeElement.dataset.key : undefined;
  const children: HTMLElement[] = [];
  let shown: PanelFolder | undefined;
  if (!current.enabled) {
    children.push(h('p', { class: 'notice' }, 'ProdReady is disabled. Turn on the setting “prodready.enable” to scan.'));
  } else if (current.folders.length === 0) {
    children.push(h('p', { class: 'muted empty' }, 'Open a folder to see how ready it is for production.'));
  } else {
    shown = current.folders.find((folder) => folder.uri === selectedFolder) ?? current.folders.find((folder) => folder.uri === current.activeFolder) ?? current.folders[0];
    if (shown) {
      if (current.folders.length > 1) children.push(folderPicker(current, shown));
      children.push(...folderView(current, shown));
    }
  }
  app.replaceChildren(...children);
  app.setAttribute('aria-busy', current.scanning ? 'true' : 'false');
  if (focusedKey) app.querySelector<HTMLElement>(`[data-key="${CSS.escape(focusedKey)}"]`)?.focus();
  const scoreText = app.querySelector('[data-testid="score"]')?.textContent;
  post({ type: 'rendered', folder: shown?.uri ?? null, score: scoreText ? Number(scoreText) : null });
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const message = event.data as Partial<HostMessage> | null;
  if (message?.type === 'state' && message.state) {
    state = message.state;
    render();
  }
});

post({ type: 'ready' });
