import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Language, Parser, type Tree } from 'web-tree-sitter';

/**
 * Where the tree-sitter runtime and grammar `.wasm` files live: next to the bundle in `dist/`
 * (runtime at `dist/tree-sitter.wasm`, grammars in `dist/grammars/`), or in node_modules when
 * the engine runs from source (tests, tsx).
 */
function locateWasm(fileName: string, kind: 'runtime' | 'grammar'): string {
  const override = process.env.PRODREADY_WASM_DIR;
  const candidates = [
    ...(override ? [path.join(override, kind === 'grammar' ? 'grammars' : '', fileName)] : []),
    path.join(__dirname, kind === 'grammar' ? 'grammars' : '', fileName),
    kind === 'runtime'
      ? path.join(__dirname, '..', '..', 'node_modules', 'web-tree-sitter', fileName)
      : path.join(__dirname, '..', '..', 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm', fileName),
  ];
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new Error(`ProdReady could not find ${fileName}; looked in:\n  ${candidates.join('\n  ')}`);
  return found;
}

let initialised: Promise<void> | undefined;
const languages = new Map<string, Promise<Language>>();
const parsers = new Map<string, Parser>();

function initRuntime(): Promise<void> {
  initialised ??= Parser.init({ locateFile: (name: string) => locateWasm(name, 'runtime') });
  return initialised;
}

/** Loads (once) the grammar called `grammar` (e.g. `python`, `tsx`, `c-sharp`). */
export async function loadGrammar(grammar: string): Promise<Language> {
  await initRuntime();
  let language = languages.get(grammar);
  if (!language) {
    // bytes, not a path: given a path, web-tree-sitter reads it through a dynamic import() of
    // fs/promises, which a script compiled through the CLI's code cache (vm.Script) cannot run
    language = Language.load(readFileSync(locateWasm(`tree-sitter-${grammar}.wasm`, 'grammar')));
    languages.set(grammar, language);
  }
  return language;
}

/** A parser per grammar, reused across files (parsers are cheap to keep, costly to create). */
export async function parserFor(grammar: string): Promise<Parser> {
  const existing = parsers.get(grammar);
  if (existing) return existing;
  const language = await loadGrammar(grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  parsers.set(grammar, parser);
  return parser;
}

/**
 * Parses `text`. tree-sitter recovers from syntax errors (ERROR nodes), so a broken file still
 * yields a tree whose intact parts rules can inspect; `null` only when parsing was impossible.
 */
export async function parse(grammar: string, text: string, oldTree?: Tree): Promise<Tree | null> {
  const parser = await parserFor(grammar);
  return parser.parse(text, oldTree ?? null);
}
