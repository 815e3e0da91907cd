/**
 * Java string-literal helpers for the `hardcoded-data` rules (tree-sitter-java):
 *
 *   javaStrings(root, text)            every string literal / text block with its raw content
 *   javaTextBefore(text, start)        source just before a literal, for cheap name pre-filters
 *   javaBinding(literal)               what the literal is bound to: name hint, context names, key-material
 *                                      position, env/config fallback, comparison, constant context, logging
 *   javaReplaceLiteral(s, start, end, expression)  edit swapping value[start,end) for a Java expression
 *                                      (whole literal -> expression; part -> `"…" + expression + "…"`)
 *   isJavaDevGuarded(node)             inside `if (isDevelopment())`-style checks
 *
 * The binding mirrors `PyBinding` / `EcmaBinding` so the rule files stay alike across languages.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { isDevGuardCondition } from './hosts';
import { isSecretName } from './secrets';
import { isInsideJavaCondition, named } from './java';

export interface JavaString {
  readonly node: Node;
  /** Raw content between the quotes (escapes as written). */
  readonly value: string;
  /** File offset of value[0]. */
  readonly contentStart: number;
  readonly textBlock: boolean;
}

/** Every string literal; content is sliced from the file `source` (no per-node text round trips). */
export function javaStrings(root: Node, source: string): JavaString[] {
  const result: JavaString[] = [];
  for (const node of root.descendantsOfType('string_literal')) {
    if (!node) continue;
    const text = source.slice(node.startIndex, node.endIndex);
    const textBlock = text.startsWith('"""');
    const open = textBlock ? 3 : 1;
    if (text.length < open * 2) continue;
    result.push({ node, value: text.slice(open, -open), contentStart: node.startIndex + open, textBlock });
  }
  return result;
}

export function javaTextBefore(text: string, start: number, length = 80): string {
  return text.slice(Math.max(0, start - length), start);
}

export interface LiteralFallback {
  /** The environment variable (or configuration key) read before falling back to the literal. */
  readonly envName?: string;
  /** Edits that drop the fallback and keep the read. */
  readonly edits: readonly TextEdit[];
}

export interface LiteralBinding {
  readonly name?: string;
  /** How to name the binding in messages when `name` was normalised for classification (`Jwt:Key`). */
  readonly display?: string;
  /** Outer names, innermost first: callee, assigned variable, enclosing class. */
  readonly context: readonly string[];
  /** The position only holds key material (`Algorithm.HMAC256(<here>)`, `new SecretKeySpec(<here>.getBytes(), …)`). */
  readonly keyArgument: boolean;
  readonly fallback?: LiteralFallback;
  readonly callee?: string;
  readonly argumentIndex?: number;
  readonly comparedWith?: string;
  /** An annotation value, `case` label or similar: only compile-time constants may stand there. */
  readonly constantContext: boolean;
  /** Message text of a log call, exception or print: prose, not data. */
  readonly message: boolean;
  /** Sibling keys of a `Map.of(...)` / `put` sequence (for Firebase-style configs). */
  readonly siblingKeys: readonly string[];
}

/** Callee name of a method invocation or object creation: `DriverManager.getConnection`, `new SecretKeySpec` -> `SecretKeySpec`. */
export function javaCalleeName(call: Node): string {
  if (call.type === 'object_creation_expression') {
    const type = call.childForFieldName('type');
    return type?.type === 'generic_type' ? (named(type)[0]?.text ?? '') : (type?.text ?? '');
  }
  const object = call.childForFieldName('object');
  const name = call.childForFieldName('name')?.text ?? '';
  if (!object) return name;
  const receiver = object.type === 'identifier' || object.type === 'field_access' ? object.text : object.type === 'method_invocation' ? `${javaCalleeName(object)}()` : '…';
  return `${receiver}.${name}`;
}

function literalContent(node: Node | undefined): string | undefined {
  if (node?.type !== 'string_literal' || node.text.startsWith('"""')) return undefined;
  return node.text.slice(1, -1);
}

/** Calls whose argument at `index` holds key material. */
const KEY_ARGUMENTS: readonly [RegExp, number][] = [
  [/(?:^|\.)Algorithm\.HMAC(?:256|384|512)$/, 0],
  [/(?:^|\.)hmacShaKeyFor$/, 0],
  [/^SecretKeySpec$/, 0],
  [/(?:^|\.)setSigningKey$/, 0],
  [/(?:^|\.)signWith$/, 1],
  [/^(?:MACSigner|MACVerifier)$/, 0],
  [/^HmacUtils$/, 1],
  [/(?:^|\.)(?:withSecret|secretKey|signingKey)$/, 0],
];

/** Calls whose argument at `index` is a password (`DriverManager.getConnection(url, user, <here>)`). */
const PASSWORD_ARGUMENTS: readonly [RegExp, number, string][] = [
  [/(?:^|\.)DriverManager\.getConnection$/, 2, 'password'],
  [/^PasswordAuthentication$/, 1, 'password'],
  [/^UsernamePasswordCredentials$/, 1, 'password'],
  [/^UsernamePasswordAuthenticationToken$/, 1, 'password'],
  [/(?:^|\.)(?:basic|setBasicAuth|basicAuth|withBasicAuth|basicAuthentication)$/, 1, 'password'],
  [/^BasicAWSCredentials$/, 1, 'awsSecretKey'],
  [/(?:^|\.)AwsBasicCredentials\.create$/, 1, 'awsSecretKey'],
  [/(?:^|\.)getConnection$/, 2, 'password'],
];

/** Methods taking `(key, value)`: the value's name is the key. */
const KEY_VALUE_METHODS = new Set(['put', 'putIfAbsent', 'setProperty', 'setHeader', 'addHeader', 'header', 'set', 'add', 'entry', 'param', 'queryParam', 'addProperty', 'withProperty', 'property', 'defaultHeader', 'setAttribute', 'addAttribute']);
const MAP_FACTORIES = /(?:^|\.)(?:Map|ImmutableMap|Maps)\.of$/;
const LOG_METHODS = /^(?:trace|debug|info|warn|warning|error|fatal|log|printf|println|print|format|severe|fine|finer|finest|config)$/;
const LOGGER_RECEIVER = /^(?:log|logger|LOG|LOGGER|LOGGER_\w+|\w+Logger|\w+Log|System\.(?:out|err))$/;
const CONFIG_READERS = /(?:^|\.)(?:getProperty|getenv|getOrDefault|getString|getValue)$/;
/** `System.getenv("X")`, `env.getProperty("x")`, `System.getProperty("x")`. */
const ENV_READ = /^(?:System\.getenv|System\.getProperty|\w+\.getProperty|\w+\.getenv)$/;

function enclosingClassName(node: Node): string | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'class_declaration' || current.type === 'record_declaration' || current.type === 'enum_declaration' || current.type === 'interface_declaration') {
      return current.childForFieldName('name')?.text;
    }
  }
  return undefined;
}

/** `System.getenv("X")` inside `call`'s receiver chain: the variable name. */
function envReadIn(node: Node | null | undefined): { name: string; call: Node } | undefined {
  if (node?.type !== 'method_invocation') return undefined;
  const callee = javaCalleeName(node);
  const first = named(node.childForFieldName('arguments'))[0];
  const content = literalContent(first);
  if (ENV_READ.test(callee) && content !== undefined) return { name: content, call: node };
  return undefined;
}

/** Describes where a Java string literal sits: see `LiteralBinding`. */
export function javaBinding(literal: Node): LiteralBinding {
  let node = literal;
  let name: string | undefined;
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
    if (parent.type === 'parenthesized_expression' || parent.type === 'ternary_expression' || parent.type === 'cast_expression') {
      node = parent;
      continue;
    }
    if (parent.type === 'binary_expression') {
      const operator = parent.child(1)?.type;
      if (operator === '+') {
        node = parent;
        continue;
      }
      if (operator === '==' || operator === '!=') {
        const other = parent.childForFieldName('left')?.id === node.id ? parent.childForFieldName('right') : parent.childForFieldName('left');
        if (other) {
          comparedWith = other.text;
          name ??= other.type === 'field_access' ? other.childForFieldName('field')?.text : other.text;
        }
      }
      break;
    }
    if (parent.type === 'method_invocation' && parent.childForFieldName('object')?.id === node.id) {
      const method = parent.childForFieldName('name')?.text ?? '';
      if (method === 'equals' || method === 'equalsIgnoreCase' || method === 'contentEquals') {
        const other = named(parent.childForFieldName('arguments'))[0];
        if (other) {
          comparedWith = other.text;
          name ??= other.type === 'field_access' ? other.childForFieldName('field')?.text : other.text;
        }
        break;
      }
      // "secret".getBytes(UTF_8), "pw".toCharArray(): the value travels on.
      if (/^(?:getBytes|toCharArray|trim|strip|intern|toString)$/.test(method)) {
        node = parent;
        continue;
      }
      break;
    }
    switch (parent.type) {
      case 'variable_declarator': {
        if (parent.childForFieldName('value')?.id !== node.id) break;
        name ??= parent.childForFieldName('name')?.text;
        const owner = enclosingClassName(parent);
        if (owner) context.push(owner);
        break;
      }
      case 'assignment_expression': {
        if (parent.childForFieldName('right')?.id !== node.id) break;
        const left = parent.childForFieldName('left');
        name ??= left?.type === 'field_access' ? left.childForFieldName('field')?.text : left?.type === 'array_access' ? literalContent(left.childForFieldName('index') ?? undefined) : left?.text;
        if (left?.type === 'field_access') context.push(left.childForFieldName('object')?.text ?? '');
        const owner = enclosingClassName(parent);
        if (owner) context.push(owner);
        break;
      }
      case 'element_value_pair':
      case 'annotation_argument_list':
      case 'element_value_array_initializer':
      case 'switch_label':
        constantContext = true;
        if (parent.type === 'element_value_pair') name ??= parent.childForFieldName('key')?.text;
        break;
      case 'argument_list': {
        const call = parent.parent;
        if (!call || (call.type !== 'method_invocation' && call.type !== 'object_creation_expression' && call.type !== 'explicit_constructor_invocation')) break;
        const args = named(parent);
        const index = args.findIndex((a) => a.id === node.id);
        const calleeName = call.type === 'explicit_constructor_invocation' ? 'super' : javaCalleeName(call);
        const method = calleeName.slice(calleeName.lastIndexOf('.') + 1);
        const receiver = call.childForFieldName('object');
        callee = calleeName;
        argumentIndex = index;
        context.push(calleeName);
        const assigned = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name')?.text : undefined;
        if (assigned) context.push(assigned);
        if (call.type === 'object_creation_expression' && /(?:Exception|Error)$/.test(method)) message = true;
        if (call.type === 'method_invocation' && LOG_METHODS.test(method) && receiver && LOGGER_RECEIVER.test(receiver.text)) message = true;
        keyArgument = KEY_ARGUMENTS.some(([pattern, position]) => pattern.test(calleeName) && position === index);
        const password = PASSWORD_ARGUMENTS.find(([pattern, position]) => pattern.test(calleeName) && position === index);
        if (password) name ??= password[2];
        if ((method === 'equals' || method === 'equalsIgnoreCase') && receiver) {
          comparedWith = receiver.text;
          name ??= receiver.type === 'field_access' ? receiver.childForFieldName('field')?.text : receiver.text;
        }
        if (method === 'equals' && /(?:^|\.)Objects$/.test(receiver?.text ?? '') && args.length === 2) {
          const other = args[1 - index];
          if (other) {
            comparedWith = other.text;
            name ??= other.text;
          }
        }
        // setPassword("…"), builder.password("…"), .apiKey("…")
        if (args.length === 1 && call.type === 'method_invocation' && !keyArgument) {
          if (/^set[A-Z]/.test(method)) name ??= method.slice(3);
          else if (!KEY_VALUE_METHODS.has(method) && isSecretName(method)) name ??= method;
        }
        // Database credentials: DriverManager, DataSourceBuilder, HikariConfig… give env names a DB_ prefix.
        if (/DriverManager|DataSource|Hikari|Jdbc|getConnection/.test(calleeName)) context.unshift('database');
        // put("password", "…"), Map.of("apiKey", "…", …), header("X-Api-Key", "…")
        if (index % 2 === 1 && (MAP_FACTORIES.test(calleeName) || (KEY_VALUE_METHODS.has(method) && index === 1))) {
          const key = literalContent(args[index - 1]);
          if (key !== undefined) name ??= key;
          if (MAP_FACTORIES.test(calleeName)) siblingKeys = args.filter((_, i) => i % 2 === 0).map((a) => literalContent(a) ?? '');
        }
        // Fallbacks: System.getenv().getOrDefault("X", "…"), Optional.ofNullable(System.getenv("X")).orElse("…"),
        // Objects.requireNonNullElse(System.getenv("X"), "…"), env.getProperty("x", "…"), System.getProperty("x", "…").
        if (call.type === 'method_invocation') {
          if (method === 'getOrDefault' && index === 1 && receiver?.text.replace(/\s+/g, '') === 'System.getenv()') {
            const envName = literalContent(args[0]);
            fallback = { ...(envName ? { envName } : {}), edits: envName ? [{ start: call.startIndex, end: call.endIndex, text: `System.getenv("${envName}")` }] : [] };
          } else if ((method === 'orElse' || method === 'orElseGet') && index === 0 && receiver?.type === 'method_invocation') {
            const read = named(receiver.childForFieldName('arguments')).map((a) => envReadIn(a)).find((r) => r !== undefined);
            if (read) fallback = { envName: read.name, edits: [{ start: call.startIndex, end: call.endIndex, text: read.call.text }] };
          } else if (method === 'requireNonNullElse' && index === 1) {
            const read = envReadIn(args[0]);
            if (read) fallback = { envName: read.name, edits: [{ start: call.startIndex, end: call.endIndex, text: read.call.text }] };
          } else if (index === 1 && CONFIG_READERS.test(calleeName) && args.length === 2) {
            const key = literalContent(args[0]);
            const first = args[0];
            if (key !== undefined && first) fallback = { envName: key, edits: [{ start: first.endIndex, end: node.endIndex, text: '' }] };
          }
          if (fallback?.envName) name ??= fallback.envName;
        }
        break;
      }
      default:
        break;
    }
    break;
  }
  return {
    ...(name !== undefined ? { name } : {}),
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

/** `@Value("${jwt.secret:fallback}")`: the property key and the offsets of `:fallback` in the value. */
export function springPlaceholderDefault(value: string): { key: string; defaultStart: number; defaultEnd: number } | undefined {
  const match = /^\$\{([\w.-]{1,120}):([^}]{1,512})\}$/.exec(value);
  if (!match?.[1] || match[2] === undefined) return undefined;
  const defaultStart = 2 + match[1].length;
  return { key: match[1], defaultStart, defaultEnd: defaultStart + 1 + match[2].length };
}

function javaQuoted(text: string): string {
  return `"${text}"`;
}

/**
 * Edit replacing value[start, end) of a literal with a Java expression: the whole literal becomes the
 * expression; a part becomes `"before" + expression + "after"` (raw text kept as written).
 */
export function javaReplaceLiteral(s: JavaString, start: number, end: number, expression: string): TextEdit | undefined {
  if (s.textBlock) return undefined;
  if (start <= 0 && end >= s.value.length) return { start: s.node.startIndex, end: s.node.endIndex, text: expression };
  const before = s.value.slice(0, start);
  const after = s.value.slice(end);
  if (before.endsWith('\\')) return undefined;
  const parts = [before ? javaQuoted(before) : '', expression, after ? javaQuoted(after) : ''].filter((p) => p !== '');
  const joined = parts.join(' + ');
  const parent = s.node.parent;
  // `"a" + …` in a method call or concatenation keeps its precedence; elsewhere wrap when needed.
  const needsParens = parent?.type === 'method_invocation' && parent.childForFieldName('object')?.id === s.node.id;
  return { start: s.node.startIndex, end: s.node.endIndex, text: needsParens ? `(${joined})` : joined };
}

export function isJavaDevGuarded(node: Node): boolean {
  return isInsideJavaCondition(node, (c) => isDevGuardCondition(c, false), (c) => isDevGuardCondition(c, true));
}
