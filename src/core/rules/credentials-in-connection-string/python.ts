import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { connectionMessage, findConnectionCredentials, passwordEnvNameForScheme } from '../shared/connection-strings';
import { envAccessExpression, envVarFix, pythonImportEdit } from '../shared/env-fix';
import { isPyDataString, pyBinding, pyInnerQuote, pyParentOf, pyReplaceLiteral, pyStringAt, pyStringDetail, pyStringNodes, pyStringRefs } from '../shared/python-literals';
import { bindingSubject, removeFallbackFix } from '../shared/literal-binding';
import { connectionEnvName, FILE_CANDIDATE, VALUE_CANDIDATE } from './common';


export function checkPython(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  let importEdit: TextEdit | undefined | null = null;
  const ensureImport = (): TextEdit | undefined => {
    if (importEdit === null) importEdit = pythonImportEdit(ctx.root, ctx.file.text, 'os');
    return importEdit;
  };
  // The whole-file gate reads the whole text with a long pattern: decided (once) only for a value that passes
  // the per-literal checks, which most files have none of (their string refs are shared with the other rules).
  let fileCandidate: boolean | undefined;
  let strings: readonly (Node | null)[] | undefined;
  for (const ref of pyStringRefs(ctx.tree, ctx.root, ctx.file.text)) {
    if (ref.value.length < 8 || !VALUE_CANDIDATE.test(ref.value) || !findConnectionCredentials(ref.value)) continue;
    if (!(fileCandidate ??= FILE_CANDIDATE.test(ctx.file.text))) return;
    const raw = pyStringAt(ctx.root, ref, (strings ??= pyStringNodes(ctx.root)));
    if (!raw) continue;
    const s = pyStringDetail(raw);
    const match = findConnectionCredentials(s.value);
    if (!match || !isPyDataString(s)) continue;
    const binding = pyBinding(s.node, pyParentOf(s));
    const fixes: Fix[] = [];
    let envName: string;
    if (binding.envFallback?.envName) {
      envName = binding.envFallback.envName;
      fixes.push(removeFallbackFix(envName, binding.envFallback, 'the environment'));
    } else {
      const parent = pyParentOf(s);
      const partOfExpression =
        s.hasInterpolation ||
        parent?.type === 'concatenated_string' ||
        (parent?.type === 'binary_operator' && /^[+%]$/.test(parent.childForFieldName('operator')?.text ?? '')) ||
        (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.text === 'format');
      let edit: TextEdit | undefined;
      if (partOfExpression) {
        envName = passwordEnvNameForScheme(match.scheme);
        edit = pyReplaceLiteral(s, match.passwordStart, match.passwordEnd, envAccessExpression('python', envName, pyInnerQuote(s)));
      } else {
        envName = connectionEnvName(match, binding.name, binding.context);
        edit = pyReplaceLiteral(s, 0, s.value.length, envAccessExpression('python', envName));
      }
      if (edit) {
        const imp = ensureImport();
        fixes.push(envVarFix({ name: envName, edits: imp ? [edit, imp] : [edit] }));
      }
    }
    ctx.report({ node: s.node, message: connectionMessage(match, bindingSubject(binding), envName), fixes });
  }
}
