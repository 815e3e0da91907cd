/**
 * `sql-concatenation` for Python: SQL built with f-strings, `%` formatting, `.format()`, `+`,
 * `+=` or `"".join([...])` that reaches `cursor.execute`, `executemany`, `executescript`,
 * `Model.objects.raw`, `RawSQL`, SQLAlchemy `text()`/`session.execute`, `pd.read_sql`...,
 * directly or through a local variable. Language-agnostic decisions come from `../shared/sql.ts`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import {
  constantText,
  planParameterization,
  PLACEHOLDER_STYLES,
  SQL_DRIVERS,
  sqlMessage,
  sqlShape,
  type BoundHole,
  type HoleSafety,
  type SqlDriverId,
  type SqlHolePart,
  type SqlTextPart,
} from '../shared/sql';
import { CalleeEndIndex, mergeInDocumentOrder, type CalleeNames } from '../shared/python-literals';
import { assessParts, combineSafety, type Assessment } from './assess';
import { isMigrationPath } from './migrations';
import { resolveSites, type Resolution as SiteResolution, type Site as ResolvedSite, type SiteLanguage } from './resolve';
import { addDef, LocalScopes, type ScopeLanguage } from './scopes';

// ---------------------------------------------------------------------------------------------
// Query calls

/** Calls whose first argument is SQL by contract. */
const DEFINITE_METHODS = new Set(['executescript', 'exec_driver_sql', 'read_sql_query']);
/** Calls that run SQL when given SQL: the argument must look like SQL. */
const GENERIC_METHODS = new Set([
  'execute', 'executemany', 'raw', 'query', 'read_sql', 'fetch', 'fetchrow', 'fetchval', 'fetch_all', 'fetch_one',
  'fetch_val', 'execute_many', 'iterate', 'text',
]);
const NON_SQL_RECEIVERS = new Set(['requests', 'httpx', 'subprocess', 'os', 'logging', 'logger', 'log', 'client.http', 'asyncio', 'loop']);

interface Sink {
  readonly call: Node;
  readonly method: string;
  readonly label: string;
  readonly receiver: string;
  readonly definite: boolean;
  readonly sqlArg: Node;
  /** Arguments besides the SQL (positional or keyword). */
  readonly otherArgs: number;
}

/** Arguments of a call; `f(x for x in y)` has a generator expression as its only argument. */
function argumentsOf(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (args?.type === 'generator_expression') return [args];
  return (args?.namedChildren ?? []).filter((n): n is Node => n !== null && n.type !== 'comment');
}

function sinkOf(call: Node, sqlalchemyText: ReadonlySet<string>): Sink | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  // Cheap pre-check on source text: the callee's last name segment.
  const fnText = fn.text;
  const name = fnText.slice(fnText.lastIndexOf('.') + 1).trim();
  if (!DEFINITE_METHODS.has(name) && !GENERIC_METHODS.has(name) && !sqlalchemyText.has(name) && name !== 'RawSQL') return undefined;
  if (call.childForFieldName('arguments')?.type !== 'argument_list') return undefined;
  let method: string;
  let receiver = '';
  let definite = false;
  if (fn.type === 'attribute') {
    method = fn.childForFieldName('attribute')?.text ?? '';
    receiver = fn.childForFieldName('object')?.text ?? '';
    if (!DEFINITE_METHODS.has(method) && !GENERIC_METHODS.has(method)) return undefined;
    definite = DEFINITE_METHODS.has(method);
    // Model.objects.raw(...), sqlalchemy.text(...), sa.text(...)
    if (method === 'raw' && /\.objects$|^objects$/.test(receiver)) definite = true;
    if (method === 'text') {
      if (!/^(?:sa|sqlalchemy|sql)$/.test(receiver)) return undefined;
      definite = true;
    }
    const receiverName = receiver.slice(receiver.lastIndexOf('.') + 1);
    if (NON_SQL_RECEIVERS.has(receiverName) || NON_SQL_RECEIVERS.has(receiver)) return undefined;
  } else if (fn.type === 'identifier') {
    method = fn.text;
    if (sqlalchemyText.has(method)) definite = true;
    else if (method === 'RawSQL') definite = true;
    else return undefined;
  } else {
    return undefined;
  }
  const args = argumentsOf(call);
  let sqlArg = args.find((a) => a.type !== 'keyword_argument');
  if (!sqlArg) {
    const keyword = args.find((a) => /^(?:sql|query|operation|statement|raw_query)$/.test(a.childForFieldName('name')?.text ?? ''));
    sqlArg = keyword?.childForFieldName('value') ?? undefined;
  }
  if (!sqlArg) return undefined;
  const label = fnText.length <= 40 ? fnText : method;
  return { call, method, label: `${label}()`, receiver, definite, sqlArg, otherArgs: args.length - 1 };
}

// ---------------------------------------------------------------------------------------------
// Scopes and definitions

type DefKind = 'init' | 'append' | 'update' | 'param' | 'number-param' | 'pattern' | 'loop' | 'push';

interface Def {
  readonly kind: DefKind;
  readonly value: Node | null;
  readonly node: Node;
}

const SCOPE_NODE_TYPES: readonly string[] = ['function_definition', 'lambda'];

function targetNames(target: Node, depth = 0): string[] {
  if (depth > 6) return [];
  switch (target.type) {
    case 'identifier':
      return [target.text];
    case 'default_parameter':
    case 'typed_default_parameter':
      return targetNames(target.childForFieldName('name') ?? target, depth + 1).filter(() => target.childForFieldName('name') !== null);
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'parameters':
    case 'lambda_parameters':
    case 'as_pattern_target':
      return target.namedChildren.flatMap((child) => (child && child.type !== 'type' ? targetNames(child, depth + 1) : []));
    default:
      return [];
  }
}

/** Node types whose definitions the index records. */
const DEFINITION_TYPES = ['assignment', 'augmented_assignment', 'for_statement', 'for_in_clause', 'as_pattern_target', 'named_expression'];

const NUMERIC_ANNOTATIONS = new Set(['int', 'float', 'bool', 'Decimal', 'UUID', 'uuid.UUID', 'date', 'datetime', 'datetime.date', 'datetime.datetime']);

function addParams(map: Map<string, Def[]>, scope: Node): void {
  const params = scope.childForFieldName('parameters');
  if (!params) return;
  for (const param of params.namedChildren) {
    if (!param || param.type === 'comment') continue;
    // `def read_item(item_id: int)`: FastAPI/pydantic validate annotated numbers.
    const annotation = param.type === 'typed_parameter' || param.type === 'typed_default_parameter' ? param.childForFieldName('type')?.text : undefined;
    const kind: DefKind = annotation !== undefined && NUMERIC_ANNOTATIONS.has(annotation) ? 'number-param' : 'param';
    for (const name of targetNames(param)) addDef(map, name, { kind, value: null, node: param });
  }
}

function addDefinition(map: Map<string, Def[]>, node: Node, type: string): void {
  switch (type) {
    case 'assignment': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'identifier') addDef(map, left.text, { kind: 'init', value: right, node });
      else if (left) for (const name of targetNames(left)) addDef(map, name, { kind: 'pattern', value: null, node });
      break;
    }
    case 'named_expression': {
      const name = node.childForFieldName('name');
      if (name) addDef(map, name.text, { kind: 'init', value: node.childForFieldName('value'), node });
      break;
    }
    case 'augmented_assignment': {
      const left = node.childForFieldName('left');
      const operator = node.childForFieldName('operator')?.type;
      if (left?.type === 'identifier') {
        addDef(map, left.text, { kind: operator === '+=' ? 'append' : 'update', value: node.childForFieldName('right'), node });
      }
      break;
    }
    case 'for_statement':
    case 'for_in_clause': {
      const left = node.childForFieldName('left');
      if (left) for (const name of targetNames(left)) addDef(map, name, { kind: 'loop', value: node.childForFieldName('right'), node });
      break;
    }
    case 'as_pattern_target':
      for (const name of targetNames(node)) addDef(map, name, { kind: 'pattern', value: null, node });
      break;
    case 'call': {
      // conditions.append("a = %s") / params.extend([...])
      const fn = node.childForFieldName('function');
      if (fn?.type !== 'attribute') break;
      const method = fn.childForFieldName('attribute')?.text;
      const object = fn.childForFieldName('object');
      if (object?.type !== 'identifier') break;
      const args = argumentsOf(node);
      if (method === 'append' || method === 'insert') {
        const arg = args[args.length - 1];
        if (arg) addDef(map, object.text, { kind: 'push', value: arg, node });
      } else if (method === 'extend' && args[0]) {
        addDef(map, object.text, { kind: 'init', value: args[0], node });
      }
      break;
    }
  }
}

type Scopes = LocalScopes<Def>;

/** How Python defines locals, for {@link LocalScopes}. */
const PYTHON_SCOPES: ScopeLanguage<Def> = { isScope: (type) => SCOPE_NODE_TYPES.includes(type), addParams, addDefinition, maxDepth: 32 };

// ---------------------------------------------------------------------------------------------
// Safety of spliced values

const NUMBER_FUNCTIONS = new Set(['int', 'float', 'len', 'bool', 'round', 'abs', 'min', 'max', 'sum', 'Decimal', 'ord', 'hash', 'uuid4', 'uuid1']);
const NUMBER_METHODS = new Set(['isoformat', 'timestamp', 'strftime', 'count', 'index', 'find', 'rfind', 'isdigit', 'isnumeric', 'startswith', 'endswith', 'now', 'utcnow', 'today', 'time', 'hex']);
const ESCAPE_FUNCTIONS = new Set([
  'escape', 'escape_string', 'escape_literal', 'escape_identifier', 'quote_ident', 'quote_literal', 'quote_identifier',
  'literal', 'Identifier', 'Literal', 'mogrify', 'quote', 'as_string',
]);
const PASS_THROUGH_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'lower', 'upper', 'title', 'casefold', 'zfill', 'decode', 'encode']);
const UPPER_CONSTANT = /^[A-Z][A-Z0-9_]{1,63}$/;
const NUMBER_OPERATORS = new Set(['-', '*', '/', '//', '**', '|', '&', '^', '<<', '>>', '@']);
/** Attribute/subscript chains through these names read configuration (`settings.DB_SCHEMA`, `app.config["X"]`, `os.environ`). */
const CONFIG_SEGMENT = /(?:^|\.)(?:settings|config|conf|cfg|options|opts|environ)(?:[.[]|$)/;
/** `quote_name(x)`, `escape_identifier(x)`, `quoteIdent(x)`: identifier/literal quoting helpers. */
const ESCAPER_NAME = /^(?:quote|escape)[A-Z_]/;

function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 8 && current.type === 'parenthesized_expression'; i++) {
    const inner = current.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment');
    if (!inner) break;
    current = inner;
  }
  return current;
}

function isFString(node: Node): boolean {
  return node.type === 'string' && /f/i.test(node.childForFieldName('string_start')?.text ?? node.firstChild?.text ?? '');
}

function stringStart(node: Node): string {
  return node.firstChild?.type === 'string_start' ? node.firstChild.text : '';
}

function interpolations(node: Node): Node[] {
  return node.namedChildren.filter((n): n is Node => n?.type === 'interpolation');
}

function rootOf(node: Node): Node {
  let current = node;
  for (let i = 0; i < 8 && (current.type === 'attribute' || current.type === 'subscript'); i++) {
    const next = current.childForFieldName(current.type === 'attribute' ? 'object' : 'value');
    if (!next) break;
    current = next;
  }
  return current;
}

class Env {
  readonly scopes: Scopes;
  private readonly active = new Set<number>();
  readonly overrides = new Map<string, HoleSafety>();

  constructor(root: Node, nodes: readonly Node[], types: readonly string[]) {
    this.scopes = new LocalScopes(root, nodes, types, PYTHON_SCOPES);
  }

  safety(input: Node, depth = 0): HoleSafety {
    if (depth > 8) return 'dynamic';
    const node = unwrap(input);
    switch (node.type) {
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return 'constant';
      case 'string': {
        let result: HoleSafety = 'constant';
        for (const interpolation of interpolations(node)) {
          const expression = interpolation.childForFieldName('expression');
          result = combineSafety(result, expression ? this.safety(expression, depth + 1) : 'dynamic');
        }
        return result;
      }
      case 'concatenated_string':
        return node.namedChildren.reduce<HoleSafety>((acc, s) => (s ? combineSafety(acc, this.safety(s, depth + 1)) : acc), 'constant');
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.type ?? '';
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (!left || !right) return 'dynamic';
        if (operator === '%' && (unwrap(left).type === 'string' || unwrap(left).type === 'concatenated_string')) {
          return combineSafety(this.safety(left, depth + 1), this.safety(right, depth + 1));
        }
        if (operator === '%' || NUMBER_OPERATORS.has(operator)) {
          // `"?" * len(ids)` / `["%s"] * n`: repeated constants
          if (operator === '*' && (unwrap(left).type === 'string' || unwrap(left).type === 'list')) return this.safety(left, depth + 1) === 'dynamic' ? 'dynamic' : 'placeholders';
          return 'number';
        }
        return combineSafety(this.safety(left, depth + 1), this.safety(right, depth + 1));
      }
      case 'unary_operator':
        return 'number';
      case 'not_operator':
      case 'comparison_operator':
        return 'constant';
      case 'boolean_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        return left && right ? combineSafety(this.safety(left, depth + 1), this.safety(right, depth + 1)) : 'dynamic';
      }
      case 'conditional_expression': {
        const [a, condition, b] = node.namedChildren;
        if (!a || !b) return 'dynamic';
        // `sort if sort in ALLOWED_SORTS else "created_at"`: an allow-list check.
        const allowed = condition && this.isAllowListCheck(condition, a, depth);
        return combineSafety(allowed ? 'constant' : this.safety(a, depth + 1), this.safety(b, depth + 1));
      }
      case 'tuple':
      case 'list':
        return node.namedChildren.reduce<HoleSafety>((acc, e) => (e && e.type !== 'comment' ? combineSafety(acc, this.safety(e, depth + 1)) : acc), 'constant');
      case 'identifier':
        return this.identifierSafety(node, depth);
      case 'attribute':
      case 'subscript': {
        const root = rootOf(node);
        const chain = node.text;
        const head = chain.slice(0, Math.max(chain.lastIndexOf('.'), chain.lastIndexOf('[')));
        if (chain.length <= 120 && CONFIG_SEGMENT.test(head)) return 'constant';
        // `self.table_name`: trusted as a name, not as a value.
        if (root.text === 'self' || root.text === 'cls') return 'attribute';
        if (this.isConstantContainer(root, depth)) return 'constant';
        if (node.type === 'attribute' && UPPER_CONSTANT.test(node.childForFieldName('attribute')?.text ?? '')) return 'constant';
        return 'dynamic';
      }
      case 'call':
        return this.callSafety(node, depth);
      default:
        return 'dynamic';
    }
  }

  private identifierSafety(node: Node, depth: number): HoleSafety {
    const name = node.text;
    const override = this.overrides.get(name);
    if (override) return override;
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
      if (this.active.has(def.node.id)) continue;
      let safety: HoleSafety;
      if (def.kind === 'param' || def.kind === 'pattern') safety = 'dynamic';
      else if (def.kind === 'update' || def.kind === 'number-param') safety = 'number';
      else if (def.kind === 'push') continue;
      else if (def.kind === 'loop') safety = def.value ? this.elementSafety(def.value, depth + 1) : 'dynamic';
      else if (!def.value) continue;
      else {
        this.active.add(def.node.id);
        safety = this.safety(def.value, depth + 1);
        this.active.delete(def.node.id);
      }
      result = result === undefined ? safety : combineSafety(result, safety);
      if (result === 'dynamic') return result;
    }
    return result ?? 'dynamic';
  }

  /** `value in CONSTANT_CONTAINER` (not `not in`). */
  private isAllowListCheck(condition: Node, value: Node, depth: number): boolean {
    const check = unwrap(condition);
    if (check.type !== 'comparison_operator') return false;
    const operators = check.children.filter((c): c is Node => c !== null && !c.isNamed).map((c) => c.type);
    const [left, right] = check.namedChildren;
    if (operators.length !== 1 || operators[0] !== 'in' || !left || !right) return false;
    return left.text === unwrap(value).text && this.isConstantContainer(unwrap(right), depth);
  }

  /** A module constant dict/list/tuple of constants, or an UPPER_CASE name defined elsewhere. */
  private isConstantContainer(node: Node, depth: number): boolean {
    if (node.type !== 'identifier') return false;
    const found = this.scopes.lookup(node, node.text);
    if (!found) return UPPER_CONSTANT.test(node.text);
    if (found.defs.length !== 1) return false;
    const value = found.defs[0]?.kind === 'init' ? found.defs[0].value : null;
    if (!value) return false;
    const inner = unwrap(value);
    if (inner.type === 'dictionary') {
      return inner.namedChildren.every((pair) => {
        if (pair?.type !== 'pair') return pair?.type === 'comment';
        const v = pair.childForFieldName('value');
        return v !== null && this.safety(v, depth + 1) !== 'dynamic';
      });
    }
    if (inner.type === 'list' || inner.type === 'tuple') return this.safety(inner, depth + 1) !== 'dynamic';
    return false;
  }

  private callSafety(node: Node, depth: number): HoleSafety {
    const fn = node.childForFieldName('function');
    const args = argumentsOf(node);
    if (!fn) return 'dynamic';
    if (fn.type === 'identifier') {
      if (NUMBER_FUNCTIONS.has(fn.text)) return 'number';
      if (fn.text === 'str' && args[0]) return this.safety(args[0], depth + 1);
      if (ESCAPE_FUNCTIONS.has(fn.text) || ESCAPER_NAME.test(fn.text)) return 'escaped';
      return 'dynamic';
    }
    if (fn.type !== 'attribute') return 'dynamic';
    const method = fn.childForFieldName('attribute')?.text ?? '';
    const object = fn.childForFieldName('object');
    if (!object) return 'dynamic';
    if (object.text === 'os.environ' || (object.text === 'os' && method === 'getenv')) return 'constant';
    // `self.get_table_name()`: the object's own naming, trusted as a name (not as a value).
    if ((object.text === 'self' || object.text === 'cls') && !ESCAPE_FUNCTIONS.has(method) && !ESCAPER_NAME.test(method)) return 'attribute';
    if (object.text === 'math' || object.text === 'uuid') return 'number';
    if (NUMBER_METHODS.has(method)) return 'number';
    if (ESCAPE_FUNCTIONS.has(method) || ESCAPER_NAME.test(method)) return 'escaped';
    if (PASS_THROUGH_METHODS.has(method)) return this.safety(object, depth + 1);
    // name.replace("'", "''"), ident.replace('"', '""'): quotes doubled, SQL's own escaping.
    if (method === 'replace' && /^(['"])(?:''|"")\1$/.test(args[1]?.text ?? '')) return 'escaped';
    const objectNode = unwrap(object);
    if (method === 'join' && (objectNode.type === 'string' || objectNode.type === 'identifier')) {
      return args[0] && this.elementSafety(args[0], depth + 1) !== 'dynamic' ? 'placeholders' : 'dynamic';
    }
    if (method === 'format' && objectNode.type === 'string') {
      return args.reduce<HoleSafety>((acc, arg) => {
        const value = arg.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
        return combineSafety(acc, value ? this.safety(value, depth + 1) : 'dynamic');
      }, this.safety(objectNode, depth + 1));
    }
    if (method === 'get' && this.isConstantContainer(object, depth)) return 'constant';
    return 'dynamic';
  }

  /** Safety of the elements of an iterable (`join` arguments, loop targets). */
  elementSafety(input: Node, depth: number): HoleSafety {
    if (depth > 8) return 'dynamic';
    const node = unwrap(input);
    switch (node.type) {
      case 'list':
      case 'tuple':
      case 'set':
        return node.namedChildren.reduce<HoleSafety>((acc, e) => (e && e.type !== 'comment' ? combineSafety(acc, e.type === 'list_splat' ? 'dynamic' : this.safety(e, depth + 1)) : acc), 'constant');
      case 'string':
        return this.safety(node, depth + 1); // "?" * n, iterated characters
      case 'binary_operator': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        const operator = node.childForFieldName('operator')?.type;
        if (operator === '*' && left) return this.elementSafety(left, depth + 1);
        if (operator === '+' && left && right) return combineSafety(this.elementSafety(left, depth + 1), this.elementSafety(right, depth + 1));
        return 'dynamic';
      }
      case 'list_comprehension':
      case 'generator_expression':
      case 'set_comprehension': {
        const body = node.childForFieldName('body');
        if (!body) return 'dynamic';
        const clauses = node.namedChildren.filter((n): n is Node => n?.type === 'for_in_clause');
        const saved = new Map(this.overrides);
        try {
          for (const clause of clauses) {
            const right = clause.childForFieldName('right');
            const safety = right ? this.elementSafety(right, depth + 1) : 'dynamic';
            const left = clause.childForFieldName('left');
            for (const name of left ? targetNames(left) : []) this.overrides.set(name, safety === 'placeholders' ? 'constant' : safety);
          }
          return this.safety(body, depth + 1);
        } finally {
          this.overrides.clear();
          for (const [k, v] of saved) this.overrides.set(k, v);
        }
      }
      case 'call': {
        const fn = node.childForFieldName('function');
        if (fn?.type === 'identifier' && fn.text === 'range') return 'number';
        if (fn?.type === 'identifier' && fn.text === 'map') {
          // map(int, ids) / map(str, numbers)
          const [mapper, iterable] = argumentsOf(node);
          if (mapper && NUMBER_FUNCTIONS.has(mapper.text)) return 'number';
          if (mapper?.text === 'str' && iterable) return this.elementSafety(iterable, depth + 1);
          return 'dynamic';
        }
        if (fn?.type === 'identifier' && (fn.text === 'sorted' || fn.text === 'list' || fn.text === 'tuple')) {
          const first = argumentsOf(node)[0];
          return first ? this.elementSafety(first, depth + 1) : 'dynamic';
        }
        if (fn?.type === 'identifier' && fn.text === 'enumerate') return 'dynamic';
        return 'dynamic';
      }
      case 'identifier': {
        const override = this.overrides.get(node.text);
        if (override) return override;
        const found = this.scopes.lookup(node, node.text);
        if (!found) return UPPER_CONSTANT.test(node.text) ? 'constant' : 'dynamic';
        let result: HoleSafety = 'constant';
        for (const def of found.defs) {
          if (this.active.has(def.node.id)) continue;
          if (def.kind === 'push') result = combineSafety(result, def.value ? this.safety(def.value, depth + 1) : 'dynamic');
          else if (def.kind === 'init' && def.value) {
            this.active.add(def.node.id);
            result = combineSafety(result, this.elementSafety(def.value, depth + 1));
            this.active.delete(def.node.id);
          } else if (def.kind === 'append' && def.value) {
            result = combineSafety(result, this.elementSafety(def.value, depth + 1));
          } else result = 'dynamic';
          if (result === 'dynamic') return result;
        }
        return result;
      }
      default:
        return 'dynamic';
    }
  }

  /** The plain (non-f) string literal a name is bound to once. */
  constantLiteralOf(node: Node): Node | undefined {
    if (node.type !== 'identifier') return undefined;
    const found = this.scopes.lookup(node, node.text);
    if (found?.defs.length !== 1) return undefined;
    const value = found.defs[0]?.kind === 'init' ? found.defs[0].value : null;
    if (value?.type !== 'string' || interpolations(value).length > 0) return undefined;
    return value;
  }

  /** The content of a name bound once to a plain (non-f) string literal. */
  constantTextOf(node: Node): string | undefined {
    const literal = this.constantLiteralOf(node);
    return literal ? literalContent(literal) : undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Built strings -> parts

interface TextPiece extends SqlTextPart {
  readonly start: number;
  readonly end: number;
  /** `string_start` (prefix + quote) and `string_end` of the literal. */
  readonly open: string;
  readonly close: string;
  readonly literal: number;
}

interface HolePiece extends SqlHolePart {
  readonly node: Node;
  readonly start: number;
  readonly end: number;
  readonly inLiteral: boolean;
  /** The f-string literal the hole belongs to (for dropping the `f` prefix). */
  readonly literal: number;
}

type Piece = TextPiece | HolePiece;

type BuildKind = 'fstring' | 'concat' | 'percent' | 'format' | 'join';

interface Built {
  readonly node: Node;
  readonly pieces: Piece[];
  readonly kind: BuildKind;
  readonly how: string;
  readonly rewritable: boolean;
  /** The string literal(s) formatted by `%` / `.format()` and the tail to remove (` % (a,)`, `.format(a)`). */
  readonly tail?: { start: number; end: number };
}

function literalContent(node: Node): string {
  const start = node.firstChild;
  const end = node.lastChild;
  if (start?.type !== 'string_start' || end?.type !== 'string_end') return node.text;
  return node.text.slice(start.endIndex - node.startIndex, end.startIndex - node.startIndex);
}

function isPlain(input: Node): boolean {
  const node = unwrap(input);
  if (node.type === 'identifier') return true;
  if (node.type === 'attribute') {
    const object = node.childForFieldName('object');
    return object !== null && isPlain(object);
  }
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    const index = node.childForFieldName('subscript');
    return value !== null && isPlain(value) && index !== null && ['string', 'integer', 'identifier'].includes(index.type) && interpolations(index).length === 0;
  }
  if (node.type === 'call') {
    // request.args.get("q"), form.get("name"), str(user_id)
    const fn = node.childForFieldName('function');
    const args = argumentsOf(node);
    if (fn?.type === 'identifier' && ['str', 'int', 'float'].includes(fn.text)) return args.length === 1 && args[0] !== undefined && isPlain(args[0]);
    return fn?.type === 'attribute' && fn.childForFieldName('attribute')?.text === 'get' && isPlain(fn.childForFieldName('object') ?? node) && args.every((a) => a.type === 'string' && interpolations(a).length === 0);
  }
  return false;
}

function hole(node: Node, env: Env, inLiteral: boolean, start: number, end: number, literal: number, plain = isPlain(node)): HolePiece {
  return { kind: 'hole', node, safety: env.safety(node), expression: node.text, plain, start, end, inLiteral, literal };
}

function textPiece(literal: Node, start: number, end: number, editable = true): TextPiece {
  const base = literal.startIndex;
  return {
    kind: 'text',
    raw: literal.text.slice(start - base, end - base),
    editable,
    start,
    end,
    open: stringStart(literal),
    close: literal.lastChild?.type === 'string_end' ? literal.lastChild.text : '',
    literal: literal.id,
  };
}

/** Pieces of one string literal (f-string interpolations become holes). */
function pushLiteral(literal: Node, pieces: Piece[], env: Env): void {
  const open = literal.firstChild;
  const close = literal.lastChild;
  if (open?.type !== 'string_start' || close?.type !== 'string_end') {
    pieces.push(hole(literal, env, false, literal.startIndex, literal.endIndex, -1));
    return;
  }
  let position = open.endIndex;
  if (isFString(literal)) {
    for (const interpolation of interpolations(literal)) {
      pieces.push(textPiece(literal, position, interpolation.startIndex));
      const expression = interpolation.childForFieldName('expression');
      const simple = !interpolation.childForFieldName('type_conversion') && !interpolation.childForFieldName('format_specifier');
      pieces.push(expression
        ? hole(expression, env, true, interpolation.startIndex, interpolation.endIndex, literal.id, simple && isPlain(expression))
        : { kind: 'hole', node: interpolation, safety: 'dynamic', expression: interpolation.text, plain: false, start: interpolation.startIndex, end: interpolation.endIndex, inLiteral: true, literal: literal.id });
      position = interpolation.endIndex;
    }
  }
  pieces.push(textPiece(literal, position, close.startIndex));
}

/** A piece of a template defined elsewhere: analysed, never edited. */
function frozen(piece: Piece): Piece {
  return piece.kind === 'text' ? { ...piece, editable: false } : piece;
}

function isStringNode(node: Node): boolean {
  return node.type === 'string' || node.type === 'concatenated_string';
}

function hasStringLeaf(node: Node): boolean {
  if (isStringNode(node)) return true;
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    return (left !== null && hasStringLeaf(left)) || (right !== null && hasStringLeaf(right));
  }
  return false;
}

function flattenConcat(node: Node, pieces: Piece[], env: Env): void {
  if (node.type === 'binary_operator' && node.childForFieldName('operator')?.type === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left) flattenConcat(left, pieces, env);
    if (right) flattenConcat(right, pieces, env);
    return;
  }
  if (node.type === 'string') {
    pushLiteral(node, pieces, env);
    return;
  }
  if (node.type === 'concatenated_string') {
    for (const member of node.namedChildren) if (member?.type === 'string') pushLiteral(member, pieces, env);
    return;
  }
  const known = env.constantTextOf(node);
  if (known !== undefined) {
    pieces.push({ kind: 'text', raw: known, editable: false, start: -1, end: -1, open: '', close: '', literal: -1 });
    return;
  }
  pieces.push(hole(node, env, false, node.startIndex, node.endIndex, -1));
}

const PERCENT_SPEC = /%(?:\((\w{1,64})\))?[-+ #0]{0,4}\d{0,3}(?:\.\d{1,3})?([sdifrxXoeEgGcau%])/g;

/** `"... %s ..." % values`: the specs become holes bound to the tuple/dict/single value. */
function percentPieces(format: Node, values: Node, env: Env): Piece[] | undefined {
  const literals = format.type === 'concatenated_string' ? format.namedChildren.filter((n): n is Node => n?.type === 'string') : [format];
  const inner = unwrap(values);
  const positional = inner.type === 'tuple' ? inner.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : undefined;
  const byName = new Map<string, Node>();
  if (inner.type === 'dictionary') {
    for (const pair of inner.namedChildren) {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
      const value = pair?.childForFieldName('value');
      if (key?.type === 'string' && value) byName.set(literalContent(key), value);
    }
  }
  const pieces: Piece[] = [];
  let index = 0;
  for (const literal of literals) {
    if (isFString(literal)) return undefined;
    const open = literal.firstChild;
    const close = literal.lastChild;
    if (open?.type !== 'string_start' || close?.type !== 'string_end') return undefined;
    const content = literalContent(literal);
    const base = open.endIndex;
    let position = 0;
    for (const match of content.matchAll(PERCENT_SPEC)) {
      if (match[2] === '%') continue;
      const at = match.index;
      pieces.push(textPiece(literal, base + position, base + at));
      const name = match[1];
      let value: Node | undefined;
      if (name !== undefined) value = byName.get(name);
      else if (positional) value = positional[index];
      else value = index === 0 ? inner : undefined;
      index++;
      const start = base + at;
      const end = start + match[0].length;
      const plainSpec = match[2] !== 'r' && match[2] !== 'a';
      pieces.push(value
        ? hole(value, env, true, start, end, literal.id, plainSpec && isPlain(value))
        : { kind: 'hole', node: inner, safety: inner.type === 'dictionary' ? 'dynamic' : env.safety(inner), expression: inner.text, plain: false, start, end, inLiteral: true, literal: literal.id });
      position = at + match[0].length;
    }
    pieces.push(textPiece(literal, base + position, close.startIndex));
  }
  return pieces;
}

const FORMAT_FIELD = /\{\{|\}\}|\{([^{}!:]{0,64})(![rsa])?(:[^{}]{0,32})?\}/g;

/** `"... {} {name} ...".format(a, name=b)`. */
function formatPieces(literal: Node, args: readonly Node[], env: Env): Piece[] | undefined {
  if (isFString(literal)) return undefined;
  const open = literal.firstChild;
  const close = literal.lastChild;
  if (open?.type !== 'string_start' || close?.type !== 'string_end') return undefined;
  const positional = args.filter((a) => a.type !== 'keyword_argument' && a.type !== 'list_splat' && a.type !== 'dictionary_splat');
  const keywords = new Map<string, Node>();
  for (const arg of args) {
    const name = arg.type === 'keyword_argument' ? arg.childForFieldName('name')?.text : undefined;
    const value = arg.childForFieldName('value');
    if (name && value) keywords.set(name, value);
  }
  const splat = args.some((a) => a.type === 'list_splat' || a.type === 'dictionary_splat');
  const content = literalContent(literal);
  const base = open.endIndex;
  const pieces: Piece[] = [];
  let position = 0;
  let auto = 0;
  for (const match of content.matchAll(FORMAT_FIELD)) {
    if (match[0] === '{{' || match[0] === '}}') continue;
    const at = match.index;
    pieces.push(textPiece(literal, base + position, base + at));
    const field = (match[1] ?? '').trim();
    let value: Node | undefined;
    if (field === '') value = positional[auto++];
    else if (/^\d+$/.test(field)) value = positional[Number(field)];
    else value = keywords.get(field);
    const start = base + at;
    const end = start + match[0].length;
    const simple = match[2] === undefined && match[3] === undefined;
    pieces.push(value && !splat
      ? hole(value, env, true, start, end, literal.id, simple && isPlain(value))
      : { kind: 'hole', node: literal, safety: 'dynamic', expression: field || literal.text, plain: false, start, end, inLiteral: true, literal: literal.id });
    position = at + match[0].length;
  }
  pieces.push(textPiece(literal, base + position, close.startIndex));
  return pieces;
}

function buildOf(input: Node, env: Env): Built | undefined {
  const node = unwrap(input);
  if (node.type === 'string' && isFString(node) && interpolations(node).length > 0) {
    const pieces: Piece[] = [];
    pushLiteral(node, pieces, env);
    return { node, pieces, kind: 'fstring', how: 'an f-string', rewritable: true };
  }
  if (node.type === 'concatenated_string' && node.namedChildren.some((s) => s !== null && isFString(s) && interpolations(s).length > 0)) {
    const pieces: Piece[] = [];
    flattenConcat(node, pieces, env);
    return { node, pieces, kind: 'fstring', how: 'an f-string', rewritable: true };
  }
  if (node.type === 'binary_operator') {
    const operator = node.childForFieldName('operator')?.type;
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    if (operator === '%' && isStringNode(unwrap(left))) {
      const pieces = percentPieces(unwrap(left), right, env);
      if (!pieces) return undefined;
      return { node, pieces, kind: 'percent', how: '`%` formatting', rewritable: unwrap(left).id === left.id, tail: { start: left.endIndex, end: node.endIndex } };
    }
    // QUERY % (a, b) with `QUERY = "SELECT … %s"` defined once: the template is elsewhere, no rewrite.
    const template = operator === '%' ? env.constantLiteralOf(unwrap(left)) : undefined;
    if (template) {
      const pieces = percentPieces(template, right, env);
      if (!pieces) return undefined;
      return { node, pieces: pieces.map(frozen), kind: 'percent', how: '`%` formatting', rewritable: false };
    }
    if (operator === '+' && hasStringLeaf(node)) {
      const pieces: Piece[] = [];
      flattenConcat(node, pieces, env);
      return { node, pieces, kind: 'concat', how: 'string concatenation', rewritable: true };
    }
    return undefined;
  }
  if (node.type === 'call') {
    const fn = node.childForFieldName('function');
    if (fn?.type !== 'attribute') return undefined;
    const method = fn.childForFieldName('attribute')?.text;
    const object = fn.childForFieldName('object');
    if (!object) return undefined;
    const args = argumentsOf(node);
    if (method === 'format' && object.type === 'string') {
      const pieces = formatPieces(object, args, env);
      if (!pieces) return undefined;
      return { node, pieces, kind: 'format', how: '`.format()`', rewritable: true, tail: { start: object.endIndex, end: node.endIndex } };
    }
    const template = method === 'format' ? env.constantLiteralOf(object) : undefined;
    if (template) {
      const pieces = formatPieces(template, args, env);
      if (!pieces) return undefined;
      return { node, pieces: pieces.map(frozen), kind: 'format', how: '`.format()`', rewritable: false };
    }
    if (method === 'join' && object.type === 'string' && args.length === 1 && args[0] && (args[0].type === 'list' || args[0].type === 'tuple')) {
      const separator = literalContent(object);
      const pieces: Piece[] = [];
      let first = true;
      for (const element of args[0].namedChildren) {
        if (!element || element.type === 'comment') continue;
        if (!first) pieces.push({ kind: 'text', raw: separator, editable: false, start: -1, end: -1, open: '', close: '', literal: -1 });
        first = false;
        flattenConcat(element, pieces, env);
      }
      return { node, pieces, kind: 'join', how: '`.join()`', rewritable: false };
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
  if (node.type === 'conditional_expression') {
    const [a, , b] = node.namedChildren;
    return [...(a ? branches(a) : []), ...(b ? branches(b) : [])];
  }
  return [node];
}

function countUses(scope: Node, name: string): number {
  let count = 0;
  for (const id of scope.descendantsOfType('identifier')) if (id?.text === name) count++;
  return count;
}

/** Python syntax for {@link resolveSites}, over one file's `Env`. */
function siteLanguage(env: Env): SiteLanguage<Built> {
  return {
    buildOf: (node) => buildOf(node, env),
    literalText: (node) => {
      if (!isStringNode(node)) return undefined;
      return node.type === 'string' ? literalContent(node) : node.namedChildren.map((m) => (m ? literalContent(m) : '')).join('');
    },
    constantTextOf: (node) => env.constantTextOf(node),
    lookup: (at, name) => env.scopes.lookup(at, name),
    branches,
    unwrap,
    conditionalType: 'conditional_expression',
    countUses,
    emptyDeclarationIsString: false,
  };
}

function resolve(arg: Node, language: SiteLanguage<Built>): Resolution {
  let target = unwrap(arg);
  // session.execute(text(f"...")) is reported at text(); text(sql) follows the variable.
  if (target.type === 'call' && target.childForFieldName('function')?.text.endsWith('text') === true) {
    const first = argumentsOf(target)[0];
    if (first?.type === 'identifier') target = first;
  }
  return resolveSites(target, language);
}

// ---------------------------------------------------------------------------------------------
// Drivers and the quick fix

interface Imports {
  readonly drivers: Set<SqlDriverId>;
  readonly sqlalchemy: boolean;
  /** Local names of SQLAlchemy's `text`. */
  readonly textNames: Set<string>;
}

const PY_MODULE_DRIVERS: Readonly<Record<string, SqlDriverId>> = {
  sqlite3: 'python-sqlite3', aiosqlite: 'python-sqlite3', psycopg2: 'psycopg', psycopg: 'psycopg', aiopg: 'psycopg', pymysql: 'python-mysql',
  MySQLdb: 'python-mysql', mysql: 'python-mysql', 'mysql.connector': 'python-mysql', django: 'django',
};

/** `imports`/`fromImports`: the file's `import_statement` and `import_from_statement` nodes (the result does not depend on their order). */
function importsOf(imports: readonly (Node | null)[], fromImports: readonly (Node | null)[]): Imports {
  const drivers = new Set<SqlDriverId>();
  const textNames = new Set<string>();
  let sqlalchemy = false;
  const typed = [...imports.map((node) => [node, 'import_statement'] as const), ...fromImports.map((node) => [node, 'import_from_statement'] as const)];
  for (const [node, type] of typed) {
    if (!node) continue;
    const modules: string[] = [];
    if (type === 'import_statement') {
      for (const name of node.namedChildren) {
        const dotted = name?.type === 'aliased_import' ? name.childForFieldName('name') : name;
        if (dotted) modules.push(dotted.text);
      }
    } else {
      const module = node.childForFieldName('module_name')?.text ?? '';
      modules.push(module);
      if (module === 'sqlalchemy' || module.startsWith('sqlalchemy.')) {
        for (const name of node.namedChildren) {
          if (!name || name.id === node.childForFieldName('module_name')?.id) continue;
          const imported = name.type === 'aliased_import' ? name.childForFieldName('name')?.text : name.text;
          const local = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : name.text;
          if (imported === 'text' && local) textNames.add(local);
        }
      }
    }
    for (const module of modules) {
      const top = module.split('.')[0] ?? module;
      const driver = PY_MODULE_DRIVERS[module] ?? PY_MODULE_DRIVERS[top];
      if (driver) drivers.add(driver);
      if (top === 'sqlalchemy' || top === 'flask_sqlalchemy' || top === 'sqlmodel') sqlalchemy = true;
    }
  }
  return { drivers, sqlalchemy, textNames };
}

function driverFor(sink: Sink, imports: Imports): SqlDriverId | undefined {
  if (sink.method !== 'execute' && sink.method !== 'raw') return undefined;
  const receiverName = sink.receiver.slice(sink.receiver.lastIndexOf('.') + 1);
  if (sink.method === 'raw') return imports.drivers.has('django') && sink.receiver.endsWith('objects') ? 'django' : undefined;
  if (imports.sqlalchemy && /session|engine|db$/i.test(receiverName)) return undefined;
  const drivers = [...imports.drivers];
  return drivers.length === 1 ? drivers[0] : undefined;
}

const FIX_TITLE = 'Use a parameterized query';

function valueText(piece: HolePiece, bound: BoundHole): string {
  if (bound.prefix === '' && bound.suffix === '') return piece.expression;
  return `f"${bound.prefix}{${piece.expression}}${bound.suffix}"`;
}

function constructionEdits(built: Built, plan: { holes: readonly BoundHole[]; textEdits: readonly { part: number; offset: number; length: number; text: string }[] }, text: string): TextEdit[] | undefined {
  const edits: TextEdit[] = [];
  const pieces = built.pieces;
  const boundLiterals = new Map<number, number>();
  for (const bound of plan.holes) {
    const piece = pieces[bound.part];
    if (piece?.kind !== 'hole') return undefined;
    const before = pieces[bound.part - 1];
    const after = pieces[bound.part + 1];
    const left = before?.kind === 'text' && before.editable ? before : undefined;
    const right = after?.kind === 'text' && after.editable ? after : undefined;
    if (piece.inLiteral) {
      if (bound.removeBefore > 0 && left?.end !== piece.start) return undefined;
      if (bound.removeAfter > 0 && right?.start !== piece.end) return undefined;
      edits.push({ start: piece.start - bound.removeBefore, end: piece.end + bound.removeAfter, text: bound.placeholder });
      boundLiterals.set(piece.literal, (boundLiterals.get(piece.literal) ?? 0) + 1);
      continue;
    }
    if ((bound.removeBefore > 0 && !left) || (bound.removeAfter > 0 && !right) || (!left && !right)) return undefined;
    if (left && right && (left.open !== right.open || left.close !== right.close)) return undefined;
    const start = left ? left.end - bound.removeBefore : piece.start;
    const end = right ? right.start + bound.removeAfter : piece.end;
    edits.push({ start, end, text: (left ? '' : right?.open ?? '') + bound.placeholder + (right ? '' : left?.close ?? '') });
  }
  for (const edit of plan.textEdits) {
    const piece = pieces[edit.part];
    if (piece?.kind !== 'text' || !piece.editable) return undefined;
    edits.push({ start: piece.start + edit.offset, end: piece.start + edit.offset + edit.length, text: edit.text });
  }
  if (built.kind === 'percent' || built.kind === 'format') {
    // Every value must be bound: the `% (...)` / `.format(...)` tail goes away.
    if (pieces.some((p, i) => p.kind === 'hole' && !plan.holes.some((b) => b.part === i))) return undefined;
    if (!built.tail) return undefined;
    edits.push({ start: built.tail.start, end: built.tail.end, text: '' });
    if (built.kind === 'format') {
      for (const piece of pieces) {
        if (piece.kind !== 'text' || !piece.editable) continue;
        for (let at = piece.raw.search(/\{\{|\}\}/); at !== -1; ) {
          edits.push({ start: piece.start + at, end: piece.start + at + 2, text: piece.raw[at] ?? '' });
          const next = piece.raw.slice(at + 2).search(/\{\{|\}\}/);
          at = next === -1 ? -1 : at + 2 + next;
        }
      }
    }
  }
  if (built.kind === 'fstring' || built.kind === 'concat') {
    // Drop the `f` prefix of an f-string left without interpolations (and without `{{`).
    const literals = new Set(pieces.filter((p): p is HolePiece => p.kind === 'hole' && p.inLiteral).map((p) => p.literal));
    for (const literal of literals) {
      const total = pieces.filter((p) => p.kind === 'hole' && p.inLiteral && p.literal === literal).length;
      if (boundLiterals.get(literal) !== total) continue;
      const textPieces = pieces.filter((p): p is TextPiece => p.kind === 'text' && p.literal === literal);
      const first = textPieces[0];
      if (!first || textPieces.some((p) => p.raw.includes('{{') || p.raw.includes('}}'))) continue;
      const prefixStart = first.start - first.open.length;
      const prefix = text.slice(prefixStart, first.start);
      const fAt = prefix.search(/f/i);
      if (fAt !== -1) edits.push({ start: prefixStart + fAt, end: prefixStart + fAt + 1, text: '' });
    }
  }
  edits.sort((a, b) => a.start - b.start);
  for (let i = 1; i < edits.length; i++) {
    const previous = edits[i - 1];
    const current = edits[i];
    if (previous && current && current.start < previous.end) return undefined;
  }
  return edits;
}

function buildFix(sink: Sink, site: Site, resolution: Resolution, assessment: Assessment, driverId: SqlDriverId, text: string): Fix | undefined {
  if (!site.built.rewritable || sink.otherArgs > 0) return undefined;
  if (site.depth > 0 || (site.variable !== undefined && !resolution.singleUse())) return undefined;
  if (site.variable === undefined && resolution.sites.filter((s) => s.depth === 0).length !== 1) return undefined;
  const driver = SQL_DRIVERS[driverId];
  const plan = planParameterization(site.built.pieces, assessment.contexts, driver, { percentEscaped: site.built.kind === 'percent' });
  if (!plan) return undefined;
  const construction = constructionEdits(site.built, plan, text);
  if (!construction) return undefined;
  const values = plan.holes.map((bound) => {
    const piece = site.built.pieces[bound.part];
    return piece?.kind === 'hole' ? valueText(piece, bound) : '';
  });
  const list = driverId === 'django' ? `[${values.join(', ')}]` : values.length === 1 ? `(${values[0] ?? ''},)` : `(${values.join(', ')})`;
  const callEdit: TextEdit = { start: sink.sqlArg.endIndex, end: sink.sqlArg.endIndex, text: `, ${list}` };
  return { title: `${FIX_TITLE} (${driver.label} placeholders)`, isPreferred: true, edits: [...construction, callEdit] };
}

function adviceFor(sink: Sink, imports: Imports): string | undefined {
  if (sink.method === 'executescript') return '`executescript()` cannot bind values: run each statement with `execute()` and bound parameters instead.';
  const receiverName = sink.receiver.slice(sink.receiver.lastIndexOf('.') + 1);
  if (imports.textNames.has(sink.method) || sink.method === 'text' || (imports.sqlalchemy && /session|engine|conn|db$/i.test(receiverName))) {
    return 'Use `:name` bind parameters in `text()` and pass the values to `execute()` instead.';
  }
  if (sink.method === 'read_sql' || sink.method === 'read_sql_query') return 'Use bound parameters and pass the values with `params=` instead.';
  return undefined;
}

// ---------------------------------------------------------------------------------------------

/** Callees of the calls that define a local (`conditions.append("a = %s")`, see `addDefinition`). */
const DEFINING_CALLS: CalleeNames = { names: ['append', 'insert', 'extend'] };

/**
 * The scope and definition nodes of the file in document order, with their types, for `LocalScopes`. The
 * calls among them are only those `addDefinition` can read (`x.append(…)`), found from the text: a root-level
 * request for every call would add all the calls of every later file to the walk the rules share.
 */
function scopeNodes(ctx: RuleContext): [Node[], string[]] {
  const others = ctx.root.descendantsOfType(['import_statement', 'import_from_statement', ...SCOPE_NODE_TYPES, ...DEFINITION_TYPES]).filter((n): n is Node => n !== null);
  const calls = new CalleeEndIndex(ctx.tree, ctx.root, ctx.file.text, DEFINING_CALLS).callsInOrder();
  const callIds = new Set(calls.map((call) => call.id));
  const nodes = calls.length === 0 ? others : mergeInDocumentOrder([others, calls]);
  return [nodes, nodes.map((node) => (callIds.has(node.id) ? 'call' : node.type))];
}

/** Argument shapes that can carry a built string (directly or through a variable). */
const CANDIDATE_ARGS = new Set(['string', 'concatenated_string', 'binary_operator', 'call', 'identifier', 'conditional_expression', 'parenthesized_expression']);

export function checkPython(ctx: RuleContext): void {
  // Tests and schema migrations (Knex/Sequelize/Django/Alembic) build SQL with no request in sight.
  if (ctx.file.isTestPath || isMigrationPath(ctx.file.path)) return;
  // The root-level calls are filters of one walk shared with the other rules (the walk is what costs).
  const root = ctx.root;
  let fileImports: Imports | undefined;
  const importsNow = (): Imports => (fileImports ??= importsOf(root.descendantsOfType('import_statement'), root.descendantsOfType('import_from_statement')));
  // SQLAlchemy's `text` under another name comes from a `from sqlalchemy… import`: read the imports only
  // when one names sqlalchemy (import statements are short; the whole text is not).
  const text = ctx.file.text;
  const fromSqlalchemy = root.descendantsOfType('import_from_statement').some((node) => node !== null && text.slice(node.startIndex, node.endIndex).includes('sqlalchemy'));
  const textNames = fromSqlalchemy ? importsNow().textNames : new Set<string>();
  // Only calls whose callee can end with a query method name can be sinks: the others are skipped without
  // reading their callee from the tree (`sinkOf` takes the text after the callee's last dot).
  const methods = [...DEFINITE_METHODS, ...GENERIC_METHODS, ...textNames, 'RawSQL'];
  const asciiNames = methods.every((name) => /^[A-Za-z0-9_]{1,64}$/.test(name));
  const names = new CalleeEndIndex(ctx.tree, root, ctx.file.text, asciiNames ? { suffixes: methods } : { all: true });
  if (names.isEmpty) return;
  const sinks: Sink[] = [];
  for (const node of names.callsInOrder()) {
    const sink = sinkOf(node, textNames);
    if (sink && CANDIDATE_ARGS.has(sink.sqlArg.type)) sinks.push(sink);
  }
  if (sinks.length === 0) return;
  const imports = importsNow();
  const env = new Env(root, ...scopeNodes(ctx));
  const language = siteLanguage(env);
  for (const sink of sinks) {
    const resolution = resolve(sink.sqlArg, language);
    if (resolution.sites.length === 0) continue;
    if (!sink.definite && sqlShape(constantText(resolution.parts)) === undefined) continue;
    for (const site of resolution.sites) {
      const assessment = assessParts(site.built.pieces);
      if (!assessment) continue;
      const driverId = driverFor(sink, imports);
      const fix = driverId ? buildFix(sink, site, resolution, assessment, driverId, ctx.file.text) : undefined;
      const placeholder = driverId ? PLACEHOLDER_STYLES[SQL_DRIVERS[driverId].style].placeholder(1) : undefined;
      ctx.report({
        node: site.built.node,
        message: sqlMessage({
          how: site.accumulated ? 'string concatenation (`+=`)' : site.built.how,
          sink: sink.label,
          hole: assessment.hole,
          context: assessment.context,
          ...(placeholder ? { placeholder } : {}),
          ...(site.variable !== undefined ? { viaVariable: site.variable } : {}),
          ...(adviceFor(sink, imports) ? { advice: adviceFor(sink, imports) } : {}),
        }),
        fixes: fix ? [fix] : [],
      });
    }
  }
}
