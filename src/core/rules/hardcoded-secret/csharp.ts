/**
 * hardcoded-secret for C#: literals bound to secret-like fields, constants, properties, object
 * initializers (`new SmtpSettings { Password = "…" }`), dictionary entries and configuration keys
 * (`builder.Configuration["Jwt:Key"] = "…"`, `AddInMemoryCollection(new Dictionary<…> { ["Jwt:Key"] = "…" })`),
 * credentials passed positionally (`new NetworkCredential(user, "…")`), key material
 * (`new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…"))`, `new HMACSHA256(…)`), vendor key formats
 * anywhere, and real-looking fallbacks (`Environment.GetEnvironmentVariable("X") ?? "…"`,
 * `configuration["Jwt:Key"] ?? "…"`).
 * The fix reads `Environment.GetEnvironmentVariable("NAME")` (turning `const` into `static readonly`),
 * drops the fallback, or removes a configuration override so the key comes from the environment.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { findConnectionCredentials } from '../shared/connection-strings';
import { configKeyEnvName, constFieldEdits, csBinding, csReplaceLiteral, csStrings, csTextBefore, type CsString } from '../shared/csharp-literals';
import { envAccessExpression, envVarFix } from '../shared/env-fix';
import { detectLayout, isFirstOnLine, lineStart } from '../shared/indentation';
import { classifyLiteral, looksRandom, mayBeSecret, secretMessage } from '../shared/secrets';
import { envNameFor } from './common';
import { keyEnvName, secretSubject } from './java';

const FIREBASE_KEYS = new Set(['authDomain', 'messagingSenderId', 'storageBucket', 'appId', 'measurementId']);

/** `builder.Configuration["Jwt:Key"] = "…";` as a whole statement: the configuration key, and the statement. */
function configurationOverride(literal: Node): { key: string; statement: Node } | undefined {
  const assignment = literal.parent;
  const left = assignment?.type === 'assignment_expression' && assignment.childForFieldName('right')?.id === literal.id ? assignment.childForFieldName('left') : null;
  if (left?.type !== 'element_access_expression' || !/(?:^|\.)(?:Configuration|_?[cC]onfig\w*)$/.test(left.childForFieldName('expression')?.text ?? '')) return undefined;
  const key = /^\s*\[\s*"([^"]{1,120})"\s*\]\s*$/.exec(left.childForFieldName('subscript')?.text ?? '')?.[1];
  const statement = assignment?.parent;
  if (!key || statement?.type !== 'expression_statement') return undefined;
  return { key, statement };
}

function deleteStatement(text: string, statement: Node): TextEdit {
  if (!isFirstOnLine(text, statement.startIndex)) return { start: statement.startIndex, end: statement.endIndex, text: '' };
  const start = lineStart(text, statement.startIndex);
  const eol = detectLayout(text, '    ').eol;
  const end = text.startsWith(eol, statement.endIndex) ? statement.endIndex + eol.length : statement.endIndex;
  return { start, end, text: '' };
}

function replaceFix(ctx: RuleContext, s: CsString, start: number, end: number, envName: string): Fix | undefined {
  const edit = csReplaceLiteral(s, start, end, envAccessExpression('csharp', envName));
  if (!edit) return undefined;
  return envVarFix({ name: envName, edits: [edit, ...constFieldEdits(s.node)] });
}

export function checkCsharp(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const text = ctx.file.text;
  for (const s of csStrings(ctx.root, ctx.file.text)) {
    if (!mayBeSecret(s.value, csTextBefore(text, s.node.startIndex))) continue;
    const binding = csBinding(s.node);
    if (binding.message) continue;
    const match = classifyLiteral(s.value, binding.name, { keyPosition: binding.keyArgument });
    if (!match) continue;
    if (binding.fallback && match.kind !== 'key-format' && !looksRandom(match.secret)) continue;
    if (match.formatId === 'google-api-key' && binding.siblingKeys.some((k) => FIREBASE_KEYS.has(k))) continue;
    if (match.kind !== 'key-format' && findConnectionCredentials(s.value)) continue;

    const fixes: Fix[] = [];
    const override = configurationOverride(s.node);
    let envName = binding.fallback?.envName ?? keyEnvName(binding) ?? envNameFor(match, binding);
    if (binding.fallback) {
      if (binding.fallback.envName && binding.fallback.edits.length > 0) {
        fixes.push(envVarFix({ title: `Remove the hardcoded fallback (read ${envName} from configuration only)`, name: envName, edits: binding.fallback.edits }));
      }
    } else if (override) {
      // ASP.NET Core already reads `Jwt:Key` from the environment variable `Jwt__Key`.
      envName = configKeyEnvName(override.key);
      fixes.push(envVarFix({ title: `Remove the hardcoded value (set ${envName} in the environment or user secrets)`, name: envName, edits: [deleteStatement(text, override.statement)] }));
    } else if (!binding.constantContext) {
      const fix = replaceFix(ctx, s, match.start, match.end, envName);
      if (fix) fixes.push(fix);
    }
    ctx.report({ node: s.node, message: secretMessage(match, secretSubject(binding), envName), fixes });
  }
}
