/**
 * `sql-concatenation` for JavaScript and TypeScript: SQL built with `+`, template literals,
 * `.concat()`, `[...].join()` or `+=` that reaches a query call (`pool.query`, `db.all`,
 * `knex.whereRaw`, `prisma.$queryRawUnsafe`, `sequelize.query`...), directly or through a local
 * variable. Language-agnostic decisions come from `../shared/sql.ts`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { calleeNames, callsNamed, FUNCTION_TYPES, syntaxErrors, type NamedCalls, type SyntaxErrors } from '../shared/ecmascript-errors';
import {
  constantText,
  planParameterization,
  SQL_DRIVERS,
  sqlMessage,
  sqlShape,
  PLACEHOLDER_STYLES,
  type HoleSafety,
  type SqlDriver,
  type SqlDriverId,
} from '../shared/sql';
import { assessParts, combineSafety, type Assessment } from './assess';
import { isMigrationPath } from './migrations';
import { applyWithin, constructionEdits, type Built as BaseBuilt, type HolePiece, type TextPiece as BaseTextPiece } from './pieces';
import { resolveSites, type Resolution as SiteResolution, type Site as ResolvedSite, type SiteLanguage } from './resolve';
import { ScopeRanges } from './scope-ranges';
import { addDef } from './scopes';

// ---------------------------------------------------------------------------------------------
// Query calls

/** Methods whose first argument is SQL by contract: any dynamic text counts. */
const DEFINITE_METHODS = new Set([
  'whereRaw', 'orWhereRaw', 'andWhereRaw', 'whereNotRaw', 'orWhereNotRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw',
  'groupByRaw', 'joinRaw', 'fromRaw', '$queryRawUnsafe', '$executeRawUnsafe',
]);
/** Methods that run SQL when given SQL: the argument must look like SQL. */
const GENERIC_METHODS = new Set([
  'query', 'execute', 'raw', 'run', 'all', 'get', 'each', 'exec', 'prepare', 'none', 'one', 'oneOrNone', 'many',
  'manyOrNone', 'any', 'result', 'multi', 'unsafe', 'literal', 'queryRaw', 'executeRaw', 'queryOne', 'queryAll',
]);
const BARE_FUNCTIONS = new Set(['query', 'execute']);
/** Receivers whose `get`/`all`/`run`... are HTTP routes, caches or collections, never SQL. */
const NON_SQL_RECEIVERS = new Set([
  'app', 'router', 'axios', 'http', 'https', 'Promise', 'res', 'req', 'request', 'response', 'got', 'superagent', 'ky',
  'cache', 'redis', 'map', 'headers', 'cookies', 'params', 'searchParams', 'localStorage', 'sessionStorage', 'config',
  'fastify', 'server', 'api', 'client.http', 'Object', 'Reflect', 'Array', 'JSON', 'console', 'logger', 'log',
]);

interface Sink {
  readonly call: Node;
  readonly method: string;
  /** `pool.query()`, for messages. */
  readonly label: string;
  readonly receiver: string;
  readonly definite: boolean;
  /** The SQL argument (the `text`/`sql` property for a query-config object). */
  readonly sqlArg: Node;
  readonly sqlArgType: string;
  /** True when the SQL arg is a property of a config object (values elsewhere: no fix). */
  readonly inConfig: boolean;
}

/** The callee; TypeScript parses `await a.b<T>(x)` with the `await` inside the callee. */
function calleeOf(call: Node): Node | null {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'await_expression') return fn;
  return fn.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment') ?? null;
}

/** Cheap pre-check on source text: the callee's last name segment. */
function calleeName(calleeText: string): string {
  return calleeText.slice(calleeText.lastIndexOf('.') + 1).trim();
}

/** The first named child of `node` that is not a comment. */
function firstNonComment(node: Node): Node | undefined {
  const first = node.firstNamedChild;
  if (first?.type !== 'comment') return first ?? undefined;
  return node.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment');
}

/** `text` is the file's source: node texts are read from it (one crossing into WebAssembly less each). */
function sinkOf(call: Node, text: string): Sink | undefined {
  const fn = calleeOf(call);
  if (!fn) return undefined;
  const fnEnd = fn.endIndex;
  const fnText = text.slice(fn.startIndex, fnEnd);
  const name = calleeName(fnText);
  if (!DEFINITE_METHODS.has(name) && !GENERIC_METHODS.has(name)) return undefined;
  const args = call.childForFieldName('arguments');
  if (args?.type !== 'arguments') return undefined;
  let method: string;
  let receiver = '';
  const fnType = fn.type;
  if (fnType === 'member_expression') {
    const property = fn.childForFieldName('property');
    if (!property) return undefined;
    method = text.slice(property.startIndex, property.endIndex);
    const object = fn.childForFieldName('object');
    receiver = object ? text.slice(object.startIndex, object.endIndex) : '';
  } else if (fnType === 'identifier') {
    method = fnText;
    if (!BARE_FUNCTIONS.has(method)) return undefined;
  } else {
    return undefined;
  }
  let definite = DEFINITE_METHODS.has(method);
  if (!definite && !GENERIC_METHODS.has(method)) return undefined;
  const receiverName = receiver.slice(receiver.lastIndexOf('.') + 1);
  if (!definite && (NON_SQL_RECEIVERS.has(receiverName) || NON_SQL_RECEIVERS.has(receiver))) return undefined;
  if (method === 'literal') {
    if (!/sequelize$/i.test(receiverName)) return undefined;
    definite = true;
  }
  if (method === 'unsafe' && receiverName === 'sql') definite = true;
  // knex.raw, Drizzle/Kysely sql.raw
  if (method === 'raw' && /^(?:knex|trx|db|sql)$/.test(receiverName)) definite = true;
  const first = firstNonComment(args);
  if (!first) return undefined;
  let sqlArg = first;
  let sqlArgType = first.type;
  let inConfig = false;
  if (sqlArgType === 'object') {
    const pair = first.namedChildren.find(
      (p): p is Node => p?.type === 'pair' && /^(?:text|sql|query)$/.test(p.childForFieldName('key')?.text ?? ''),
    );
    const value = pair?.childForFieldName('value');
    if (!value) return undefined;
    sqlArg = value;
    sqlArgType = value.type;
    inConfig = true;
  }
  const calleeText = fnText.length <= 40 ? fnText : method;
  return { call, method, label: `${calleeText}()`, receiver, definite, sqlArg, sqlArgType, inConfig };
}

// ---------------------------------------------------------------------------------------------
// Scopes and definitions

type DefKind = 'init' | 'assign' | 'append' | 'update' | 'param' | 'number-param' | 'pattern' | 'loop' | 'push';

const NUMERIC_TYPES = new Set(['number', 'boolean', 'bigint', 'Date']);

interface Def {
  readonly kind: DefKind;
  /** The assigned expression (for `push`: the pushed argument). */
  readonly value: Node | null;
  /** The declaration/assignment node. */
  readonly node: Node;
}


/** How deep `EcmaScopes.lookup` climbs at most (broken code can nest scopes with identical ranges). */
const MAX_SCOPE_DEPTH = 64;

/** Names bound by a parameter list or destructuring pattern (not default values). */
function patternNames(pattern: Node, depth = 0): string[] {
  if (depth > 6) return [];
  const recurse = (node: Node | null | undefined): string[] => (node ? patternNames(node, depth + 1) : []);
  switch (pattern.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      return [pattern.text];
    case 'required_parameter':
    case 'optional_parameter':
      return recurse(pattern.childForFieldName('pattern'));
    case 'assignment_pattern':
    case 'object_assignment_pattern':
      return recurse(pattern.childForFieldName('left'));
    case 'pair_pattern':
      return recurse(pattern.childForFieldName('value'));
    case 'formal_parameters':
    case 'object_pattern':
    case 'array_pattern':
    case 'rest_pattern':
      return pattern.namedChildren.flatMap((child) => recurse(child));
    default:
      return [];
  }
}

/** Node types whose definitions the index records (plus function scopes). */
const DEFINITION_TYPES = [
  'variable_declarator', 'assignment_expression', 'augmented_assignment_expression', 'update_expression',
  'for_in_statement', 'catch_clause',
];

function addParams(map: Map<string, Def[]>, scope: Node): void {
  const params = scope.childForFieldName('parameters') ?? scope.childForFieldName('parameter');
  if (params?.type === 'formal_parameters') {
    for (const param of params.namedChildren) {
      if (!param || param.type === 'comment') continue;
      // TypeScript `id: number` parameters hold numbers.
      const type = param.childForFieldName('type')?.namedChildren[0];
      const kind: DefKind = type && NUMERIC_TYPES.has(type.text) ? 'number-param' : 'param';
      for (const name of patternNames(param)) addDef(map, name, { kind, value: null, node: param });
    }
  } else if (params) {
    for (const name of patternNames(params)) addDef(map, name, { kind: 'param', value: null, node: params });
  }
}

function addDefinition(map: Map<string, Def[]>, node: Node, type: string): void {
  switch (type) {
    case 'variable_declarator': {
      const name = node.childForFieldName('name');
      if (!name) break;
      if (name.type === 'identifier') addDef(map, name.text, { kind: 'init', value: node.childForFieldName('value'), node });
      else for (const n of patternNames(name)) addDef(map, n, { kind: 'pattern', value: null, node });
      break;
    }
    case 'assignment_expression': {
      const left = node.childForFieldName('left');
      if (left?.type === 'identifier') addDef(map, left.text, { kind: 'assign', value: node.childForFieldName('right'), node });
      break;
    }
    case 'augmented_assignment_expression': {
      const left = node.childForFieldName('left');
      const operator = node.childForFieldName('operator')?.type;
      if (left?.type === 'identifier') {
        addDef(map, left.text, { kind: operator === '+=' ? 'append' : 'update', value: node.childForFieldName('right'), node });
      }
      break;
    }
    case 'update_expression': {
      const argument = node.childForFieldName('argument');
      if (argument?.type === 'identifier') addDef(map, argument.text, { kind: 'update', value: null, node });
      break;
    }
    case 'for_in_statement': {
      const left = node.childForFieldName('left');
      if (left) for (const n of patternNames(left)) addDef(map, n, { kind: 'loop', value: node.childForFieldName('right'), node });
      break;
    }
    case 'catch_clause': {
      const parameter = node.childForFieldName('parameter');
      if (parameter) for (const n of patternNames(parameter)) addDef(map, n, { kind: 'param', value: null, node });
      break;
    }
    case 'call_expression': {
      // `conditions.push('a = ?')`: elements added to a local array.
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'member_expression') break;
      const method = fn.childForFieldName('property')?.text;
      const object = fn.childForFieldName('object');
      if ((method === 'push' || method === 'unshift') && object?.type === 'identifier') {
        const args = node.childForFieldName('arguments')?.namedChildren ?? [];
        for (const arg of args) if (arg) addDef(map, object.text, { kind: 'push', value: arg, node });
      }
      break;
    }
  }
}

function isNameCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/**
 * Local definitions per function scope, as `LocalScopes` (./scopes.ts) with this file's `addParams`
 * and `addDefinition` records them, in the same order — but read per name, on demand. A scope's
 * definitions of `name` come from the definition nodes whose text can name it: a declaration's name,
 * an assignment's target, a `push` receiver start where the node starts, so a node starting with
 * another word is skipped without reading the tree; parameters are read only when their text holds
 * the name. A lookup (`key` in `cache.get(key)`) then reads a node or two instead of every definition
 * of the function. Where a syntax error touches a node's start, the node is read.
 */
class EcmaScopes {
  private readonly ranges: ScopeRanges;
  /** Definition nodes per scope id, in document order, with their types once read. */
  private readonly pending = new Map<number, Definition[]>();
  /** Definitions per scope id and name (`null`: none); the same array for every lookup of a name (`Env` memoises by it). */
  private readonly known = new Map<number, Map<string, Def[] | null>>();
  /** Text of each scope's parameter list. */
  private readonly parameterTexts = new Map<number, string>();

  /** `scopes`, `definitions`: the function scopes and the definition nodes of the file, in document order (see `scopeIndexNodes`). */
  constructor(
    private readonly root: Node,
    scopes: readonly Node[],
    definitions: readonly Definition[],
    private readonly text: string,
    private readonly errors: SyntaxErrors,
  ) {
    this.ranges = new ScopeRanges(root, scopes);
    for (const definition of definitions) {
      const scope = this.ranges.scopeOf(definition.node);
      let bucket = this.pending.get(scope.id);
      if (!bucket) this.pending.set(scope.id, (bucket = []));
      bucket.push(definition);
    }
  }

  scopeOf(node: Node): Node {
    return this.ranges.scopeOf(node);
  }

  /** Definitions of `name` in `scope` itself (not nested functions), or undefined. */
  defsIn(scope: Node, name: string): Def[] | undefined {
    let byName = this.known.get(scope.id);
    if (!byName) this.known.set(scope.id, (byName = new Map<string, Def[] | null>()));
    let defs = byName.get(name);
    if (defs === undefined) {
      const map = new Map<string, Def[]>();
      if (this.parameterText(scope).includes(name)) addParams(map, scope);
      for (const definition of this.pending.get(scope.id) ?? []) {
        if (!this.mayDefine(definition, name)) continue;
        definition.type ??= definition.node.type;
        addDefinition(map, definition.node, definition.type);
      }
      defs = map.get(name) ?? null;
      byName.set(name, defs);
    }
    return defs ?? undefined;
  }

  /** The nearest scope (from `at` outwards) defining `name`, with its definitions. */
  lookup(at: Node, name: string): { scope: Node; defs: Def[] } | undefined {
    let scope = this.scopeOf(at);
    for (let i = 0; i < MAX_SCOPE_DEPTH; i++) {
      const defs = this.defsIn(scope, name);
      if (defs) return { scope, defs };
      if (scope.id === this.root.id) return undefined;
      scope = this.scopeOf(scope);
    }
    return undefined;
  }

  /** The source of the parameters `addParams` reads (every name they bind is in it). */
  private parameterText(scope: Node): string {
    let text = this.parameterTexts.get(scope.id);
    if (text === undefined) {
      const params = scope.id === this.root.id ? null : (scope.childForFieldName('parameters') ?? scope.childForFieldName('parameter'));
      text = params ? this.text.slice(params.startIndex, params.endIndex) : '';
      this.parameterTexts.set(scope.id, text);
    }
    return text;
  }

  /**
   * Whether `addDefinition` can record `name` for a definition node: the name it records starts where
   * the node does (see the class comment). The node's type is read only when the text leaves it open.
   */
  private mayDefine(definition: Definition, name: string): boolean {
    const start = definition.node.startIndex;
    if (!this.errors.none && this.errors.touch(start, start)) return true;
    const first = this.text.charCodeAt(start);
    // whatever the type: a pattern (`{`, `[`), `++i`, `for (…)`, `catch (…)`, or the name itself
    if (definition.type === undefined) {
      const open = first === 123 || first === 91 || first === 43 || first === 45 || this.text.startsWith('for', start) || this.text.startsWith('catch', start);
      if (!open && !this.startsWithName(start, name)) return false;
      definition.type = definition.node.type;
    }
    switch (definition.type) {
      case 'variable_declarator':
        return first === 123 || first === 91 || this.startsWithName(start, name); // `{`, `[`: a pattern
      case 'update_expression':
        return first === 43 || first === 45 || this.startsWithName(start, name); // `++i`, `--i`
      case 'assignment_expression':
      case 'augmented_assignment_expression':
      case 'call_expression':
        return this.startsWithName(start, name);
      default:
        return true;
    }
  }

  /** `name` is written at `start`, as a whole word. */
  private startsWithName(start: number, name: string): boolean {
    if (!this.text.startsWith(name, start)) return false;
    const next = this.text.charCodeAt(start + name.length);
    return !isNameCode(next) && next !== 92 && !(next >= 128); // a longer name: letters, `\u` escapes, non-ASCII
  }
}

// ---------------------------------------------------------------------------------------------
// Safety of spliced values

const NUMBER_FUNCTIONS = new Set(['Number', 'parseInt', 'parseFloat', 'BigInt', 'Boolean', 'isNaN', 'isFinite']);
const NUMBER_METHODS = new Set([
  'toFixed', 'toPrecision', 'getTime', 'valueOf', 'indexOf', 'lastIndexOf', 'findIndex', 'getFullYear', 'getMonth',
  'getDate', 'getHours', 'getMinutes', 'getSeconds', 'now', 'toISOString', 'toUTCString', 'toJSON', 'includes',
  'startsWith', 'endsWith', 'some', 'every', 'has', 'isInteger', 'isSafeInteger', 'isArray',
]);
const ESCAPE_FUNCTIONS = new Set([
  'escape', 'escapeId', 'escapeLiteral', 'escapeIdentifier', 'escapeString', 'quoteIdent', 'quoteIdentifier',
  'quoteLiteral', 'quote_ident', 'quote_literal', 'ident', 'identifier', 'literal', 'sqlEscape', 'escapeSql',
  'escapeSQL', 'mogrify',
]);
const PASS_THROUGH_METHODS = new Set(['toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'padStart', 'padEnd']);
const ARRAY_PASS_THROUGH = new Set(['filter', 'slice', 'sort', 'reverse', 'concat', 'flat']);
const UPPER_CONSTANT = /^[A-Z][A-Z0-9_]{1,63}$/;
const NUMBER_OPERATORS = new Set(['-', '*', '/', '%', '**', '|', '&', '^', '<<', '>>', '>>>']);
const BOOLEAN_OPERATORS = new Set(['==', '===', '!=', '!==', '<', '>', '<=', '>=', 'instanceof', 'in']);

/** Member chains through these names read configuration (`this.options.timezone`, `config.db.schema`), not request data. */
const CONFIG_SEGMENT = /(?:^|\.)(?:config|settings|conf|cfg|env|options|opts)(?:\.|$)/i;
/** `quoteTable(x)`, `escapeIdentifier(x)`, `quote_name(x)`: identifier/literal quoting helpers. */
const ESCAPER_NAME = /^(?:quote|escape)[A-Z_]/;

function rootObject(node: Node): Node {
  let current = node;
  for (let i = 0; i < 8 && current.type === 'member_expression'; i++) {
    const object = current.childForFieldName('object');
    if (!object) break;
    current = object;
  }
  return current;
}

const UNWRAP_TYPES = new Set(['parenthesized_expression', 'as_expression', 'non_null_expression', 'satisfies_expression', 'type_assertion']);

function unwrap(node: Node): Node {
  let current = node;
  while (UNWRAP_TYPES.has(current.type)) {
    const inner = current.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment' && !n.type.endsWith('type') && n.type !== 'type_identifier');
    if (!inner) break;
    current = inner;
  }
  return current;
}

/**
 * Tagged templates (`sql\`…\``) are call expressions whose `arguments` is the template: the
 * template nodes this rule meets (arguments, operands, initialisers) are never that child, so
 * only the call needs checking. Kept as a function to document the rule.
 */
function isTaggedTemplate(node: Node): boolean {
  return node.type === 'call_expression' && node.childForFieldName('arguments')?.type === 'template_string';
}

class Env {
  readonly scopes: EcmaScopes;
  private readonly active = new Set<number>();

  readonly overrides = new Map<string, HoleSafety>();

  /**
   * Work put off until a finding needs it, in the order it was asked for: the safety of each hole, and
   * the fragment inlining of each query whose text is not SQL. Most query calls (`cache.get(key)`) carry
   * no SQL, so their holes are never looked at. The order is kept because it matters: `defsSafety`
   * memoises per definition list, and a result computed near the depth limit can differ from one
   * computed higher up, so the memo must see the same computations in the same order as when every
   * hole was assessed on creation. Work asked for while settling runs at once, as it did then.
   */
  private readonly deferred: (() => void)[] = [];
  private settled = 0;
  private settling = false;

  /** `text`: the file's source (node texts are read from it). */
  constructor(
    root: Node,
    index: { readonly scopes: readonly Node[]; readonly definitions: readonly Definition[] },
    readonly text: string,
  ) {
    this.scopes = new EcmaScopes(root, index.scopes, index.definitions, text, syntaxErrors(root));
  }

  /** Runs `work` after the work deferred so far, when {@link settle} reaches it; returns its position. */
  later(work: () => void): number {
    if (this.settling) {
      work();
      return -1;
    }
    this.deferred.push(work);
    return this.deferred.length - 1;
  }

  /** Runs the deferred work up to position `until`, in order. */
  settle(until: number): void {
    if (this.settled > until) return;
    this.settling = true;
    try {
      while (this.settled <= until) this.deferred[this.settled++]?.();
    } finally {
      this.settling = false;
    }
  }

  /** The safety of a hole's expression, computed on first read (see {@link later}). */
  deferredSafety(node: Node): () => HoleSafety {
    let value: HoleSafety = 'dynamic';
    const position = this.later(() => {
      value = this.safety(node);
    });
    return () => {
      this.settle(position);
      return value;
    };
  }

  safety(input: Node, depth = 0): HoleSafety {
    if (depth > 8) return 'dynamic';
    const node = unwrap(input);
    switch (node.type) {
      case 'string':
      case 'number':
      case 'true':
      case 'false':
      case 'null':
      case 'undefined':
      case 'regex':
        return 'constant';
      case 'template_string': {
        if (isTaggedTemplate(node)) return 'dynamic';
        let result: HoleSafety = 'constant';
        for (const sub of node.namedChildren) {
          if (sub?.type !== 'template_substitution') continue;
          const inner = sub.namedChildren.find((n): n is Node => n !== null);
          result = combineSafety(result, inner ? this.safety(inner, depth + 1) : 'constant');
        }
        return result;
      }
      case 'binary_expression': {
        const operator = node.childForFieldName('operator')?.type ?? '';
        if (NUMBER_OPERATORS.has(operator)) return 'number';
        if (BOOLEAN_OPERATORS.has(operator)) return 'constant';
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return 'dynamic';
        return combineSafety(this.safety(left, depth + 1), this.safety(right, depth + 1));
      }
      case 'unary_expression': {
        const operator = node.childForFieldName('operator')?.type ?? '';
        return operator === '+' || operator === '-' || operator === '~' ? 'number' : 'constant';
      }
      case 'update_expression':
        return 'number';
      case 'ternary_expression': {
        const a = node.childForFieldName('consequence');
        const b = node.childForFieldName('alternative');
        if (!a || !b) return 'dynamic';
        // `ALLOWED.includes(sort) ? sort : 'created_at'`: an allow-list check.
        const condition = node.childForFieldName('condition');
        const allowed = condition !== null && this.isAllowListCheck(condition, a, depth);
        return combineSafety(allowed ? 'constant' : this.safety(a, depth + 1), this.safety(b, depth + 1));
      }
      case 'identifier':
        return this.identifierSafety(node, depth);
      case 'member_expression':
        return this.memberSafety(node, depth);
      case 'subscript_expression': {
        // `SORT_COLUMNS[req.query.sort]`: a lookup in a constant allow-list.
        const object = node.childForFieldName('object');
        return object && this.isConstantObject(object, depth) ? 'constant' : 'dynamic';
      }
      case 'call_expression':
        return this.callSafety(node, depth);
      default:
        return 'dynamic';
    }
  }

  private identifierSafety(node: Node, depth: number): HoleSafety {
    const name = node.text;
    const override = this.overrides.get(name);
    if (override) return override;
    if (name === 'undefined' || name === 'NaN' || name === 'Infinity') return 'constant';
    const found = this.scopes.lookup(node, name);
    if (!found) return UPPER_CONSTANT.test(name) ? 'constant' : 'dynamic';
    return this.defsSafety(found.defs, depth);
  }

  /** Top-level results per definition list (a name's safety does not depend on where it is read). */
  private readonly memo = new WeakMap<readonly Def[], HoleSafety>();

  defsSafety(defs: readonly Def[], depth: number): HoleSafety {
    const cacheable = this.active.size === 0 && this.overrides.size === 0;
    const cached = cacheable ? this.memo.get(defs) : undefined;
    if (cached) return cached;
    const result = this.computeDefsSafety(defs, depth);
    if (cacheable) this.memo.set(defs, result);
    return result;
  }

  private computeDefsSafety(defs: readonly Def[], depth: number): HoleSafety {
    let result: HoleSafety | undefined;
    for (const def of defs.length > 64 ? defs.slice(0, 64) : defs) {
      if (this.active.has(def.node.id)) continue; // `i = i + 1`: the other definitions decide
      let safety: HoleSafety;
      switch (def.kind) {
        case 'param':
        case 'pattern':
        case 'loop':
          safety = 'dynamic';
          break;
        case 'update':
        case 'number-param':
          safety = 'number';
          break;
        case 'push':
          continue;
        default:
          if (!def.value) continue;
          this.active.add(def.node.id);
          safety = this.safety(def.value, depth + 1);
          this.active.delete(def.node.id);
      }
      result = result === undefined ? safety : combineSafety(result, safety);
      if (result === 'dynamic') return result;
    }
    return result ?? 'dynamic';
  }

  private memberSafety(node: Node, depth: number): HoleSafety {
    const object = node.childForFieldName('object');
    const property = node.childForFieldName('property')?.text ?? '';
    if (!object) return 'dynamic';
    if (property === 'length' || property === 'size') return 'number';
    // `process.env.DB_SCHEMA`, `config.tableName`, `this.options.timezone`: configuration, trusted.
    const chain = node.text;
    if (chain.length <= 120 && CONFIG_SEGMENT.test(chain.slice(0, chain.lastIndexOf('.')))) return 'constant';
    // `this.table`: trusted as a name, not as a value.
    if (rootObject(node).type === 'this') return 'attribute';
    if (this.isConstantObject(object, depth)) return 'constant';
    // `MetadataTableType.VIEW`, `Status.ACTIVE`: enum members.
    if (UPPER_CONSTANT.test(property) && /^[A-Z]/.test(rootObject(node).text)) return 'constant';
    return 'dynamic';
  }

  /** `ALLOWED.includes(x)`, `ALLOWED.has(x)`, `x in ALLOWED` with a constant container. */
  private isAllowListCheck(condition: Node, value: Node, depth: number): boolean {
    const check = unwrap(condition);
    const valueText = unwrap(value).text;
    if (check.type === 'binary_expression' && check.childForFieldName('operator')?.type === 'in') {
      const left = check.childForFieldName('left');
      const right = check.childForFieldName('right');
      return left !== null && right !== null && unwrap(left).text === valueText && this.isConstantObject(right, depth);
    }
    if (check.type !== 'call_expression') return false;
    const fn = check.childForFieldName('function');
    const arg = check.childForFieldName('arguments')?.namedChildren[0];
    if (fn?.type !== 'member_expression' || !arg) return false;
    const method = fn.childForFieldName('property')?.text;
    const object = fn.childForFieldName('object');
    return (method === 'includes' || method === 'has') && object !== null && unwrap(arg).text === valueText && this.isConstantObject(object, depth);
  }

  /** An UPPER_CASE name or a local/module `const` object or array literal with constant values. */
  private isConstantObject(input: Node, depth: number): boolean {
    const node = unwrap(input);
    if (node.type === 'member_expression') {
      const object = node.childForFieldName('object');
      return object ? this.isConstantObject(object, depth + 1) : false;
    }
    if (node.type !== 'identifier') return false;
    const found = this.scopes.lookup(node, node.text);
    if (!found) return UPPER_CONSTANT.test(node.text);
    if (found.defs.length !== 1) return false;
    const def = found.defs[0];
    let value = def?.kind === 'init' && def.value ? unwrap(def.value) : undefined;
    if (value?.type === 'new_expression' && /^(?:Set|Map)$/.test(value.childForFieldName('constructor')?.text ?? '')) {
      const first = value.childForFieldName('arguments')?.namedChildren[0];
      value = first ? unwrap(first) : undefined;
    }
    if (!value) return false;
    if (value.type !== 'object' && value.type !== 'array') return false;
    const leaves = value.type === 'object'
      ? value.namedChildren.map((p) => (p?.type === 'pair' ? p.childForFieldName('value') : null))
      : value.namedChildren;
    return leaves.every((leaf) => leaf !== null && leaf.type !== 'comment' && this.safety(leaf, depth + 1) !== 'dynamic');
  }

  private callSafety(node: Node, depth: number): HoleSafety {
    const fn = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null);
    if (!fn) return 'dynamic';
    if (fn.type === 'identifier') {
      if (NUMBER_FUNCTIONS.has(fn.text)) return 'number';
      if (fn.text === 'String' && args[0]) return this.safety(args[0], depth + 1);
      if (ESCAPE_FUNCTIONS.has(fn.text) || ESCAPER_NAME.test(fn.text)) return 'escaped';
      // pg-format: format('%I', name) / format('%L', value)
      if (fn.text === 'format' && /%[ILs]/.test(args[0]?.text ?? '')) return 'escaped';
      return 'dynamic';
    }
    if (fn.type !== 'member_expression') return 'dynamic';
    const method = fn.childForFieldName('property')?.text ?? '';
    const object = fn.childForFieldName('object');
    if (!object) return 'dynamic';
    // `this.getTableName()`: the object's own naming, trusted as a name (not as a value).
    if (object.type === 'this' && !ESCAPE_FUNCTIONS.has(method) && !ESCAPER_NAME.test(method)) return 'attribute';
    const objectText = object.text;
    if (objectText === 'Math' || objectText === 'Number' || objectText === 'Date') return 'number';
    if (NUMBER_METHODS.has(method)) return 'number';
    if (ESCAPE_FUNCTIONS.has(method) || ESCAPER_NAME.test(method)) return 'escaped';
    if (PASS_THROUGH_METHODS.has(method)) return this.safety(object, depth + 1);
    // name.replace(/'/g, "''"), ident.replaceAll('"', '""'): quotes doubled, SQL's own escaping.
    if ((method === 'replace' || method === 'replaceAll') && /^(['"`])(?:''|"")\1$/.test(args[1]?.text ?? '')) return 'escaped';
    if (method === 'repeat' || method === 'fill') {
      return combineSafety(this.safety(object, depth + 1), args[0] ? this.safety(args[0], depth + 1) : 'constant') === 'dynamic'
        ? 'dynamic'
        : 'placeholders';
    }
    if (method === 'join') return this.arraySafety(object, depth + 1) === 'dynamic' ? 'dynamic' : 'placeholders';
    return 'dynamic';
  }

  /** Safety of the elements of an array expression (for `.join()`). */
  arraySafety(input: Node, depth: number): HoleSafety {
    if (depth > 8) return 'dynamic';
    const node = unwrap(input);
    if (node.type === 'array') {
      let result: HoleSafety = 'constant';
      for (const element of node.namedChildren) {
        if (!element || element.type === 'comment') continue;
        result = combineSafety(result, element.type === 'spread_element' ? 'dynamic' : this.safety(element, depth + 1));
      }
      return result;
    }
    if (node.type === 'identifier') {
      const found = this.scopes.lookup(node, node.text);
      if (!found) return 'dynamic';
      let result: HoleSafety = 'constant';
      for (const def of found.defs) {
        if (this.active.has(def.node.id)) continue;
        if (def.kind === 'push') {
          result = combineSafety(result, def.value ? this.safety(def.value, depth + 1) : 'dynamic');
        } else if ((def.kind === 'init' || def.kind === 'assign') && def.value) {
          this.active.add(def.node.id);
          result = combineSafety(result, this.arraySafety(def.value, depth + 1));
          this.active.delete(def.node.id);
        } else {
          result = 'dynamic';
        }
        if (result === 'dynamic') return result;
      }
      return result;
    }
    if (node.type === 'call_expression' || node.type === 'new_expression') {
      const fn = node.childForFieldName(node.type === 'call_expression' ? 'function' : 'constructor');
      const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null);
      if (fn?.type === 'identifier' && fn.text === 'Array') return 'constant'; // Array(n): holes only
      if (fn?.type !== 'member_expression') return 'dynamic';
      const method = fn.childForFieldName('property')?.text ?? '';
      const object = fn.childForFieldName('object');
      if (!object) return 'dynamic';
      if (method === 'map' || (method === 'from' && object.text === 'Array')) {
        const callback = method === 'map' ? args[0] : args[1];
        if (method === 'from' && !callback) return this.arraySafety(args[0] ?? object, depth + 1);
        return callback ? this.callbackSafety(callback, depth + 1) : 'dynamic';
      }
      if (method === 'fill') return args[0] ? this.safety(args[0], depth + 1) : 'dynamic';
      if (method === 'keys' && object.text === 'Object') return 'dynamic';
      if (ARRAY_PASS_THROUGH.has(method)) {
        const own = this.arraySafety(object, depth + 1);
        return method === 'concat' ? args.reduce((acc, arg) => combineSafety(acc, this.arraySafety(arg, depth + 1)), own) : own;
      }
    }
    return 'dynamic';
  }

  /** `(_, i) => `$${i + 1}``: the element is untrusted, the index is a number. */
  private callbackSafety(callback: Node, depth: number): HoleSafety {
    if (callback.type === 'identifier' || callback.type === 'member_expression') {
      // ids.map(Number), ids.map(Number.parseInt)
      return NUMBER_FUNCTIONS.has(callback.text) || /^(?:Number|Math)\./.test(callback.text) ? 'number' : 'dynamic';
    }
    if (callback.type !== 'arrow_function' && callback.type !== 'function_expression' && callback.type !== 'function') return 'dynamic';
    const params = callback.childForFieldName('parameters') ?? callback.childForFieldName('parameter');
    const names = params ? patternNames(params) : [];
    let body = callback.childForFieldName('body');
    if (body?.type === 'statement_block') {
      const statements = body.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
      const only = statements.length === 1 ? statements[0] : undefined;
      body = only?.type === 'return_statement' ? (only.namedChildren.find((n): n is Node => n !== null) ?? null) : null;
    }
    if (!body) return 'dynamic';
    const saved = new Map(this.overrides);
    names.forEach((name, index) => this.overrides.set(name, index === 0 ? 'dynamic' : 'number'));
    try {
      return this.safety(body, depth + 1);
    } finally {
      this.overrides.clear();
      for (const [k, v] of saved) this.overrides.set(k, v);
    }
  }

  /** The text of an identifier bound once to a plain string literal (for SQL-likeness). */
  constantTextOf(node: Node): string | undefined {
    if (node.type !== 'identifier') return undefined;
    const found = this.scopes.lookup(node, node.text);
    if (found?.defs.length !== 1) return undefined;
    const def = found.defs[0];
    const value = def?.kind === 'init' && def.value ? unwrap(def.value) : undefined;
    if (value?.type === 'string') return value.text.slice(1, -1);
    if (value?.type === 'template_string' && !isTaggedTemplate(value) && !value.namedChildren.some((n) => n?.type === 'template_substitution')) {
      return value.text.slice(1, -1);
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Built strings -> parts

/** A piece of constant text, with the literal it belongs to (pieces of one template share it). */
interface TextPiece extends BaseTextPiece {
  /** Id of the literal node. */
  readonly literal: number;
}

/** Quotes are `'`, `"` or `` ` ``; a hole is `${…}` inside a template or an operand of `+`. */
type Piece = TextPiece | HolePiece;

/** `rewritable` is false for `.concat()` / `.join()` builders: no mechanical rewrite. */
interface Built extends BaseBuilt {
  readonly pieces: Piece[];
}

function isPlain(input: Node): boolean {
  const node = unwrap(input);
  if (node.type === 'identifier' || node.type === 'this') return true;
  if (node.type === 'call_expression') {
    // String(id), Number(limit)
    const fn = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null);
    return (fn?.text === 'String' || fn?.text === 'Number') && args.length === 1 && args[0] !== undefined && isPlain(args[0]);
  }
  if (node.type === 'member_expression') {
    const object = node.childForFieldName('object');
    return object !== null && isPlain(object);
  }
  if (node.type === 'subscript_expression') {
    const object = node.childForFieldName('object');
    const index = node.childForFieldName('index');
    return object !== null && isPlain(object) && index !== null && (index.type === 'string' || index.type === 'number' || index.type === 'identifier');
  }
  return false;
}

function isStringLiteral(node: Node): boolean {
  return node.type === 'string' || (node.type === 'template_string' && !isTaggedTemplate(node));
}

function hasStringLeaf(node: Node): boolean {
  if (isStringLiteral(node)) return true;
  if (node.type === 'binary_expression' && node.childForFieldName('operator')?.type === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return (left !== null && hasStringLeaf(left)) || (right !== null && hasStringLeaf(right));
  }
  return false;
}

/**
 * A hole whose safety, text, plainness and end are read only when a finding or a fix needs them
 * (most holes belong to calls that turn out to carry no SQL). A class, not an object literal with
 * getters: V8 gives every such literal a hidden class of its own, which costs far more in garbage
 * collection than the work saved.
 */
class DeferredHole implements HolePiece {
  readonly kind = 'hole';
  private knownExpression: string | undefined;
  private knownPlain: boolean | undefined;

  constructor(
    readonly node: Node,
    readonly inLiteral: boolean,
    readonly start: number,
    private knownEnd: number | undefined,
    private readonly readSafety: () => HoleSafety,
  ) {}

  get end(): number {
    return (this.knownEnd ??= this.node.endIndex);
  }

  get safety(): HoleSafety {
    return this.readSafety();
  }

  get expression(): string {
    return (this.knownExpression ??= this.node.text);
  }

  get plain(): boolean {
    return (this.knownPlain ??= isPlain(this.node));
  }
}

function holeOf(node: Node, env: Env, inLiteral: boolean, start = node.startIndex, end?: number): HolePiece {
  return new DeferredHole(node, inLiteral, start, end, env.deferredSafety(node));
}

/** The fields of `hole` as read (getters, which a spread would not copy), with a constant safety. */
function constantHole(hole: DeferredHole): HolePiece {
  return { kind: 'hole', node: hole.node, safety: 'constant', expression: hole.expression, plain: hole.plain, start: hole.start, end: hole.end, inLiteral: hole.inLiteral };
}

function pushLiteral(node: Node, pieces: Piece[], env: Env): void {
  const base = node.startIndex;
  const end = node.endIndex;
  const text = env.text.slice(base, end);
  const quote = text[0] ?? "'";
  if (node.type === 'string') {
    pieces.push({ kind: 'text', raw: text.slice(1, -1), editable: true, start: base + 1, end: end - 1, quote, literal: node.id });
    return;
  }
  let position = base + 1;
  for (const sub of node.namedChildren) {
    if (sub?.type !== 'template_substitution') continue;
    const subStart = sub.startIndex;
    const subEnd = sub.endIndex;
    pieces.push({ kind: 'text', raw: text.slice(position - base, subStart - base), editable: true, start: position, end: subStart, quote, literal: node.id });
    const inner = firstNonComment(sub);
    pieces.push(inner ? holeOf(inner, env, true, subStart, subEnd) : { kind: 'hole', node: sub, safety: 'constant', expression: '', plain: false, start: subStart, end: subEnd, inLiteral: true });
    position = subEnd;
  }
  pieces.push({ kind: 'text', raw: text.slice(position - base, end - 1 - base), editable: true, start: position, end: end - 1, quote, literal: node.id });
}

function flattenConcat(node: Node, pieces: Piece[], env: Env): void {
  if (node.type === 'binary_expression' && node.childForFieldName('operator')?.type === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left) flattenConcat(left, pieces, env);
    if (right) flattenConcat(right, pieces, env);
    return;
  }
  if (isStringLiteral(node)) {
    pushLiteral(node, pieces, env);
    return;
  }
  const known = env.constantTextOf(node);
  if (known !== undefined) {
    pieces.push({ kind: 'text', raw: known, editable: false, start: -1, end: -1, quote: '', literal: -1 });
    return;
  }
  pieces.push(holeOf(node, env, false));
}

/** The parts of a string-building expression, or undefined when `input` does not build a string. */
function buildOf(input: Node, env: Env): Built | undefined {
  const node = unwrap(input);
  if (node.type === 'template_string') {
    if (isTaggedTemplate(node) || !node.namedChildren.some((n) => n?.type === 'template_substitution')) return undefined;
    const pieces: Piece[] = [];
    pushLiteral(node, pieces, env);
    return { node, pieces, how: 'a template literal', rewritable: true };
  }
  if (node.type === 'binary_expression' && node.childForFieldName('operator')?.type === '+' && hasStringLeaf(node)) {
    const pieces: Piece[] = [];
    flattenConcat(node, pieces, env);
    return { node, pieces, how: 'string concatenation', rewritable: true };
  }
  if (node.type === 'call_expression') {
    const fn = node.childForFieldName('function');
    const args = (node.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
    if (fn?.type !== 'member_expression') return undefined;
    const method = fn.childForFieldName('property')?.text;
    const object = fn.childForFieldName('object');
    if (!object) return undefined;
    if (method === 'concat' && (isStringLiteral(unwrap(object)) || hasStringLeaf(unwrap(object)))) {
      const pieces: Piece[] = [];
      flattenConcat(unwrap(object), pieces, env);
      for (const arg of args) flattenConcat(arg, pieces, env);
      return { node, pieces, how: '`.concat()`', rewritable: false };
    }
    if (method === 'join' && unwrap(object).type === 'array') {
      const separator = args[0] && unwrap(args[0]).type === 'string' ? unwrap(args[0]).text.slice(1, -1) : args[0] ? ' ' : ',';
      const pieces: Piece[] = [];
      let first = true;
      for (const element of unwrap(object).namedChildren) {
        if (!element || element.type === 'comment') continue;
        if (!first) pieces.push({ kind: 'text', raw: separator, editable: false, start: -1, end: -1, quote: '', literal: -1 });
        first = false;
        flattenConcat(element, pieces, env);
      }
      return { node, pieces, how: '`.join()`', rewritable: false };
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// From the query call back to the construction sites

type Site = ResolvedSite<Built>;
type Resolution = SiteResolution<Built>;

function branches(input: Node): Node[] {
  const node = unwrap(input);
  if (node.type === 'ternary_expression') {
    const a = node.childForFieldName('consequence');
    const b = node.childForFieldName('alternative');
    return [...(a ? branches(a) : []), ...(b ? branches(b) : [])];
  }
  return [node];
}

/** Uses of `name` in `scope`, closures included. */
function countUses(scope: Node, name: string): number {
  let count = 0;
  for (const id of scope.descendantsOfType(['identifier', 'shorthand_property_identifier'])) {
    if (id?.text === name) count++;
  }
  return count;
}

/** JavaScript/TypeScript syntax for {@link resolveSites}, over one file's `Env`. */
function siteLanguage(env: Env): SiteLanguage<Built> {
  return {
    buildOf: (node) => buildOf(node, env),
    literalText: (node) => (isStringLiteral(node) ? node.text.slice(1, -1) : undefined),
    constantTextOf: (node) => env.constantTextOf(node),
    lookup: (at, name) => env.scopes.lookup(at, name),
    branches,
    unwrap,
    conditionalType: 'ternary_expression',
    countUses,
    emptyDeclarationIsString: true, // `let sql;` is fine
    constantHole: (hole) => (hole instanceof DeferredHole ? constantHole(hole) : { ...hole, safety: 'constant' }),
  };
}

// ---------------------------------------------------------------------------------------------
// Drivers and the quick fix

type EcmaDriver = SqlDriverId | 'prisma';

const MODULE_DRIVERS: Readonly<Record<string, EcmaDriver>> = {
  pg: 'pg', 'pg-pool': 'pg', mysql: 'mysql', mysql2: 'mysql', 'mysql2/promise': 'mysql', sqlite3: 'sqlite3',
  sqlite: 'sqlite3', 'better-sqlite3': 'better-sqlite3', sequelize: 'sequelize', '@sequelize/core': 'sequelize',
  knex: 'knex', '@prisma/client': 'prisma',
};

interface EcmaImports {
  readonly drivers: Set<EcmaDriver>;
  /** `import { Prisma } from '@prisma/client'`: `Prisma.sql` is available. */
  prismaNamespace: boolean;
}

/** The drivers the file imports, from its `import` statements and its `require()` / `import()` calls (order does not matter). */
function importedDrivers(importStatements: readonly (Node | null)[], calls: readonly Node[], requires: NamedCalls): EcmaImports {
  const drivers = new Set<EcmaDriver>();
  const result: EcmaImports = { drivers, prismaNamespace: false };
  const add = (source: string | undefined): void => {
    const driver = source ? MODULE_DRIVERS[source] : undefined;
    if (driver) drivers.add(driver);
  };
  for (const node of importStatements) {
    if (!node) continue;
    const source = node.childForFieldName('source')?.text.slice(1, -1);
    add(source);
    if (source === '@prisma/client' && node.descendantsOfType('import_specifier').some((spec) => spec?.childForFieldName('name')?.text === 'Prisma')) {
      result.prismaNamespace = true;
    }
  }
  for (const node of calls) {
    if (!requires.mayBe(node)) continue;
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'identifier' || (fn.text !== 'require' && fn.text !== 'import')) continue;
    const first = node.childForFieldName('arguments')?.namedChildren[0];
    if (first?.type === 'string') add(first.text.slice(1, -1));
  }
  return result;
}

const CALLBACK_DRIVERS = new Set<EcmaDriver>(['pg', 'mysql', 'sqlite3']);

function driverFor(sink: Sink, drivers: ReadonlySet<EcmaDriver>): EcmaDriver | undefined {
  const receiverName = sink.receiver.slice(sink.receiver.lastIndexOf('.') + 1);
  if (sink.method === '$queryRawUnsafe' || sink.method === '$executeRawUnsafe') return drivers.has('prisma') ? 'prisma' : undefined;
  if (DEFINITE_METHODS.has(sink.method) || (sink.method === 'raw' && /^(?:knex|trx)$/.test(receiverName))) {
    return drivers.has('knex') ? 'knex' : undefined;
  }
  if (sink.method === 'query' && /sequelize$/i.test(receiverName)) return drivers.has('sequelize') ? 'sequelize' : undefined;
  const low = [...drivers].filter((d) => d === 'pg' || d === 'mysql' || d === 'sqlite3' || d === 'better-sqlite3');
  if (low.length !== 1) return undefined;
  const driver = low[0];
  if ((driver === 'pg' && sink.method === 'query') || (driver === 'mysql' && (sink.method === 'query' || sink.method === 'execute'))) return driver;
  if (driver === 'sqlite3' && ['all', 'get', 'run', 'each'].includes(sink.method)) return driver;
  if (driver === 'better-sqlite3' && sink.method === 'prepare') return driver;
  return undefined;
}

const FIX_TITLE = 'Use a parameterized query';

/** The bound value: the expression, or a template adding the LIKE pattern around it. */
function valueText(hole: HolePiece, prefix: string, suffix: string): string {
  return prefix === '' && suffix === '' ? hole.expression : `\`${prefix}\${${hole.expression}}${suffix}\``;
}

function buildFix(sink: Sink, site: Site, resolution: Resolution, assessment: Assessment, driverId: EcmaDriver, text: string, prismaNamespace: boolean): Fix | undefined {
  if (!site.built.rewritable || sink.inConfig || site.depth > 0) return undefined;
  if (site.variable !== undefined && !resolution.singleUse()) return undefined;
  if (site.variable === undefined && resolution.sites.filter((s) => s.depth === 0).length !== 1) return undefined;
  const pieces = site.built.pieces;
  const driver: SqlDriver = driverId === 'prisma' ? { ...SQL_DRIVERS.pg, id: 'prisma', label: 'Prisma' } : SQL_DRIVERS[driverId];
  const plan = planParameterization(pieces, assessment.contexts, driver);
  if (!plan) return undefined;
  const values = plan.holes.map((bound) => {
    const hole = pieces[bound.part];
    return hole?.kind === 'hole' ? valueText(hole, bound.prefix, bound.suffix) : '';
  });

  if (driverId === 'prisma') {
    // prisma.$queryRawUnsafe(`… ${id}`) -> prisma.$queryRaw`… ${id}`: the tagged template binds every value.
    const node = site.built.node;
    if (site.variable !== undefined || node.type !== 'template_string' || unwrap(sink.sqlArg).id !== node.id) return undefined;
    const holeCount = pieces.filter((p) => p.kind === 'hole').length;
    if (holeCount !== plan.holes.length) return undefined;
    const holes = plan.holes.map((bound, i) => ({ ...bound, placeholder: `\${${values[i] ?? ''}}` }));
    const inner = constructionEdits(site.built, holes, []);
    const fn = calleeOf(sink.call);
    const property = fn?.childForFieldName('property');
    const args = sink.call.childForFieldName('arguments');
    if (!inner || !property || !args) return undefined;
    const rewritten = applyWithin(text, node.startIndex, node.endIndex, inner);
    const renamed = { start: property.startIndex, end: property.endIndex, text: property.text.replace('Unsafe', '') };
    if (sink.call.childForFieldName('type_arguments')) {
      // $queryRaw<T>`…` is valid TypeScript that few parsers accept: keep the call, pass Prisma.sql`…`.
      if (!prismaNamespace) return undefined;
      return {
        title: `${FIX_TITLE} (Prisma.sql template)`,
        isPreferred: true,
        edits: [renamed, { start: node.startIndex, end: node.endIndex, text: `Prisma.sql${rewritten}` }],
      };
    }
    if (args.namedChildren.length !== 1) return undefined; // comments or more arguments
    return {
      title: `${FIX_TITLE} (Prisma tagged template)`,
      isPreferred: true,
      edits: [renamed, { start: args.startIndex, end: args.endIndex, text: rewritten }],
    };
  }

  const construction = constructionEdits(site.built, plan.holes, plan.textEdits);
  if (!construction) return undefined;
  const list = `[${values.join(', ')}]`;
  const args = (sink.call.childForFieldName('arguments')?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
  const sqlArg = sink.sqlArg;
  let callEdit: TextEdit | undefined;
  if (driverId === 'better-sqlite3') {
    // db.prepare(sql).get() -> db.prepare('…?').get(a)
    const member = sink.call.parent;
    const outer = member?.parent;
    const method = member?.type === 'member_expression' ? member.childForFieldName('property')?.text : undefined;
    const outerArgs = outer?.type === 'call_expression' ? outer.childForFieldName('arguments') : null;
    if (args.length !== 1 || !method || !['get', 'all', 'run', 'iterate'].includes(method) || !outerArgs || outerArgs.namedChildren.length > 0) return undefined;
    callEdit = { start: outerArgs.startIndex + 1, end: outerArgs.endIndex - 1, text: values.join(', ') };
  } else if (driverId === 'sequelize') {
    const options = args[1];
    if (args.length === 1) callEdit = { start: sqlArg.endIndex, end: sqlArg.endIndex, text: `, { replacements: ${list} }` };
    else if (args.length === 2 && options?.type === 'object') {
      const keys = options.namedChildren.map((p) => p?.childForFieldName('key')?.text ?? (p?.type === 'shorthand_property_identifier' ? p.text : ''));
      if (keys.some((k) => k === 'replacements' || k === 'bind' || k === '')) return undefined;
      callEdit = keys.length === 0
        ? { start: options.startIndex, end: options.endIndex, text: `{ replacements: ${list} }` }
        : { start: options.startIndex + 1, end: options.startIndex + 1, text: ` replacements: ${list},` };
    } else return undefined;
  } else {
    const extra = args.slice(1);
    const callbackOnly = extra.length === 1 && CALLBACK_DRIVERS.has(driverId) && ['arrow_function', 'function_expression', 'function'].includes(extra[0]?.type ?? '');
    if (extra.length > 0 && !callbackOnly) return undefined;
    callEdit = { start: sqlArg.endIndex, end: sqlArg.endIndex, text: `, ${list}` };
  }
  return { title: `${FIX_TITLE} (${driver.label} placeholders)`, isPreferred: true, edits: [...construction, callEdit] };
}

// ---------------------------------------------------------------------------------------------

/** Argument shapes that can carry a built string (directly or through a variable). */
const CANDIDATE_ARGS = new Set(['template_string', 'binary_expression', 'call_expression', 'identifier', 'ternary_expression', 'parenthesized_expression', 'as_expression', 'non_null_expression']);

/** Calls whose callee ends with a name `sinkOf` accepts. */
const SINK_NAMES = calleeNames([...DEFINITE_METHODS, ...GENERIC_METHODS], BARE_FUNCTIONS);
/** `list.push(x)` / `list.unshift(x)`: the only calls that define something (see `addDefinition`). */
const PUSH_NAMES = calleeNames(['push', 'unshift']);
/** `require('pg')` (a bare function: `import('pg')` has no identifier callee). */
const REQUIRE_CALLS = calleeNames([], ['require']);

/** The query calls of the file, in document order. */
function querySinks(root: Node, text: string, calls: readonly Node[]): Sink[] {
  const named = callsNamed(root, text, SINK_NAMES);
  const sinks: Sink[] = [];
  for (const call of calls) {
    if (!named.mayBe(call)) continue;
    const sink = sinkOf(call, text);
    if (sink && CANDIDATE_ARGS.has(sink.sqlArgType)) sinks.push(sink);
  }
  return sinks;
}

/** Node types whose definitions the scope index records, plus the function scopes. */
const SCOPE_INDEX_TYPES = [...FUNCTION_TYPES, ...DEFINITION_TYPES, 'call_expression'];

/** A definition node of `EcmaScopes`; its type is read when a lookup first needs it. */
interface Definition {
  readonly node: Node;
  type?: string;
}

/**
 * The function scopes and the definition nodes `EcmaScopes` indexes, in document order, without
 * reading each node's type (the shared walk's lists tell scopes and calls apart). Calls only define
 * something as `list.push(x)`: the others are left out (they would be read for nothing in every
 * scope a lookup opens).
 */
function scopeIndexNodes(root: Node, text: string, calls: readonly Node[]): { scopes: Node[]; definitions: Definition[] } {
  const callIds = new Set(calls.map((n) => n.id));
  const scopeIds = new Set<number>();
  for (const node of root.descendantsOfType([...FUNCTION_TYPES])) if (node) scopeIds.add(node.id);
  const pushes = callsNamed(root, text, PUSH_NAMES);
  const scopes: Node[] = [];
  const definitions: Definition[] = [];
  for (const node of root.descendantsOfType(SCOPE_INDEX_TYPES)) {
    if (!node) continue;
    if (scopeIds.has(node.id)) scopes.push(node);
    else if (!callIds.has(node.id)) definitions.push({ node });
    else if (pushes.mayBe(node)) definitions.push({ node, type: 'call_expression' });
  }
  return { scopes, definitions };
}

export function checkEcmascript(ctx: RuleContext): void {
  // Tests and schema migrations (Knex/Sequelize/Django/Alembic) build SQL with no request in sight.
  if (ctx.file.isTestPath || isMigrationPath(ctx.file.path)) return;
  const text = ctx.file.text;
  const root = ctx.root;
  const calls = root.descendantsOfType('call_expression').filter((n): n is Node => n !== null);
  const sinks = querySinks(root, text, calls);
  if (sinks.length === 0) return;
  const env = new Env(root, scopeIndexNodes(root, text, calls), text);
  const language = siteLanguage(env);
  let imports: EcmaImports | undefined;
  for (const sink of sinks) {
    // Only SQL text (any text, for a `definite` sink) reaches a finding.
    const resolution = resolveSites(unwrap(sink.sqlArg), language, {
      keep: (parts) => sink.definite || sqlShape(constantText(parts)) !== undefined,
      defer: (work) => {
        env.later(work);
      },
    });
    if (resolution.sites.length === 0) continue;
    for (const site of resolution.sites) {
      const assessment = assessParts(site.built.pieces);
      if (!assessment) continue;
      imports ??= importedDrivers(root.descendantsOfType('import_statement'), calls, callsNamed(root, text, REQUIRE_CALLS));
      const driverId = driverFor(sink, imports.drivers);
      const fix = driverId ? buildFix(sink, site, resolution, assessment, driverId, text, imports.prismaNamespace) : undefined;
      const placeholder = driverId && driverId !== 'prisma' ? PLACEHOLDER_STYLES[SQL_DRIVERS[driverId].style].placeholder(1) : undefined;
      const prisma = sink.method === '$queryRawUnsafe' || sink.method === '$executeRawUnsafe';
      const how = site.accumulated ? 'string concatenation (`+=`)' : site.built.how;
      ctx.report({
        node: site.built.node,
        message: sqlMessage({
          how,
          sink: sink.label,
          hole: assessment.hole,
          context: assessment.context,
          ...(placeholder ? { placeholder } : {}),
          ...(site.variable !== undefined ? { viaVariable: site.variable } : {}),
          ...(prisma ? { advice: `Use \`${sink.method.replace('Unsafe', '')}\` with a tagged template (or \`Prisma.sql\`), which binds every \`\${}\` value.` } : {}),
        }),
        fixes: fix ? [fix] : [],
      });
    }
  }
}
