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
import type { Node, Tree } from 'web-tree-sitter';
import type { RuleContext, TextEdit } from '../../types';
import { goIndex, type GoIndex, goStringValue, namedChildrenOf } from './go';
import { escapedQuoteEnd } from './java';
import { isDevGuardCondition } from './hosts';

export interface GoLiteral {
  readonly node: Node;
  /** Content as written between the quotes (escapes left raw). */
  readonly value: string;
  readonly raw: boolean;
}

const literalCache = new WeakMap<Tree, readonly GoLiteral[]>();

/**
 * Every string literal of the file, in document order. Cached per tree: three rules ask for the same list,
 * and each literal's type is already known from the index list it came from (no `node.type` round trip).
 */
export function goLiterals(ctx: RuleContext): readonly GoLiteral[] {
  const cached = literalCache.get(ctx.tree);
  if (cached) return cached;
  const index = goIndex(ctx);
  const text = ctx.file.text;
  // In a tree without syntax errors a literal ends at its first unescaped closing quote: read from the
  // source instead of asking each node for its end (a WASM round trip per literal).
  const wellFormed = !ctx.root.hasError;
  const literals: GoLiteral[] = [];
  for (const type of ['interpreted_string_literal', 'raw_string_literal'] as const) {
    const raw = type === 'raw_string_literal';
    for (const node of index.nodes(type)) {
      const start = node.startIndex;
      const end = wellFormed ? literalEnd(text, start, raw) : -1;
      literals.push({ node, value: end > start ? text.slice(start + 1, end - 1) : node.text.slice(1, -1), raw });
    }
  }
  literals.sort((a, b) => a.node.startIndex - b.node.startIndex);
  literalCache.set(ctx.tree, literals);
  return literals;
}

/**
 * End offset (after the closing quote) of the well-formed literal opening at `start`, or -1. Raw strings
 * end at the next backtick; interpreted ones at the next `"` not escaped by a backslash
 * (tree-sitter-go's escapes are a backslash and one character, then at most hex/octal digits or
 * braces), on the same line.
 */
function literalEnd(text: string, start: number, raw: boolean): number {
  if (!raw) return escapedQuoteEnd(text, start, '"', true);
  const close = text.indexOf('`', start + 1);
  return close === -1 ? -1 : close + 1;
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
  /** The literal is one operand of a `+` concatenation. */
  readonly concatenated: boolean;
}

const ENV_DEFAULT_HELPERS = /^(?:get[A-Z_]?[Ee]nv\w*|env(?:Or\w*|Default\w*|WithDefault)?|lookupEnv\w*|LookupEnvOr\w*|GetEnv\w*|Getenv(?:Default|Or)\w*|EnvOr\w*|getenv\w*)$/;

function lastSegment(text: string): string {
  return text.slice(text.lastIndexOf('.') + 1);
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

type BindingFields = Omit<GoBinding, 'context'>;

/**
 * A binding whose `context` (outer names, then the enclosing function's name) is computed on first read:
 * only findings read it, and the function lookup costs several WASM round trips per literal.
 */
function withContext(fields: BindingFields, outer: () => readonly string[], functionName: () => string | undefined): GoBinding {
  let context: readonly string[] | undefined;
  return {
    ...fields,
    get context(): readonly string[] {
      if (!context) {
        const name = functionName();
        context = [...outer(), ...(name ? [name] : [])];
      }
      return context;
    },
  };
}

const NO_OUTER = (): readonly string[] => [];

/**
 * What `literal` is bound to. `literalParent`, when the caller already read it, saves a round trip.
 * Speed: each `node.type` / `parent` / field access crosses into WASM, so types are read once into
 * locals and everything only a finding needs (`context`) is computed lazily.
 */
export function goBinding(literal: Node, index: GoIndex, literalParent?: Node | null): GoBinding {
  let node: Node = literal;
  let parent = literalParent === undefined ? node.parent : literalParent;
  let parentType = parent?.type;
  let concatenated = false;
  // climb through []byte("…") conversions, parentheses and + concatenation
  while (parent && (parentType === 'type_conversion_expression' || parentType === 'parenthesized_expression' || (parentType === 'binary_expression' && parent.childForFieldName('operator')?.text === '+'))) {
    if (parentType === 'binary_expression') concatenated = true;
    node = parent;
    parent = parent.parent;
    parentType = parent?.type;
  }
  const base: BindingFields = { inConst: false, keyPosition: false, concatenated };
  if (!parent) return { ...base, context: [] };
  const climbed = node;
  let fnName: { readonly value: string | undefined } | undefined;
  const functionName = (): string | undefined => (fnName ??= { value: index.enclosingFunction(climbed)?.childForFieldName('name')?.text }).value;

  if (parentType === 'expression_list') {
    const position = namedChildrenOf(parent).findIndex((n) => n.id === node.id);
    const holder = parent.parent;
    if (!holder) return { ...base, context: [] };
    const holderType = holder.type;
    if (holderType === 'const_spec' || holderType === 'var_spec') {
      const names = holder.childrenForFieldName('name').filter((n): n is Node => n !== null);
      const name = (names[position] ?? names[0])?.text;
      // `const x = "…"` alone (not in a `const ( … )` group): only a const_spec's keyword is ever replaced
      const declaration = holderType === 'const_spec' ? holder.parent : null;
      const single = declaration !== null && namedChildrenOf(declaration).filter((n) => n.type === holderType).length === 1 && !declaration.text.trimStart().slice(5).trimStart().startsWith('(');
      const constKeyword = single ? declaration.child(0) ?? undefined : undefined;
      return withContext({ ...base, ...(name ? { name } : {}), inConst: holderType === 'const_spec', ...(constKeyword ? { constKeyword } : {}) }, NO_OUTER, functionName);
    }
    if (holderType === 'assignment_statement' || holderType === 'short_var_declaration') {
      const lefts = namedChildrenOf(holder.childForFieldName('left'));
      const left = lefts[position] ?? lefts[0];
      return withContext({ ...base, ...(left ? { name: left.text } : {}) }, NO_OUTER, functionName);
    }
    if (holderType === 'return_statement') {
      const name = functionName();
      return { ...base, ...(name ? { name } : {}), context: [] };
    }
    return { ...base, context: [] };
  }
  if (parentType === 'literal_element') {
    const element = parent.parent;
    // the composite literal's type (`Config` in `Config{Password: "…"}`), only for context
    const typeName = (): readonly string[] => {
      const composite = element?.parent?.parent;
      const name = composite?.type === 'composite_literal' ? composite.childForFieldName('type')?.text : undefined;
      return name ? [name] : [];
    };
    if (element?.type === 'keyed_element' && element.lastNamedChild?.id === parent.id) {
      return withContext({ ...base, name: keyText(element.firstNamedChild) }, typeName, functionName);
    }
    return withContext(base, typeName, functionName);
  }
  if (parentType === 'argument_list') {
    const call = parent.parent;
    const callee = call?.childForFieldName('function')?.text ?? '';
    const args = namedChildrenOf(parent).filter((n) => n.type !== 'comment');
    const argumentIndex = args.findIndex((n) => n.id === node.id);
    const keyPosition = isKeyPosition(callee, argumentIndex);
    // the first argument's value only matters for the second argument: os.Setenv("API_KEY", …), getEnv("NAME", "default")
    const first = argumentIndex === 1 ? args[0] : undefined;
    const firstValue = first ? goStringValue(first) : undefined;
    const envHelper = ENV_DEFAULT_HELPERS.test(lastSegment(callee)) && firstValue !== undefined;
    let name: string | undefined;
    if (firstValue !== undefined) name = firstValue; // os.Setenv("API_KEY", …), Header.Set("X-Api-Key", …)
    if (lastSegment(callee) === 'SetBasicAuth' && argumentIndex === 1) name = 'password';
    return withContext(
      {
        ...base,
        keyPosition,
        ...(name !== undefined ? { name } : {}),
        callee,
        argumentIndex,
        ...(envHelper ? { envFallback: { envName: firstValue } } : {}),
      },
      () => [callee],
      functionName,
    );
  }
  if (parentType === 'binary_expression') {
    const operator = parent.childForFieldName('operator')?.text;
    if (operator === '==' || operator === '!=') {
      const left = parent.childForFieldName('left');
      const other = left?.id === node.id ? parent.childForFieldName('right') : left;
      if (other) {
        const otherText = other.text;
        return withContext({ ...base, name: otherText, comparedWith: otherText }, NO_OUTER, functionName);
      }
    }
  }
  return { ...base, context: [] };
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
