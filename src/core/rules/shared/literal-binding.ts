/**
 * What the JavaScript/TypeScript and Python literal helpers (`ecmascript-literals.ts`,
 * `python-literals.ts`) share about a literal's binding, and the words and fixes the
 * `hardcoded-data` rules build from it the same way in both languages:
 *
 *   EnvFallback                         `process.env.X || '…'`, `os.environ.get("X", "…")`: the read and what to delete
 *   BindingFacts                        the fields `EcmaBinding` and `PyBinding` share
 *   cachedPerTree(cache, tree, text, f) string refs computed once per tree, shared by the rules
 *   bindingSubject(binding)             how a message names the literal: `` `apiUrl` ``, "the argument of `connect`"
 *   removeFallbackFix(envName, fb, src) the fix that drops the hardcoded fallback and keeps the read
 */
import type { Tree } from 'web-tree-sitter';
import type { Fix } from '../../types';
import { envVarFix } from './env-fix';

/** A literal that is the fallback of an environment read. */
export interface EnvFallback {
  /** The environment variable read first (`X` in `process.env.X || '…'`), when it is a plain name. */
  readonly envName?: string;
  /** Offsets to delete to drop the fallback (from the end of the env read to the end of the literal). */
  readonly deleteStart: number;
  readonly deleteEnd: number;
}

/** What a literal is bound to, in every language module of this family (`EcmaBinding`, `PyBinding` add their own fields). */
export interface BindingFacts {
  /** Variable / property / key / parameter / header name the literal is bound to. */
  readonly name?: string;
  /** Outer names, innermost first: object holder, callee, class — for env-var prefixes. */
  readonly context: readonly string[];
  /** The argument holds key material (`jwt.sign(payload, <here>)`). */
  readonly keyArgument: boolean;
  readonly envFallback?: EnvFallback;
  /** The call the literal is an argument of (directly or inside an object / dict argument). */
  readonly callee?: string;
  readonly argumentIndex?: number;
  /** Keys of the object / dict literal holding the literal (computed on demand, while the tree lives). */
  readonly siblingKeys: () => readonly string[];
  /** The other side of an equality comparison with the literal. */
  readonly comparedWith?: string;
  /** The literal is a default: right side of `||` / `??` / `or`, `.get(key, <here>)`. */
  readonly isDefault: boolean;
}

/**
 * `compute()` once per tree: the string refs of a file, shared by the rules that check it (walking
 * the tree is the costly part). Cache only offsets and text, never nodes (trees are freed).
 */
export function cachedPerTree<T>(cache: WeakMap<Tree, { text: string; value: T }>, tree: Tree, text: string, compute: () => T): T {
  const cached = cache.get(tree);
  if (cached?.text === text) return cached.value;
  const value = compute();
  cache.set(tree, { text, value });
  return value;
}

/** The names of a binding a message can use (`keyword`: Python's `f(key=<here>)`). */
export interface BindingNames {
  readonly name?: string;
  readonly callee?: string;
  readonly keyword?: string;
}

/** How a message names the literal: its keyword argument, its variable/key name (60 characters at most), or its call; undefined when none fits. */
export function bindingSubject(binding: BindingNames): string | undefined {
  if (binding.keyword !== undefined && binding.callee !== undefined) return `the \`${binding.keyword}\` argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

/** The fix that deletes a hardcoded fallback and keeps the read of `envName` (`source`: "the environment", "configuration"). */
export function removeFallbackFix(envName: string, fallback: EnvFallback, source: string): Fix {
  return envVarFix({
    title: `Remove the hardcoded fallback (read ${envName} from ${source} only)`,
    name: envName,
    edits: [{ start: fallback.deleteStart, end: fallback.deleteEnd, text: '' }],
  });
}
