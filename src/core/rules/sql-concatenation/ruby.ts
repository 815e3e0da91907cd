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
 * placeholder lists (`(["?"] * ids.size).join(", ")`). `sanitize_sql_like` escapes `%`/`_` only: still reported.
 * Fix: ActiveRecord conditions and `find_by_sql` get `?` placeholders with the values as arguments.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { planParameterization, sqlMessage, type HoleSafety, type SqlDriver } from '../shared/sql';
import { rubyArguments, rubyCallName, rubyEnclosingMethod, rubyIndex, type RubyIndex } from '../shared/ruby';
import { assessParts, isSqlForSink } from './assess';
import { constructionEdits, fixedText, holePiece, textPiece, type Built, type HolePiece, type Piece } from './pieces';

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

function safetyOf(node: Node): { safety: HoleSafety; plain: boolean } {
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
      return inner ? safetyOf(inner) : { safety: 'dynamic', plain: false };
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

interface Flattened {
  readonly pieces: Piece[];
  readonly how: string;
  readonly rewritable: boolean;
}

/** A string literal: text pieces anchored in the file, interpolations as holes. */
function stringPieces(node: Node, index: RubyIndex): Flattened | undefined {
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
    if (child.type === 'interpolation') {
      interpolated = true;
      const code = child.namedChildren.find((n): n is Node => n !== null && n.type !== 'comment');
      if (!code) continue;
      const safety = safetyOf(code);
      pieces.push({ ...holePiece(code, safety.safety, safety.plain, true, child.startIndex, child.endIndex) });
    } else if (child.type === 'string_content' || child.type === 'heredoc_content' || child.type === 'escape_sequence') {
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
function formatPieces(format: string, args: readonly Node[]): Piece[] | undefined {
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
    const safety = numeric ? { safety: 'number' as const, plain: false } : safetyOf(arg);
    pieces.push(holePiece(arg, safety.safety, safety.plain, false));
    cursor = match.index + match[0].length;
  }
  pieces.push(fixedText(format.slice(cursor)));
  return pieces;
}

function flatten(node: Node, index: RubyIndex, depth: number): Flattened | undefined {
  switch (node.type) {
    case 'string':
    case 'heredoc_beginning':
      return stringPieces(node, index);
    case 'parenthesized_statements': {
      const inner = node.namedChildren.find((n): n is Node => n !== null);
      return inner ? flatten(inner, index, depth) : undefined;
    }
    case 'binary': {
      const operator = node.childForFieldName('operator')?.text;
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return undefined;
      if (operator === '%' && (left.type === 'string' || left.type === 'heredoc_beginning')) {
        const format = flatten(left, index, depth);
        if (!format || format.pieces.some((p) => p.kind === 'hole')) return undefined;
        const args = right.type === 'array' ? right.namedChildren.filter((n): n is Node => n !== null) : [right];
        const pieces = formatPieces(format.pieces.map((p) => (p.kind === 'text' ? p.raw : '')).join(''), args);
        return pieces ? { pieces, how: '`%` formatting', rewritable: false } : undefined;
      }
      if (operator !== '+') return undefined;
      const pieces: Piece[] = [];
      for (const operand of [left, right]) {
        const inner = operand.type === 'string' || operand.type === 'binary' ? flatten(operand, index, depth) : undefined;
        if (inner) pieces.push(...inner.pieces.map((p) => (p.kind === 'text' ? fixedText(p.raw) : p)));
        else {
          const safety = safetyOf(operand);
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
        const format = first ? flatten(first, index, depth) : undefined;
        if (!format || format.pieces.some((p) => p.kind === 'hole')) return undefined;
        const pieces = formatPieces(format.pieces.map((p) => (p.kind === 'text' ? p.raw : '')).join(''), args.slice(1));
        return pieces ? { pieces, how: '`format`', rewritable: false } : undefined;
      }
      if (name?.method === 'sql' && name.receiver?.text === 'Arel') {
        const arg = rubyArguments(node)[0];
        return arg ? flatten(arg, index, depth) : undefined;
      }
      return undefined;
    }
    case 'identifier':
      return depth === 0 ? resolveVariable(node, index) : undefined;
    default:
      return undefined;
  }
}

/** `sql = "…#{x}…"` then `sql += …` / `sql << …` in the same method, before the use. */
function resolveVariable(identifier: Node, index: RubyIndex): Flattened | undefined {
  const method = rubyEnclosingMethod(index, identifier) ?? index.enclosing(identifier, ['do_block', 'block']);
  const start = method?.startIndex ?? 0;
  const name = identifier.text;
  const writes = [
    ...index.within('assignment', start, identifier.startIndex),
    ...index.within('operator_assignment', start, identifier.startIndex),
    ...index.within('binary', start, identifier.startIndex),
  ].sort((a, b) => a.startIndex - b.startIndex);
  let pieces: Piece[] | undefined;
  let how = 'string interpolation';
  for (const write of writes) {
    const left = write.childForFieldName('left');
    const right = write.childForFieldName('right');
    if (left?.type !== 'identifier' || left.text !== name || !right) continue;
    const append = write.type === 'operator_assignment' || (write.type === 'binary' && write.childForFieldName('operator')?.text === '<<');
    if (write.type === 'binary' && !append) continue;
    const built = flatten(right, index, 1);
    const asPieces = built
      ? built.pieces.map((p) => (p.kind === 'text' ? fixedText(p.raw) : p))
      : [((): Piece => {
          const safety = safetyOf(right);
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

function sinkInfo(call: Node): SinkInfo | undefined {
  const name = rubyCallName(call);
  if (!name) return undefined;
  const method = name.method;
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
  if (method === 'sql' && name.receiver?.text === 'Arel') return { definite: true, bindable: false, arrayForm: false };
  return undefined;
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

/** Whole-file gate: SQL can only be built with `#{}`, `+`/`<<` next to a string, `%` or `format`. */
const BUILDS_STRINGS = /#\{|["']\s*(?:\+|<<)|(?:\+|<<)\s*["']|["']\s*%\s*[[(\w]|\b(?:format|sprintf)\(/;

export function checkRuby(ctx: RuleContext): void {
  if (!BUILDS_STRINGS.test(ctx.file.text)) return;
  const index = rubyIndex(ctx);
  for (const call of index.nodes('call')) {
    const method = call.childForFieldName('method')?.text;
    if (method === undefined) continue;
    if (!FRAGMENT_METHODS.has(method) && !STRING_ONLY_METHODS.has(method) && !STATEMENT_METHODS.has(method) && !EXECUTE_METHODS.has(method) && method !== 'sql') continue;
    const sink = sinkInfo(call);
    if (!sink) continue;
    const arg = rubyArguments(call)[0];
    if (!arg || arg.type === 'pair' || arg.type === 'hash' || arg.type === 'simple_symbol' || arg.type === 'array') continue;
    if (arg.type === 'call' && rubyCallName(arg)?.method === 'sql' && arg.childForFieldName('receiver')?.text === 'Arel') continue; // reported at Arel.sql
    if (STRING_ONLY_METHODS.has(method) && arg.type !== 'string' && arg.type !== 'heredoc_beginning' && arg.type !== 'binary') continue;
    const flattened = flatten(arg, index, 0);
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
