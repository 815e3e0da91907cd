/**
 * Java syntax helpers shared by the Java checks of several rules (tree-sitter-java node shapes).
 * Pure tree reading: verdicts live in the language-agnostic modules next to this one.
 *
 *   named(node)                         non-null named children
 *   isJavaComment(node)                 line / block comment
 *   javaStringContent(node)             raw content of a string literal or text block, else undefined
 *   javaTypeName(typeNode)              last segment of a type: `java.sql.SQLException` -> SQLException, `List<X>` -> List
 *   javaCatchTypes(catchClause)         the caught type names (multi-catch gives several)
 *   javaCatchVariable(catchClause)      the catch parameter's name
 *   enclosingJavaFunction(node)         nearest method / constructor / lambda / initializer
 *   enclosingJavaMethod(node)           nearest method / constructor declaration (lambdas skipped)
 *   enclosingJavaClassBody(node)        nearest class / enum / record body (anonymous classes included)
 *   javaDeclarationOf(identifier)       the local, parameter, catch parameter or field an identifier names
 *   javaDeclaredType(declaration)       type name of such a declaration
 *   javaLoggerName(node)                a `Logger` field or local visible from `node`
 *   javaCallName(invocation)            `{ object, name }` of a method_invocation
 *   isInsideJavaCondition(node, test)   an enclosing `if` / ternary whose condition passes `test`
 *   catchClauseComments(clause, isComment)  comments in a catch clause's body and right before it
 *                                           (Java, C# and PHP trees share the `try_statement` shape)
 *   descendantsWithin(root, scope, types)   `scope.descendantsOfType(types)` served from the root-level walk
 *                                           (any grammar)
 *   callNameFilter(text, names)             can a call's name be one of `names`? (source prefilter, any grammar)
 *   escapedQuoteEnd(text, openAt, quote)    end of a backslash-escaped quoted literal read from the source (any grammar)
 */
import type { Node, Tree } from 'web-tree-sitter';
import { partitionPoint } from './sorted';

export function named(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((child): child is Node => child !== null);
}

export function isJavaComment(node: Node): boolean {
  return node.type === 'line_comment' || node.type === 'block_comment';
}

/**
 * Comments that speak about one catch clause: those in its body, those between the previous clause (or
 * the `try` block) and its `catch` keyword, and — for the first clause — those ending the `try` block
 * after its last statement (PHP's `// … \n } catch`). Works on the Java, C# and PHP grammars, whose
 * `try_statement` holds the block and the clauses as children; `isComment` tells comment nodes apart.
 */
export function catchClauseComments(clause: Node, isComment: (node: Node) => boolean): Node[] {
  const result: Node[] = [];
  const body = clause.childForFieldName('body') ?? named(clause).find((c) => c.type === 'block' || c.type === 'compound_statement');
  if (body) {
    for (const child of named(body)) if (isComment(child)) result.push(child);
  }
  let previous = clause.previousNamedSibling;
  while (previous && isComment(previous)) {
    result.push(previous);
    previous = previous.previousNamedSibling;
  }
  const tryBlock = clause.parent?.childForFieldName('body');
  if (tryBlock && previous?.id === tryBlock.id) {
    const statements = named(tryBlock);
    for (let i = statements.length - 1; i >= 0; i--) {
      const statement = statements[i];
      if (!statement || !isComment(statement)) break;
      result.push(statement);
    }
  }
  return result;
}

/** Raw content between the quotes of a `string_literal` (escapes left as written); text blocks too. */
export function javaStringContent(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string_literal') return undefined;
  const text = node.text;
  if (text.startsWith('"""')) return text.length >= 6 ? text.slice(3, -3) : undefined;
  return text.length >= 2 ? text.slice(1, -1) : undefined;
}

/** `java.sql.SQLException` -> `SQLException`, `List<String>` -> `List`, `int` -> `int`. */
export function javaTypeName(type: Node | null | undefined): string {
  if (!type) return '';
  if (type.type === 'generic_type') return javaTypeName(named(type).find((c) => c.type !== 'type_arguments'));
  if (type.type === 'scoped_type_identifier') {
    const parts = named(type);
    return javaTypeName(parts[parts.length - 1]);
  }
  if (type.type === 'array_type') return `${javaTypeName(type.childForFieldName('element'))}[]`;
  return type.text;
}

export function javaCatchTypes(catchClause: Node): string[] {
  const parameter = named(catchClause).find((c) => c.type === 'catch_formal_parameter');
  const catchType = named(parameter).find((c) => c.type === 'catch_type');
  return named(catchType).map((t) => javaTypeName(t));
}

export function javaCatchVariable(catchClause: Node): string | undefined {
  const parameter = named(catchClause).find((c) => c.type === 'catch_formal_parameter');
  return parameter?.childForFieldName('name')?.text;
}

const FUNCTION_TYPES = new Set(['method_declaration', 'constructor_declaration', 'compact_constructor_declaration', 'lambda_expression', 'static_initializer']);
const CLASS_BODY_TYPES = new Set(['class_body', 'enum_body', 'record_body', 'interface_body', 'enum_body_declarations']);

export function enclosingJavaFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current;
    if (CLASS_BODY_TYPES.has(current.type)) return undefined;
  }
  return undefined;
}

export function enclosingJavaMethod(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'method_declaration' || current.type === 'constructor_declaration' || current.type === 'compact_constructor_declaration') {
      return current;
    }
    if (CLASS_BODY_TYPES.has(current.type)) return undefined;
  }
  return undefined;
}

export function enclosingJavaClassBody(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (CLASS_BODY_TYPES.has(current.type)) return current;
  }
  return undefined;
}

export function javaCallName(invocation: Node): { object?: Node; name: string } {
  const object = invocation.childForFieldName('object');
  return { ...(object ? { object } : {}), name: invocation.childForFieldName('name')?.text ?? '' };
}

const DECLARATION_TYPES = ['local_variable_declaration', 'formal_parameter', 'catch_formal_parameter', 'resource', 'enhanced_for_statement', 'spread_parameter'];

/** The name node(s) a declaration introduces. */
function declaredNames(declaration: Node): Node[] {
  switch (declaration.type) {
    case 'local_variable_declaration':
    case 'field_declaration':
      return declaration.childrenForFieldName('declarator').filter((d): d is Node => d !== null);
    case 'spread_parameter':
      return named(declaration).filter((d) => d.type === 'variable_declarator');
    default: {
      const name = declaration.childForFieldName('name');
      return name ? [declaration] : [];
    }
  }
}

function nameOf(declarator: Node): string | undefined {
  return declarator.childForFieldName('name')?.text;
}

/** Where a declaration is visible: its block (locals), its clause (catch), its function (parameters). */
function scopeOf(declaration: Node): Node | null {
  if (declaration.type === 'catch_formal_parameter') return declaration.parent;
  if (declaration.type === 'formal_parameter' || declaration.type === 'spread_parameter') return declaration.parent?.parent ?? null;
  if (declaration.type === 'resource') return declaration.parent?.parent ?? null;
  return declaration.parent;
}

export interface JavaDeclaration {
  /** `local_variable_declaration`, `field_declaration`, `formal_parameter`, `catch_formal_parameter`, ... */
  readonly kind: string;
  /** The declaration node (holds the type and modifiers). */
  readonly node: Node;
  /** The `variable_declarator` for locals and fields (holds the initial value), else the declaration. */
  readonly declarator: Node;
}

/**
 * The declaration an identifier refers to: a local variable, parameter or catch parameter of the
 * enclosing functions (declared before the use, in a scope that contains it), else a field of an
 * enclosing class. `undefined` when it is declared elsewhere (inherited field, static import).
 */
export function javaDeclarationOf(identifier: Node): JavaDeclaration | undefined {
  const name = identifier.text;
  for (let fn = enclosingJavaFunction(identifier); fn; fn = enclosingJavaFunction(fn)) {
    let best: JavaDeclaration | undefined;
    for (const declaration of fn.descendantsOfType(DECLARATION_TYPES)) {
      if (!declaration || declaration.startIndex > identifier.startIndex) continue;
      const scope = scopeOf(declaration);
      if (!scope || scope.startIndex > identifier.startIndex || scope.endIndex < identifier.endIndex) continue;
      for (const declarator of declaredNames(declaration)) {
        if (nameOf(declarator) !== name) continue;
        if (!best || declaration.startIndex > best.node.startIndex) best = { kind: declaration.type, node: declaration, declarator };
      }
    }
    if (best) return best;
  }
  for (let body = enclosingJavaClassBody(identifier); body; body = enclosingJavaClassBody(body)) {
    for (const field of named(body)) {
      if (field.type !== 'field_declaration' && field.type !== 'constant_declaration') continue;
      for (const declarator of declaredNames(field)) {
        if (nameOf(declarator) === name) return { kind: 'field_declaration', node: field, declarator };
      }
    }
  }
  return undefined;
}

export function javaDeclaredType(declaration: JavaDeclaration): string {
  if (declaration.kind === 'catch_formal_parameter') {
    const types = named(named(declaration.node).find((c) => c.type === 'catch_type')).map((t) => javaTypeName(t));
    return types.length === 1 ? (types[0] ?? '') : types.join('|');
  }
  if (declaration.kind === 'spread_parameter') return javaTypeName(named(declaration.node)[0]);
  return javaTypeName(declaration.node.childForFieldName('type'));
}

/** The modifiers of a field or local declaration as words (`private`, `static`, `final`). */
export function javaModifiers(declaration: Node): Set<string> {
  const modifiers = named(declaration).find((c) => c.type === 'modifiers');
  const words = new Set<string>();
  if (!modifiers) return words;
  for (let i = 0; i < modifiers.childCount; i++) {
    const child = modifiers.child(i);
    if (child && !child.isNamed) words.add(child.type);
  }
  return words;
}

const LOGGER_TYPES = new Set(['Logger', 'Log', 'XLogger', 'FluentLogger', 'ExtendedLogger']);

/** True when `node` is inside a static method or static initializer (instance fields are out of reach). */
export function inJavaStaticContext(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'static_initializer') return true;
    if (current.type === 'method_declaration') return javaModifiers(current).has('static');
    if (CLASS_BODY_TYPES.has(current.type)) return false;
  }
  return false;
}

/**
 * A logger visible from `node`: a field of type `Logger`/`Log` (only static ones from a static
 * method), or `log` in a class annotated with Lombok's `@Slf4j`-style annotations.
 */
export function javaLoggerName(node: Node): string | undefined {
  const staticOnly = inJavaStaticContext(node);
  for (let body = enclosingJavaClassBody(node); body; body = enclosingJavaClassBody(body)) {
    for (const field of named(body)) {
      if (field.type !== 'field_declaration') continue;
      if (!LOGGER_TYPES.has(javaTypeName(field.childForFieldName('type')))) continue;
      if (staticOnly && !javaModifiers(field).has('static')) continue;
      const name = nameOf(declaredNames(field)[0] ?? field);
      if (name) return name;
    }
    const owner = body.parent;
    const modifiers = owner ? named(owner).find((c) => c.type === 'modifiers') : undefined;
    if (modifiers && /@(?:Slf4j|Log4j2?|CommonsLog|Log|JBossLog|Flogger|XSlf4j)\b/.test(modifiers.text)) return 'log';
  }
  return undefined;
}

/**
 * True when `node` sits in the consequence of an `if` (or the true branch of a ternary) whose
 * condition passes `test`, or in the else branch when `testElse` passes.
 */
export function isInsideJavaCondition(node: Node, test: (condition: string) => boolean, testElse?: (condition: string) => boolean): boolean {
  let child: Node = node;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'method_declaration' || current.type === 'class_body') return false;
    if (current.type === 'if_statement' || current.type === 'ternary_expression') {
      const condition = current.childForFieldName('condition');
      const consequence = current.childForFieldName(current.type === 'if_statement' ? 'consequence' : 'consequence');
      const alternative = current.childForFieldName('alternative');
      if (condition && consequence && child.startIndex >= consequence.startIndex && child.endIndex <= consequence.endIndex && test(condition.text)) return true;
      if (condition && alternative && testElse && child.startIndex >= alternative.startIndex && child.endIndex <= alternative.endIndex && testElse(condition.text)) {
        return true;
      }
    }
    child = current;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Subtree queries served from the root-level walk

const rootLists = new WeakMap<Tree, Map<string, readonly Node[]>>();

/** Every node of `types` in the file, in document order: once per tree and type list. */
function rootList(root: Node, types: readonly string[]): readonly Node[] {
  let byKey = rootLists.get(root.tree);
  if (!byKey) rootLists.set(root.tree, (byKey = new Map<string, readonly Node[]>()));
  const key = types.join(',');
  let list = byKey.get(key);
  if (!list) byKey.set(key, (list = root.descendantsOfType(types as string[]).filter((n): n is Node => n !== null)));
  return list;
}

/**
 * `scope.descendantsOfType(types)` (the scope itself included when it has one of the types, document
 * order), answered from ONE root-level `descendantsOfType(types)` per file — which analyze.ts serves
 * from its shared walk — by keeping the nodes that start inside the scope. A subtree walk per scope
 * costs a WASM walk plus a scan of every node type of the grammar to build the symbol list; this costs
 * one `endIndex` read and a binary search.
 *
 * Nodes are nested ranges, so a node starting inside [scope.start, scope.end) is a descendant of the
 * scope, except an ancestor starting at the very same offset: when a listed node starts exactly where
 * the scope starts, the scope is walked as before.
 */
export function descendantsWithin(root: Node, scope: Node, types: readonly string[]): Node[] {
  const nodes = rootList(root, types);
  const start = scope.startIndex;
  const low = partitionPoint(nodes.length, (index) => (nodes[index]?.startIndex ?? 0) < start);
  const first = nodes[low];
  if (!first) return [];
  if (first.startIndex === start) return scope.descendantsOfType(types as string[]).filter((n): n is Node => n !== null);
  const end = scope.endIndex;
  const result: Node[] = [];
  for (let i = low; i < nodes.length; i++) {
    const node = nodes[i];
    if (!node || node.startIndex >= end) break;
    result.push(node);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Call-name prefilter from the source

/** Per name list (callers pass module constants) and case option: the word pattern, or undefined when a name is not a plain word. */
const wordPatterns = new WeakMap<readonly string[], { readonly pattern: RegExp | undefined }>();
const caselessWordPatterns = new WeakMap<readonly string[], { readonly pattern: RegExp | undefined }>();

function wordPattern(names: readonly string[], ignoreCase: boolean): RegExp | undefined {
  const patterns = ignoreCase ? caselessWordPatterns : wordPatterns;
  let entry = patterns.get(names);
  if (!entry) {
    const words = [...new Set(names)];
    // only plain words can be searched for
    const pattern = words.length > 0 && words.every((name) => /^\w+$/.test(name)) ? new RegExp(`\\b(?:${words.join('|')})\\b`, ignoreCase ? 'i' : '') : undefined;
    patterns.set(names, (entry = { pattern }));
  }
  return entry.pattern;
}

/**
 * `(call) => could the call's name be one of names?`: a call's name (its function, method or member
 * name) is a whole word of its source before the `arguments` field, so a call without such a word there
 * is dismissed with one field read and a test on that short slice, instead of the five or six reads a
 * callee lookup costs. A necessary condition only: true when unsure (no `arguments` field, or a name
 * that is not a plain word; a slice edge counts as a word boundary, which only lets more calls
 * through). `ignoreCase` for names compared case-insensitively (PHP functions); `names` should be a
 * module constant (its pattern is compiled once per list).
 */
export function callNameFilter(text: string, names: readonly string[], ignoreCase = false): (call: Node) => boolean {
  if (names.length === 0) return () => false;
  const pattern = wordPattern(names, ignoreCase);
  if (!pattern) return () => true;
  return (call) => {
    const args = call.childForFieldName('arguments');
    if (!args) return true;
    const start = call.startIndex;
    // a long head (a chained call over many lines, or a tree recovering from a syntax error while the user
    // types) would make the test cost as much as the lookup it saves: answer "maybe"
    return args.startIndex - start > MAX_CALL_HEAD || pattern.test(text.slice(start, args.startIndex));
  };
}

/** Longest call head (`$this->db->table('x')->whereRaw`) `callNameFilter` tests; longer ones pass untested. */
const MAX_CALL_HEAD = 240;

// ---------------------------------------------------------------------------------------------
// Literal ends from the source

/**
 * End offset (after the closing quote) of the quoted literal whose opening `quote` is at `openAt`, in
 * a language where a backslash escapes the one character after it: the first `quote` preceded by an
 * even run of backslashes. -1 when there is none, or, with `singleLine`, when a line break comes first
 * (the caller then asks the tree). Native `indexOf` jumps instead of a character loop.
 */
export function escapedQuoteEnd(text: string, openAt: number, quote: string, singleLine = false): number {
  let from = openAt + 1;
  for (;;) {
    const close = text.indexOf(quote, from);
    if (close === -1) return -1;
    let backslashes = 0;
    while (text.charCodeAt(close - 1 - backslashes) === 92 /* \ */) backslashes++;
    if (backslashes % 2 === 0) {
      if (singleLine) {
        const lineBreak = text.indexOf('\n', openAt + 1);
        if (lineBreak !== -1 && lineBreak < close) return -1;
      }
      return close + 1;
    }
    from = close + 1;
  }
}
