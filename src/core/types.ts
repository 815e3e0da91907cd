import type { Node, Tree } from 'web-tree-sitter';

/** The four smell categories: the product's contract. */
export const CATEGORIES = ['hardcoded-data', 'swallowed-error', 'stack-trace-leak', 'sql-concat'] as const;
export type Category = (typeof CATEGORIES)[number];

export const SEVERITIES = ['error', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Languages ProdReady analyses. TSX files use the `typescript` language with the tsx grammar. */
export const LANGUAGE_IDS = ['javascript', 'typescript', 'python', 'java', 'go', 'csharp', 'php', 'ruby'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

export interface RuleMeta {
  /** kebab-case, stable: it is the diagnostic code and the suppression key. */
  readonly id: string;
  readonly category: Category;
  readonly severity: Severity;
  readonly languages: readonly LanguageId[];
  /** One sentence: what the rule finds. */
  readonly description: string;
  readonly fixable: boolean;
}

/** A zero-based position; `column` counts UTF-16 code units, as VS Code does. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

export interface Range {
  readonly start: Position;
  readonly end: Position;
  /** UTF-16 offsets into the file text. */
  readonly startIndex: number;
  readonly endIndex: number;
}

/** Replace text[start, end) of the analysed file with `text`. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * An edit to another file of the workspace, relative to the scan root. Kept declarative so the
 * extension can turn it into one undoable WorkspaceEdit and the engine stays free of I/O.
 */
export interface FileEdit {
  /** posix path relative to the workspace root, e.g. `.env.example`. */
  readonly file: string;
  /** Append this line unless an identical line (or, with `matchPrefix`, a line starting with it) exists. */
  readonly appendLineIfMissing: string;
  readonly matchPrefix?: string;
}

export interface Fix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
  readonly fileEdits?: readonly FileEdit[];
  /** The obvious fix: VS Code applies it with "auto fix". */
  readonly isPreferred?: boolean;
}

export interface Finding {
  readonly ruleId: string;
  readonly category: Category;
  readonly severity: Severity;
  /** posix path relative to the scan root. */
  readonly file: string;
  readonly range: Range;
  /** Says what is wrong and what to do instead. Secrets are masked. */
  readonly message: string;
  readonly fixes: readonly Fix[];
}

/** What a rule sees of the file it checks. */
export interface SourceFile {
  /** posix path relative to the scan root (used for path conventions such as test folders). */
  readonly path: string;
  readonly text: string;
  readonly language: LanguageId;
  /** True when the path matches the configured test/fixture/mock/example globs. */
  readonly isTestPath: boolean;
}

export interface ReportDescriptor {
  /** The node to flag, or an explicit offset range. */
  readonly node?: Node;
  readonly startIndex?: number;
  readonly endIndex?: number;
  readonly message: string;
  readonly fixes?: readonly Fix[];
}

export interface RuleContext {
  readonly file: SourceFile;
  readonly tree: Tree;
  readonly root: Node;
  report(descriptor: ReportDescriptor): void;
}

export type LanguageCheck = (context: RuleContext) => void;

export interface Rule {
  readonly meta: RuleMeta;
  /** One check per declared language; several languages may share a function. */
  readonly check: Partial<Record<LanguageId, LanguageCheck>>;
}

/** Identity helper that keeps rule files typed and checks `check` covers `meta.languages`. */
export function defineRule(rule: Rule): Rule {
  for (const language of rule.meta.languages) {
    if (!rule.check[language]) throw new Error(`rule ${rule.meta.id} declares ${language} but has no check for it`);
  }
  return rule;
}
