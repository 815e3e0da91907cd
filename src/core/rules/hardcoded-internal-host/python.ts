import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { envAccessExpression, envVarFix, pythonImportEdit } from '../shared/env-fix';
import { bindingSubject, removeFallbackFix } from '../shared/literal-binding';
import {
  findInternalEndpoint,
  hostMessage,
  isDevGuardCondition,
  isDevOnlyPath,
  mayBeInternalEndpoint,
  parseUrlAuthority,
  type InternalEndpoint,
} from '../shared/hosts';
import {
  isInPyLoggingCall,
  isPyDataString,
  isPyDevGuarded,
  pyBinding,
  pyInnerQuote,
  pyParentOf,
  pyReplaceLiteral,
  pyStringDetail,
  pyStringAt,
  pyStringNodes,
  pyStringRefs,
  pyTextBefore,
  type PyString,
} from '../shared/python-literals';
import { HOST_CANDIDATE, hostEnvName, isQuietBinding } from './common';

function replacement(s: PyString, endpoint: InternalEndpoint, envName: string, whole: boolean): TextEdit | undefined {
  if (endpoint.isUrl) {
    const url = parseUrlAuthority(s.value);
    if (url) {
      const rest = s.value.slice(url.authorityEnd).trimEnd();
      const partial = rest.length > 0 && rest !== '/' && !(whole && !s.hasInterpolation);
      const origin = partial ? s.value.slice(url.start, url.authorityEnd) : s.value.trim().replace(/["'\\]/g, '');
      const quote = partial ? pyInnerQuote(s) : '"';
      const expression =
        endpoint.kind === 'loopback'
          ? `os.environ.get(${quote}${envName}${quote}, ${quote}${origin}${quote})`
          : envAccessExpression('python', envName, quote);
      return partial ? pyReplaceLiteral(s, url.start, url.authorityEnd, expression) : pyReplaceLiteral(s, 0, s.value.length, expression);
    }
  }
  return pyReplaceLiteral(s, 0, s.value.length, envAccessExpression('python', envName));
}

export function checkPython(ctx: RuleContext): void {
  if (ctx.file.isTestPath || isDevOnlyPath(ctx.file.path)) return;
  let importEdit: TextEdit | undefined | null = null;
  const ensureImport = (): TextEdit | undefined => {
    if (importEdit === null) importEdit = pythonImportEdit(ctx.root, ctx.file.text, 'os');
    return importEdit;
  };
  const reportedLists = new Set<number>();
  const text = ctx.file.text;
  let strings: readonly (Node | null)[] | undefined;
  for (const ref of pyStringRefs(ctx.tree, ctx.root, text)) {
    if (ref.value.length < 3 || !HOST_CANDIDATE.test(ref.value)) continue;
    if (!mayBeInternalEndpoint(ref.value, pyTextBefore(text, ref.start))) continue;
    const raw = pyStringAt(ctx.root, ref, (strings ??= pyStringNodes(ctx.root)));
    if (!raw || !isPyDataString(raw)) continue;
    const s = pyStringDetail(raw);
    const binding = pyBinding(s.node, pyParentOf(s));
    const endpoint = findInternalEndpoint(s.value, binding.name !== undefined ? { nameHint: binding.name } : {});
    if (!endpoint) continue;
    if (isQuietBinding(binding, endpoint)) continue;
    if (isInPyLoggingCall(s.node)) continue;
    if (isPyDevGuarded(s.node, isDevGuardCondition)) continue;

    const parent = pyParentOf(s);
    const list = parent?.type === 'list' ? parent : undefined;
    if (list) {
      if (reportedLists.has(list.id)) continue;
      reportedLists.add(list.id);
    }
    const fixes: Fix[] = [];
    const derived = hostEnvName(endpoint, binding.name, binding.context);
    const envName = binding.envFallback?.envName ?? derived.name;
    if (binding.envFallback?.envName) {
      fixes.push(removeFallbackFix(envName, binding.envFallback, 'configuration'));
    } else if (!binding.envFallback) {
      const edit =
        list && list.namedChildCount > 1
          ? { start: list.startIndex, end: list.endIndex, text: `${envAccessExpression('python', envName)}.split(",")` }
          : replacement(s, endpoint, envName, derived.fromBinding);
      if (edit) {
        const imp = ensureImport();
        fixes.push(envVarFix({ title: `Read from configuration (${envName})`, name: envName, edits: imp ? [edit, imp] : [edit] }));
      }
    }
    ctx.report({ node: s.node, message: hostMessage(endpoint, bindingSubject(binding), envName), fixes });
  }
}
