/**
 * What the languages of `hardcoded-secret` share: the environment-variable name a fix moves a
 * secret to, the Firebase keys that make a Google API key public, and the walk that checks the
 * other elements of an array of secrets with the first one.
 */
import type { Node } from 'web-tree-sitter';
import { deriveEnvName } from '../shared/env-fix';
import { fallbackEnvName, isGenericSecretName, isSecretName, type SecretMatch } from '../shared/secrets';

/** Firebase web config keys: its `apiKey` is public by design (restricted by Firebase rules, not secrecy). */
export const FIREBASE_KEYS: ReadonlySet<string> = new Set(['authDomain', 'messagingSenderId', 'storageBucket', 'appId', 'measurementId']);

/** The variable a fix reads the secret from: from the binding's name and context, else by the secret's kind or key format. */
export function envNameFor(match: SecretMatch, binding: { name?: string; context: readonly string[] }): string {
  const fallback = fallbackEnvName(match);
  if (match.kind === 'key-format' && (binding.name === undefined || !isSecretName(binding.name) || isGenericSecretName(binding.name))) {
    return deriveEnvName(undefined, [], fallback);
  }
  return deriveEnvName(binding.name, binding.context, fallback);
}

/**
 * Runs `check` on every ref that passes `mayBe`, each once. `check` returns the sibling nodes of a
 * reported literal's array (`API_KEYS = ['…', '…']`: the other elements share the name, however far
 * they are from it); their refs are checked next, without the pre-filter.
 */
export function checkWithSiblings<R extends { readonly start: number }>(
  refs: readonly R[],
  mayBe: (ref: R) => boolean,
  check: (ref: R) => readonly (Node | null)[] | undefined,
): void {
  let byStart: Map<number, R> | undefined;
  const done = new Set<number>();
  const queue: R[] = [];
  for (const first of refs) {
    if (done.has(first.start) || !mayBe(first)) continue;
    queue.push(first);
    while (queue.length > 0) {
      const ref = queue.pop();
      if (!ref || done.has(ref.start)) continue;
      done.add(ref.start);
      for (const sibling of check(ref) ?? []) {
        byStart ??= new Map(refs.map((r) => [r.start, r]));
        const other = sibling ? byStart.get(sibling.startIndex) : undefined;
        if (other && !done.has(other.start)) queue.push(other);
      }
    }
  }
}
