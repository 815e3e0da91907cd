/**
 * C# string-literal helpers for the `hardcoded-data` rules (tree-sitter-c-sharp):
 *
 *   csStrings(root, text)              every regular / verbatim / raw string literal with its raw content
 *   csTextBefore(text, start)          source just before a literal, for cheap name pre-filters
 *   csBinding(literal)                 what the literal is bound to (see `LiteralBinding` in ./java-literals)
 *   csReplaceLiteral(s, start, end, expression)  edit swapping value[start,end) for a C# expression
 *   constFieldEdits(literal)           `const string X = "…"` -> `static readonly string X`: lets a non-constant value in
 *   isCsDevGuarded(node)               inside `if (env.IsDevelopment())` / `#if DEBUG`
 *   configKeyEnvName(key)              `Jwt:Key` -> `Jwt__Key` (how ASP.NET Core reads configuration from the environment)
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { csArguments, csInvocationName, csStringContent, csTypeName, isCsDevGuardCondition, isInsideCsCondition, named } from './csharp';
import type { LiteralBinding, LiteralFallback } from './java-literals';
import { isSecretName } from './secrets';

export type { LiteralBinding, LiteralFallback };

export interface CsString {
  readonly node: Node;
  readonly value: string;
  /** File offset of value[0]. */
  readonly contentStart: number;
  /** Only a regular `"…"` literal can be split around an expression. */
  readonly regular: boolean;
}

const STRING_TYPES = ['string_literal', 'verbatim_string_literal', 'raw_string_literal'];

/** Per tree: the file's literals (the hardcoded-data rules all start from this list). */
const stringCache = new WeakMap<Tree, { readonly source: string; readonly strings: readonly CsString[] }>();

/** Every non-interpolated string literal; content is sliced from the file `source`. Cached per tree and source. */
export function csStrings(root: Node, source: string): readonly CsString[] {
  const cached = stringCache.get(root.tree);
  if (cached?.source === source) return cached.strings;
  const strings = readCsStrings(root, source);
  stringCache.set(root.tree, { source, strings });
  return strings;
}

function readCsStrings(root: Node, source: string): CsString[] {
  const result: CsString[] = [];
  for (const node of root.descendantsOfType(STRING_TYPES)) {
    if (!node) continue;
    const text = source.slice(node.startIndex, node.endIndex);
    if (node.type === 'string_literal') {
      const u8 = text.endsWith('u8');
      const body = u8 ? text.slice(0, -2) : text;
      if (body.length < 2) continue;
      result.push({ node, value: body.slice(1, -1), contentStart: node.startIndex + 1, regular: !u8 });
    } else if (node.type === 'verbatim_string_literal') {
      if (text.length < 3) continue;
      result.push({ node, value: text.slice(2, -1), contentStart: node.startIndex + 2, regular: false });
    } else {
      const quotes = /^"{3,}/.exec(text)?.[0].length ?? 3;
      if (text.length < quotes * 2) continue;
      result.push({ node, value: text.slice(quotes, -quotes), contentStart: node.startIndex + quotes, regular: false });
    }
  }
  return result;
}

export function csTextBefore(text: string, start: number, length = 80): string {
  return text.slice(Math.max(0, start - length), start);
}

/** `Jwt:Key` -> `Jwt__Key`: ASP.NET Core maps `__` in environment variable names to `:`. */
export function configKeyEnvName(key: string): string {
  return key.replace(/:/g, '__');
}

function literalContent(node: Node | undefined | null): string | undefined {
  if (!node || !STRING_TYPES.includes(node.type)) return undefined;
  return csStringContent(node);
}

/** Callee of an invocation or object creation: `Encoding.UTF8.GetBytes`, `SymmetricSecurityKey`. */
export function csCalleeName(call: Node): string {
  if (call.type === 'object_creation_expression') return csTypeName(call.childForFieldName('type'));
  const { receiver, name } = csInvocationName(call);
  if (!receiver) return name;
  const text = receiver.type === 'identifier' || receiver.type === 'member_access_expression' ? receiver.text : receiver.type === 'invocation_expression' ? `${csCalleeName(receiver)}()` : '…';
  return `${text.length > 60 ? '…' : text}.${name}`;
}

const KEY_ARGUMENTS: readonly [RegExp, number][] = [
  [/^SymmetricSecurityKey$/, 0],
  [/^HMACSHA(?:1|256|384|512)$/, 0],
  [/^HMAC\w*$/, 0],
  [/(?:^|\.)(?:SigningKey|IssuerSigningKey)$/, 0],
];

const PASSWORD_ARGUMENTS: readonly [RegExp, number, string][] = [
  [/^NetworkCredential$/, 1, 'password'],
  [/^SqlCredential$/, 1, 'password'],
  [/^BasicAWSCredentials$/, 1, 'awsSecretKey'],
  [/^AuthenticationHeaderValue$/, 1, 'authToken'],
  [/(?:^|\.)PasswordSignInAsync$/, 1, 'password'],
  [/(?:^|\.)CreateAsync$/, 1, 'password'],
];

const KEY_VALUE_METHODS = new Set(['Add', 'TryAdd', 'AddOrUpdate', 'Append', 'Set', 'SetString', 'Add_']);
const LOG_METHODS = /^(?:Log\w*|WriteLine|Write|Print|Trace\w*|Debug|Info\w*|Warn\w*|Error|Fatal|Verbose)$/;
const LOGGER_RECEIVER = /^(?:_?logger|_?log|Log|Logger|Console|Debug|Trace|_\w*[Ll]ogger)$/;
/** `Environment.GetEnvironmentVariable("X")`, `configuration["X"]`, `config.GetValue<string>("X")`, `GetConnectionString("X")`. */
function configRead(node: Node | null | undefined): { name: string; config: boolean } | undefined {
  if (!node) return undefined;
  if (node.type === 'invocation_expression') {
    const { name } = csInvocationName(node);
    const first = literalContent(csArguments(node)[0]?.value);
    if (first === undefined) return undefined;
    if (name === 'GetEnvironmentVariable') return { name: first, config: false };
    if (name === 'GetValue' || name === 'GetConnectionString' || name === 'GetSection') return { name: name === 'GetConnectionString' ? `ConnectionStrings:${first}` : first, config: true };
    return undefined;
  }
  if (node.type === 'element_access_expression') {
    const receiver = node.childForFieldName('expression')?.text ?? '';
    const key = literalContent(named(node.childForFieldName('subscript')).map((a) => named(a)[0]).find((a) => a !== undefined));
    if (key !== undefined && /(?:^|\.)(?:_?[cC]onfig\w*|Configuration)$/.test(receiver)) return { name: key, config: true };
  }
  return undefined;
}

function enclosingTypeName(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_declaration' || current.type === 'record_declaration' || current.type === 'struct_declaration') return current.childForFieldName('name')?.text;
  }
  return undefined;
}

function lastName(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'member_access_expression') return node.childForFieldName('name')?.text;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'element_access_expression' || node.type === 'element_binding_expression') {
    const argument = named(node.childForFieldName('subscript') ?? node).find((c) => c.type === 'argument' || c.type === 'bracketed_argument_list');
    const inner = argument?.type === 'bracketed_argument_list' ? named(named(argument)[0])[0] : named(argument)[0];
    return literalContent(inner);
  }
  return node.text;
}

export function csBinding(literal: Node): LiteralBinding {
  let node = literal;
  let name: string | undefined;
  let display: string | undefined;
  const context: string[] = [];
  let keyArgument = false;
  let fallback: LiteralFallback | undefined;
  let callee: string | undefined;
  let argumentIndex: number | undefined;
  let comparedWith: string | undefined;
  let constantContext = false;
  let message = false;
  let siblingKeys: string[] = [];

  for (let depth = 0; depth < 10; depth++) {
    const parent = node.parent;
    if (!parent) break;
    if (parent.type === 'parenthesized_expression' || parent.type === 'conditional_expression' || parent.type === 'cast_expression') {
      node = parent;
      continue;
    }
    if (parent.type === 'binary_expression') {
      const operator = parent.child(1)?.type;
      const left = parent.childForFieldName('left');
      if (operator === '+') {
        node = parent;
        continue;
      }
      if (operator === '??' && parent.childForFieldName('right')?.id === node.id && left) {
        const read = configRead(left);
        if (read) {
          fallback = { envName: read.config ? configKeyEnvName(read.name) : read.name, edits: [{ start: left.endIndex, end: parent.endIndex, text: '' }] };
          name ??= read.name.replace(/:/g, '_');
        }
        break;
      }
      if (operator === '==' || operator === '!=') {
        const other = left?.id === node.id ? parent.childForFieldName('right') : left;
        if (other) {
          comparedWith = other.text;
          name ??= lastName(other);
        }
      }
      break;
    }
    if (parent.type === 'argument') {
      const list = parent.parent;
      const call = list?.parent;
      const argName = parent.childForFieldName('name')?.text;
      if (list?.type === 'bracketed_argument_list' || !call) break;
      if (call.type === 'attribute_argument_list' || list.type === 'attribute_argument_list') {
        constantContext = true;
        break;
      }
      // `private static readonly Uri Health = new("…")`: the name is the declared one.
      if (call.type === 'implicit_object_creation_expression') {
        node = call;
        continue;
      }
      if (call.type !== 'invocation_expression' && call.type !== 'object_creation_expression') break;
      const args = csArguments(call);
      const index = args.findIndex((a) => a.node.id === parent.id);
      const calleeName = csCalleeName(call);
      const method = calleeName.slice(calleeName.lastIndexOf('.') + 1);
      const receiver = call.type === 'invocation_expression' ? csInvocationName(call).receiver : undefined;
      // Encoding.UTF8.GetBytes("…"): the bytes travel on to the real consumer.
      if (method === 'GetBytes' || method === 'ToCharArray' || method === 'FromBase64String') {
        node = call;
        continue;
      }
      callee = calleeName;
      argumentIndex = index;
      context.push(calleeName);
      if (argName) name ??= argName;
      if (call.type === 'object_creation_expression' && method.endsWith('Exception')) message = true;
      if (call.type === 'invocation_expression' && LOG_METHODS.test(method) && receiver && LOGGER_RECEIVER.test(receiver.text)) message = true;
      keyArgument = KEY_ARGUMENTS.some(([pattern, position]) => pattern.test(calleeName) && position === index);
      const password = PASSWORD_ARGUMENTS.find(([pattern, position]) => pattern.test(calleeName) && position === index);
      if (password) name ??= password[2];
      if ((method === 'Equals' || method === 'SequenceEqual') && receiver) {
        comparedWith = receiver.text;
        name ??= lastName(receiver);
      }
      if (args.length === 2 && index === 1 && KEY_VALUE_METHODS.has(method)) {
        const key = literalContent(args[0]?.value);
        if (key !== undefined) name ??= key.replace(/:/g, '_');
      }
      if (args.length === 1 && call.type === 'invocation_expression' && /^(?:Use|With|Set)\w*$/.test(method) && isSecretName(method.replace(/^(?:Use|With|Set)/, ''))) {
        name ??= method.replace(/^(?:Use|With|Set)/, '');
      }
      // config.GetValue<string>("Jwt:Key", "…"), Environment.GetEnvironmentVariable("X") ?? "…" (binary above)
      if (method === 'GetValue' && index === 1) {
        const key = literalContent(args[0]?.value);
        const first = args[0]?.node;
        if (key !== undefined && first) {
          fallback = { envName: configKeyEnvName(key), edits: [{ start: first.endIndex, end: parent.endIndex, text: '' }] };
          name ??= key.replace(/:/g, '_');
        }
      }
      const assigned = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name')?.text : undefined;
      if (assigned) context.push(assigned);
      break;
    }
    switch (parent.type) {
      case 'variable_declarator': {
        name ??= parent.childForFieldName('name')?.text;
        const owner = enclosingTypeName(parent);
        if (owner) context.push(owner);
        break;
      }
      case 'property_declaration': {
        name ??= parent.childForFieldName('name')?.text;
        const owner = enclosingTypeName(parent);
        if (owner) context.push(owner);
        break;
      }
      case 'parameter':
        // default parameter values must be compile-time constants
        constantContext = true;
        name ??= parent.childForFieldName('name')?.text;
        break;
      case 'assignment_expression': {
        if (parent.childForFieldName('right')?.id !== node.id) break;
        const left = parent.childForFieldName('left');
        const key = lastName(left);
        if (name === undefined && key?.includes(':')) display = key;
        name ??= key?.replace(/:/g, '_');
        if (left?.type === 'member_access_expression') context.push(left.childForFieldName('expression')?.text ?? '');
        const initializer = parent.parent;
        const creation = initializer?.type === 'initializer_expression' ? initializer.parent : undefined;
        if (creation?.type === 'object_creation_expression') {
          context.push(csTypeName(creation.childForFieldName('type')));
          siblingKeys = named(initializer).flatMap((a) => (a.type === 'assignment_expression' ? [lastName(a.childForFieldName('left')) ?? ''] : []));
        }
        const owner = enclosingTypeName(parent);
        if (owner) context.push(owner);
        break;
      }
      case 'initializer_expression': {
        // { "Jwt:Key", "…" } collection element
        const items = named(parent);
        const index = items.findIndex((c) => c.id === node.id);
        if (index === 1 && items.length === 2) name ??= literalContent(items[0])?.replace(/:/g, '_');
        break;
      }
      case 'constant_pattern':
      case 'case_switch_label':
      case 'attribute_argument':
        constantContext = true;
        break;
      default:
        break;
    }
    break;
  }
  return {
    ...(name !== undefined ? { name } : {}),
    ...(display !== undefined ? { display } : {}),
    context: context.filter((c) => c.length > 0),
    keyArgument,
    ...(fallback ? { fallback } : {}),
    ...(callee !== undefined ? { callee } : {}),
    ...(argumentIndex !== undefined ? { argumentIndex } : {}),
    ...(comparedWith !== undefined ? { comparedWith } : {}),
    constantContext,
    message,
    siblingKeys,
  };
}

/**
 * `private const string ApiKey = "…";` -> `private static readonly string ApiKey = …;` so that a
 * non-constant value can replace the literal; `const string x = "…";` in a method loses `const`.
 * `undefined` when the literal is not the value of a `const` declaration; `[]` when nothing must change.
 */
export function constFieldEdits(literal: Node): TextEdit[] {
  const declarator = literal.parent;
  if (declarator?.type !== 'variable_declarator') return [];
  const declaration = declarator.parent;
  const holder = declaration?.parent;
  if (!holder) return [];
  const modifier = named(holder).find((c) => c.type === 'modifier' && c.text === 'const');
  if (modifier) {
    if (holder.type === 'field_declaration') return [{ start: modifier.startIndex, end: modifier.endIndex, text: 'static readonly' }];
    return [{ start: modifier.startIndex, end: named(holder).find((c) => c.type === 'variable_declaration')?.startIndex ?? modifier.endIndex, text: '' }];
  }
  // local `const string x = "…"`: the token is anonymous
  for (let i = 0; i < holder.childCount; i++) {
    const child = holder.child(i);
    if (child?.type === 'const') {
      const next = holder.child(i + 1);
      return [{ start: child.startIndex, end: next?.startIndex ?? child.endIndex, text: '' }];
    }
  }
  return [];
}

/**
 * Edit replacing value[start, end) with a C# expression: the whole literal becomes the expression;
 * a part of a regular literal becomes `"before" + expression + "after"`.
 */
export function csReplaceLiteral(s: CsString, start: number, end: number, expression: string): TextEdit | undefined {
  if (start <= 0 && end >= s.value.length) return { start: s.node.startIndex, end: s.node.endIndex, text: expression };
  if (!s.regular) return undefined;
  const before = s.value.slice(0, start);
  const after = s.value.slice(end);
  if (before.endsWith('\\')) return undefined;
  const joined = [before ? `"${before}"` : '', expression, after ? `"${after}"` : ''].filter((p) => p !== '').join(' + ');
  const parent = s.node.parent;
  const needsParens = parent?.type === 'member_access_expression';
  return { start: s.node.startIndex, end: s.node.endIndex, text: needsParens ? `(${joined})` : joined };
}

export function isCsDevGuarded(node: Node): boolean {
  return isInsideCsCondition(node, (c) => isCsDevGuardCondition(c, false), (c) => isCsDevGuardCondition(c, true));
}
