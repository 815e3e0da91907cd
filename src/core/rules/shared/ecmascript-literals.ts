/**
 * JavaScript / TypeScript string-literal helpers for the `hardcoded-data` rules (tree-sitter javascript,
 * typescript and tsx grammars):
 *
 *   ecmaStringRefs(tree, root, text)  every `string` / `template_string` as plain data, cached per tree
 *   ecmaStringAt(root, ref)           the node of a ref, for the few literals that pass value pre-filters
 *   isEcmaDataString(s)               false for import sources, type literals, keys, directives, tagged templates
 *   textBefore(text, start)           source just before a literal, for cheap name pre-filters
 *   ecmaBinding(node)                 what the literal is bound to: name hint, context names, key-material
 *                                     argument, env fallback (`process.env.X || '…'`), type annotation, JSX
 *   ecmaCalleeName(call)              `mysql.createConnection`, `new Pool` -> `Pool`
 *   isEcmaDevGuarded(node)            inside `if (process.env.NODE_ENV !== 'production')` / dev ternary branch
 *   isInEcmaLoggingCall(node)         argument of console.log / logger.info / debug(…)
 *   ecmaReplaceLiteral(s, start, end, expression) edit that swaps value[start,end) for a JS expression
 *                                     (whole literal -> expression; part -> template literal with `${expression}`)
 */

import type { Node, Tree } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { cachedPerTree, type BindingFacts, type EnvFallback } from './literal-binding';

/** A string literal as plain data (no syntax node): safe to share between the rules that check one tree. */
export interface EcmaStringRef {
  readonly start: number;
  readonly end: number;
  /** Raw content between the quotes (escapes as written; `${…}` substitutions as written). */
  readonly value: string;
  readonly isTemplate: boolean;
  readonly hasInterpolation: boolean;
  /** File offset of value[0]. value is a 1:1 slice of the file text. */
  readonly contentStart: number;
}

export interface EcmaString extends EcmaStringRef {
  readonly node: Node;
}

const refCache = new WeakMap<Tree, { text: string; value: readonly EcmaStringRef[] }>();

/**
 * Every `string` / `template_string` of the file as plain data, computed once per tree and shared by
 * the rules that need it (walking the tree is the costly part; the cache holds offsets and text only,
 * never nodes). Run value-based pre-filters on the refs, then `ecmaStringAt` for the survivors.
 */
export function ecmaStringRefs(tree: Tree, root: Node, text: string): readonly EcmaStringRef[] {
  return cachedPerTree(refCache, tree, text, () => collectRefs(root, text));
}

function collectRefs(root: Node, text: string): EcmaStringRef[] {
  const refs: EcmaStringRef[] = [];
  // which nodes are templates, from the shared walk rather than a `type` read per literal
  const templates = new Set<number>();
  for (const node of root.descendantsOfType('template_string')) if (node) templates.add(node.id);
  for (const node of root.descendantsOfType(['string', 'template_string'])) {
    if (!node) continue;
    const start = node.startIndex;
    const end = node.endIndex;
    if (end - start < 2) continue;
    const isTemplate = templates.has(node.id);
    const value = text.slice(start + 1, end - 1);
    refs.push({ start, end, value, isTemplate, hasInterpolation: isTemplate && value.includes('${'), contentStart: start + 1 });
  }
  return refs;
}

/** The syntax node of a ref (one lookup in the tree). */
export function ecmaStringAt(root: Node, ref: EcmaStringRef): EcmaString | undefined {
  let node = root.descendantForIndex(ref.start, ref.end);
  while (node && node.type !== 'string' && node.type !== 'template_string' && node.startIndex === ref.start) node = node.parent;
  if (node?.startIndex !== ref.start || node.endIndex !== ref.end) return undefined;
  return { ...ref, node };
}

/** False for strings that are not data: import sources, type literals, object keys, directives, tagged templates, `require()`. */
export function isEcmaDataString(s: EcmaString): boolean {
  const node = s.node;
  const parent = node.parent;
  if (!parent) return false;
  switch (parent.type) {
    case 'import_statement':
    case 'export_statement':
    case 'literal_type':
    case 'import_require_clause':
    case 'external_module_reference':
    case 'ambient_declaration':
    case 'module':
    case 'expression_statement': // 'use strict' and other directives
      return false;
    case 'pair':
      return !parent.childForFieldName('key')?.equals(node);
    case 'subscript_expression':
      return !parent.childForFieldName('index')?.equals(node);
    case 'call_expression':
      return !s.isTemplate; // tagged template: gql`…`, sql`…`, css`…`
    case 'arguments': {
      const callee = parent.parent?.childForFieldName('function')?.text;
      return callee !== 'require' && callee !== 'import';
    }
    default:
      return true;
  }
}

/** The source text just before a literal (up to `size` characters), for cheap name pre-filters. */
export function textBefore(text: string, start: number, size = 120): string {
  return text.slice(Math.max(0, start - size), start);
}

/** `process.env.X || '…'`, `process.env.X ?? '…'`. */
export type EcmaEnvFallback = EnvFallback;

/** See {@link BindingFacts}; `comparedWith` is the other side of `===` / `!==`. */
export interface EcmaBinding extends BindingFacts {
  /** The declaration has an explicit type annotation (TypeScript): `process.env.X` needs `?? ''`. */
  readonly typed: boolean;
  /** The literal is a JSX attribute value: the replacement needs braces. */
  readonly jsxAttribute: boolean;
}

/** `mysql.createConnection` for `mysql.createConnection(…)`, `Pool` for `new Pool(…)`, `session` for `session(…)`. */
export function ecmaCalleeName(call: Node): string | undefined {
  const fn = call.type === 'new_expression' ? call.childForFieldName('constructor') : call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier' || fn.type === 'member_expression' || fn.type === 'property_identifier') {
    return fn.text.replace(/\s+/g, '').replace(/\?\./g, '.');
  }
  return undefined;
}

function keyName(key: Node | null): string | undefined {
  if (!key) return undefined;
  if (key.type === 'property_identifier' || key.type === 'identifier' || key.type === 'private_property_identifier') {
    return key.text.replace(/^#/, '');
  }
  if (key.type === 'string') return key.text.slice(1, -1);
  if (key.type === 'computed_property_name') {
    const inner = key.namedChild(0);
    return inner?.type === 'string' ? inner.text.slice(1, -1) : inner?.text;
  }
  if (key.type === 'number') return undefined;
  return key.text;
}

/** Name of an assignment target: `this.apiKey`, `config.db.password`, `headers['x-api-key']`. */
function targetName(left: Node | null): string | undefined {
  if (!left) return undefined;
  if (left.type === 'identifier' || left.type === 'member_expression') return left.text.replace(/\s+/g, '');
  if (left.type === 'subscript_expression') {
    const index = left.childForFieldName('index');
    const object = left.childForFieldName('object')?.text ?? '';
    if (index?.type === 'string') return `${object}.${index.text.slice(1, -1)}`;
  }
  return undefined;
}

/** Calls whose argument at `index` is key material: anything there is a secret. */
const KEY_ARGUMENTS: readonly [RegExp, number][] = [
  [/(?:^|\.)(?:jwt|jsonwebtoken|jose)\.(?:sign|verify|decode)$/, 1],
  [/^(?:sign|verify)$/, 1],
  [/(?:^|\.)createHmac$/, 1],
  [/(?:^|\.)createCipheriv$/, 1],
  [/(?:^|\.)createDecipheriv$/, 1],
  [/^cookieParser$/, 0],
  [/(?:^|\.)AES\.(?:encrypt|decrypt)$/, 1],
  [/(?:^|\.)HmacSHA(?:256|512|1)$/, 1],
];

/**
 * A word every callee of {@link KEY_ARGUMENTS} contains: a file without any has no literal in a key
 * position (`keyArgument`), which lets a rule skip the binding of literals no name makes a secret.
 */
export const ECMA_KEY_CALLEE_WORD = /sign|verify|decode|createHmac|ipheriv|cookieParser|crypt|HmacSHA/;

/** Header-setting calls: the first argument names the header whose value is the second. */
const HEADER_SETTERS = /(?:^|\.)(?:setHeader|set|header|append|setRequestHeader)$/;

function isEnvRead(node: Node | null): string | undefined {
  if (!node) return undefined;
  const text = node.text.replace(/\s+/g, '');
  const match = /^(?:process\.env|import\.meta\.env|Deno\.env)(?:\.([A-Za-z_][A-Za-z0-9_]*)|\[['"`]([A-Za-z_][A-Za-z0-9_]*)['"`]\])$/.exec(text);
  if (match) return match[1] ?? match[2] ?? '';
  const get = /^Deno\.env\.get\(['"]([A-Za-z_][A-Za-z0-9_]*)['"]\)$/.exec(text);
  if (get) return get[1] ?? '';
  return undefined;
}

/** Describes where a string literal sits: see `EcmaBinding`. */
export function ecmaBinding(literal: Node): EcmaBinding {
  let node = literal;
  let name: string | undefined;
  const context: string[] = [];
  let keyArgument = false;
  let envFallback: EcmaEnvFallback | undefined;
  let typed = false;
  let jsxAttribute = false;
  let callee: string | undefined;
  let argumentIndex: number | undefined;
  let siblingKeys: () => readonly string[] = () => [];
  let comparedWith: string | undefined;
  let isDefault = false;

  for (let depth = 0; depth < 12; depth++) {
    const parent = node.parent;
    if (!parent) break;
    switch (parent.type) {
      case 'parenthesized_expression':
      case 'as_expression':
      case 'satisfies_expression':
      case 'non_null_expression':
      case 'type_assertion':
      case 'ternary_expression':
      case 'jsx_expression':
      case 'await_expression':
        node = parent;
        continue;
      case 'array':
        // `API_KEYS = ['…', '…']`: the array's name applies to its elements
        node = parent;
        continue;
      case 'binary_expression': {
        const operator = parent.childForFieldName('operator')?.text ?? '';
        const left = parent.childForFieldName('left');
        const right = parent.childForFieldName('right');
        if ((operator === '||' || operator === '??') && right?.equals(node)) {
          isDefault = true;
          const env = isEnvRead(left);
          if (env !== undefined && left) {
            envFallback = { ...(env ? { envName: env } : {}), deleteStart: left.endIndex, deleteEnd: node.endIndex };
            if (name === undefined && env) name = env;
          }
          node = parent;
          continue;
        }
        if (operator === '+') {
          // `'http://10.1.2.3/invoices/' + id`: the concatenation's binding names the literal
          node = parent;
          continue;
        }
        if (['===', '==', '!==', '!='].includes(operator)) {
          const other = left?.equals(node) ? right : left;
          comparedWith = other ? targetName(other) ?? other.text : undefined;
          name ??= comparedWith;
        }
        break;
      }
      case 'variable_declarator': {
        const id = parent.childForFieldName('name');
        if (id?.type === 'identifier') name ??= id.text;
        if (parent.childForFieldName('type')) typed = true;
        break;
      }
      case 'assignment_expression':
      case 'augmented_assignment_expression': {
        if (parent.childForFieldName('right')?.equals(node)) name ??= targetName(parent.childForFieldName('left'));
        break;
      }
      case 'field_definition':
      case 'public_field_definition': {
        name ??= keyName(parent.childForFieldName('property') ?? parent.childForFieldName('name'));
        if (parent.childForFieldName('type')) typed = true;
        const cls = parent.parent?.parent;
        const className = cls?.childForFieldName('name')?.text;
        if (className) context.push(className);
        break;
      }
      case 'assignment_pattern':
      case 'object_assignment_pattern': {
        name ??= parent.childForFieldName('left')?.text;
        break;
      }
      case 'required_parameter':
      case 'optional_parameter': {
        name ??= parent.childForFieldName('pattern')?.text;
        if (parent.childForFieldName('type')) typed = true;
        break;
      }
      case 'enum_assignment':
        name ??= keyName(parent.childForFieldName('name'));
        break;
      case 'jsx_attribute': {
        jsxAttribute = node.equals(literal);
        name ??= parent.namedChild(0)?.text;
        break;
      }
      case 'pair': {
        if (!parent.childForFieldName('value')?.equals(node)) break;
        const key = keyName(parent.childForFieldName('key'));
        name ??= key;
        const object = parent.parent;
        if (object?.type === 'object') {
          const holder = object;
          siblingKeys = () => holder.namedChildren.flatMap((c) => (c?.type === 'pair' ? [keyName(c.childForFieldName('key')) ?? ''] : []));
          // climb to the object's own binding for context (`const dbConfig = {…}`, `createConnection({…})`)
          const outer = ecmaBinding(object);
          if (outer.name) context.push(outer.name);
          context.push(...outer.context);
          callee ??= outer.callee;
          argumentIndex ??= outer.argumentIndex;
        }
        break;
      }
      case 'arguments': {
        const call = parent.parent;
        if (!call || (call.type !== 'call_expression' && call.type !== 'new_expression')) break;
        const args = parent.namedChildren.filter((c): c is Node => c !== null);
        const index = args.findIndex((a) => a.equals(node));
        const calleeName = ecmaCalleeName(call);
        callee = calleeName;
        argumentIndex = index;
        if (calleeName) {
          context.push(calleeName);
          // `const inventory = axios.create({ baseURL })`: the result's name is context too
          const outer = call.parent?.type === 'variable_declarator' ? call.parent.childForFieldName('name') : null;
          if (outer?.type === 'identifier') context.push(outer.text);
          if (node.equals(literal) || node.type === 'ternary_expression' || node.type === 'binary_expression') {
            keyArgument = KEY_ARGUMENTS.some(([pattern, position]) => pattern.test(calleeName) && position === index);
            if (index === 1 && HEADER_SETTERS.test(calleeName) && args[0]?.type === 'string') {
              name ??= args[0].text.slice(1, -1);
            }
          }
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
    context,
    keyArgument,
    ...(envFallback ? { envFallback } : {}),
    typed,
    jsxAttribute,
    ...(callee !== undefined ? { callee } : {}),
    ...(argumentIndex !== undefined ? { argumentIndex } : {}),
    siblingKeys,
    ...(comparedWith !== undefined ? { comparedWith } : {}),
    isDefault,
  };
}

const DEV_CONDITION = /NODE_ENV|\b(?:isDev|isDevelopment|IS_DEV|__DEV__|DEV|DEBUG|isLocal|IS_LOCAL|development|isProd|isProduction|IS_PROD|PRODUCTION|production)\b|import\.meta\.env\.(?:DEV|PROD|MODE)/;

/**
 * True when the node sits in code that only runs in development: the consequence of
 * `if (process.env.NODE_ENV !== 'production')` / `if (isDev)`, the else branch of `if (isProd)`,
 * or the matching branch of such a ternary. `isDevGuardCondition` (hosts.ts) judges the condition.
 */
export function isEcmaDevGuarded(node: Node, judge: (condition: string, inElse: boolean) => boolean): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (parent.type === 'if_statement') {
      const condition = parent.childForFieldName('condition')?.text ?? '';
      if (DEV_CONDITION.test(condition)) {
        const alternative = parent.childForFieldName('alternative');
        const inElse = alternative?.equals(child) ?? false;
        if (judge(condition, inElse)) return true;
      }
    } else if (parent.type === 'ternary_expression') {
      const condition = parent.childForFieldName('condition');
      if (condition && !condition.equals(child) && DEV_CONDITION.test(condition.text)) {
        const inElse = parent.childForFieldName('alternative')?.equals(child) ?? false;
        if (judge(condition.text, inElse)) return true;
      }
    } else if (parent.type === 'binary_expression') {
      // `isDev && 'http://localhost:3000'`
      const left = parent.childForFieldName('left');
      if (parent.childForFieldName('operator')?.text === '&&' && left && !left.equals(child) && DEV_CONDITION.test(left.text) && judge(left.text, false)) {
        return true;
      }
    } else if (parent.type === 'function_declaration' || parent.type === 'program' || parent.type === 'class_body') {
      return false;
    }
  }
  return false;
}

const LOGGING_CALLEE = /^(?:console\.\w+|(?:this\.)?(?:logger|log|LOG|LOGGER|debug|winston|pino|bunyan|signale)(?:\.\w+)?|debug|print|alert|fastify\.log\.\w+|app\.log\.\w+|req\.log\.\w+|ctx\.log\.\w+)$/;

/** True when the literal is (part of) an argument of a logging call: console.log, logger.info, debug(…). */
export function isInEcmaLoggingCall(node: Node): boolean {
  let current: Node | null = node.parent;
  for (let depth = 0; current && depth < 4; depth++, current = current.parent) {
    if (current.type === 'call_expression') {
      const callee = ecmaCalleeName(current);
      return callee !== undefined && LOGGING_CALLEE.test(callee);
    }
    if (current.type === 'statement_block' || current.type === 'program') return false;
  }
  return false;
}

function escapeForTemplate(raw: string, quote: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const ch = raw.charAt(i);
    if (ch === '\\') {
      const next = raw.charAt(i + 1);
      // `\'` in a '…' string means a quote; in a template it is the same character, kept as an escape
      out += next === quote ? next : `\\${next}`;
      i++;
    } else if (ch === '`') {
      out += '\\`';
    } else if (ch === '$' && raw.charAt(i + 1) === '{') {
      out += '\\$';
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * An edit replacing value[start, end) of a literal by a JavaScript expression. The whole value becomes
 * the bare expression; a part turns the literal into a template literal with `${expression}` there.
 */
export function ecmaReplaceLiteral(s: EcmaString, start: number, end: number, expression: string, jsxAttribute = false): TextEdit {
  if (start <= 0 && end >= s.value.length) {
    return { start: s.node.startIndex, end: s.node.endIndex, text: jsxAttribute ? `{${expression}}` : expression };
  }
  if (s.isTemplate) {
    return { start: s.contentStart + start, end: s.contentStart + end, text: `\${${expression}}` };
  }
  const quote = s.node.text.charAt(0);
  const before = escapeForTemplate(s.value.slice(0, start), quote);
  const after = escapeForTemplate(s.value.slice(end), quote);
  const template = `\`${before}\${${expression}}${after}\``;
  return { start: s.node.startIndex, end: s.node.endIndex, text: jsxAttribute ? `{${template}}` : template };
}
