/**
 * PHP string-literal helpers for the `hardcoded-data` rules (tree-sitter-php):
 *
 *   phpStrings(root, text)              every '…' / "…" literal; interpolations become INTERPOLATION_MARK
 *   phpTextBefore(text, start)          source just before a literal, for cheap name pre-filters
 *   phpBinding(literal)                 what the literal is bound to (see `LiteralBinding` in ./java-literals)
 *   phpReplaceLiteral(s, start, end, expression)  edit swapping value[start,end) for a PHP expression
 *   phpEnvAccess(path, name)            `env('NAME')` in Laravel config files, `getenv('NAME')` elsewhere
 *   isPhpDevGuarded(node)               inside `if (getenv('APP_ENV') === 'local')`-style checks
 */
import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { isDevGuardCondition } from './hosts';
import type { LiteralBinding, LiteralFallback } from './java-literals';
import { isInsidePhpCondition, named, phpArguments, phpCallName, phpStringContent, phpVariableName } from './php';
import { INTERPOLATION_MARK } from './secrets';

export type { LiteralBinding, LiteralFallback };

export interface PhpString {
  readonly node: Node;
  /** Content between the quotes; `$var` / `{$expr}` interpolations are INTERPOLATION_MARK. */
  readonly value: string;
  readonly quote: "'" | '"';
  readonly hasInterpolation: boolean;
  /** File offset of the content (for literals without interpolation: value[i] is at contentStart + i). */
  readonly contentStart: number;
}

/** Per tree: the file's literals (several rules ask for the same list). */
const stringCache = new WeakMap<Tree, { readonly source: string; readonly strings: readonly PhpString[] }>();

/**
 * Every '…' / "…" literal; content is sliced from the file `source` (children are read only for `$`).
 * Cached per tree and source: the hardcoded-data rules all start from this list.
 */
export function phpStrings(root: Node, source: string): readonly PhpString[] {
  const cached = stringCache.get(root.tree);
  if (cached?.source === source) return cached.strings;
  const strings = readPhpStrings(root, source);
  stringCache.set(root.tree, { source, strings });
  return strings;
}

function readPhpStrings(root: Node, source: string): PhpString[] {
  const result: PhpString[] = [];
  for (const node of root.descendantsOfType(['string', 'encapsed_string'])) {
    if (!node) continue;
    const text = source.slice(node.startIndex, node.endIndex);
    const prefix = text.startsWith('b') || text.startsWith('B') ? 1 : 0;
    const quote = text[prefix] === '"' ? '"' : "'";
    if (text.length < prefix + 2) continue;
    if (quote === "'" || !text.includes('$') || phpStringContent(node) !== undefined) {
      result.push({ node, value: text.slice(prefix + 1, -1), quote, hasInterpolation: false, contentStart: node.startIndex + prefix + 1 });
      continue;
    }
    let value = '';
    for (const child of named(node)) value += child.type === 'string_content' || child.type === 'escape_sequence' ? child.text : INTERPOLATION_MARK;
    result.push({ node, value, quote, hasInterpolation: true, contentStart: node.startIndex + prefix + 1 });
  }
  return result;
}

export function phpTextBefore(text: string, start: number, length = 80): string {
  return text.slice(Math.max(0, start - length), start);
}

/** `env('NAME')` in Laravel / Symfony config files (where `env()` exists), `getenv('NAME')` elsewhere. */
export function phpEnvAccess(path: string, name: string): string {
  return /(?:^|\/)config\/[^/]+\.php$/.test(path) ? `env('${name}')` : `getenv('${name}')`;
}

const KEY_ARGUMENTS: readonly [RegExp, number][] = [
  [/^JWT::encode$/, 1],
  [/^JWT::decode$/, 1],
  [/^Key$/, 0],
  [/^hash_hmac$/, 2],
  [/^openssl_(?:encrypt|decrypt)$/, 2],
  [/^InMemory::(?:plainText|base64Encoded)$/, 0],
  [/(?:^|->)setSigningKey$/, 0],
];

const PASSWORD_ARGUMENTS: readonly [RegExp, number, string][] = [
  [/^PDO$/, 2, 'password'],
  [/^mysqli$/, 2, 'password'],
  [/^mysqli_connect$/, 2, 'password'],
  [/^mysqli_real_connect$/, 3, 'password'],
  [/^mysql_connect$/, 2, 'password'],
  [/^ldap_bind$/, 2, 'password'],
  [/^ftp_login$/, 2, 'password'],
  [/^ssh2_auth_password$/, 2, 'password'],
  [/^imap_open$/, 2, 'password'],
  [/^Attempt$|->attempt$/, 1, 'password'],
];

const LOG_FUNCTIONS = /^(?:error_log|syslog|trigger_error|printf|sprintf|echo|print|logger|info|report|__|trans|_e|esc_html__|esc_html_e|__e)$/;
const LOG_METHODS = /^(?:debug|info|notice|warning|warn|error|critical|alert|emergency|log|line|comment|question)$/;
const ENV_FUNCTIONS = new Set(['env', 'getenv', 'config']);

function calleeOf(call: Node): string {
  const info = phpCallName(call);
  if (!info) return '';
  if (!info.receiver) return info.name;
  const receiver = info.receiver.text.length > 40 || info.receiver.text.includes('(') ? '…' : info.receiver.text;
  return `${receiver}${info.kind === 'static' ? '::' : '->'}${info.name}`;
}

/** `getenv('X')`, `env('X')`, `$_ENV['X']`, `$_SERVER['X']`: the variable read. */
function envRead(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'function_call_expression') {
    const info = phpCallName(node);
    const first = phpArguments(node)[0]?.value;
    if (info && ENV_FUNCTIONS.has(info.name) && phpArguments(node).length === 1) return phpStringContent(first);
    return undefined;
  }
  if (node.type === 'subscript_expression') {
    const [object, index] = named(node);
    if (object && /^\$_(?:ENV|SERVER)$/.test(object.text)) return phpStringContent(index);
  }
  return undefined;
}

function keyOf(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  return phpStringContent(node) ?? (node.type === 'name' || node.type === 'class_constant_access_expression' ? node.text : undefined);
}

export function phpBinding(literal: Node): LiteralBinding {
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
    if (parent.type === 'parenthesized_expression') {
      node = parent;
      continue;
    }
    if (parent.type === 'conditional_expression') {
      // getenv('X') ?: '…'
      const condition = parent.childForFieldName('condition');
      const read = parent.childForFieldName('body') === null && parent.childForFieldName('alternative')?.id === node.id ? envRead(condition) : undefined;
      if (read !== undefined && condition) {
        fallback = { envName: read, edits: [{ start: condition.endIndex, end: parent.endIndex, text: '' }] };
        name ??= read;
        break;
      }
      node = parent;
      continue;
    }
    if (parent.type === 'binary_expression') {
      const operator = parent.childForFieldName('operator')?.type ?? parent.child(1)?.type;
      const left = parent.childForFieldName('left');
      if (operator === '.') {
        node = parent;
        continue;
      }
      if (operator === '??' && parent.childForFieldName('right')?.id === node.id) {
        const read = envRead(left);
        if (read !== undefined && left) {
          fallback = { envName: read, edits: [{ start: left.endIndex, end: parent.endIndex, text: '' }] };
          name ??= read;
        }
        break;
      }
      if (operator === '==' || operator === '===' || operator === '!=' || operator === '!==') {
        const other = left?.id === node.id ? parent.childForFieldName('right') : left;
        if (other) {
          comparedWith = other.text;
          name ??= phpVariableName(other) ?? other.text;
        }
      }
      break;
    }
    switch (parent.type) {
      case 'array_element_initializer': {
        const parts = named(parent);
        if (parts.length !== 2 || parts[1]?.id !== node.id) break;
        name ??= keyOf(parts[0]);
        const array = parent.parent;
        if (array?.type === 'array_creation_expression') {
          siblingKeys = named(array).map((e) => (named(e).length === 2 ? (keyOf(named(e)[0]) ?? '') : ''));
          const outer = phpBinding(array);
          if (outer.name) context.push(outer.name);
          context.push(...outer.context);
          constantContext ||= outer.constantContext;
          callee ??= outer.callee;
        }
        break;
      }
      case 'assignment_expression': {
        if (parent.childForFieldName('right')?.id !== node.id) break;
        const left = parent.childForFieldName('left');
        if (left?.type === 'member_access_expression') {
          name ??= left.childForFieldName('name')?.text;
          context.push(left.childForFieldName('object')?.text ?? '');
        } else if (left?.type === 'subscript_expression') {
          const [object, index] = named(left);
          name ??= keyOf(index);
          if (object) context.push(object.text);
        } else {
          name ??= phpVariableName(left) ?? left?.text;
        }
        break;
      }
      case 'property_element':
        name ??= phpVariableName(parent.childForFieldName('name'));
        constantContext = true;
        break;
      case 'const_element':
        name ??= named(parent)[0]?.text;
        constantContext = true;
        break;
      case 'simple_parameter':
      case 'property_promotion_parameter':
        name ??= phpVariableName(parent.childForFieldName('name'));
        constantContext = true;
        break;
      case 'argument': {
        const call = parent.parent?.parent;
        if (!call) break;
        const info = phpCallName(call);
        if (!info) break;
        const args = phpArguments(call);
        const index = args.findIndex((a) => a.node.id === parent.id);
        const calleeName = calleeOf(call);
        const argName = parent.childForFieldName('name')?.text;
        callee = calleeName;
        argumentIndex = index;
        context.push(calleeName);
        if (argName) name ??= argName;
        if (info.kind === 'new' && /(?:Exception|Error)$/.test(info.name)) message = true;
        if (info.kind === 'function' && LOG_FUNCTIONS.test(info.name)) message = true;
        if (info.kind !== 'function' && info.kind !== 'new' && LOG_METHODS.test(info.name) && /log|Log/.test(info.receiver?.text ?? '')) message = true;
        const plainName = info.kind === 'new' ? info.name : calleeName;
        keyArgument = KEY_ARGUMENTS.some(([pattern, position]) => pattern.test(plainName) && position === index);
        const password = PASSWORD_ARGUMENTS.find(([pattern, position]) => pattern.test(plainName) && position === index);
        if (password) {
          name ??= password[2];
          if (/PDO|mysql/i.test(plainName)) context.unshift('database');
        }
        if (info.kind === 'function' && info.name === 'define' && index === 1) name ??= phpStringContent(args[0]?.value);
        if (info.kind === 'function' && (info.name === 'strcmp' || info.name === 'hash_equals') && args.length === 2) {
          const other = args[1 - index]?.value;
          if (other) {
            comparedWith = other.text;
            name ??= phpVariableName(other) ?? other.text;
          }
        }
        // env('X', '…'), config('x.y', '…')
        if (info.kind === 'function' && (info.name === 'env' || info.name === 'config') && index === 1) {
          const key = phpStringContent(args[0]?.value);
          const first = args[0]?.node;
          if (key !== undefined && first) {
            fallback = { ...(info.name === 'env' ? { envName: key } : {}), edits: [{ start: first.endIndex, end: parent.endIndex, text: '' }] };
            name ??= key;
          }
        }
        // ->setPassword('…'), ->withToken('…')
        if (args.length === 1 && info.kind !== 'function' && /^(?:set|with)[A-Z]/.test(info.name)) name ??= info.name.replace(/^(?:set|with)/, '');
        if (args.length === 2 && index === 1 && /^(?:set|put|add|header|withHeader|setHeader)$/.test(info.name)) name ??= phpStringContent(args[0]?.value);
        const assigned = call.parent?.type === 'assignment_expression' ? call.parent.childForFieldName('left')?.text : undefined;
        if (assigned) context.push(assigned);
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

/**
 * Edit replacing value[start, end) with a PHP expression: the whole literal becomes the expression,
 * a part of a literal without interpolation becomes `'before' . expression . 'after'`.
 */
export function phpReplaceLiteral(s: PhpString, start: number, end: number, expression: string): TextEdit | undefined {
  if (start <= 0 && end >= s.value.length) return { start: s.node.startIndex, end: s.node.endIndex, text: expression };
  if (s.hasInterpolation) return undefined;
  const before = s.value.slice(0, start);
  const after = s.value.slice(end);
  if (before.endsWith('\\')) return undefined;
  const q = s.quote;
  const joined = [before ? `${q}${before}${q}` : '', expression, after ? `${q}${after}${q}` : ''].filter((p) => p !== '').join(' . ');
  return { start: s.node.startIndex, end: s.node.endIndex, text: joined };
}

export function isPhpDevGuarded(node: Node): boolean {
  return isInsidePhpCondition(node, (c) => isDevGuardCondition(c, false), (c) => isDevGuardCondition(c, true));
}
