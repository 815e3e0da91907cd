import type { Fix, RuleContext, TextEdit } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { deriveEnvName, envAccessExpression, envVarFix, pythonImportEdit } from '../shared/env-fix';
import { isPyDataString, pyBinding, pyInnerQuote, pyReplaceLiteral, pyStringAt, pyStringDetail, pyStringRefs, pyTextBefore, type PyBinding, type PyStringRef } from '../shared/python-literals';
import { classifyLiteral, fallbackEnvName, isGenericSecretName, isLocalePath, isSecretName, looksRandom, mayBeSecret, secretMessage, type SecretMatch } from '../shared/secrets';

const FIREBASE_KEYS = new Set(['authDomain', 'messagingSenderId', 'storageBucket', 'appId', 'measurementId']);

function envNameFor(match: SecretMatch, binding: PyBinding): string {
  const fallback = fallbackEnvName(match);
  if (match.kind === 'key-format' && (binding.name === undefined || !isSecretName(binding.name) || isGenericSecretName(binding.name))) {
    return fallback;
  }
  return deriveEnvName(binding.name, binding.context, fallback);
}

function subjectOf(binding: PyBinding): string | undefined {
  if (binding.envFallback?.envName) return `the default for the \`${binding.envFallback.envName}\` environment variable`;
  if (binding.comparedWith !== undefined && binding.comparedWith.length <= 60) return `the comparison with \`${binding.comparedWith}\``;
  if (binding.keyword !== undefined && binding.callee !== undefined) return `the \`${binding.keyword}\` argument of \`${binding.callee}\``;
  if (binding.name !== undefined && binding.name.length <= 60) return `\`${binding.name}\``;
  if (binding.callee !== undefined) return `the argument of \`${binding.callee}\``;
  return undefined;
}

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
  let byStart: Map<number, PyStringRef> | undefined;
  const done = new Set<number>();
  const queue: PyStringRef[] = [];
  for (const first of refs) {
    if (done.has(first.start) || !mayBeSecret(first.value, pyTextBefore(text, first.start))) continue;
    queue.push(first);
    while (queue.length > 0) {
      const ref = queue.pop();
      if (!ref || done.has(ref.start)) continue;
      done.add(ref.start);
      checkOne(ref);
    }
  }

  function checkOne(ref: PyStringRef): void {
    const raw = pyStringAt(ctx.root, ref);
    if (!raw || !isPyDataString(raw)) return;
    const s = pyStringDetail(raw);
    const binding = pyBinding(s.node);
    const match = classifyLiteral(s.value, localeFile ? undefined : binding.name, { keyPosition: binding.keyArgument });
    if (!match) return;
    if (binding.envFallback && match.kind !== 'key-format' && !looksRandom(match.secret)) return;
    if (match.formatId === 'google-api-key' && binding.siblingKeys().some((k) => FIREBASE_KEYS.has(k))) return;
    if (match.kind !== 'key-format' && findConnectionCredentials(s.value)) return;
    // `API_KEYS = ["…", "…"]`: the other elements share the name, however far they are from it
    const list = s.node.parent;
    if (list?.type === 'list' || list?.type === 'tuple' || list?.type === 'set') {
      for (const sibling of list.namedChildren) {
        byStart ??= new Map(refs.map((r) => [r.start, r]));
        const other = sibling ? byStart.get(sibling.startIndex) : undefined;
        if (other && !done.has(other.start)) queue.push(other);
      }
    }

    const fixes: Fix[] = [];
    const envName = binding.envFallback?.envName ?? envNameFor(match, binding);
    if (binding.envFallback) {
      if (binding.envFallback.envName) {
        fixes.push(
          envVarFix({
            title: `Remove the hardcoded fallback (read ${envName} from the environment only)`,
            name: envName,
            edits: [{ start: binding.envFallback.deleteStart, end: binding.envFallback.deleteEnd, text: '' }],
          }),
        );
      }
    } else {
      const whole = match.start <= 0 && match.end >= s.value.length && s.node.parent?.type !== 'concatenated_string';
      const edit = pyReplaceLiteral(s, match.start, match.end, envAccessExpression('python', envName, whole ? '"' : pyInnerQuote(s)));
      if (edit) {
        const imp = ensureImport();
        fixes.push(envVarFix({ name: envName, edits: imp ? [edit, imp] : [edit] }));
      }
    }
    ctx.report({ node: s.node, message: secretMessage(match, subjectOf(binding), envName, binding.envFallback?.envName !== undefined), fixes });
  }
}
