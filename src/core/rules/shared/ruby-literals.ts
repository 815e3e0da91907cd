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
import type { Node, Tree } from 'web-tree-sitter';
import type { RuleContext, TextEdit } from '../../types';
import { isDevGuardCondition } from './hosts';
import { rubyArguments, rubyCallName, rubyIndex, rubyNextChar, rubyPairKey, type RubyIndex, rubyStringValue } from './ruby';
import { INTERPOLATION_MARK } from './secrets';

export interface RubyLiteral {
  /** The `string` node, or the `heredoc_beginning` for a heredoc (its body is elsewhere). */
  readonly node: Node;
  readonly value: string;
  readonly hasInterpolation: boolean;
  /** `"` or `'` for plain strings; '' for %q()/heredocs. */
  readonly quote: string;
}

/** The literals of the tree analysed last (one slot, not a WeakMap: see `rubyIndex`). */
let lastLiterals: { readonly tree: Tree; readonly literals: readonly RubyLiteral[] } | undefined;

/** Every string literal and heredoc of the file, in document order; computed once per tree for the three literal rules. */
export function rubyLiterals(ctx: RuleContext): readonly RubyLiteral[] {
  if (lastLiterals?.tree === ctx.tree) return lastLiterals.literals;
  const index = rubyIndex(ctx);
  const text = ctx.file.text;
  // a string with an ERROR inside has a value the tree decides: ask it then (only in a file with a syntax error)
  const fileHasError = ctx.root.hasError;
  const heredocs = index.nodes('heredoc_body').length > 0;
  const literals: RubyLiteral[] = [];
  for (const node of index.nodes('string')) {
    const end = node.endIndex;
    if (isChainPieceOrPairKey(node, end, index, text)) continue;
    const fromSource = fileHasError && node.hasError ? undefined : (plainStringValue(text, node.startIndex, end, heredocs) ?? interpolatedStringValue(text, node, end));
    const value = fromSource ?? rubyStringValue(node, index);
    if (value === undefined) continue;
    const first = text.charAt(node.startIndex);
    literals.push({ node, value, hasInterpolation: value.includes(INTERPOLATION_MARK), quote: first === '"' || first === "'" ? first : '' });
  }
  for (const node of index.nodes('heredoc_beginning')) {
    const parent = node.parent; // rare: the plain tree check
    if (parent?.type === 'chained_string' || (parent?.type === 'pair' && parent.childForFieldName('key')?.id === node.id)) continue;
    const value = rubyStringValue(node, index);
    if (value === undefined) continue;
    literals.push({ node, value, hasInterpolation: value.includes(INTERPOLATION_MARK), quote: '' });
  }
  literals.sort((a, b) => a.node.startIndex - b.node.startIndex);
  lastLiterals = { tree: ctx.tree, literals };
  return literals;
}

/**
 * `"a" "b"` pieces (the chain is the literal) and hash keys (`"api_key" => …`) are not literals of their own.
 * `node.parent` re-descends from the root (WebAssembly), so it is asked only when the text allows either shape:
 * inside a `chained_string`, or followed by `=>`/`:` or by what `rubyNextChar` cannot see through. Heredoc
 * beginnings are always asked (their body may sit between the key and its `=>`).
 */
function isChainPieceOrPairKey(node: Node, end: number, index: RubyIndex, text: string): boolean {
  const chained = index.nodes('chained_string').length > 0 && index.enclosing(node, ['chained_string']) !== undefined;
  if (!chained) {
    const next = rubyNextChar(text, end, index.nodes('heredoc_body').length > 0);
    if (next !== undefined && next !== '=' && next !== ':') return false; // a key is followed by `=>` or `:`
  }
  const parent = node.parent;
  const parentType = parent?.type;
  return parentType === 'chained_string' || (parentType === 'pair' && parent?.childForFieldName('key')?.id === node.id);
}

/**
 * The value of a plain `"…"` / `'…'` literal straight from the source: without a backslash (escapes, line
 * continuations) or, in double quotes, a `#` (interpolation) its only content is the text between the quotes, as
 * `rubyStringValue` would join it from the tree; unless it spans lines in a file with heredocs (a heredoc body
 * could sit inside). Undefined for every other shape (the caller asks the tree).
 */
function plainStringValue(text: string, start: number, end: number, heredocs: boolean): string | undefined {
  const quote = text.charAt(start);
  if ((quote !== '"' && quote !== "'") || end - start < 2 || text.charAt(end - 1) !== quote) return undefined;
  const content = text.slice(start + 1, end - 1);
  if (content.includes('\\') || content.includes(quote) || (quote === '"' && content.includes('#'))) return undefined;
  if (heredocs && content.includes('\n')) return undefined;
  return content;
}

/**
 * The value of a `"…#{code}…"` literal without a backslash: the source between the quotes with each interpolation
 * replaced by INTERPOLATION_MARK (by nothing when it holds no code), as `rubyStringValue` would join it, but reading
 * only the interpolations from the tree (not every piece's text, nor each interpolation's children). Undefined for
 * any other shape, and when an interpolation holds a `#` (a comment, a nested string): the tree decides then.
 */
function interpolatedStringValue(text: string, node: Node, end: number): string | undefined {
  const start = node.startIndex;
  if (text.charAt(start) !== '"' || end - start < 2 || text.charAt(end - 1) !== '"') return undefined;
  const content = text.slice(start + 1, end - 1);
  if (content.includes('\\')) return undefined;
  // On one line (no heredoc body can sit inside) and without a backslash (no escape), the children are contents and
  // interpolations, and an interpolation starts with `#`, as `#{` always does: no `type` read for the others.
  const oneLine = !content.includes('\n');
  let value = '';
  let cursor = start + 1;
  for (const child of node.namedChildren) {
    if (!child) continue;
    const childStart = child.startIndex;
    if (!(oneLine && text.startsWith('#{', childStart))) {
      if (oneLine && text.charAt(childStart) !== '#') continue; // a content piece, covered by the slices
      const type = child.type;
      if (type === 'string_content') continue;
      if (type !== 'interpolation') return undefined;
    }
    const childEnd = child.endIndex;
    if (text.slice(childStart + 1, childEnd).includes('#')) return undefined;
    value += text.slice(cursor, childStart) + (child.namedChildCount > 0 ? INTERPOLATION_MARK : '');
    cursor = childEnd;
  }
  return value + text.slice(cursor, end - 1);
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
  const parentType = parent.type; // read once: `type` and `parent` are WebAssembly calls

  if ((parentType === 'assignment' || parentType === 'operator_assignment') && parent.childForFieldName('right')?.id === node.id) {
    const left = parent.childForFieldName('left');
    return { ...base, ...(left ? { name: left.text } : {}), context: methodContext };
  }
  if (parentType === 'pair' && parent.childForFieldName('value')?.id === node.id) {
    const key = rubyPairKey(parent);
    const holder = parent.parent;
    const siblingKeys = (holder?.namedChildren ?? []).flatMap((p) => (p?.type === 'pair' ? [rubyPairKey(p) ?? ''] : []));
    const holderParent = holder?.parent;
    const call = holder?.type === 'argument_list' ? holderParent : holderParent?.type === 'argument_list' ? holderParent.parent : undefined;
    const assigned = holderParent?.type === 'assignment' ? holderParent.childForFieldName('left')?.text : undefined;
    const callee = call?.type === 'call' ? calleeText(call) : undefined;
    const context = [...(callee !== undefined ? [callee] : []), ...(assigned ? [assigned] : []), ...methodContext];
    return { ...base, ...(key !== undefined ? { name: key } : {}), context, siblingKeys, ...(callee !== undefined ? { callee } : {}) };
  }
  if (parentType === 'argument_list') {
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
  if (parentType === 'binary') {
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
  const grandparentType = parentType === 'body_statement' ? parent.parent?.type : undefined;
  if ((grandparentType === 'method' || grandparentType === 'singleton_method') && parent.lastNamedChild?.id === node.id) {
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
  const guards = enclosingConditionals(node);
  for (const kind of GUARD_KINDS) {
    const guard = guards.get(kind);
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

/**
 * The conditionals a guard can be, in the order they are tried. (A ternary `conditional` was never in the node
 * index, so it never guarded: it still does not.)
 */
const GUARD_KINDS = ['if', 'unless', 'if_modifier', 'unless_modifier'] as const;

/**
 * The innermost ancestor of each `GUARD_KINDS` type. Climbing `parent` here, for the few nodes that get this
 * far, keeps the `if` nodes (and every `if` keyword token) out of the node index every file pays for; an
 * ancestor is exactly a node whose range contains this one (none of these kinds can have the same range).
 */
function enclosingConditionals(node: Node): Map<string, Node> {
  const found = new Map<string, Node>();
  for (let ancestor = node.parent; ancestor; ancestor = ancestor.parent) {
    const type = ancestor.type;
    if ((GUARD_KINDS as readonly string[]).includes(type) && !found.has(type)) found.set(type, ancestor);
  }
  return found;
}
