/** Loads dist/engine.js (see engine.ts) the first time something needs it. */
import path from 'node:path';
import type * as Engine from './engine';

let loaded: typeof Engine | undefined;

export function engine(): typeof Engine {
  // A computed path keeps esbuild from inlining the module into dist/extension.js.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  loaded ??= require(path.join(__dirname, 'engine.js')) as typeof Engine;
  return loaded;
}
