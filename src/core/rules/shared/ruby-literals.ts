/**
 * Ruby string literals and what they are bound to, for the hardcoded-data rules (secrets, connection
 * strings, internal hosts). Language-agnostic decisions stay in `secrets.ts`, `connection-strings.ts`,
 * `hosts.ts`; this module only reads tree-sitter-ruby shapes.
 *
 *   rubyLiterals(ctx)            every string literal (and heredoc) of the file with its value
 *   rubyBinding(literal, index)  the name it is bound to (`API_TOKEN = …`, `Stripe.api_key = …`,
 *                                `config.secret_key_base = …`, `password: …`, `"api_key" => …`,
 *                                `set :session_secret, …`, `password == …`, `def api_key; "…"; end`), the
 *                                call it is passed to, and an env-var fallback (`ENV.fetch("X", "…")`,
 *                                `ENV["X"] || "…"`) with the edit that removes it
 *   rubyReplaceEdit(literal, start, end, expression)   replace part or all of a literal
 *   isRubyDevGuarded(index, node)  inside `if Rails.env.development?`, `configure :development do`…
 */
import type { Node } from 'web-tree-sitter';
import type { RuleContext, TextEdit } from '../../types';
import { isDevGuardCondition } from './hosts';
import { rubyArguments, rubyCallName, rubyIndex, rubyPairKey, type RubyIndex, rubyStringValue } from './ruby';

export interface RubyLiteral {
  /** The `string` node, or the `heredoc_beginning` for a heredoc (its body is elsewhere). */
  readonly node: Node;
  readonly value: string;
  readonly hasInterpolation: boolean;
  /** `"` or `'` for plain strings; '' for %q()/heredocs. */
  readonly quote: string;
}

export function rubyLiterals(ctx: RuleContext): RubyLiteral[] {
  const index = rubyIndex(ctx);
  const literals: RubyLiteral[] = [];
  for (const node of [...index.nodes('string'), ...index.nodes('heredoc_beginning')]) {
    const parentType = node.parent?.type;
    if (parentType === 'chained_string' || parentType === 'pair' && node.parent?.childForFieldName('key')?.id === node.id) continue;
    const value = rubyStringValue(node, index);
    if (value === undefined) continue;
    const first = node.text.charAt(0);
    literals.push({
      node,
      value,
      hasInterpolation: value.includes('${…}'),
      quote: node.type === 'string' && (first === '"' || first === "'") ? first : '',
    });
  }
  return literals.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

export interface RubyBinding {
  readonly name?: string;
  readonly context: readonly string[];
  readonly callee?: string;
  readonly argumentIndex?: number;
  readonly comparedWith?: string;
  /** `ENV.fetch("X", "<here>")` / `ENV["X"] || "<here>"`: the variable and the edit deleting the fallback. */
  readonly envFallback?: { readonly envName: string; readonly deleteStart: number; readonly deleteEnd: number };
  /** Key material by position: `JWT.encode(payload, "<here>")`, `OpenSSL::HMAC.hexdigest(d, "<here>", data)`. */
  readonly keyPosition: boolean;
  readonly siblingKeys: readonly string[];
}

function calleeText(call: Node): string {
  const name = rubyCallName(call);
  if (!name) return '';
  return name.receiver && name.receiver.text.length <= 60 ? `${name.receiver.text}.${name.method}` : name.method;
}

function isKeyPosition(callee: string, argumentIndex: number): boolean {
  if (/^JWT\.(?:encode|decode)$/.test(callee) && argumentIndex === 1) return true;
  if (/^OpenSSL::HMAC\.(?:hexdigest|digest|base64digest)$/.test(callee) && argumentIndex === 1) return true;
  if (/message_verifier|MessageVerifier\.new|MessageEncryptor\.new/.test(callee) && argumentIndex === 0) return true;
  return false;
}

export function rubyBinding(literal: Node, index: RubyIndex): RubyBinding {
  const base = { context: [] as string[], keyPosition: false, siblingKeys: [] as string[] };
  let node: Node = literal;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_statements' || (parent?.type === 'binary' && parent.childForFieldName('operator')?.text === '+')) {
    node = parent;
    parent = parent.parent;
  }
  if (!parent) return base;
  const method = index.enclosing(node, ['method', 'singleton_method']);
  const methodName = method?.childForFieldName('name')?.text;
  const methodContext = methodName ? [methodName] : [];

  if ((parent.type === 'assignment' || parent.type === 'operator_assignment') && parent.childForFieldName('right')?.id === node.id) {
    const left = parent.childForFieldName('left');
    return { ...base, ...(left ? { name: left.text } : {}), context: methodContext };
  }
  if (parent.type === 'pair' && parent.childForFieldName('value')?.id === node.id) {
    const key = rubyPairKey(parent);
    const holder = parent.parent;
    const siblingKeys = (holder?.namedChildren ?? []).flatMap((p) => (p?.type === 'pair' ? [rubyPairKey(p) ?? ''] : []));
    const call = holder?.type === 'argument_list' ? holder.parent : holder?.parent?.type === 'argument_list' ? holder.parent.parent : undefined;
    const assigned = holder?.parent?.type === 'assignment' ? holder.parent.childForFieldName('left')?.text : undefined;
    const context = [...(call?.type === 'call' ? [calleeText(call)] : []), ...(assigned ? [assigned] : []), ...methodContext];
    return { ...base, ...(key !== undefined ? { name: key } : {}), context, siblingKeys, ...(call?.type === 'call' ? { callee: calleeText(call) } : {}) };
  }
  if (parent.type === 'argument_list') {
    const call = parent.parent;
    if (call?.type !== 'call') return base;
    const callee = calleeText(call);
    const args = rubyArguments(call);
    const argumentIndex = args.findIndex((a) => a.id === node.id);
    const first = args[0];
    const firstName = first && first.id !== node.id ? symbolOrString(first, index) : undefined;
    if (callee === 'ENV.fetch' && argumentIndex === 1 && firstName !== undefined) {
      return { ...base, name: firstName, callee, argumentIndex, envFallback: { envName: firstName, deleteStart: first?.endIndex ?? node.startIndex, deleteEnd: node.endIndex } };
    }
    return {
      ...base,
      ...(firstName !== undefined && argumentIndex === 1 ? { name: firstName } : {}),
      callee,
      argumentIndex,
      keyPosition: isKeyPosition(callee, argumentIndex),
      context: [callee, ...methodContext],
    };
  }
  if (parent.type === 'binary') {
    const operator = parent.childForFieldName('operator')?.text;
    const left = parent.childForFieldName('left');
    if ((operator === '||' || operator === 'or') && parent.childForFieldName('right')?.id === node.id && left) {
      const env = /^ENV\s*\[\s*["']([A-Za-z_][A-Za-z0-9_]*)["']\s*\]$/.exec(left.text)?.[1];
      if (env) return { ...base, name: env, envFallback: { envName: env, deleteStart: left.endIndex, deleteEnd: node.endIndex } };
    }
    if (operator === '==' || operator === '!=' || operator === 'eql?') {
      const other = left?.id === node.id ? parent.childForFieldName('right') : left;
      if (other) return { ...base, name: other.text, comparedWith: other.text, context: methodContext };
    }
  }
  // `def api_key; "…"; end`: the method's value
  if (parent.type === 'body_statement' && (parent.parent?.type === 'method' || parent.parent?.type === 'singleton_method') && parent.lastNamedChild?.id === node.id) {
    return { ...base, ...(methodName ? { name: methodName } : {}) };
  }
  return base;
}

function symbolOrString(node: Node, index: RubyIndex): string | undefined {
  if (node.type === 'simple_symbol') return node.text.slice(1);
  if (node.type === 'string') {
    const value = rubyStringValue(node, index);
    return value !== undefined && !value.includes('${…}') ? value : undefined;
  }
  return undefined;
}

/** Replaces [start, end) of the literal's value by a Ruby expression (interpolated into a string when partial). */
export function rubyReplaceEdit(literal: RubyLiteral, start: number, end: number, expression: string): TextEdit | undefined {
  const whole = start <= 0 && end >= literal.value.length;
  if (whole && !literal.hasInterpolation) return { start: literal.node.startIndex, end: literal.node.endIndex, text: expression };
  if (literal.quote !== '"' || literal.hasInterpolation) return undefined;
  const content = literal.node.text.slice(1, -1);
  if (content !== literal.value) return undefined; // escapes: offsets would not line up
  return { start: literal.node.startIndex, end: literal.node.endIndex, text: `"${content.slice(0, start)}#{${expression}}${content.slice(end)}"` };
}

/** Inside `if Rails.env.development?`, `unless Rails.env.production?`, `configure :development do`. */
export function isRubyDevGuarded(index: RubyIndex, node: Node): boolean {
  for (let block = index.enclosing(node, ['do_block', 'block']); block; block = index.enclosing(block, ['do_block', 'block'])) {
    const call = block.parent;
    if (call?.type === 'call' && rubyCallName(call)?.method === 'configure') {
      const envs = rubyArguments(call).map((a) => a.text.replace(/^:/, ''));
      if (envs.length > 0 && envs.every((env) => /^(?:development|dev|test|local)$/.test(env))) return true;
    }
  }
  for (const kind of ['if', 'unless', 'if_modifier', 'unless_modifier', 'conditional']) {
    const guard = index.enclosing(node, [kind]);
    if (!guard) continue;
    const condition = guard.childForFieldName('condition')?.text ?? '';
    const normalized = condition
      .replace(/\bRails\.env\.(?:development|local)\?|\bdevelopment\?/g, 'isDevelopment')
      .replace(/\bRails\.env\.production\?|\bproduction\?/g, 'isProduction');
    const negated = kind.startsWith('unless');
    const alternative = guard.childForFieldName('alternative');
    const inElse = alternative !== null && node.startIndex >= alternative.startIndex;
    if (isDevGuardCondition(normalized, negated !== inElse)) return true;
  }
  return false;
}
