/**
 * PHP syntax helpers shared by the PHP checks of several rules (tree-sitter-php node shapes).
 * Pure tree reading: verdicts live in the language-agnostic modules next to this one.
 *
 *   named(node)                          non-null named children (re-exported from ./java: same shape)
 *   phpStringContent(node)               raw content of a '…' / "…" string without interpolation, else undefined
 *   PHP_STRING_TYPES                     node types of string literals (`string`, `encapsed_string`)
 *   phpTypeName(typeNode)                last segment: `\Illuminate\Database\QueryException` -> QueryException
 *   phpCatchTypes(catchClause)           the caught type names
 *   phpCatchVariable(catchClause)        the catch variable's name without `$`, when there is one (PHP 8 may omit it)
 *   enclosingPhpFunction(node)           nearest function / method / closure / arrow function
 *   phpVariableName(node)                `$e` -> `e` for a variable_name node
 *   phpParameterType(fn, name)           declared type of parameter `$name` of a function
 *   phpUses(root)                        imported class short names -> fully qualified names
 *   phpCallName(call)                    `{ receiver, name, scope }` of a function / method / static call
 *   phpArguments(call)                   argument expressions with their names (PHP 8 named arguments)
 *   isInsidePhpCondition(node, test)     an enclosing `if` / ternary whose condition passes `test`
 */
import type { Node, Tree } from 'web-tree-sitter';
import { descendantsWithin, named } from './java';

export { named };

export const PHP_STRING_TYPES: ReadonlySet<string> = new Set(['string', 'encapsed_string']);

/** Raw content of a string literal without interpolation (escapes left as written), else undefined. */
export function phpStringContent(node: Node | null | undefined): string | undefined {
  if (!node || !PHP_STRING_TYPES.has(node.type)) return undefined;
  if (node.type === 'encapsed_string' && named(node).some((c) => c.type !== 'string_content' && c.type !== 'escape_sequence')) return undefined;
  const text = node.text;
  // b'…' binary strings
  const start = text.startsWith('b') || text.startsWith('B') ? 2 : 1;
  return text.length >= start + 1 ? text.slice(start, -1) : undefined;
}

/** `\Illuminate\Database\QueryException` -> `QueryException`; `?Foo` -> `Foo`. */
export function phpTypeName(type: Node | null | undefined): string {
  if (!type) return '';
  const text = type.text.replace(/^\?/, '');
  return text.slice(text.lastIndexOf('\\') + 1);
}

export function phpCatchTypes(catchClause: Node): string[] {
  const list = catchClause.childForFieldName('type');
  if (!list) return [];
  const types = named(list);
  return (types.length > 0 ? types : [list]).map((t) => phpTypeName(t));
}

export function phpVariableName(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'variable_name') return undefined;
  return named(node)[0]?.text ?? node.text.replace(/^\$/, '');
}

export function phpCatchVariable(catchClause: Node): string | undefined {
  return phpVariableName(catchClause.childForFieldName('name'));
}

const FUNCTION_TYPES = new Set(['function_definition', 'method_declaration', 'anonymous_function', 'arrow_function', 'anonymous_function_creation_expression']);

export function enclosingPhpFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current;
  }
  return undefined;
}

/** The enclosing named function or method's name (closures take their parent's). */
export function enclosingPhpFunctionName(node: Node): string | undefined {
  for (let fn = enclosingPhpFunction(node); fn; fn = enclosingPhpFunction(fn)) {
    const name = fn.childForFieldName('name')?.text;
    if (name) return name;
  }
  return undefined;
}

/** Declared type of parameter `$name` of `fn` (simple or promoted), or undefined. */
export function phpParameterType(fn: Node, name: string): string | undefined {
  for (const parameter of named(fn.childForFieldName('parameters'))) {
    if (phpVariableName(parameter.childForFieldName('name')) !== name) continue;
    const type = parameter.childForFieldName('type');
    return type ? phpTypeName(type) : '';
  }
  return undefined;
}

/** Imported class short names (or aliases) -> fully qualified names, from `use` statements. */
export function phpUses(root: Node): Map<string, string> {
  const uses = new Map<string, string>();
  for (const clause of root.descendantsOfType('namespace_use_clause')) {
    if (!clause) continue;
    const kids = named(clause);
    const qualified = kids[0];
    if (!qualified) continue;
    const full = qualified.text.replace(/^\\/, '');
    const alias = clause.childForFieldName('alias')?.text ?? (kids.length > 1 ? kids[kids.length - 1]?.text : undefined);
    uses.set(alias && alias !== qualified.text ? alias : full.slice(full.lastIndexOf('\\') + 1), full);
  }
  return uses;
}

export interface PhpCall {
  /** `$pdo` in `$pdo->query()`, `DB` in `DB::select()`; absent for plain functions. */
  readonly receiver?: Node;
  /** Lower-cased for functions (PHP function names are case-insensitive), as written for methods. */
  readonly name: string;
  readonly kind: 'function' | 'method' | 'static' | 'new';
}

export function phpCallName(call: Node): PhpCall | undefined {
  switch (call.type) {
    case 'function_call_expression': {
      const fn = call.childForFieldName('function');
      if (!fn || (fn.type !== 'name' && fn.type !== 'qualified_name')) return undefined;
      return { name: fn.text.replace(/^\\/, '').toLowerCase(), kind: 'function' };
    }
    case 'member_call_expression':
    case 'nullsafe_member_call_expression': {
      const receiver = call.childForFieldName('object');
      const name = call.childForFieldName('name')?.text ?? '';
      return { ...(receiver ? { receiver } : {}), name, kind: 'method' };
    }
    case 'scoped_call_expression': {
      const receiver = call.childForFieldName('scope');
      const name = call.childForFieldName('name')?.text ?? '';
      return { ...(receiver ? { receiver } : {}), name, kind: 'static' };
    }
    case 'object_creation_expression': {
      const type = named(call).find((c) => c.type === 'name' || c.type === 'qualified_name');
      return type ? { name: phpTypeName(type), kind: 'new' } : undefined;
    }
    default:
      return undefined;
  }
}

export interface PhpArgument {
  readonly name?: string;
  readonly value: Node;
  readonly node: Node;
}

export function phpArguments(call: Node): PhpArgument[] {
  const list = call.childForFieldName('arguments') ?? named(call).find((c) => c.type === 'arguments');
  const result: PhpArgument[] = [];
  for (const argument of named(list)) {
    if (argument.type !== 'argument') continue;
    const nameNode = argument.childForFieldName('name');
    const kids = named(argument).filter((c) => c.id !== nameNode?.id);
    const value = kids[kids.length - 1];
    if (!value) continue;
    result.push({ ...(nameNode ? { name: nameNode.text } : {}), value, node: argument });
  }
  return result;
}

/**
 * True when `node` sits in the body of an `if` (or the true branch of a ternary) whose condition
 * passes `test`, or in an `else` whose `if` condition passes `testElse`.
 */
export function isInsidePhpCondition(node: Node, test: (condition: string) => boolean, testElse?: (condition: string) => boolean): boolean {
  let child: Node = node;
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type) || current.type === 'class_declaration') return false;
    if (current.type === 'if_statement' || current.type === 'conditional_expression') {
      const condition = current.childForFieldName('condition');
      const body = current.childForFieldName(current.type === 'if_statement' ? 'body' : 'body');
      if (condition && body && child.startIndex >= body.startIndex && child.endIndex <= body.endIndex && test(condition.text)) return true;
      if (condition && testElse && child.startIndex > (body?.endIndex ?? condition.endIndex) && testElse(condition.text)) return true;
    }
    child = current;
  }
  return false;
}

/**
 * A call that logs exception `$variable` the way this file can: `$this->logger->error(...)` in a
 * class with a PSR-3 logger property, Laravel's `Log::error(...)` when the facade is imported,
 * else `error_log((string) $e)` (always available; `(string)` includes the stack trace).
 */
export function phpLogCall(root: Node, at: Node, variable: string, message: string): string {
  const fn = enclosingPhpFunction(at);
  const isStatic = fn ? named(fn).some((c) => c.type === 'static_modifier') : false;
  const quoted = `'${message.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (!isStatic) {
    for (let current = at.parent; current; current = current.parent) {
      if (current.type !== 'class_declaration') continue;
      const name = classLoggerProperty(root, current);
      if (name) return `$this->${name}->error(${quoted}, ['exception' => $${variable}])`;
      break;
    }
  }
  if (fileUses(root).get('Log')?.endsWith('Facades\\Log')) return `Log::error(${quoted}, ['exception' => $${variable}])`;
  return `error_log((string) $${variable})`;
}

const LOGGER_HOLDERS = ['property_declaration', 'property_promotion_parameter'];
/** Per tree: class node id -> its first logger property's name (undefined: none). */
const classLoggers = new WeakMap<Tree, Map<number, string | undefined>>();
const usesByTree = new WeakMap<Tree, Map<string, string>>();

/**
 * The first property typed `LoggerInterface` / `Logger` of a class, in document order. Once per class
 * and tree (every finding of the class asks), from the root-level list of properties rather than a
 * walk of the whole class.
 */
function classLoggerProperty(root: Node, classNode: Node): string | undefined {
  let byClass = classLoggers.get(root.tree);
  if (!byClass) classLoggers.set(root.tree, (byClass = new Map<number, string | undefined>()));
  if (byClass.has(classNode.id)) return byClass.get(classNode.id);
  let found: string | undefined;
  for (const node of descendantsWithin(root, classNode, LOGGER_HOLDERS)) {
    const type = phpTypeName(node.childForFieldName('type'));
    if (type !== 'LoggerInterface' && type !== 'Logger') continue;
    const element = node.type === 'property_declaration' ? named(node).find((c) => c.type === 'property_element') : node;
    const name = phpVariableName(element?.childForFieldName('name'));
    if (name) {
      found = name;
      break;
    }
  }
  byClass.set(classNode.id, found);
  return found;
}

/** `phpUses(root)`, once per tree. */
function fileUses(root: Node): ReadonlyMap<string, string> {
  let uses = usesByTree.get(root.tree);
  if (!uses) usesByTree.set(root.tree, (uses = phpUses(root)));
  return uses;
}
