import type { Fix, RuleContext } from '../../types';
import { connectionMessage, findConnectionCredentials, passwordEnvNameForScheme } from '../shared/connection-strings';
import { ecmaBinding, ecmaReplaceLiteral, ecmaStringAt, ecmaStringRefs, isEcmaDataString } from '../shared/ecmascript-literals';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { bindingSubject, removeFallbackFix } from '../shared/literal-binding';
import { connectionEnvName, FILE_CANDIDATE, VALUE_CANDIDATE } from './common';

export function checkEcma(ctx: RuleContext): void {
  if (ctx.file.isTestPath || !FILE_CANDIDATE.test(ctx.file.text)) return;
  for (const ref of ecmaStringRefs(ctx.tree, ctx.root, ctx.file.text)) {
    if (ref.value.length < 8 || !VALUE_CANDIDATE.test(ref.value)) continue;
    const match = findConnectionCredentials(ref.value);
    const s = match ? ecmaStringAt(ctx.root, ref) : undefined;
    if (!match || !s || !isEcmaDataString(s)) continue;
    const binding = ecmaBinding(s.node);
    const fixes: Fix[] = [];
    let envName: string;
    if (binding.envFallback?.envName) {
      envName = binding.envFallback.envName;
      fixes.push(removeFallbackFix(envName, binding.envFallback, 'the environment'));
    } else {
      const inConcatenation = s.node.parent?.type === 'binary_expression' && s.node.parent.childForFieldName('operator')?.text === '+';
      if (s.hasInterpolation || inConcatenation) {
        // the rest of the string is built from variables: move only the password out
        envName = passwordEnvNameForScheme(match.scheme);
        const expression = envAccessExpression(ctx.file.language, envName);
        fixes.push(envVarFix({ name: envName, edits: [ecmaReplaceLiteral(s, match.passwordStart, match.passwordEnd, expression, binding.jsxAttribute)] }));
      } else {
        envName = connectionEnvName(match, binding.name, binding.context);
        const typedSuffix = ctx.file.language === 'typescript' && binding.typed ? " ?? ''" : '';
        const expression = `${envAccessExpression(ctx.file.language, envName)}${typedSuffix}`;
        fixes.push(envVarFix({ name: envName, edits: [ecmaReplaceLiteral(s, 0, s.value.length, expression, binding.jsxAttribute)] }));
      }
    }
    ctx.report({ node: s.node, message: connectionMessage(match, bindingSubject(binding), envName), fixes });
  }
}
