import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import {
  ECMA_KEY_CALLEE_WORD,
  ecmaBinding,
  ecmaReplaceLiteral,
  ecmaStringAt,
  ecmaStringRefs,
  isEcmaDataString,
  textBefore,
  type EcmaBinding,
  type EcmaStringRef,
} from '../shared/ecmascript-literals';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { bindingSubject, removeFallbackFix } from '../shared/literal-binding';
import { classifyLiteral, isLocalePath, looksRandom, mayBeSecret, mayClassifyAsSecret, secretMessage } from '../shared/secrets';
import { checkWithSiblings, envNameFor, FIREBASE_KEYS } from './common';

function subjectOf(binding: EcmaBinding): string | undefined {
  if (binding.envFallback?.envName) return `the fallback of \`process.env.${binding.envFallback.envName}\``;
  if (binding.comparedWith !== undefined && binding.comparedWith.length <= 60) return `the comparison with \`${binding.comparedWith}\``;
  return bindingSubject(binding);
}

export function checkEcma(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const typescript = ctx.file.language === 'typescript';
  const text = ctx.file.text;
  const localeFile = isLocalePath(ctx.file.path);
  const refs = ecmaStringRefs(ctx.tree, ctx.root, text);
  // Only a call of these can put a literal in a key position (`jwt.sign(payload, <here>)`, see `ecmaBinding`);
  // the file is searched for one when a literal first gets that far.
  let keyPositions: boolean | undefined;
  checkWithSiblings(refs, (ref) => mayBeSecret(ref.value, textBefore(text, ref.start, 80)), checkOne);

  /** Reports `ref` when it holds a secret; returns the other elements of its array. */
  function checkOne(ref: EcmaStringRef): readonly (Node | null)[] | undefined {
    // A value no name could make a secret needs no tree work.
    keyPositions ??= ECMA_KEY_CALLEE_WORD.test(text);
    if (!mayClassifyAsSecret(ref.value, keyPositions)) return undefined;
    const s = ecmaStringAt(ctx.root, ref);
    if (!s || !isEcmaDataString(s)) return undefined;
    const binding = ecmaBinding(s.node);
    const match = classifyLiteral(s.value, localeFile ? undefined : binding.name, { keyPosition: binding.keyArgument });
    if (!match) return undefined;
    // `process.env.JWT_SECRET || 'dev-secret'`: only a real-looking fallback is a leak
    if (binding.envFallback && match.kind !== 'key-format' && !looksRandom(match.secret)) return undefined;
    if (match.formatId === 'google-api-key' && binding.siblingKeys().some((k) => FIREBASE_KEYS.has(k))) return undefined;
    // passwords inside connection URLs belong to credentials-in-connection-string
    if (match.kind !== 'key-format' && findConnectionCredentials(s.value)) return undefined;

    const fixes: Fix[] = [];
    if (binding.envFallback) {
      const { envName } = binding.envFallback;
      if (envName) fixes.push(removeFallbackFix(envName, binding.envFallback, 'the environment'));
    } else {
      const name = envNameFor(match, binding);
      const expression = `${envAccessExpression(ctx.file.language, name)}${typescript && binding.typed ? " ?? ''" : ''}`;
      fixes.push(envVarFix({ name, edits: [ecmaReplaceLiteral(s, match.start, match.end, expression, binding.jsxAttribute)] }));
    }
    const envName = binding.envFallback?.envName ?? envNameFor(match, binding);
    ctx.report({ node: s.node, message: secretMessage(match, subjectOf(binding), envName, binding.envFallback?.envName !== undefined), fixes });
    // `API_KEYS = ['…', '…']`: the other elements share the name
    return s.node.parent?.type === 'array' ? s.node.parent.namedChildren : undefined;
  }
}
