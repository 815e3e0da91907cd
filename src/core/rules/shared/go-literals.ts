/**
 * Go string literals and what they are bound to, for the hardcoded-data rules (secrets, connection
 * strings, internal hosts). Language-agnostic decisions stay in `secrets.ts`, `connection-strings.ts`,
 * `hosts.ts`; this module only reads tree-sitter-go shapes.
 *
 *   goLiterals(ctx)            every string literal of the file (from the shared Go index) with its value
 *   goBinding(literal, index)  the name it is bound to (`const apiKey = …`, `Password: …`, `x.Key = …`,
 *                              `os.Setenv("NAME", …)`, `password == …`, `return …` of `func apiKey()`), the
 *                              call it is passed to, the composite literal type, an env-var fallback
 *                              (`getEnv("NAME", "default")`), and whether it sits in a `const` declaration
 *   goReplaceEdit(literal, start, end, expression)   replace part or all of a literal by an expression
 *   isGoDevGuarded(node)       inside `if os.Getenv("ENV") == "development" { … }` and the like
 */
import type { Node } from 'web-tree-sitter';
import type { RuleContext, TextEdit } from '../../types';
import { goIndex, type GoIndex, goStringValue, namedChildrenOf } from './go';
import { isDevGuardCondition } from './hosts';

export interface GoLiteral {
  readonly node: Node;
  /** Content as written between the quotes (escapes left raw). */
  readonly value: string;
  readonly raw: boolean;
}

export function goLiterals(ctx: RuleContext): GoLiteral[] {
  const index = goIndex(ctx);
  const literals: GoLiteral[] = [];
  for (const type of ['interpreted_string_literal', 'raw_string_literal'] as const) {
    for (const node of index.nodes(type)) {
      const value = goStringValue(node);
      if (value !== undefined) literals.push({ node, value, raw: type === 'raw_string_literal' });
    }
  }
  return literals.sort((a, b) => a.node.startIndex - b.node.startIndex);
}

/** The ~80 characters before a literal, for the shared cheap prefilters (`mayBeSecret`, `mayBeInternalEndpoint`). */
export function textBefore(text: string, index: number): string {
  return text.slice(Math.max(0, index - 80), index);
}

export interface GoBinding {
  /** Variable, constant, field, key or header name the value is bound to. */
  readonly name?: string;
  /** Outer names, innermost first: composite literal type, callee, enclosing function. For env-var naming. */
  readonly context: readonly string[];
  /** The call the literal (or the conversion holding it) is an argument of. */
  readonly callee?: string;
  readonly argumentIndex?: number;
  /** The other side of `==` / `!=`. */
  readonly comparedWith?: string;
  /** Sits in a `const` declaration: an `os.Getenv` call cannot replace it there. */
  readonly inConst: boolean;
  /** `const x = "…"` alone (not in a `const ( … )` group): `const` can become `var`. */
  readonly constKeyword?: Node;
  /** `getEnv("NAME", "<here>")`: a default for an environment variable. */
  readonly envFallback?: { readonly envName: string };
  /** The literal is key material by position (`token.SignedString([]byte("…"))`, `hmac.New(h, []byte("…"))`). */
  readonly keyPosition: boolean;
  /** Other keys of the same composite literal. */
  readonly siblingKeys: readonly string[];
  /** The literal is one operand of a `+` concatenation. */
  readonly concatenated: boolean;
}

const ENV_DEFAULT_HELPERS = /^(?:get[A-Z_]?[Ee]nv\w*|env(?:Or\w*|Default\w*|WithDefault)?|lookupEnv\w*|LookupEnvOr\w*|GetEnv\w*|Getenv(?:Default|Or)\w*|EnvOr\w*|getenv\w*)$/;

function lastSegment(text: string): string {
  return text.split('.').pop() ?? text;
}

/** `SignedString(key)`, `hmac.New(h, key)`, gorilla/gin session stores, jwtauth. */
function isKeyPosition(callee: string, argumentIndex: number): boolean {
  const last = lastSegment(callee);
  if (last === 'SignedString' && argumentIndex === 0) return true;
  if (callee === 'hmac.New' && argumentIndex === 1) return true;
  if ((last === 'NewCookieStore' || last === 'NewStore' || last === 'NewFilesystemStore') && argumentIndex >= (last === 'NewFilesystemStore' ? 1 : 0)) return true;
  if (callee === 'jwtauth.New' && argumentIndex === 1) return true;
  return false;
}

export function goBinding(literal: Node, index: GoIndex): GoBinding {
  let node: Node = literal;
  let parent = node.parent;
  let concatenated = false;
  let keyPosition = false;
  // climb through []byte("…") conversions, parentheses and + concatenation
  while (parent && (parent.type === 'type_conversion_expression' || parent.type === 'parenthesized_expression' || (parent.type === 'binary_expression' && parent.childForFieldName('operator')?.text === '+'))) {
    if (parent.type === 'binary_expression') concatenated = true;
    node = parent;
    parent = parent.parent;
  }
  const base = { context: [] as string[], inConst: false, keyPosition, siblingKeys: [] as string[], concatenated };
  if (!parent) return base;
  const fn = index.enclosingFunction(node);
  const fnName = fn?.childForFieldName('name')?.text;
  const fnContext = fnName ? [fnName] : [];

  if (parent.type === 'expression_list') {
    const position = namedChildrenOf(parent).findIndex((n) => n.id === node.id);
    const holder = parent.parent;
    if (!holder) return base;
    if (holder.type === 'const_spec' || holder.type === 'var_spec') {
      const names = holder.childrenForFieldName('name').filter((n): n is Node => n !== null);
      const name = (names[position] ?? names[0])?.text;
      const declaration = holder.parent;
      const single = declaration !== null && namedChildrenOf(declaration).filter((n) => n.type === holder.type).length === 1 && !declaration.text.trimStart().slice(5).trimStart().startsWith('(');
      const constKeyword = holder.type === 'const_spec' && single ? declaration.child(0) ?? undefined : undefined;
      return { ...base, ...(name ? { name } : {}), context: fnContext, inConst: holder.type === 'const_spec', ...(constKeyword ? { constKeyword } : {}) };
    }
    if (holder.type === 'assignment_statement' || holder.type === 'short_var_declaration') {
      const lefts = namedChildrenOf(holder.childForFieldName('left'));
      const left = lefts[position] ?? lefts[0];
      return { ...base, ...(left ? { name: left.text } : {}), context: fnContext };
    }
    if (holder.type === 'return_statement') return { ...base, ...(fnName ? { name: fnName } : {}), context: [] };
    return base;
  }
  if (parent.type === 'literal_element') {
    const element = parent.parent;
    const body = element?.type === 'keyed_element' ? element.parent : element?.parent;
    const composite = body?.parent;
    const typeName = composite?.type === 'composite_literal' ? composite.childForFieldName('type')?.text : undefined;
    const siblingKeys = namedChildrenOf(body)
      .filter((e) => e.type === 'keyed_element')
      .map((e) => keyText(e.firstNamedChild));
    if (element?.type === 'keyed_element' && element.lastNamedChild?.id === parent.id) {
      const key = keyText(element.firstNamedChild);
      return { ...base, name: key, context: [...(typeName ? [typeName] : []), ...fnContext], siblingKeys };
    }
    return { ...base, context: [...(typeName ? [typeName] : []), ...fnContext], siblingKeys };
  }
  if (parent.type === 'argument_list') {
    const call = parent.parent;
    const callee = call?.childForFieldName('function')?.text ?? '';
    const args = namedChildrenOf(parent).filter((n) => n.type !== 'comment');
    const argumentIndex = args.findIndex((n) => n.id === node.id);
    keyPosition = isKeyPosition(callee, argumentIndex);
    const first = args[0];
    const firstValue = first && first.id !== node.id ? goStringValue(first) : undefined;
    const envHelper = ENV_DEFAULT_HELPERS.test(lastSegment(callee)) && argumentIndex === 1 && firstValue !== undefined;
    let name: string | undefined;
    if (firstValue !== undefined && argumentIndex === 1) name = firstValue; // os.Setenv("API_KEY", …), Header.Set("X-Api-Key", …)
    if (lastSegment(callee) === 'SetBasicAuth' && argumentIndex === 1) name = 'password';
    return {
      ...base,
      keyPosition,
      ...(name !== undefined ? { name } : {}),
      callee,
      argumentIndex,
      context: [callee, ...fnContext],
      ...(envHelper ? { envFallback: { envName: firstValue } } : {}),
    };
  }
  if (parent.type === 'binary_expression') {
    const operator = parent.childForFieldName('operator')?.text;
    if (operator === '==' || operator === '!=') {
      const left = parent.childForFieldName('left');
      const other = left?.id === node.id ? parent.childForFieldName('right') : left;
      if (other) return { ...base, name: other.text, comparedWith: other.text, context: fnContext };
    }
  }
  return base;
}

function keyText(key: Node | null | undefined): string {
  if (!key) return '';
  const inner = key.type === 'literal_element' ? key.firstNamedChild : key;
  const value = goStringValue(inner);
  return value ?? inner?.text ?? '';
}

/** Replaces [start, end) of the literal's content by a Go expression; whole literal -> just the expression. */
export function goReplaceEdit(literal: GoLiteral, start: number, end: number, expression: string): TextEdit | undefined {
  const whole = start <= 0 && end >= literal.value.length;
  if (whole) return { start: literal.node.startIndex, end: literal.node.endIndex, text: expression };
  if (literal.raw) return undefined;
  const prefix = literal.value.slice(0, start);
  const suffix = literal.value.slice(end);
  const parts = [...(prefix ? [`"${prefix}"`] : []), expression, ...(suffix ? [`"${suffix}"`] : [])];
  return { start: literal.node.startIndex, end: literal.node.endIndex, text: parts.join(' + ') };
}

/** Inside an `if` that tests for development (`if os.Getenv("APP_ENV") == "development"`, `if debug`). */
export function isGoDevGuarded(node: Node): boolean {
  let child: Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'function_declaration' || current.type === 'method_declaration') return false;
    if (current.type !== 'if_statement') continue;
    const condition = current.childForFieldName('condition')?.text ?? '';
    const inElse = current.childForFieldName('alternative')?.id === child.id;
    if (isDevGuardCondition(condition, inElse)) return true;
  }
  return false;
}
