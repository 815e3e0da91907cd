import type { Fix, RuleContext } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import {
  ecmaBinding,
  ecmaReplaceLiteral,
  ecmaStringAt,
  ecmaStringRefs,
  isEcmaDataString,
  textBefore,
  type EcmaBinding,
  type EcmaStringRef,
} from '../shared/ecmascript-literals';
import { deriveEnvName, envAccessExpression, envVarFix } from '../shared/env-fix';
import {
  classifyLiteral,
  fallbackEnvName,
  isGenericSecretName,
  isLocalePath,
  isSecretName,
  looksRandom,
  mayBeSecret,
  secretMessage,
  type SecretMatch,
} from '../shared/secrets';

/** Firebase web config keys: its `apiKey` is public by design (restricted by Firebase rules, not secrecy). */
const FIREBASE_KEYS = new Set(['authDomain', 'messagingSenderId', 'storageBucket', 'appId', 'measurementId']);

export function envNameFor(match: SecretMatch, binding: { name?: string; context: readonly string[] }): string {
  const fallback = fallbackEnvName(match);
  if (match.kind === 'key-format' && (binding.name === undefined || !isSecretName(binding.name) || isGenericSecretName(binding.name))) {
    return deriveEnvName(undefined, [], fallback);
  }
  return deriveEnvName(binding.name, binding.context, fallback);
}

function subjectOf(binding: EcmaBinding): string | undefined {
  if (binding.envFallback?.envName) return `the fallback of \`process.env.${binding.envFallback.envName}\``;
  if (binding.comparedWith !== undefined && binding.comparedWith.length <= 60) return `the comparison with \`${binding.comparedWith}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

export function checkEcma(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const typescript = ctx.file.language === 'typescript';
  const text = ctx.file.text;
  const localeFile = isLocalePath(ctx.file.path);
  const refs = ecmaStringRefs(ctx.tree, ctx.root, text);
  let byStart: Map<number, EcmaStringRef> | undefined;
  const done = new Set<number>();
  const queue: EcmaStringRef[] = [];
  for (const first of refs) {
    if (done.has(first.start) || !mayBeSecret(first.value, textBefore(text, first.start, 80))) continue;
    queue.push(first);
    while (queue.length > 0) {
      const ref = queue.pop();
      if (!ref || done.has(ref.start)) continue;
      done.add(ref.start);
      checkOne(ref);
    }
  }

  function checkOne(ref: EcmaStringRef): void {
    const s = ecmaStringAt(ctx.root, ref);
    if (!s || !isEcmaDataString(s)) return;
    const binding = ecmaBinding(s.node);
    const match = classifyLiteral(s.value, localeFile ? undefined : binding.name, { keyPosition: binding.keyArgument });
    if (!match) return;
    // `process.env.JWT_SECRET || 'dev-secret'`: only a real-looking fallback is a leak
    if (binding.envFallback && match.kind !== 'key-format' && !looksRandom(match.secret)) return;
    if (match.formatId === 'google-api-key' && binding.siblingKeys().some((k) => FIREBASE_KEYS.has(k))) return;
    // passwords inside connection URLs belong to credentials-in-connection-string
    if (match.kind !== 'key-format' && findConnectionCredentials(s.value)) return;
    // `API_KEYS = ['…', '…']`: the other elements share the name, however far they are from it
    if (s.node.parent?.type === 'array') {
      for (const sibling of s.node.parent.namedChildren) {
        byStart ??= new Map(refs.map((r) => [r.start, r]));
        const other = sibling ? byStart.get(sibling.startIndex) : undefined;
        if (other && !done.has(other.start)) queue.push(other);
      }
    }

    const fixes: Fix[] = [];
    if (binding.envFallback) {
      const { envName, deleteStart, deleteEnd } = binding.envFallback;
      if (envName) {
        fixes.push(
          envVarFix({
            title: `Remove the hardcoded fallback (read ${envName} from the environment only)`,
            name: envName,
            edits: [{ start: deleteStart, end: deleteEnd, text: '' }],
          }),
        );
      }
    } else {
      const name = envNameFor(match, binding);
      const expression = `${envAccessExpression(ctx.file.language, name)}${typescript && binding.typed ? " ?? ''" : ''}`;
      fixes.push(envVarFix({ name, edits: [ecmaReplaceLiteral(s, match.start, match.end, expression, binding.jsxAttribute)] }));
    }
    const envName = binding.envFallback?.envName ?? envNameFor(match, binding);
    ctx.report({ node: s.node, message: secretMessage(match, subjectOf(binding), envName, binding.envFallback?.envName !== undefined), fixes });
  }
}
