/**
 * C# syntax helpers shared by the C# checks of several rules (tree-sitter-c-sharp node shapes).
 * Pure tree reading: verdicts live in the language-agnostic modules next to this one.
 *
 *   named(node)                         non-null named children (re-exported from ./java: same shape)
 *   csStringContent(node)               raw content of a regular / verbatim / raw string literal, else undefined
 *   CS_STRING_TYPES                     node types of non-interpolated string literals
 *   csTypeName(typeNode)                last segment: `System.IO.IOException` -> IOException, `ILogger<T>` -> ILogger
 *   csCatchTypes(catchClause)           the caught type name(s), `[]` for a bare `catch`
 *   csCatchVariable(catchClause)        the catch variable's name
 *   enclosingCsFunction(node)           nearest method / constructor / local function / lambda / accessor
 *   enclosingCsTypeBody(node)           nearest class / struct / record body (`declaration_list`)
 *   csDeclarationOf(identifier)         the local, parameter, catch variable or field an identifier names
 *   csDeclaredType(declaration)         type name of such a declaration
 *   csLoggerName(node)                  an `ILogger` field, property or (primary-constructor) parameter
 *   csInvocationName(invocation)        `{ receiver, name }` of an invocation (`_db.Query<User>(…)` -> _db, Query)
 *   csArguments(invocation)             the argument expressions, with their names (`detail: x`)
 *   csVariableValue(declarator)         the initial value of a variable_declarator
 */
import type { Node, Tree } from 'web-tree-sitter';
import { callNameFilter, named } from './java';

export { named };

export const CS_STRING_TYPES: ReadonlySet<string> = new Set(['string_literal', 'verbatim_string_literal', 'raw_string_literal']);

/** Raw content of a non-interpolated string literal (escapes left as written), else undefined. */
export function csStringContent(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  const text = node.text;
  switch (node.type) {
    case 'string_literal': {
      const body = text.endsWith('u8') ? text.slice(0, -2) : text;
      return body.length >= 2 ? body.slice(1, -1) : undefined;
    }
    case 'verbatim_string_literal':
      return text.length >= 3 ? text.slice(2, -1) : undefined;
    case 'raw_string_literal': {
      const content = named(node).find((c) => c.type === 'raw_string_content');
      return content?.text ?? '';
    }
    default:
      return undefined;
  }
}

/** `System.IO.IOException` -> `IOException`, `ILogger<T>` -> `ILogger`, `string?` -> `string`. */
export function csTypeName(type: Node | null | undefined): string {
  if (!type) return '';
  switch (type.type) {
    case 'generic_name':
      return named(type)[0]?.text ?? '';
    case 'qualified_name':
      return csTypeName(type.childForFieldName('name') ?? named(type).pop());
    case 'nullable_type':
      return csTypeName(type.childForFieldName('type') ?? named(type)[0]);
    case 'alias_qualified_name':
      return csTypeName(type.childForFieldName('name'));
    default:
      return type.text;
  }
}

export function csCatchTypes(catchClause: Node): string[] {
  const declaration = named(catchClause).find((c) => c.type === 'catch_declaration');
  const type = declaration?.childForFieldName('type');
  return type ? [csTypeName(type)] : [];
}

export function csCatchVariable(catchClause: Node): string | undefined {
  const declaration = named(catchClause).find((c) => c.type === 'catch_declaration');
  return declaration?.childForFieldName('name')?.text;
}

const FUNCTION_TYPES = new Set([
  'method_declaration', 'constructor_declaration', 'local_function_statement', 'lambda_expression',
  'anonymous_method_expression', 'accessor_declaration', 'operator_declaration', 'conversion_operator_declaration',
  'destructor_declaration',
]);

export function enclosingCsFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current;
    if (current.type === 'declaration_list') return undefined;
  }
  return undefined;
}

export function enclosingCsTypeBody(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'declaration_list' && current.parent?.type !== 'namespace_declaration') return current;
  }
  return undefined;
}

export interface CsDeclaration {
  /** `variable_declarator` (locals, fields, using), `parameter`, `catch_declaration`, `foreach_statement`, `property_declaration`. */
  readonly kind: string;
  /** The node that holds the type (`variable_declaration`, `parameter`, `catch_declaration`, ...). */
  readonly typed: Node;
  /** The node that holds the initial value (`variable_declarator`), when there is one. */
  readonly declarator?: Node;
  /** True for fields and properties. */
  readonly member: boolean;
}

export function csVariableValue(declarator: Node): Node | undefined {
  // variable_declarator: name, then (after `=`) the value; no field name for the value.
  let seenEquals = false;
  for (const child of declarator.children) {
    if (!child) continue;
    if (child.type === '=') seenEquals = true;
    else if (seenEquals && child.isNamed) return child;
  }
  const kids = named(declarator);
  return kids.length > 1 ? kids[kids.length - 1] : undefined;
}

function scopeContains(scope: Node | null | undefined, use: Node): boolean {
  return !!scope && scope.startIndex <= use.startIndex && scope.endIndex >= use.endIndex;
}

/**
 * The declaration an identifier refers to: a local (declared before the use in a block that contains
 * it), a parameter of an enclosing function, lambda or primary constructor, a catch variable, else a
 * field or property of an enclosing type. Top-level statements are searched like a function body.
 */
export function csDeclarationOf(identifier: Node): CsDeclaration | undefined {
  const name = identifier.text;
  const scopes: Node[] = [];
  for (let fn = enclosingCsFunction(identifier); fn; fn = enclosingCsFunction(fn)) scopes.push(fn);
  if (scopes.length === 0 || !enclosingCsTypeBody(identifier)) {
    let root: Node = identifier;
    while (root.parent) root = root.parent;
    if (root.type === 'compilation_unit') scopes.push(root);
  }
  for (const scope of scopes) {
    let best: CsDeclaration | undefined;
    let bestStart = -1;
    for (const node of scope.descendantsOfType(['variable_declarator', 'parameter', 'catch_declaration', 'foreach_statement', 'implicit_parameter'])) {
      if (!node || node.startIndex > identifier.startIndex || node.startIndex < bestStart) continue;
      let declared: string | undefined;
      let typed: Node = node;
      let container: Node | null = node.parent;
      switch (node.type) {
        case 'variable_declarator':
          declared = node.childForFieldName('name')?.text;
          typed = node.parent ?? node;
          if (typed.parent?.type === 'field_declaration') continue;
          container = typed.parent?.parent ?? null; // variable_declaration -> statement -> block
          if (container?.type === 'global_statement') container = container.parent; // top-level statements
          break;
        case 'parameter':
        case 'implicit_parameter':
          declared = node.type === 'parameter' ? node.childForFieldName('name')?.text : node.text;
          container = node.type === 'parameter' ? (node.parent?.parent ?? null) : (node.parent ?? null);
          break;
        case 'catch_declaration':
          declared = node.childForFieldName('name')?.text;
          container = node.parent;
          break;
        case 'foreach_statement':
          declared = node.childForFieldName('left')?.text;
          container = node;
          break;
      }
      if (declared !== name || !scopeContains(container, identifier)) continue;
      best = { kind: node.type, typed, ...(node.type === 'variable_declarator' ? { declarator: node } : {}), member: false };
      bestStart = node.startIndex;
    }
    if (best) return best;
  }
  for (let body = enclosingCsTypeBody(identifier); body; body = enclosingCsTypeBody(body)) {
    for (const member of named(body)) {
      if (member.type === 'field_declaration') {
        const declaration = named(member).find((c) => c.type === 'variable_declaration');
        for (const declarator of named(declaration).filter((c) => c.type === 'variable_declarator')) {
          if (declarator.childForFieldName('name')?.text === name && declaration) {
            return { kind: 'variable_declarator', typed: declaration, declarator, member: true };
          }
        }
      } else if (member.type === 'property_declaration' && member.childForFieldName('name')?.text === name) {
        return { kind: 'property_declaration', typed: member, member: true };
      }
    }
    const primary = body.parent ? named(body.parent).find((c) => c.type === 'parameter_list') : undefined;
    for (const parameter of named(primary)) {
      if (parameter.childForFieldName('name')?.text === name) return { kind: 'parameter', typed: parameter, member: true };
    }
  }
  return undefined;
}

export function csDeclaredType(declaration: CsDeclaration): string {
  return csTypeName(declaration.typed.childForFieldName('type'));
}

const LOGGER_TYPES = new Set(['ILogger', 'Logger', 'ILog', 'ILoggerFactory']);

function hasStaticModifier(node: Node): boolean {
  return named(node).some((c) => c.type === 'modifier' && c.text === 'static');
}

/** True when `node` is inside a static method, property or constructor (instance members are out of reach). */
export function inCsStaticContext(node: Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'declaration_list') return false;
    if (
      (current.type === 'method_declaration' || current.type === 'property_declaration' || current.type === 'constructor_declaration' ||
        current.type === 'local_function_statement' || current.type === 'lambda_expression') &&
      hasStaticModifier(current)
    ) {
      return true;
    }
  }
  return false;
}

/**
 * An `ILogger` field, property or primary-constructor parameter visible from `node` (only static
 * ones from a static method).
 */
export function csLoggerName(node: Node): string | undefined {
  const staticOnly = inCsStaticContext(node);
  for (let body = enclosingCsTypeBody(node); body; body = enclosingCsTypeBody(body)) {
    const name = typeBodyLogger(body, staticOnly);
    if (name) return name;
  }
  return undefined;
}

/** Per tree: `<type body id>:<static only>` -> the logger that body declares (undefined: none). */
const bodyLoggers = new WeakMap<Tree, Map<string, string | undefined>>();

/** The first logger member (then primary-constructor parameter) of one type body: once per body and tree, as every finding of a class asks. */
function typeBodyLogger(body: Node, staticOnly: boolean): string | undefined {
  let cache = bodyLoggers.get(body.tree);
  if (!cache) bodyLoggers.set(body.tree, (cache = new Map<string, string | undefined>()));
  const key = `${String(body.id)}:${String(staticOnly)}`;
  if (cache.has(key)) return cache.get(key);
  const name = readTypeBodyLogger(body, staticOnly);
  cache.set(key, name);
  return name;
}

function readTypeBodyLogger(body: Node, staticOnly: boolean): string | undefined {
  for (const member of named(body)) {
    if (staticOnly && !hasStaticModifier(member)) continue;
    if (member.type === 'field_declaration') {
      const declaration = named(member).find((c) => c.type === 'variable_declaration');
      const type = csTypeName(declaration?.childForFieldName('type'));
      const declarator = named(declaration).find((c) => c.type === 'variable_declarator');
      const name = declarator?.childForFieldName('name')?.text;
      if (name && type !== 'ILoggerFactory' && LOGGER_TYPES.has(type)) return name;
    } else if (member.type === 'property_declaration') {
      const type = csTypeName(member.childForFieldName('type'));
      const name = member.childForFieldName('name')?.text;
      if (name && type !== 'ILoggerFactory' && LOGGER_TYPES.has(type)) return name;
    }
  }
  if (staticOnly) return undefined;
  const primary = body.parent ? named(body.parent).find((c) => c.type === 'parameter_list') : undefined;
  for (const parameter of named(primary)) {
    const type = csTypeName(parameter.childForFieldName('type'));
    const name = parameter.childForFieldName('name')?.text;
    if (name && type === 'ILogger') return name;
  }
  return undefined;
}

/** `_db.Query<User>(…)` -> `{ receiver: _db, name: 'Query' }`; `Ok(x)` -> `{ name: 'Ok' }`. */
export function csInvocationName(invocation: Node): { receiver?: Node; name: string } {
  let fn = invocation.childForFieldName('function');
  if (!fn) return { name: '' };
  if (fn.type === 'generic_name') return { name: named(fn)[0]?.text ?? '' };
  if (fn.type === 'identifier') return { name: fn.text };
  if (fn.type === 'member_access_expression') {
    const receiver = fn.childForFieldName('expression');
    let nameNode = fn.childForFieldName('name');
    if (nameNode?.type === 'generic_name') nameNode = named(nameNode)[0] ?? null;
    return { ...(receiver ? { receiver } : {}), name: nameNode?.text ?? '' };
  }
  if (fn.type === 'conditional_access_expression') {
    const binding = named(fn).find((c) => c.type === 'member_binding_expression');
    fn = binding?.childForFieldName('name') ?? null;
    return { name: fn?.type === 'generic_name' ? (named(fn)[0]?.text ?? '') : (fn?.text ?? '') };
  }
  return { name: '' };
}

/**
 * `(invocation) => could csInvocationName(invocation).name be one of names?` (see `callNameFilter`:
 * the name is a whole word of the source between the call's start and its argument list).
 */
export function csInvocationNameFilter(text: string, names: readonly string[]): (invocation: Node) => boolean {
  return callNameFilter(text, names);
}

export interface CsArgument {
  /** `detail` for `detail: x`, else undefined. */
  readonly name?: string;
  readonly value: Node;
  readonly node: Node;
}

/** The arguments of an invocation or object creation, with their names. */
export function csArguments(call: Node): CsArgument[] {
  const list = call.childForFieldName('arguments') ?? named(call).find((c) => c.type === 'argument_list');
  const result: CsArgument[] = [];
  for (const argument of named(list)) {
    if (argument.type !== 'argument') continue;
    const nameNode = argument.childForFieldName('name');
    const kids = named(argument);
    const value = kids[kids.length - 1];
    if (!value) continue;
    result.push({ ...(nameNode ? { name: nameNode.text } : {}), value, node: argument });
  }
  return result;
}

/**
 * True when `node` sits in the consequence of an `if` / conditional expression whose condition
 * passes `test`, in the alternative when `testElse` passes, or inside `#if DEBUG`.
 */
export function isInsideCsCondition(node: Node, test: (condition: string) => boolean, testElse?: (condition: string) => boolean): boolean {
  let child: Node = node;
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'declaration_list' || current.type === 'method_declaration') return false;
    if (current.type === 'preproc_if' || current.type === 'preproc_elif') {
      const condition = current.childForFieldName('condition');
      if (condition && /^\s*DEBUG\s*$/.test(condition.text)) return true;
    }
    if (current.type === 'if_statement' || current.type === 'conditional_expression') {
      const condition = current.childForFieldName('condition');
      const consequence = current.childForFieldName('consequence');
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

const CS_DEV_CHECK = /\.\s*IsDevelopment\s*\(\s*\)|\bIsEnvironment\s*\(\s*"(?:Development|Dev|Local)"\s*\)|\bDebugger\s*\.\s*IsAttached\b|\bIsDebug\w*\b|\bDetailedErrors\b/;
const CS_PROD_CHECK = /\.\s*IsProduction\s*\(\s*\)|\bIsEnvironment\s*\(\s*"(?:Production|Prod)"\s*\)/;

/**
 * The ASP.NET Core reading of a development guard: `env.IsDevelopment()` (not negated),
 * `IsEnvironment("Development")`, `Debugger.IsAttached`; in an else branch, `!env.IsDevelopment()`
 * or `env.IsProduction()`.
 */
export function isCsDevGuardCondition(condition: string, inElseBranch: boolean): boolean {
  const text = condition.replace(/\s+/g, ' ');
  const negatedDev = /!\s*\(?\s*[\w.?]*\.\s*IsDevelopment\s*\(\s*\)/.test(text);
  if (inElseBranch) return negatedDev || (CS_PROD_CHECK.test(text) && !CS_DEV_CHECK.test(text));
  if (negatedDev || /!\s*\(?\s*[\w.?]*IsEnvironment/.test(text)) return false;
  if (CS_PROD_CHECK.test(text)) return /!\s*\(?\s*[\w.?]*\.\s*IsProduction/.test(text);
  return CS_DEV_CHECK.test(text);
}
