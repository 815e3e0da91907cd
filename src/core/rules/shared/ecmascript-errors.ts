/**
 * JavaScript/TypeScript syntax-tree helpers shared by the `swallowed-error` rules
 * (`empty-catch`, `ignored-promise-rejection`): handler-body classification, the enclosing
 * function's name, and the file's logger for quick fixes. Pure tree reading; the verdicts live in
 * `./errors.ts`.
 */
import type { Node } from 'web-tree-sitter';
import { isLoggerFactory, isLoggerModule, isStrongLoggerName, LOGGER_NAME, type HandlerBody, type LoggerRef } from './errors';

/** Node types that start a new function scope (and a new `this` unless arrow). */
export const FUNCTION_TYPES: ReadonlySet<string> = new Set([
  'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
  'generator_function_declaration', 'generator_function', 'class_static_block',
]);

const COMMENT = 'comment';

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

/** What a `{ ... }` handler body does (catch body, or the body of a `.catch(() => { ... })` callback). */
export function classifyEcmaBlock(block: Node): EcmaBlockShape {
  const children = block.namedChildren.filter((n): n is Node => n !== null);
  const statements = children.filter((n) => n.type !== COMMENT && n.type !== 'empty_statement');
  const last = children.at(-1);
  const open = block.child(0);
  const close = block.lastChild;
  const contentEnd = last ? last.endIndex : (open?.endIndex ?? block.startIndex + 1);
  const closeIndex = close?.type === '}' && !close.isMissing ? close.startIndex : block.endIndex;
  const shape = { contentEnd, closeIndex };
  if (statements.length === 0) {
    if (children.some((n) => n.type === COMMENT)) return { body: 'comment-only', ...shape };
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
