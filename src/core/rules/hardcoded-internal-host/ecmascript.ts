import type { Fix, RuleContext, TextEdit } from '../../types';
import {
  ecmaBinding,
  ecmaReplaceLiteral,
  ecmaStringAt,
  ecmaStringRefs,
  isEcmaDevGuarded,
  isEcmaDataString,
  isInEcmaLoggingCall,
  textBefore,
  type EcmaBinding,
  type EcmaString,
} from '../shared/ecmascript-literals';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
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
import { HOST_CANDIDATE, hostEnvName, isQuietBinding } from './common';

export function checkEcma(ctx: RuleContext): void {
  if (ctx.file.isTestPath || isDevOnlyPath(ctx.file.path)) return;
  const typescript = ctx.file.language === 'typescript';
  const reportedArrays = new Set<number>();
  const text = ctx.file.text;
  for (const ref of ecmaStringRefs(ctx.tree, ctx.root, text)) {
    if (ref.value.length < 3 || !HOST_CANDIDATE.test(ref.value)) continue;
    if (!mayBeInternalEndpoint(ref.value, textBefore(text, ref.start, 80))) continue;
    const s = ecmaStringAt(ctx.root, ref);
    if (!s || !isEcmaDataString(s)) continue;
    const binding = ecmaBinding(s.node);
    const endpoint = findInternalEndpoint(s.value, binding.name !== undefined ? { nameHint: binding.name } : {});
    if (!endpoint) continue;
    if (isQuietBinding(binding, endpoint)) continue;
    if (isInEcmaLoggingCall(s.node)) continue;
    if (isEcmaDevGuarded(s.node, isDevGuardCondition)) continue;

    // one finding per array of hosts (`brokers: ['kafka-1:9092', 'kafka-2:9092']`)
    const array = s.node.parent?.type === 'array' ? s.node.parent : undefined;
    if (array) {
      if (reportedArrays.has(array.id)) continue;
      reportedArrays.add(array.id);
    }
    const fixes: Fix[] = [];
    const derived = hostEnvName(endpoint, binding.name, binding.context);
    const envName = binding.envFallback?.envName ?? derived.name;
    if (binding.envFallback?.envName) {
      fixes.push(removeFallbackFix(envName, binding.envFallback, 'configuration'));
    } else if (!binding.envFallback) {
      const edit =
        array && array.namedChildCount > 1
          ? { start: array.startIndex, end: array.endIndex, text: `(${envAccessExpression('javascript', envName)} ?? '').split(',')` }
          : replacement(s, endpoint, envName, binding, typescript, derived.fromBinding);
      fixes.push(envVarFix({ title: `Read from configuration (${envName})`, name: envName, edits: [edit] }));
    }
    ctx.report({ node: s.node, message: hostMessage(endpoint, bindingSubject(binding), envName), fixes });
  }
}

function replacement(s: EcmaString, endpoint: InternalEndpoint, envName: string, binding: EcmaBinding, typescript: boolean, whole: boolean): TextEdit {
  const access = envAccessExpression('javascript', envName);
  const typedSuffix = typescript && binding.typed ? " ?? ''" : '';
  if (endpoint.isUrl) {
    const url = parseUrlAuthority(s.value);
    if (url) {
      const origin = s.value.slice(url.start, url.authorityEnd);
      const rest = s.value.slice(url.authorityEnd).trimEnd();
      // keep the local default so development still works; other hosts must come from configuration
      const expression = endpoint.kind === 'loopback' ? `${access} ?? '${origin}'` : access;
      const fallback = endpoint.kind === 'loopback' ? `${access} ?? '${s.value.trim().replace(/[\\']/g, '')}'` : `${access}${typedSuffix}`;
      if (whole && !s.hasInterpolation) return ecmaReplaceLiteral(s, 0, s.value.length, fallback, binding.jsxAttribute);
      if (rest.length > 0 && rest !== '/') return ecmaReplaceLiteral(s, url.start, url.authorityEnd, expression, binding.jsxAttribute);
      return ecmaReplaceLiteral(s, 0, s.value.length, endpoint.kind === 'loopback' ? expression : `${expression}${typedSuffix}`, binding.jsxAttribute);
    }
  }
  return ecmaReplaceLiteral(s, 0, s.value.length, `${access}${typedSuffix}`, binding.jsxAttribute);
}
