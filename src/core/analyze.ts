import picomatch from 'picomatch';
import type { Node, Tree } from 'web-tree-sitter';
import { collectFacts, NO_FACTS, type CodeFacts } from './facts';
import { DEFAULT_CONFIG, effectiveSeverity, type ResolvedConfig } from './config';
import { grammarForPath, languageForPath, type LanguageSpec } from './languages';
import { parse } from './parser';
import { RULES } from './registry';
import { collectSuppressions } from './suppressions';
import type { Finding, Position, Range, ReportDescriptor, RuleContext, SourceFile } from './types';

export interface AnalyzeInput {
  /** posix path relative to the scan root; decides the language and path conventions. */
  readonly path: string;
  readonly text: string;
  readonly config?: ResolvedConfig;
  /** Previous tree of the same document, for incremental re-parsing in the editor. */
  readonly oldTree?: Tree;
  /** Keep the tree (caller must `delete()` it); otherwise it is freed before returning. */
  readonly keepTree?: boolean;
  /** Also gather workspace facts (logger, monitoring, health route) for the readiness checklist. */
  readonly collectFacts?: boolean;
}

export interface FileAnalysis {
  readonly findings: Finding[];
  /** A rule that threw: the file's other findings are still reported. */
  readonly ruleErrors: { ruleId: string; message: string }[];
  readonly hasSyntaxErrors: boolean;
  readonly lines: number;
  readonly facts: CodeFacts;
  readonly tree?: Tree;
}

const matcherCache = new Map<readonly string[], (path: string) => boolean>();
export function isTestPath(path: string, config: ResolvedConfig): boolean {
  let matcher = matcherCache.get(config.testPaths);
  if (!matcher) {
    matcher = picomatch(config.testPaths as string[], { dot: true });
    matcherCache.set(config.testPaths, matcher);
  }
  return matcher(path);
}

/** Offsets -> positions, for reports given as offsets rather than nodes. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

function positionAt(starts: readonly number[], offset: number): Position {
  let low = 0;
  let high = starts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if ((starts[mid] ?? 0) <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low, column: offset - (starts[low] ?? 0) };
}

function rangeOf(descriptor: ReportDescriptor, text: string, starts: () => number[]): Range {
  const node = descriptor.node;
  if (node && descriptor.startIndex === undefined && descriptor.endIndex === undefined) {
    return {
      start: { line: node.startPosition.row, column: node.startPosition.column },
      end: { line: node.endPosition.row, column: node.endPosition.column },
      startIndex: node.startIndex,
      endIndex: node.endIndex,
    };
  }
  const startIndex = Math.max(0, descriptor.startIndex ?? node?.startIndex ?? 0);
  const endIndex = Math.min(text.length, descriptor.endIndex ?? node?.endIndex ?? startIndex);
  return { start: positionAt(starts(), startIndex), end: positionAt(starts(), endIndex), startIndex, endIndex };
}

function countLines(text: string): number {
  let lines = text.length > 0 ? 1 : 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}

/** Node types asked for on a file's root, per grammar, learned as files are analysed. */
const rootTypesByGrammar = new Map<string, Set<string>>();

/**
 * Every `root.descendantsOfType(types)` walks the whole tree in WebAssembly and costs about a tenth
 * of the parse; the rules of a file make several. With this, the rules' root-level calls (without
 * a position range) share one walk over the union of the types the rules of this grammar have asked
 * for so far, and each call gets its nodes filtered from it, in document order, as before. The
 * first files of a grammar teach the union; after that a file costs one walk. Calls on other nodes
 * are untouched.
 */
function shareRootWalks(root: Node, grammar: string): () => void {
  let learned = rootTypesByGrammar.get(grammar);
  if (!learned) rootTypesByGrammar.set(grammar, (learned = new Set()));
  const known = learned;
  const walk = root.descendantsOfType.bind(root);
  let indexed: ReadonlySet<string> = new Set();
  let entries: { readonly type: string; readonly node: Node }[] = [];
  root.descendantsOfType = (types, startPosition, endPosition) => {
    if (startPosition !== undefined || endPosition !== undefined) return walk(types, startPosition, endPosition);
    const wanted = typeof types === 'string' ? [types] : types;
    if (!wanted.every((type) => indexed.has(type))) {
      for (const type of wanted) known.add(type);
      indexed = new Set(known);
      entries = walk([...indexed]).flatMap((node) => (node ? [{ type: node.type, node }] : []));
    }
    const set = new Set(wanted);
    return entries.filter((entry) => set.has(entry.type)).map((entry) => entry.node);
  };
  // Called when the file's analysis ends: caches keyed by tree may keep the root alive until a later
  // GC, and its walked nodes with it, which promotes them to the old generation (measured: 4-10 ms
  // scavenge pauses on ~10% of in-editor keystrokes).
  return () => {
    entries = [];
    indexed = new Set();
  };
}

/**
 * Parses one file once and runs every enabled rule for its language over that tree.
 * Never throws for bad source: syntax errors still yield a tree, and a rule that throws is
 * recorded in `ruleErrors` while the other rules' findings are kept.
 */
export async function analyzeText(input: AnalyzeInput, spec?: LanguageSpec): Promise<FileAnalysis> {
  const language = spec ?? languageForPath(input.path);
  const config = input.config ?? DEFAULT_CONFIG;
  const empty: FileAnalysis = { findings: [], ruleErrors: [], hasSyntaxErrors: false, lines: countLines(input.text), facts: NO_FACTS };
  if (!language) return empty;

  const rules = RULES.filter((rule) => rule.meta.languages.includes(language.id)).flatMap((rule) => {
    const severity = effectiveSeverity(config, rule.meta.id, rule.meta.category, rule.meta.severity);
    const check = rule.check[language.id];
    return severity && check ? [{ rule, severity, check }] : [];
  });
  if (rules.length === 0 && !input.collectFacts) return empty;

  const grammar = grammarForPath(language, input.path);
  const tree = await parse(grammar, input.text, input.oldTree);
  if (!tree) return empty;
  let releaseWalk: (() => void) | undefined;
  try {
    const root = tree.rootNode;
    releaseWalk = shareRootWalks(root, grammar);
    // a suppression needs the word in the text: skip the walk over every comment when it is absent
    const comments = input.text.includes('prodready-ignore')
      ? root.descendantsOfType(language.commentTypes as string[]).filter((n): n is Node => n !== null)
      : [];
    const suppressions = collectSuppressions(comments);
    const file: SourceFile = {
      path: input.path,
      text: input.text,
      language: language.id,
      isTestPath: isTestPath(input.path, config),
    };
    let starts: number[] | undefined;
    const getStarts = (): number[] => (starts ??= lineStarts(input.text));
    const findings: Finding[] = [];
    const ruleErrors: FileAnalysis['ruleErrors'] = [];
    const seen = new Set<string>();

    for (const { rule, severity, check } of rules) {
      const context: RuleContext = {
        file,
        tree,
        root,
        report(descriptor) {
          const range = rangeOf(descriptor, input.text, getStarts);
          if (suppressions.isSuppressed(rule.meta.id, range.start.line)) return;
          const key = `${rule.meta.id}:${String(range.startIndex)}:${String(range.endIndex)}`;
          if (seen.has(key)) return; // one finding per rule and range, however many paths reach it
          seen.add(key);
          findings.push({
            ruleId: rule.meta.id,
            category: rule.meta.category,
            severity,
            file: input.path,
            range,
            message: descriptor.message,
            fixes: descriptor.fixes ?? [],
          });
        },
      };
      try {
        check(context);
      } catch (error) {
        ruleErrors.push({ ruleId: rule.meta.id, message: error instanceof Error ? error.message : String(error) });
      }
    }
    findings.sort((a, b) => a.range.startIndex - b.range.startIndex || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
    const facts = input.collectFacts ? collectFacts(root, language, input.text) : NO_FACTS;
    return { findings, ruleErrors, hasSyntaxErrors: root.hasError, lines: countLines(input.text), facts, ...(input.keepTree ? { tree } : {}) };
  } finally {
    releaseWalk?.();
    if (!input.keepTree) tree.delete();
  }
}
