import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { envAccessExpression, envVarFix, pythonImportEdit } from '../shared/env-fix';
import { bindingSubject, removeFallbackFix } from '../shared/literal-binding';
import {
  isPyDataString,
  mayCallAny,
  pyBinding,
  pyInnerQuote,
  pyParentOf,
  pyReplaceLiteral,
  pyStringAt,
  pyStringDetail,
  pyStringNodes,
  pyStringRefs,
  pyTextBefore,
  type CalleeNames,
  type PyBinding,
  type PyStringRef,
} from '../shared/python-literals';
import { classifyLiteral, isLocalePath, looksRandom, mayBeSecret, mayClassifyAsSecret, secretMessage } from '../shared/secrets';
import { checkWithSiblings, envNameFor, FIREBASE_KEYS } from './common';

function subjectOf(binding: PyBinding): string | undefined {
  if (binding.envFallback?.envName) return `the default for the \`${binding.envFallback.envName}\` environment variable`;
  if (binding.comparedWith !== undefined && binding.comparedWith.length <= 60) return `the comparison with \`${binding.comparedWith}\``;
  return bindingSubject(binding);
}

/** How the callees of `pyBinding`'s key-material calls end (`jwt.encode`, `hmac.new`, `Fernet`, `…Serializer`). */
const KEY_CALLEES: CalleeNames = { suffixes: ['encode', 'decode', 'new', 'Fernet', 'Serializer'] };

export function checkPython(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  let importEdit: TextEdit | undefined | null = null;
  const ensureImport = (): TextEdit | undefined => {
    if (importEdit === null) importEdit = pythonImportEdit(ctx.root, ctx.file.text, 'os');
    return importEdit;
  };
  const text = ctx.file.text;
  const localeFile = isLocalePath(ctx.file.path);
  const refs = pyStringRefs(ctx.tree, ctx.root, text);
  let strings: readonly (Node | null)[] | undefined;
  // Only a call of these can put a literal in a key position (`jwt.encode(payload, <here>)`, see `pyBinding`):
  // a value that is no secret under any name needs no tree work unless the file has one.
  let keyPositions: boolean | undefined;
  const mayBeSecretValue = (value: string): boolean =>
    mayClassifyAsSecret(value, false) || ((keyPositions ??= mayCallAny(ctx.tree, ctx.root, text, KEY_CALLEES)) && mayClassifyAsSecret(value, true));
  checkWithSiblings(refs, (ref) => mayBeSecret(ref.value, pyTextBefore(text, ref.start)), checkOne);

  /** Reports `ref` when it holds a secret; returns the other elements of its list / tuple / set. */
  function checkOne(ref: PyStringRef): readonly (Node | null)[] | undefined {
    // A value no name could make a secret needs no tree work (the f-string value is known only after `pyStringDetail`).
    if (!ref.hasInterpolation && !mayBeSecretValue(ref.value)) return undefined;
    const raw = pyStringAt(ctx.root, ref, (strings ??= pyStringNodes(ctx.root)));
    if (!raw || !isPyDataString(raw)) return undefined;
    const s = pyStringDetail(raw);
    if (s.hasInterpolation && !mayBeSecretValue(s.value)) return undefined;
    const binding = pyBinding(s.node, pyParentOf(s));
    const match = classifyLiteral(s.value, localeFile ? undefined : binding.name, { keyPosition: binding.keyArgument });
    if (!match) return undefined;
    if (binding.envFallback && match.kind !== 'key-format' && !looksRandom(match.secret)) return undefined;
    if (match.formatId === 'google-api-key' && binding.siblingKeys().some((k) => FIREBASE_KEYS.has(k))) return undefined;
    if (match.kind !== 'key-format' && findConnectionCredentials(s.value)) return undefined;

    const fixes: Fix[] = [];
    const envName = binding.envFallback?.envName ?? envNameFor(match, binding);
    if (binding.envFallback) {
      if (binding.envFallback.envName) fixes.push(removeFallbackFix(envName, binding.envFallback, 'the environment'));
    } else {
      const whole = match.start <= 0 && match.end >= s.value.length && pyParentOf(s)?.type !== 'concatenated_string';
      const edit = pyReplaceLiteral(s, match.start, match.end, envAccessExpression('python', envName, whole ? '"' : pyInnerQuote(s)));
      if (edit) {
        const imp = ensureImport();
        fixes.push(envVarFix({ name: envName, edits: imp ? [edit, imp] : [edit] }));
      }
    }
    ctx.report({ node: s.node, message: secretMessage(match, subjectOf(binding), envName, binding.envFallback?.envName !== undefined), fixes });
    // `API_KEYS = ["…", "…"]`: the other elements share the name
    const list = pyParentOf(s);
    return list?.type === 'list' || list?.type === 'tuple' || list?.type === 'set' ? list.namedChildren : undefined;
  }
}
