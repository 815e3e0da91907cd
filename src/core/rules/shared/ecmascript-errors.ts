/**
 * JavaScript/TypeScript syntax-tree helpers shared by the `swallowed-error` rules
 * (`empty-catch`, `ignored-promise-rejection`): handler-body classification, the enclosing
 * function's name, and the file's logger for quick fixes. Pure tree reading; the verdicts live in
 * `./errors.ts`. Also {@link callsNamed}, the cheap way for any JavaScript rule to find the calls of
 * a few method names.
 */
import type { Node } from 'web-tree-sitter';
import { isLoggerFactory, isLoggerModule, isStrongLoggerName, LOGGER_NAME, type HandlerBody, type LoggerRef } from './errors';
import { partitionPoint } from './sorted';

/** Node types that start a new function scope (and a new `this` unless arrow). */
export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function', 'class_static_block',
]);

const COMMENT = 'comment';

/**
 * The syntax errors of a tree as offset ranges `[start, end]` (ERROR and MISSING nodes), in document
 * order, found by descending only into subtrees that have one; cached per tree (offsets only). Code
 * that reads source text instead of the tree (see {@link callsNamed}) trusts the text only away from
 * these: a tree-sitter tree is well formed wherever it has no error.
 */
export function syntaxErrors(root: Node): SyntaxErrors {
  let errors = syntaxErrorCache.get(root.tree);
  if (!errors) {
    const spans: number[] = [];
    if (root.hasError) collectErrorSpans(root, spans);
    errors = new SyntaxErrors(spans);
    syntaxErrorCache.set(root.tree, errors);
  }
  return errors;
}

const syntaxErrorCache = new WeakMap<Node['tree'], SyntaxErrors>();

function collectErrorSpans(node: Node, spans: number[]): void {
  if (node.isMissing || node.type === 'ERROR') {
    spans.push(node.startIndex, node.endIndex);
    return;
  }
  let found = false;
  for (const child of node.children) {
    if (!child?.hasError) continue;
    collectErrorSpans(child, spans);
    found = true;
  }
  if (!found) spans.push(node.startIndex, node.endIndex); // an error with no erroneous child: the node itself
}

export class SyntaxErrors {
  /** Verdicts of {@link touchNode} by node id (rules ask about the same calls). */
  private readonly touched = new Map<number, boolean>();

  /** `start, end` pairs, by start. */
  constructor(private readonly spans: readonly number[]) {}

  /** {@link touch} for a node's range, remembered per tree. */
  touchNode(node: Node): boolean {
    if (this.spans.length === 0) return false;
    let verdict = this.touched.get(node.id);
    if (verdict === undefined) {
      const start = node.startIndex;
      // a node starting after every error cannot touch one: its end is not needed
      verdict = start <= (this.spans[this.spans.length - 1] ?? 0) && this.touch(start, node.endIndex);
      this.touched.set(node.id, verdict);
    }
    return verdict;
  }

  get none(): boolean {
    return this.spans.length === 0;
  }

  /** Whether an error lies within `[start, end]` or touches it. */
  touch(start: number, end: number): boolean {
    // spans are disjoint (the walk stops at an error), so their ends ascend too: find the first ending at `start` or later
    const low = partitionPoint(this.spans.length / 2, (index) => (this.spans[index * 2 + 1] ?? 0) < start);
    return low * 2 < this.spans.length && (this.spans[low * 2] ?? 0) <= end;
  }
}

/** Every callee name some rule asked {@link calleeNames} for: the text of a file is searched for all at once. */
const memberNames = new Set<string>();
/** The names a bare function can have (`query(sql)`, not only `db.query(sql)`). */
const bareNames = new Set<string>();
let namePatterns: NamePatterns | undefined;

/**
 * Declares the callee names a rule looks for with {@link callsNamed} (at module load): method names
 * (`db.query(…)`), and the few of them a bare function can have too (`query(…)`). One search of a
 * file's text then serves every rule.
 */
export function calleeNames(methods: Iterable<string>, bare: Iterable<string> = []): ReadonlySet<string> {
  const own = new Set<string>();
  for (const name of methods) {
    memberNames.add(name);
    own.add(name);
  }
  for (const name of bare) {
    bareNames.add(name);
    own.add(name);
  }
  namePatterns = undefined;
  return own;
}

/** What can follow a call's callee (after whitespace): `(`, a tagged template, `?.(`, type arguments (`<`), a comment (`/`, `<!--`, `-->`). */
const CALLEE_END = '(?![\\w$])(?=[\\s\\u2060\\u200B]*[(`?</-])';

/**
 * The patterns of the registered names. A method name is the last name of its callee (`a.b.query`),
 * so it follows a `.` (or `?.`) past whitespace, maybe a `#` (`a.#query`), or a non-ASCII letter
 * (`a.fooéquery`: some rules read the ASCII name at the callee's end). Anchoring on those characters
 * makes the search several times faster than trying every position. Where a comment follows a `.`
 * (`a./* x *\/query`; the `member` search notes it) the name can also follow a comment's end (`*\/`,
 * or a line comment's line end): `afterComments` adds those anchors. Bare function names are searched
 * as whole words.
 */
interface NamePatterns {
  readonly member: RegExp;
  readonly afterComments: RegExp;
  readonly bare: RegExp;
}

function calleeNamePatterns(): NamePatterns {
  if (namePatterns) return namePatterns;
  const alternatives = (names: ReadonlySet<string>): string => [...names].map((name) => name.replace(/\$/g, '\\$')).join('|') || '(?!)';
  const members = alternatives(memberNames);
  namePatterns = {
    // a name after `.` (group 1) or a non-ASCII letter (group 3); group 2 notes a comment after a `.`
    member: new RegExp(`\\.[\\s\\u2060\\u200B]*(?:#?(${members})${CALLEE_END}|(/[/*]|<!--|-->))|[^\\x00-\\x7F](${members})${CALLEE_END}`, 'g'),
    afterComments: new RegExp(`(?:[.#\\n\\r\\u2028\\u2029]|\\*/|[^\\x00-\\x7F])[\\s\\u2060\\u200B]*(${members})${CALLEE_END}`, 'g'),
    bare: new RegExp(`(?<![\\w$])(${alternatives(bareNames)})${CALLEE_END}`, 'g'),
  };
  return namePatterns;
}

/** Per tree: where a registered callee name is written, and the call each one ends the callee of (`null`: none), found on first use. */
interface NameSites {
  readonly patterns: NamePatterns;
  readonly names: string[];
  readonly starts: number[];
  readonly calls: (number | null | undefined)[];
}
const nameSiteCache = new WeakMap<Node['tree'], NameSites>();

function nameSites(root: Node, text: string): NameSites {
  const patterns = calleeNamePatterns();
  let sites = nameSiteCache.get(root.tree);
  if (sites?.patterns !== patterns) {
    const found = new Map<number, string>();
    let commentAfterDot = false;
    const { member, afterComments, bare } = patterns;
    member.lastIndex = 0;
    for (let match = member.exec(text); match; match = member.exec(text)) {
      const name = match[1] ?? match[3];
      if (name === undefined) commentAfterDot = true;
      else found.set(match.index + match[0].length - name.length, name);
    }
    // (a comment after a `.`: the names after comment ends too; a superset of the above)
    for (const pattern of commentAfterDot ? [afterComments, bare] : [bare]) {
      pattern.lastIndex = 0;
      for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
        const name = match[1] ?? '';
        found.set(match.index + match[0].length - name.length, name);
      }
    }
    sites = { patterns, names: [...found.values()], starts: [...found.keys()], calls: [] };
    nameSiteCache.set(root.tree, sites);
  }
  return sites;
}

/** The calls worth reading for a few callee names, from {@link callsNamed}. */
export interface NamedCalls {
  /** False only for a call whose callee is none of the names. */
  mayBe(call: Node): boolean;
}

/**
 * The calls whose callee (`a.b.query`, or a bare `query` for a bare name) may end with one of `names`
 * (from {@link calleeNames}): a superset of those named so.
 *
 * Why: most calls of a file name none of the few methods a rule cares about, and reading the callee
 * of every call costs several crossings into WebAssembly each. Where a tree is well formed a name
 * token cannot abut another word, so the text finds every such callee, and the smallest node around
 * the name and the character after it is the call: the callee ends with the name, the arguments (or
 * type arguments) follow it inside the call. A call that touches a syntax error (being typed) is
 * always read.
 */
export function callsNamed(root: Node, text: string, names: ReadonlySet<string>): NamedCalls {
  const sites = nameSites(root, text);
  const ids = new Set<number>();
  sites.names.forEach((name, i) => {
    if (!names.has(name)) return;
    let call = sites.calls[i];
    if (call === undefined) {
      const start = sites.starts[i] ?? 0;
      const end = start + name.length;
      const node = end < text.length ? root.descendantForIndex(start, end + 1) : null;
      call = sites.calls[i] = node?.type === 'call_expression' ? node.id : null;
    }
    if (call !== null) ids.add(call);
  });
  const errors = syntaxErrors(root);
  if (errors.none) return { mayBe: (call) => ids.has(call.id) };
  return { mayBe: (call) => ids.has(call.id) || errors.touchNode(call) };
}

/** Named children that are not comments (null-safe). */
export function statementsOf(block: Node): Node[] {
  return block.namedChildren.filter((n): n is Node => n !== null && n.type !== COMMENT);
}

export interface EcmaBlockShape {
  readonly body: HandlerBody;
  /** For `discard-return`: the returned expression as written, `''` for `return;`. */
  readonly returned?: string;
  /** The single statement when `body` is `discard-return`, `skip` or `pass`. */
  readonly statement?: Node;
  /** End of the last statement or comment, or just after `{` when the block has neither. */
  readonly contentEnd: number;
  /** Offset of the closing `}` (the block's end minus one when it is missing). */
  readonly closeIndex: number;
}

const DISCARDED_VALUES = new Set(['null', 'undefined', 'false', 'void 0']);

/**
 * What a `{ ... }` handler body does (catch body, or the body of a `.catch(() => { ... })` callback).
 * Pass `errorFree` when `block.hasError` is known to be false: its last child is then its `}`.
 */
export function classifyEcmaBlock(block: Node, errorFree = false): EcmaBlockShape {
  const children = block.namedChildren.filter((n): n is Node => n !== null);
  const types = children.map((n) => n.type); // each read crosses into WebAssembly: once per child
  const statements = children.filter((_, i) => types[i] !== COMMENT && types[i] !== 'empty_statement');
  const last = children.at(-1);
  const contentEnd = last ? last.endIndex : (block.child(0)?.endIndex ?? block.startIndex + 1);
  const shape = { contentEnd, closeIndex: errorFree ? block.endIndex - 1 : closeIndexOf(block) };
  if (statements.length === 0) {
    if (types.includes(COMMENT)) return { body: 'comment-only', ...shape };
    return { body: children.length > 0 ? 'pass' : 'empty', ...shape, ...(children[0] ? { statement: children[0] } : {}) };
  }
  const only = statements[0];
  if (statements.length !== 1 || !only) return { body: 'handles', ...shape };
  if (only.type === 'continue_statement' || only.type === 'break_statement') return { body: 'skip', statement: only, ...shape };
  if (only.type === 'return_statement') {
    const value = only.namedChildren.find((n): n is Node => n !== null && n.type !== COMMENT);
    const returned = value ? value.text.replace(/\s+/g, ' ') : '';
    if (returned === '' || DISCARDED_VALUES.has(returned)) return { body: 'discard-return', returned, statement: only, ...shape };
  }
  return { body: 'handles', ...shape };
}

/** Offset of the closing `}` of a block (the block's end when it is missing). */
function closeIndexOf(block: Node): number {
  const close = block.lastChild;
  return close?.type === '}' && !close.isMissing ? close.startIndex : block.endIndex;
}

/** The name of the function holding `node`, if it has one (declaration, method, `const f = () =>`, `exports.f =`, `{ f: ... }`). */
export function enclosingFunctionName(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return functionNameOf(current);
  }
  return undefined;
}

/** The name of a function node: its own, or the binding it is assigned to. */
export function functionNameOf(fn: Node): string | undefined {
  const own = fn.childForFieldName('name');
  if (own) return own.text;
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.type === 'variable_declarator' || parent.type === 'public_field_definition' || parent.type === 'field_definition') {
    const name = parent.childForFieldName('name') ?? parent.childForFieldName('property');
    return name?.type === 'identifier' || name?.type === 'property_identifier' ? name.text : undefined;
  }
  if (parent.type === 'pair') return parent.childForFieldName('key')?.text;
  if (parent.type === 'assignment_expression') {
    const left = parent.childForFieldName('left');
    if (left?.type === 'member_expression') return left.childForFieldName('property')?.text;
    return left?.type === 'identifier' ? left.text : undefined;
  }
  return undefined;
}

/**
 * The class body whose `this` a node sees, from its ancestors as collected by `sweepAncestors`
 * (which must include `class_body` and {@link FUNCTION_TYPES}): `null` when a plain function
 * (not a method or arrow) lies in between, or there is no class.
 */
export function enclosingClassBody(ancestors: readonly Node[]): Node | null {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const node = ancestors[i];
    if (!node) continue;
    if (node.type === 'class_body') return node;
    // A class method keeps the class's `this`; an object-literal method (`{ m() {} }`) does not.
    const classMethod = node.type === 'method_definition' && ancestors[i - 1]?.type === 'class_body';
    if (FUNCTION_TYPES.has(node.type) && node.type !== 'arrow_function' && !classMethod) return null;
  }
  return null;
}

/** The string of `require('x')` / `import ... from 'x'`, if `node` is such a call or statement. */
function moduleSource(node: Node | null): string | undefined {
  if (!node) return undefined;
  if (node.type === 'call_expression' && node.childForFieldName('function')?.text === 'require') {
    const arg = node.childForFieldName('arguments')?.namedChildren[0];
    return arg?.type === 'string' ? arg.text.slice(1, -1) : undefined;
  }
  if (node.type === 'await_expression') return moduleSource(node.namedChildren[0] ?? null);
  if (node.type === 'member_expression') return moduleSource(node.childForFieldName('object'));
  return undefined;
}

/** Is a binding called `name`, initialised by `init`, a logger? */
function looksLikeLogger(name: string, init: Node | null): boolean {
  if (!LOGGER_NAME.test(name)) return false;
  const source = moduleSource(init);
  if (source !== undefined) return source !== 'debug' && (isStrongLoggerName(name) || isLoggerModule(source));
  let callee: string | undefined;
  if (init?.type === 'call_expression') callee = init.childForFieldName('function')?.text;
  else if (init?.type === 'new_expression') callee = init.childForFieldName('constructor')?.text;
  if (callee === 'debug' || callee?.startsWith('require(')) return false;
  if (callee !== undefined && isLoggerFactory(callee)) return true;
  return isStrongLoggerName(name) && init !== null && init.type !== 'arrow_function' && init.type !== 'function_expression';
}

/** A logger declared as a class field or a constructor parameter property (`constructor(private readonly logger: Logger)`). */
function classLogger(classBody: Node): string | undefined {
  for (const member of classBody.namedChildren) {
    if (!member) continue;
    if (member.type === 'public_field_definition' || member.type === 'field_definition') {
      const name = member.childForFieldName('name') ?? member.childForFieldName('property');
      if (name && LOGGER_NAME.test(name.text) && member.childForFieldName('value')) return name.text;
    }
    if (member.type === 'method_definition' && member.childForFieldName('name')?.text === 'constructor') {
      for (const param of member.childForFieldName('parameters')?.namedChildren ?? []) {
        if (!param?.namedChildren.some((c) => c?.type === 'accessibility_modifier' || c?.type === 'override_modifier')) continue;
        const pattern = param.childForFieldName('pattern');
        if (pattern?.type === 'identifier' && LOGGER_NAME.test(pattern.text)) return pattern.text;
      }
    }
  }
  return undefined;
}

/** Logger bindings declared or imported at the top level of the file. */
function moduleLogger(root: Node): string | undefined {
  for (const top of root.namedChildren) {
    if (!top) continue;
    const statement = top.type === 'export_statement' ? (top.childForFieldName('declaration') ?? top) : top;
    if (statement.type === 'import_statement') {
      const source = statement.childForFieldName('source')?.text.slice(1, -1) ?? '';
      for (const id of statement.descendantsOfType(['identifier'])) {
        if (!id) continue;
        const specifier = id.parent?.type === 'import_specifier' ? id.parent : undefined;
        if (specifier?.childForFieldName('alias') && specifier.childForFieldName('name')?.id === id.id) continue; // `{ log as l }` binds `l`
        if (LOGGER_NAME.test(id.text) && source !== 'debug' && (isStrongLoggerName(id.text) || isLoggerModule(source))) return id.text;
      }
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of statement.namedChildren) {
        if (declarator?.type !== 'variable_declarator') continue;
        const name = declarator.childForFieldName('name');
        const init = declarator.childForFieldName('value');
        if (name?.type === 'identifier' && looksLikeLogger(name.text, init)) return name.text;
        if (name?.type === 'object_pattern') {
          const source = moduleSource(init);
          for (const bound of name.descendantsOfType(['shorthand_property_identifier_pattern', 'identifier'])) {
            if (bound && LOGGER_NAME.test(bound.text) && (isStrongLoggerName(bound.text) || (source !== undefined && isLoggerModule(source)))) {
              return bound.text;
            }
          }
        }
      }
    }
  }
  return undefined;
}

interface LoggerCache {
  module?: string | null;
  readonly classes: Map<number, string | null>;
}
/** Per tree (keyed by its root node object, shared by every rule of one analysis). */
const loggerCaches = new WeakMap<Node, LoggerCache>();

/**
 * The logger a quick fix at `at` should use: `this.<field>` when the enclosing class has a logger
 * field (NestJS `private readonly logger = new Logger(...)`), else a top-level `logger`/`log`
 * imported or created from a logging library or the project's logger module, else `console`.
 * Pass `classBody` (from {@link enclosingClassBody}; `null` for none) when you know it, to spare
 * climbing the tree from `at`. Results are cached per tree.
 */
export function findEcmaLogger(root: Node, at: Node, classBody?: Node | null): LoggerRef {
  let cache = loggerCaches.get(root);
  if (!cache) {
    cache = { classes: new Map() };
    loggerCaches.set(root, cache);
  }
  const body = classBody === undefined ? climbToClassBody(at) : classBody;
  if (body) {
    let field = cache.classes.get(body.id);
    if (field === undefined) {
      field = classLogger(body) ?? null;
      cache.classes.set(body.id, field);
    }
    if (field) return { receiver: `this.${field}`, fromFile: true, setupEdits: [] };
  }
  if (cache.module === undefined) cache.module = moduleLogger(root) ?? null;
  const name = cache.module;
  return name ? { receiver: name, fromFile: true, setupEdits: [] } : { receiver: 'console', fromFile: false, setupEdits: [] };
}

function climbToClassBody(at: Node): Node | null {
  for (let current = at.parent; current; current = current.parent) {
    if (current.type === 'class_body') return current;
    const classMethod = current.type === 'method_definition' && current.parent?.type === 'class_body';
    if (FUNCTION_TYPES.has(current.type) && current.type !== 'arrow_function' && !classMethod) return null;
  }
  return null;
}
