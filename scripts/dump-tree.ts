/**
 * Prints the tree-sitter syntax tree of a file or snippet, for writing rules.
 *   npx tsx scripts/dump-tree.ts path/to/file.py
 *   npx tsx scripts/dump-tree.ts --lang go 'x, _ := f()'
 */
import { readFileSync } from 'node:fs';
import { grammarForPath, LANGUAGES, languageForPath } from '../src/core/languages';
import { parse } from '../src/core/parser';
import type { LanguageId } from '../src/core/types';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  let spec;
  let text: string;
  let filePath = 'snippet';
  if (args[0] === '--lang') {
    spec = LANGUAGES[args[1] as LanguageId];
    text = args.slice(2).join(' ');
    filePath = `snippet${spec.extensions[0] ?? ''}`;
  } else {
    filePath = args[0] ?? '';
    spec = languageForPath(filePath);
    text = readFileSync(filePath, 'utf8');
  }
  if (!spec) throw new Error('unknown language');
  const tree = await parse(grammarForPath(spec, filePath), text);
  if (!tree) throw new Error('parse failed');
  const cursor = tree.walk();
  let depth = 0;
  for (;;) {
    const node = cursor.currentNode;
    const field = cursor.currentFieldName;
    const leafText = node.childCount === 0 || node.type.includes('string') ? ` ${JSON.stringify(node.text.slice(0, 60))}` : '';
    if (node.isNamed) console.log(`${'  '.repeat(depth)}${field ? `${field}: ` : ''}${node.type} [${String(node.startPosition.row + 1)}:${String(node.startPosition.column)}]${leafText}`);
    if (cursor.gotoFirstChild()) { depth++; continue; }
    if (cursor.gotoNextSibling()) continue;
    let climbed = true;
    while (climbed && !cursor.gotoNextSibling()) { climbed = cursor.gotoParent(); if (climbed) depth--; }
    if (!climbed) break;
  }
  tree.delete();
}
void main();
