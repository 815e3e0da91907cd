// Bundles the CLI, the extension and the analysis worker with esbuild into dist/, and copies the
// tree-sitter runtime and the grammars ProdReady uses next to the bundle.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const dist = path.join(root, 'dist');
const production = process.argv.includes('--production');
// Grammars of the languages in src/core/languages (tsx is TypeScript's JSX dialect).
const GRAMMARS = ['javascript', 'typescript', 'tsx', 'python', 'java', 'go', 'c-sharp', 'php', 'ruby'];

rmSync(dist, { recursive: true, force: true });
const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
  // web-tree-sitter's ESM build needs import.meta.url, which is empty in a CJS bundle: use its CJS build.
  alias: { 'web-tree-sitter': path.join(root, 'node_modules/web-tree-sitter/tree-sitter.cjs') },
};
await Promise.all([
  esbuild.build({ ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: dist, banner: { js: '#!/usr/bin/env node' } }),
  // the banner stamps when the extension bundle starts loading (its activation time includes loading the code)
  esbuild.build({ ...common, entryPoints: { extension: 'src/extension/extension.ts', engine: 'src/extension/engine.ts', worker: 'src/core/worker.ts' }, outdir: dist, banner: { js: 'globalThis.prodreadyLoadStart ??= performance.now();' } }),
  // the readiness panel's browser script (webview), next to its stylesheet in media/
  esbuild.build({ entryPoints: { panel: 'src/webview/panel.ts' }, outdir: path.join(root, 'media'), bundle: true, platform: 'browser', format: 'iife', target: 'es2022', minify: true, logLevel: 'warning' }),
]);
copyFileSync(path.join(root, 'node_modules/web-tree-sitter/tree-sitter.wasm'), path.join(dist, 'tree-sitter.wasm'));
mkdirSync(path.join(dist, 'grammars'), { recursive: true });
for (const grammar of GRAMMARS) {
  const file = `tree-sitter-${grammar}.wasm`;
  copyFileSync(path.join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm', file), path.join(dist, 'grammars', file));
}
// rule docs ship with the bundle (SARIF help, the extension's rule links)
mkdirSync(path.join(dist, 'rules'), { recursive: true });
for (const ruleId of readdirSync(path.join(root, 'src/core/rules'))) {
  const doc = path.join(root, 'src/core/rules', ruleId, 'docs.md');
  if (existsSync(doc)) copyFileSync(doc, path.join(dist, 'rules', `${ruleId}.md`));
}
