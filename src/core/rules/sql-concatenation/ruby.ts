/**
 * sql-concatenation for Ruby: `#{}` interpolation, `+` concatenation and `%`/`format` formatting
 * that splice values into SQL run by ActiveRecord (`where`, `not`, `having`, `order`, `reorder`,
 * `group`, `joins`, `select`, `from`, `pluck`, `find_by`, `exists?`, `update_all`, `find_by_sql`,
 * `count_by_sql`, `Arel.sql`), the connection (`execute`, `exec_query`, `select_all`, `select_one`,
 * `select_value(s)`, `select_rows`, `exec_update`, `exec_delete`, `exec_insert`), Sequel
 * (`DB.run`, `DB.fetch`, `DB[sql]`-style calls are out of scope) and mysql2/pg/sqlite3 clients
 * (`client.query`, `conn.exec`, `db.execute`). Through a local variable too (`sql = "…#{x}"; sql << …`).
 *
 * Safe: constants (`UPPER_CASE`, `Model::CONST`), numbers (`.to_i`, `Integer(x)`, `.count`, `.id`,
 * `ids.map(&:to_i).join(",")`), quoting (`quote`, `connection.quote`, `sanitize_sql*`,
 * `quote_column_name`, `quote_table_name`), model names (`table_name`, `quoted_table_name`,
 * `primary_key`), configuration (`ENV[…]`, `ENV.fetch(…)`, `Rails.application.credentials`), generated
 * placeholder lists (`(["?"] * ids.size).join(", ")`), and locals / instance variables / methods of the file
 * that hold such values ({@link valueSafety}). `sanitize_sql_like` escapes `%`/`_` only: still reported.
 * Test paths and `db/migrate/` are skipped.
 * Fix: ActiveRecord conditions and `find_by_sql` get `?` placeholders with the values as arguments.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { planParameterization, sqlMessage, type HoleSafety, type SqlDriver } from '../shared/sql';
import { rubyArguments, rubyCallName, rubyEnclosingMethod, rubyIndex, rubyNextCodeIndex, type RubyIndex } from '../shared/ruby';
import { assessParts, isSqlForSink } from './assess';
import { isMigrationPath } from './migrations';
import { constructionEdits, fixedText, holePiece, textPiece, type Built, type HolePiece, type Piece } from './pieces';
import { firstAtOrAfter } from '../shared/sorted';

const FIX_TITLE = 'Use a parameterized query';
const ACTIVE_RECORD: SqlDriver = { id: 'active-record', label: 'ActiveRecord', style: 'question', bindsLimit: false };

/** ActiveRecord query methods whose first argument is an SQL fragment by contract. */
const FRAGMENT_METHODS = new Set([
  'where', 'rewhere', 'not', 'having', 'order', 'reorder', 'group', 'joins', 'left_joins', 'left_outer_joins', 'from',
  'find_by', 'find_by!', 'exists?', 'update_all', 'delete_by', 'destroy_by', 'lock', 'in_order_of',
]);
/** ActiveRecord methods that take SQL only when the argument is a string: `select("…")` vs `select { |x| … }`. */
const STRING_ONLY_METHODS = new Set(['select', 'pluck', 'calculate', 'sum', 'count', 'minimum', 'maximum', 'average']);
/** Methods that run a whole statement by contract. */
const STATEMENT_METHODS = new Set(['find_by_sql', 'count_by_sql']);
/** Connection / client methods: the text must look like SQL. */
const EXECUTE_METHODS = new Set([
  'execute', 'exec_query', 'exec_update', 'exec_delete', 'exec_insert', 'select_all', 'select_one', 'select_value',
  'select_values', 'select_rows', 'query', 'exec', 'exec_params', 'async_exec', 'run', 'fetch', 'execute_batch',
]);
/** Where the fix can bind `?` values: ActiveRecord conditions. */
const BINDABLE_METHODS = new Set(['where', 'rewhere', 'not', 'having', 'find_by', 'find_by!', 'exists?', 'delete_by', 'destroy_by']);

const NUMBER_METHODS = new Set(['to_i', 'to_f', 'to_r', 'to_d', 'size', 'length', 'count', 'id', 'abs', 'round', 'floor', 'ceil', 'to_int']);
const QUOTE_METHODS = new Set([
  'quote', 'sanitize_sql', 'sanitize_sql_array', 'sanitize_sql_for_conditions', 'sanitize_sql_for_assignment',
  'sanitize_sql_for_order', 'sanitize_sql_hash_for_assignment', 'quote_column_name', 'quote_table_name', 'quote_string',
  'escape', 'escape_string', 'literal', 'quote_identifier', 'quote_ident', 'escape_literal', 'escape_identifier',
]);
const MODEL_NAME_METHODS = new Set(['table_name', 'quoted_table_name', 'primary_key', 'quoted_primary_key', 'arel_table', 'column_names']);

function isConstant(node: Node): boolean {
  return node.type === 'constant' || node.type === 'scope_resolution';
}

/** A receiver chain that ends in configuration: `ENV`, `Rails.application.credentials`, `Rails.configuration`. */
function isConfiguration(node: Node): boolean {
  const text = node.text;
  return /^ENV\b/.test(text) || /^Rails\.(?:application\.(?:credentials|config|secrets)|configuration)\b/.test(text);
}

function shallowSafety(node: Node): { safety: HoleSafety; plain: boolean } {
  switch (node.type) {
    case 'integer':
    case 'float':
    case 'true':
    case 'false':
    case 'nil':
    case 'simple_symbol':
      return { safety: 'constant', plain: true };
    case 'string':
      return { safety: node.namedChildren.some((c) => c?.type === 'interpolation') ? 'dynamic' : 'constant', plain: true };
    case 'constant':
    case 'scope_resolution':
      return { safety: 'constant', plain: true };
    case 'identifier':
      if (MODEL_NAME_METHODS.has(node.text)) return { safety: 'constant', plain: true };
      return { safety: 'dynamic', plain: true };
    case 'instance_variable':
      return { safety: 'attribute', plain: true };
    case 'element_reference': {
      if (isConfiguration(node)) return { safety: 'constant', plain: true };
      const object = node.childForFieldName('object') ?? node.firstNamedChild;
      if (object && isConstant(object)) return { safety: 'constant', plain: true }; // SORT_COLUMNS[params[:sort]]
      return { safety: 'dynamic', plain: true };
    }
    case 'parenthesized_statements': {
      const inner = node.namedChildren.find((n): n is Node => n !== null);
      return inner ? shallowSafety(inner) : { safety: 'dynamic', plain: false };
    }
    case 'call': {
      if (isConfiguration(node)) return { safety: 'constant', plain: false };
      const name = rubyCallName(node);
      const method = name?.method ?? '';
      const receiver = name?.receiver;
      if (NUMBER_METHODS.has(method) && rubyArguments(node).length === 0) return { safety: 'number', plain: false };
      if (method === 'Integer' || method === 'Float' || method === 'BigDecimal') return { safety: 'number', plain: false };
      if (QUOTE_METHODS.has(method)) return { safety: 'escaped', plain: false };
      if (MODEL_NAME_METHODS.has(method)) return { safety: 'constant', plain: false };
      if (method === 'join' && receiver) {
        // ids.map(&:to_i).join(","), (["?"] * n).join(", "), Array.new(n, "?").join(",")
        if (/\.map\s*\(\s*&:to_(?:i|f)\s*\)|\.map\s*\{\s*\|\w+\|\s*\w+\.to_(?:i|f)\s*\}/.test(receiver.text)) return { safety: 'number', plain: false };
        if (/^\(?\s*\[\s*["']\?["']\s*\]\s*\*|^Array\.new\([^,]+,\s*["']\?["']\)/.test(receiver.text)) return { safety: 'placeholders', plain: false };
        if (/placeholders|marks|binds/i.test(receiver.text)) return { safety: 'placeholders', plain: false };
      }
      if (receiver && isConstant(receiver) && /^(?:now|today|current|zone)$/.test(method)) return { safety: 'constant', plain: false };
      // an attribute getter without arguments (`user.name`, `params[:id].strip`) moves as is into a bind list
      const plain = rubyArguments(node).length === 0 && node.childForFieldName('block') === null;
      return { safety: 'dynamic', plain };
    }
    default:
      return { safety: 'dynamic', plain: false };
  }
}

/** Per-file state of the small data-flow that clears locals, instance variables and helper methods. */
interface Flow {
  readonly index: RubyIndex;
  readonly text: string;
  /** `def name` (no parameters) of this file, by name. */
  methods?: Map<string, Node>;
  /** Names declared with `attr_reader` / `attr_accessor` in this file. */
  readers?: Set<string>;
  readonly resolving: Set<string>;
}

const MAX_DEPTH = 12;

function isSafe(safety: HoleSafety): boolean {
  return safety !== 'dynamic' && safety !== 'attribute';
}

/** `.ago`, `.from_now`: a Time, whatever the duration came from. */
const TIME_RESULT_METHODS = new Set(['ago', 'from_now', 'since', 'until']);
/** Methods that keep a safe value safe (numbers stay numbers, constant text stays constant). */
const PRESERVING_METHODS = new Set([
  'utc', 'iso8601', 'to_date', 'to_time', 'to_datetime', 'beginning_of_day', 'end_of_day', 'to_s', 'to_fs', 'to_formatted_s', 'strftime',
  'upcase', 'downcase', 'capitalize', 'strip', 'squish', 'uniq', 'compact', 'sort', 'flatten', 'to_a', 'reverse', 'freeze',
  'seconds', 'second', 'minutes', 'minute', 'hours', 'hour', 'days', 'day', 'weeks', 'week', 'months', 'month', 'years', 'year', 'in_time_zone',
]);

function methodsOf(flow: Flow): Map<string, Node> {
  if (flow.methods) return flow.methods;
  const methods = new Map<string, Node>();
  for (const method of flow.index.nodes('method')) {
    const name = method.childForFieldName('name')?.text;
    if (name && namedOf(method.childForFieldName('parameters')).length === 0) methods.set(name, method);
  }
  flow.methods = methods;
  return methods;
}

function readersOf(flow: Flow): Set<string> {
  if (flow.readers) return flow.readers;
  const readers = new Set<string>();
  for (const call of flow.index.nodes('call')) {
    const name = rubyCallName(call);
    if (!name || name.receiver || (name.method !== 'attr_reader' && name.method !== 'attr_accessor')) continue;
    for (const arg of rubyArguments(call)) if (arg.type === 'simple_symbol') readers.add(arg.text.slice(1));
  }
  flow.readers = readers;
  return readers;
}

function namedOf(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((n): n is Node => n !== null) : [];
}

/** Every write `left = …` / `left += …` to `matches` in [start, end): safe when each stored value is. */
function writesSafety(flow: Flow, start: number, end: number, matches: (left: Node) => boolean, depth: number): HoleSafety | undefined {
  let writes = 0;
  for (const write of [...flow.index.within('assignment', start, end), ...flow.index.within('operator_assignment', start, end)]) {
    const left = write.childForFieldName('left');
    if (!left) continue;
    if (left.type === 'left_assignment_list') {
      if (namedOf(left).some(matches)) return 'dynamic'; // a, b = …: not followed
      continue;
    }
    if (!matches(left)) continue;
    writes++;
    const right = write.childForFieldName('right');
    if (!right || !isSafe(valueSafety(right, flow, depth + 1))) return 'dynamic';
  }
  return writes > 0 ? 'constant' : undefined;
}

/** A block parameter: `%w[a b].each do |t|` (a literal list) or `model.columns.each do |column|` (schema). */
function blockParameterSafety(identifier: Node, flow: Flow, depth: number): HoleSafety | undefined {
  const name = identifier.text;
  let block = flow.index.enclosing(identifier, ['do_block', 'block']);
  while (block) {
    const parameters = namedOf(block.childForFieldName('parameters'));
    if (parameters.some((p) => p.text === name)) {
      const receiver = block.parent?.childForFieldName('receiver');
      if (!receiver) return 'dynamic';
      if (receiver.type === 'array' || receiver.type === 'string_array' || receiver.type === 'symbol_array') return valueSafety(receiver, flow, depth + 1);
      if (/(?:^|\.)(?:columns|column_names|tables|content_columns)$/.test(receiver.text)) return 'constant'; // schema metadata
      return 'dynamic';
    }
    block = flow.index.enclosing(block, ['do_block', 'block']);
  }
  return undefined;
}

/** A bare name: a local (its writes in the method), a block parameter, or a method/reader of this file. */
function identifierSafety(identifier: Node, flow: Flow, depth: number): HoleSafety {
  const name = identifier.text;
  if (MODEL_NAME_METHODS.has(name)) return 'constant';
  if (depth > MAX_DEPTH) return 'dynamic';
  if (flow.resolving.has(name)) return 'constant'; // n += 1, x = x.strip: the earlier value is judged on its own
  flow.resolving.add(name);
  try {
    const method = rubyEnclosingMethod(flow.index, identifier);
    const start = method?.startIndex ?? 0;
    const end = method?.endIndex ?? Number.MAX_SAFE_INTEGER;
    const local = writesSafety(flow, start, end, (left) => left.type === 'identifier' && left.text === name, depth);
    if (local) return local;
    const block = blockParameterSafety(identifier, flow, depth);
    if (block) return block;
    if (method && namedOf(method.childForFieldName('parameters')).some((p) => p.text === name || p.firstNamedChild?.text === name)) return 'dynamic';
    // a method of this class: `def avg_sum_flags; aggregates[:avg].to_f; end`, or `attr_reader :period` with `@period = 30.days.ago`
    const definition = methodsOf(flow).get(name);
    if (definition) {
      const body = definition.childForFieldName('body');
      const last = (body ? namedOf(body) : namedOf(definition).slice(1)).filter((n) => n.type !== 'comment').pop();
      return last ? valueSafety(last, flow, depth + 1) : 'dynamic';
    }
    if (readersOf(flow).has(name)) return instanceVariableSafety(`@${name}`, flow, depth);
    return 'dynamic';
  } finally {
    flow.resolving.delete(name);
  }
}

/** `@interval = time_interval("1m")`, `@period = 30.days.ago`: every write to it in this file. */
function instanceVariableSafety(name: string, flow: Flow, depth: number): HoleSafety {
  if (flow.resolving.has(name)) return 'constant';
  flow.resolving.add(name);
  try {
    return writesSafety(flow, 0, Number.MAX_SAFE_INTEGER, (left) => left.type === 'instance_variable' && left.text === name, depth) ?? 'attribute';
  } finally {
    flow.resolving.delete(name);
  }
}

/**
 * Whether a value can carry attacker text into SQL, following locals, instance variables and this
 * file's methods: literals, numbers, times, id lists (`pluck(:id)`, `map(&:id)`), and helpers called
 * only with such values (`rdbms_date_add("created_at", "SECOND", n.to_i)`) are safe.
 */
function valueSafety(node: Node, flow: Flow, depth: number): HoleSafety {
  const shallow = shallowSafety(node).safety;
  if (isSafe(shallow) || depth > MAX_DEPTH) return shallow;
  switch (node.type) {
    case 'string':
      return namedOf(node).every((c) => c.type !== 'interpolation' || namedOf(c).every((code) => isSafe(valueSafety(code, flow, depth + 1)))) ? 'constant' : 'dynamic';
    case 'identifier':
      return identifierSafety(node, flow, depth);
    case 'instance_variable':
      return instanceVariableSafety(node.text, flow, depth);
    case 'element_reference': {
      // length[:dur] of a hash that is itself safe
      const object = node.childForFieldName('object') ?? node.firstNamedChild;
      return object ? valueSafety(object, flow, depth + 1) : 'dynamic';
    }
    case 'parenthesized_statements': {
      const inner = namedOf(node)[0];
      return inner ? valueSafety(inner, flow, depth) : 'dynamic';
    }
    case 'array':
    case 'string_array':
    case 'symbol_array':
    case 'hash':
    case 'pair':
      return namedOf(node).every((element) => isSafe(valueSafety(element, flow, depth + 1))) ? 'constant' : 'dynamic';
    case 'bare_string':
    case 'bare_symbol':
    case 'hash_key_symbol':
      return 'constant';
    case 'binary': {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      const operator = node.childForFieldName('operator')?.text ?? '';
      if (!/^(?:[-+*/%]|\*\*|==|!=|<|>|<=|>=|&&|\|\||and|or)$/.test(operator) || !left || !right) return 'dynamic';
      return isSafe(valueSafety(left, flow, depth + 1)) && isSafe(valueSafety(right, flow, depth + 1)) ? 'constant' : 'dynamic';
    }
    case 'call': {
      const name = rubyCallName(node);
      const method = name?.method ?? '';
      const receiver = name?.receiver;
      const args = rubyArguments(node);
      const block = node.childForFieldName('block');
      if (TIME_RESULT_METHODS.has(method) && args.length === 0) return 'constant';
      // id lists: pluck(:id), pluck(:thread_id), map(&:id), .ids
      if (method === 'pluck' && args.length === 1 && /^:\w*id$/.test(args[0]?.text ?? '')) return 'number';
      if (method === 'ids' && args.length === 0) return 'number';
      if ((method === 'map' || method === 'collect') && args.length === 1 && /^&:(?:id|to_i|to_f|\w+_id)$/.test(args[0]?.text ?? '')) return 'number';
      if (receiver && !block && (PRESERVING_METHODS.has(method) || method === 'join')) return valueSafety(receiver, flow, depth + 1);
      // an attribute of a safe local: `column.name` of `model.columns.each do |column|`
      if (receiver?.type === 'identifier' && !block && args.length === 0) return valueSafety(receiver, flow, depth + 1);
      if (!receiver && !block && args.length > 0) {
        // a helper of this app fed only constants and numbers: rdbms_date_add("created_at", "SECOND", n.to_i)
        return args.every((arg) => arg.type !== 'splat_argument' && arg.type !== 'block_argument' && isSafe(valueSafety(arg, flow, depth + 1))) ? 'constant' : 'dynamic';
      }
      return 'dynamic';
    }
    default:
      return 'dynamic';
  }
}

function safetyOf(node: Node, flow: Flow): { safety: HoleSafety; plain: boolean } {
  const shallow = shallowSafety(node);
  if (isSafe(shallow.safety)) return shallow;
  return { safety: valueSafety(node, flow, 0), plain: shallow.plain };
}

interface Flattened {
  readonly pieces: Piece[];
  readonly how: string;
  readonly rewritable: boolean;
}

/** A string literal: text pieces anchored in the file, interpolations as holes. */
function stringPieces(node: Node, flow: Flow): Flattened | undefined {
  const index = flow.index;
  let target: Node | undefined = node;
  let heredoc = false;
  if (node.type === 'heredoc_beginning') {
    target = index.heredocBody(node);
    heredoc = true;
  }
  if (!target || (target.type !== 'string' && target.type !== 'heredoc_body')) return undefined;
  const open = node.text.startsWith('"') ? '"' : node.text.startsWith("'") ? "'" : '';
  const quote = heredoc || open === '' ? '' : open;
  const pieces: Piece[] = [];
  let interpolated = false;
  for (const child of target.namedChildren) {
    if (!child) continue;
    const type = child.type; // each `type` read is a WebAssembly call
    if (type === 'interpolation') {
      interpolated = true;
      const code = child.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment');
      if (!code) continue;
      const safety = safetyOf(code, flow);
      pieces.push({ ...holePiece(code, safety.safety, safety.plain, true, child.startIndex, child.endIndex) });
    } else if (type === 'string_content' || type === 'heredoc_content' || type === 'escape_sequence') {
      const last = pieces[pieces.length - 1];
      if (last?.kind === 'text' && last.editable && last.end === child.startIndex && quote !== '') {
        pieces[pieces.length - 1] = textPiece(last.raw + child.text, last.start, child.endIndex, quote);
      } else {
        pieces.push(quote === '' ? fixedText(child.text) : textPiece(child.text, child.startIndex, child.endIndex, quote));
      }
    }
  }
  return { pieces, how: interpolated ? 'string interpolation' : 'a string literal', rewritable: quote === '"' };
}

/** `%s`-style format (`"…%s…" % [x]`, `format("…%s…", x)`): holes in order; `%d` holes are numbers. */
function formatPieces(format: string, args: readonly Node[], flow: Flow): Piece[] | undefined {
  const pieces: Piece[] = [];
  let cursor = 0;
  let argIndex = 0;
  for (const match of format.matchAll(/%[-+ 0#]{0,4}\d{0,3}(?:\.\d{1,3})?([sdifxXeEgGp%])/g)) {
    const verb = match[1] ?? '';
    if (verb === '%') continue;
    pieces.push(fixedText(format.slice(cursor, match.index)));
    const arg = args[argIndex++];
    if (!arg) return undefined;
    const numeric = 'difxXeEgG'.includes(verb);
    const safety = numeric ? { safety: 'number' as const, plain: false } : safetyOf(arg, flow);
    pieces.push(holePiece(arg, safety.safety, safety.plain, false));
    cursor = match.index + match[0].length;
  }
  pieces.push(fixedText(format.slice(cursor)));
  return pieces;
}

function flatten(node: Node, flow: Flow, depth: number): Flattened | undefined {
  switch (node.type) {
    case 'string':
    case 'heredoc_beginning':
      return stringPieces(node, flow);
    case 'parenthesized_statements': {
      const inner = node.namedChildren.find((n): n is Node => n !== null);
      return inner ? flatten(inner, flow, depth) : undefined;
    }
    case 'binary': {
      const operator = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return undefined;
      if (operator === '%' && (left.type === 'string' || left.type === 'heredoc_beginning')) {
        const format = flatten(left, flow, depth);
        if (!format || format.pieces.some((p) => p.kind === 'hole')) return undefined;
        const args = right.type === 'array' ? right.namedChildren.filter((n): n is Node => n !== null) : [right];
        const pieces = formatPieces(format.pieces.map((p) => (p.kind === 'text' ? p.raw : '')).join(''), args, flow);
        return pieces ? { pieces, how: '`%` formatting', rewritable: false } : undefined;
      }
      if (operator !== '+') return undefined;
      const pieces: Piece[] = [];
      for (const operand of [left, right]) {
        const inner = operand.type === 'string' || operand.type === 'binary' ? flatten(operand, flow, depth) : undefined;
        if (inner) pieces.push(...inner.pieces.map((p) => (p.kind === 'text' ? fixedText(p.raw) : p)));
        else {
          const safety = safetyOf(operand, flow);
          pieces.push(holePiece(operand, safety.safety, safety.plain, false));
        }
      }
      return { pieces, how: 'string concatenation', rewritable: false };
    }
    case 'call': {
      const name = rubyCallName(node);
      if ((name?.method === 'format' || name?.method === 'sprintf') && !name.receiver) {
        const args = rubyArguments(node);
        const first = args[0];
        const format = first ? flatten(first, flow, depth) : undefined;
        if (!format || format.pieces.some((p) => p.kind === 'hole')) return undefined;
        const pieces = formatPieces(format.pieces.map((p) => (p.kind === 'text' ? p.raw : '')).join(''), args.slice(1), flow);
        return pieces ? { pieces, how: '`format`', rewritable: false } : undefined;
      }
      if (name?.method === 'sql' && name.receiver?.text === 'Arel') {
        const arg = rubyArguments(node)[0];
        return arg ? flatten(arg, flow, depth) : undefined;
      }
      return undefined;
    }
    case 'identifier':
      return depth === 0 ? resolveVariable(node, flow) : undefined;
    default:
      return undefined;
  }
}

/**
 * The `binary` nodes starting in [start, the identifier) (`sql << "…"` appends), as `index.within('binary', …)` would
 * list them. They are not in the node index every file pays for, being asked for only here: a `<<` append has its
 * operator in that range too, so without `<<` there is none, else the scope's subtree is walked (the whole tree from
 * a fresh root node, outside the shared walk, when there is no scope; an ancestor of the scope starting with it is
 * missed, but its `left` is no identifier).
 */
function appendsBefore(identifier: Node, scope: Node | undefined, start: number, text: string): Node[] {
  const end = identifier.startIndex;
  if (!text.slice(start, end).includes('<<')) return [];
  return (scope ?? identifier.tree.rootNode).descendantsOfType('binary').filter((n): n is Node => n !== null && n.startIndex >= start && n.startIndex < end);
}

/** `sql = "…#{x}…"` then `sql += …` / `sql << …` in the same method, before the use. */
function resolveVariable(identifier: Node, flow: Flow): Flattened | undefined {
  const index = flow.index;
  const method = rubyEnclosingMethod(index, identifier) ?? index.enclosing(identifier, ['do_block', 'block']);
  const start = method?.startIndex ?? 0;
  const name = identifier.text;
  const writes = [
    ...index.within('assignment', start, identifier.startIndex),
    ...index.within('operator_assignment', start, identifier.startIndex),
    ...appendsBefore(identifier, method, start, flow.text),
  ].sort((a, b) => a.startIndex - b.startIndex);
  let pieces: Piece[] | undefined;
  let how = 'string interpolation';
  for (const write of writes) {
    const left = write.childForFieldName('left');
    const right = write.childForFieldName('right');
    if (left?.type !== 'identifier' || left.text !== name || !right) continue;
    const append = write.type === 'operator_assignment' || (write.type === 'binary' && write.childForFieldName('operator')?.text === '<<');
    if (write.type === 'binary' && !append) continue;
    const built = flatten(right, flow, 1);
    const asPieces = built
      ? built.pieces.map((p) => (p.kind === 'text' ? fixedText(p.raw) : p))
      : [((): Piece => {
          const safety = safetyOf(right, flow);
          return holePiece(right, safety.safety, safety.plain, false);
        })()];
    if (append) {
      if (pieces) pieces.push(...asPieces);
      continue;
    }
    pieces = built ? asPieces : undefined;
    if (built && built.how !== 'a string literal') how = built.how;
  }
  return pieces ? { pieces, how, rewritable: false } : undefined;
}

interface SinkInfo {
  readonly definite: boolean;
  readonly bindable: boolean;
  readonly arrayForm: boolean;
}

/** The sink a call of `method` is, if any (`method` is the call's own method name). */
function sinkInfo(call: Node, method: string): SinkInfo | undefined {
  if (FRAGMENT_METHODS.has(method)) {
    // `where`/`order`… without a receiver only inside a model (scopes, class methods); with one, anything ActiveRecord-like
    return { definite: true, bindable: BINDABLE_METHODS.has(method), arrayForm: false };
  }
  if (STRING_ONLY_METHODS.has(method)) return { definite: true, bindable: false, arrayForm: false };
  if (STATEMENT_METHODS.has(method)) return { definite: true, bindable: true, arrayForm: true };
  if (EXECUTE_METHODS.has(method)) {
    // `fetch`/`run`/`query`/`exec` are too common to trust without SQL-looking text (checked by the caller)
    return { definite: false, bindable: false, arrayForm: false };
  }
  if (method === 'sql' && call.childForFieldName('receiver')?.text === 'Arel') return { definite: true, bindable: false, arrayForm: false };
  return undefined;
}

/** The first argument, as `rubyArguments(call)[0]`, without building the whole list when it is not a comment. */
function firstArgument(call: Node): Node | undefined {
  const first = call.childForFieldName('arguments')?.firstNamedChild;
  if (!first) return undefined;
  return first.type === 'comment' ? rubyArguments(call)[0] : first;
}

function rubyString(text: string): string {
  return JSON.stringify(text).replace(/#\{/g, '\\#{');
}

function buildFix(call: Node, arg: Node, built: Built, assessment: NonNullable<ReturnType<typeof assessParts>>, sink: SinkInfo): Fix | undefined {
  if (!sink.bindable || !built.rewritable || arg.type !== 'string') return undefined;
  const args = rubyArguments(call);
  if (args.length !== 1 || args[0]?.id !== arg.id) return undefined;
  const plan = planParameterization(built.pieces, assessment.contexts, ACTIVE_RECORD);
  if (!plan) return undefined;
  const construction = constructionEdits(built, plan.holes, plan.textEdits);
  if (!construction) return undefined;
  const values = plan.holes.map((bound) => {
    const hole = built.pieces[bound.part] as HolePiece | undefined;
    const expression = hole?.expression ?? '';
    if (bound.prefix === '' && bound.suffix === '') return expression;
    // LIKE '%#{q}%' -> "%#{q}%": the pattern text stays around the value, inside one interpolating string
    return `${rubyString(bound.prefix).slice(0, -1)}#{${expression}}${rubyString(bound.suffix).slice(1)}`;
  });
  const edits = [...construction];
  if (sink.arrayForm) {
    edits.push({ start: arg.startIndex, end: arg.startIndex, text: '[' });
    edits.push({ start: arg.endIndex, end: arg.endIndex, text: `, ${values.join(', ')}]` });
  } else {
    edits.push({ start: arg.endIndex, end: arg.endIndex, text: `, ${values.join(', ')}` });
  }
  return { title: `${FIX_TITLE} (${ACTIVE_RECORD.label} placeholders)`, isPreferred: true, edits };
}

/**
 * Every sink name without its `?`/`!`. A method name is one identifier token, and a token ends where identifier
 * characters do, so the ASCII word at its start is the name without the suffix (or a prefix of a longer non-ASCII one).
 */
const SINK_WORDS: ReadonlySet<string> = new Set(
  [...FRAGMENT_METHODS, ...STRING_ONLY_METHODS, ...STATEMENT_METHODS, ...EXECUTE_METHODS, 'sql'].map((name) => name.replace(/[?!]$/, '')),
);

function wordAt(text: string, start: number): string {
  let end = start;
  for (let c = text.charCodeAt(end); (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f; c = text.charCodeAt(++end));
  return text.slice(start, end);
}

/**
 * Where a sink's name may start after a call operator, sorted. A call with a receiver has its method name right
 * after the operator (`.`, `&.`, `::`), with only extras between them: after each `.` and `::` of the text, the
 * first character past ASCII blanks starts the name, or, when `rubyNextCodeIndex` cannot see through what follows
 * (a comment, a line continuation, a heredoc body), the operator's own position stands in for it. Strings and
 * comments add positions too: harmless, a position only sends its call to the full check.
 */
function sinkNamePositions(text: string, heredocs: boolean): number[] {
  const positions: number[] = [];
  for (let at = text.indexOf('.'); at !== -1; at = text.indexOf('.', at + 1)) addSinkNamePosition(positions, text, at, heredocs);
  // `::` is the only call operator with a colon (`token.immediate`: no blank inside); `:sym` and `key:` are not
  for (let at = text.indexOf('::'); at !== -1; at = text.indexOf('::', at + 1)) addSinkNamePosition(positions, text, at + 1, heredocs);
  return positions.sort((a, b) => a - b);
}

function addSinkNamePosition(positions: number[], text: string, operatorEnd: number, heredocs: boolean): void {
  const name = rubyNextCodeIndex(text, operatorEnd + 1, heredocs);
  if (name === -1) positions.push(operatorEnd);
  else if (isSinkInitial(text.charCodeAt(name)) && SINK_WORDS.has(wordAt(text, name))) positions.push(name);
}

/** The first letters of `SINK_WORDS`: most names after an operator fail this before any substring is made. */
const SINK_INITIALS: ReadonlySet<number> = new Set([...SINK_WORDS].map((word) => word.charCodeAt(0)));

function isSinkInitial(code: number): boolean {
  return SINK_INITIALS.has(code);
}

/** The first of the sorted `positions` at or after `start`. */
function firstPositionFrom(positions: readonly number[], start: number): number | undefined {
  return positions[firstAtOrAfter(positions, start)];
}

/** Whole-file gate: SQL can only be built with `#{}`, `+`/`<<` next to a string, `%` or `format`. */
const BUILDS_STRINGS = /#\{|["']\s*(?:\+|<<)|(?:\+|<<)\s*["']|["']\s*%\s*[[(\w]|\b(?:format|sprintf)\(/;

export function checkRuby(ctx: RuleContext): void {
  // tests never see a request; migrations (`db/migrate/`) run once at deploy with the app's own data, as for Java, C# and PHP
  if (ctx.file.isTestPath || isMigrationPath(ctx.file.path) || !BUILDS_STRINGS.test(ctx.file.text)) return;
  const index = rubyIndex(ctx);
  const flow: Flow = { index, text: ctx.file.text, resolving: new Set() };
  const text = ctx.file.text;
  let afterOperators: number[] | undefined;
  for (const call of index.nodes('call')) {
    // A sink's name starts the call (no receiver) or follows a call operator inside it: calls with neither are
    // skipped from the source, without creating their method node.
    if (!SINK_WORDS.has(wordAt(text, call.startIndex))) {
      afterOperators ??= sinkNamePositions(text, index.nodes('heredoc_body').length > 0);
      const next = firstPositionFrom(afterOperators, call.startIndex);
      if (next === undefined || next >= call.endIndex) continue; // `endIndex` is a WebAssembly call: asked last
    }
    const methodNode = call.childForFieldName('method');
    // the name starts at the method node: reading its word from the source spares `text` for every other call
    if (!methodNode || !SINK_WORDS.has(wordAt(text, methodNode.startIndex))) continue;
    const method = methodNode.text;
    if (!FRAGMENT_METHODS.has(method) && !STRING_ONLY_METHODS.has(method) && !STATEMENT_METHODS.has(method) && !EXECUTE_METHODS.has(method) && method !== 'sql') continue;
    const sink = sinkInfo(call, method);
    if (!sink) continue;
    const arg = firstArgument(call);
    if (!arg) continue;
    const argType = arg.type; // read once: each `type` read is a WebAssembly call
    if (argType === 'pair' || argType === 'hash' || argType === 'simple_symbol' || argType === 'array') continue;
    if (argType === 'call' && rubyCallName(arg)?.method === 'sql' && arg.childForFieldName('receiver')?.text === 'Arel') continue; // reported at Arel.sql
    if (STRING_ONLY_METHODS.has(method) && argType !== 'string' && argType !== 'heredoc_beginning' && argType !== 'binary') continue;
    const flattened = flatten(arg, flow, 0);
    if (!flattened) continue;
    if (!isSqlForSink(flattened.pieces, sink.definite)) continue;
    const assessment = assessParts(flattened.pieces);
    if (!assessment) continue;
    const built: Built = { node: arg, pieces: flattened.pieces, how: flattened.how, rewritable: flattened.rewritable };
    const fix = buildFix(call, arg, built, assessment, sink);
    const receiver = call.childForFieldName('receiver');
    const sinkName = receiver && receiver.text.length <= 30 ? `${receiver.text}.${method}` : method;
    ctx.report({
      node: arg,
      message: sqlMessage({
        how: flattened.how,
        sink: sinkName,
        hole: assessment.hole,
        context: assessment.context,
        ...(sink.bindable ? { placeholder: '?' } : {}),
        ...(arg.type === 'identifier' ? { viaVariable: arg.text } : {}),
        ...(sink.bindable && !sink.arrayForm ? { advice: 'Pass the value as a bound parameter instead: `where("name = ?", name)` or `where(name: name)`.' } : {}),
      }),
      fixes: fix ? [fix] : [],
    });
  }
}
