import type { LanguageId } from '../types';

/** Everything the engine needs to know about one language: adding a language starts here. */
export interface LanguageSpec {
  readonly id: LanguageId;
  /** Lower-case file extensions with the dot. */
  readonly extensions: readonly string[];
  /** Grammar file name (without `.wasm`) in @vscode/tree-sitter-wasm; keyed by extension where it differs. */
  readonly grammar: string;
  readonly grammarByExtension?: Readonly<Record<string, string>>;
  /** Syntax-tree node types that are comments. */
  readonly commentTypes: readonly string[];
  /** Node types of import/use/require declarations and of string literals: the raw material of workspace facts. */
  readonly importTypes: readonly string[];
  readonly stringTypes: readonly string[];
  /** How to write a line comment, for suppression quick fixes. */
  readonly lineComment: string;
  /** VS Code language ids that map to this language. */
  readonly vscodeLanguageIds: readonly string[];
}

export const LANGUAGES: Readonly<Record<LanguageId, LanguageSpec>> = {
  javascript: {
    id: 'javascript',
    extensions: ['.js', '.mjs', '.cjs', '.jsx'],
    grammar: 'javascript',
    commentTypes: ['comment'],
    importTypes: ['import_statement'],
    stringTypes: ['string', 'template_string'],
    lineComment: '//',
    vscodeLanguageIds: ['javascript', 'javascriptreact'],
  },
  typescript: {
    id: 'typescript',
    extensions: ['.ts', '.tsx', '.mts', '.cts'],
    grammar: 'typescript',
    grammarByExtension: { '.tsx': 'tsx' },
    commentTypes: ['comment'],
    importTypes: ['import_statement'],
    stringTypes: ['string', 'template_string'],
    lineComment: '//',
    vscodeLanguageIds: ['typescript', 'typescriptreact'],
  },
  python: {
    id: 'python',
    extensions: ['.py', '.pyw'],
    grammar: 'python',
    commentTypes: ['comment'],
    importTypes: ['import_statement', 'import_from_statement'],
    stringTypes: ['string'],
    lineComment: '#',
    vscodeLanguageIds: ['python'],
  },
  java: {
    id: 'java',
    extensions: ['.java'],
    grammar: 'java',
    commentTypes: ['line_comment', 'block_comment'],
    importTypes: ['import_declaration'],
    stringTypes: ['string_literal'],
    lineComment: '//',
    vscodeLanguageIds: ['java'],
  },
  go: {
    id: 'go',
    extensions: ['.go'],
    grammar: 'go',
    commentTypes: ['comment'],
    importTypes: ['import_spec'],
    stringTypes: ['interpreted_string_literal', 'raw_string_literal'],
    lineComment: '//',
    vscodeLanguageIds: ['go'],
  },
  csharp: {
    id: 'csharp',
    extensions: ['.cs'],
    grammar: 'c-sharp',
    commentTypes: ['comment'],
    importTypes: ['using_directive'],
    stringTypes: ['string_literal', 'verbatim_string_literal', 'raw_string_literal'],
    lineComment: '//',
    vscodeLanguageIds: ['csharp'],
  },
  php: {
    id: 'php',
    extensions: ['.php'],
    grammar: 'php',
    commentTypes: ['comment'],
    importTypes: ['namespace_use_declaration'],
    stringTypes: ['string', 'encapsed_string'],
    lineComment: '//',
    vscodeLanguageIds: ['php'],
  },
  ruby: {
    id: 'ruby',
    extensions: ['.rb', '.rake'],
    grammar: 'ruby',
    commentTypes: ['comment'],
    importTypes: [],
    stringTypes: ['string'],
    lineComment: '#',
    vscodeLanguageIds: ['ruby'],
  },
};

const byExtension = new Map<string, LanguageSpec>();
for (const spec of Object.values(LANGUAGES)) for (const ext of spec.extensions) byExtension.set(ext, spec);

function extensionOf(filePath: string): string {
  const slash = Math.max(filePath.lastIndexOf('/'), filePath.lastIndexOf('\\'));
  const dot = filePath.lastIndexOf('.');
  return dot > slash ? filePath.slice(dot).toLowerCase() : '';
}

export function languageForPath(filePath: string): LanguageSpec | undefined {
  return byExtension.get(extensionOf(filePath));
}

/** The grammar to parse this path with (tsx files need the tsx grammar). */
export function grammarForPath(spec: LanguageSpec, filePath: string): string {
  return spec.grammarByExtension?.[extensionOf(filePath)] ?? spec.grammar;
}

export function languageForVscodeId(vscodeId: string): LanguageSpec | undefined {
  return Object.values(LANGUAGES).find((spec) => spec.vscodeLanguageIds.includes(vscodeId));
}

export const ALL_GRAMMARS: readonly string[] = [
  ...new Set(Object.values(LANGUAGES).flatMap((spec) => [spec.grammar, ...Object.values(spec.grammarByExtension ?? {})])),
];
