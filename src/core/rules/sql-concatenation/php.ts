/**
 * `sql-concatenation` for PHP: PDO and mysqli (`->query`, `->exec`, `->prepare`, `->multi_query`),
 * the procedural APIs (`mysqli_query`, `mysql_query`, `pg_query`, `sqlsrv_query`, `odbc_exec`,
 * `oci_parse`), WordPress `$wpdb` (`query`, `get_results`, `get_row`, `get_var`, `get_col`, and a
 * `$wpdb->prepare` whose format string interpolates), Laravel (`DB::select/insert/update/delete/
 * statement/unprepared/raw`, `whereRaw`, `selectRaw`, `orderByRaw`, `havingRaw`…) and Doctrine DBAL
 * (`executeQuery`, `executeStatement`, `fetchAllAssociative`…).
 *
 * The SQL is followed through `"… $var …"` / `"{$var}"` interpolation, heredocs, `.` concatenation,
 * `sprintf` and local variables (`=`, `.=`). Values that cannot carry SQL stay quiet: `(int)` /
 * `intval()` / `absint()` casts, `int`-typed parameters, numbers, constants (`self::TABLE`), escaped
 * values (`mysqli_real_escape_string`, `$pdo->quote`, `esc_sql`), generated placeholder lists
 * (`implode(',', array_fill(0, count($ids), '?'))`), arrays joined from constant fragments, fragments
 * destructured together with their bindings (`[$where, $bind] = $filter->getWhere()`), a query
 * builder's own SQL (`$sub->toSql()`), and object properties, config entries and table-name calls used as
 * identifiers (`{$this->table}`, `{$wpdb->posts}`, `$this->config['name']`, `DB::getTablePrefix()`,
 * `Common::prefixTable('access')`). Schema migrations are skipped (./migrations.ts).
 *
 * Quick fixes: PDO `query`/`exec` become `prepare(…)->execute([…])` (or `$stmt = prepare(…);
 * $stmt->execute([…]);`), a `prepare` followed by `->execute()` gets the values; Laravel `DB::*` and
 * `*Raw` calls get `?` and a bindings array; `$wpdb` queries are wrapped in `$wpdb->prepare('… %s', …)`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { detectLayout, indentOfLine, isFirstOnLine } from '../shared/indentation';
import { callNameFilter } from '../shared/java';
import { enclosingPhpFunction, named, phpArguments, phpCallName, phpParameterType, phpVariableName, type PhpCall } from '../shared/php';
import { constantText, planParameterization, sqlMessage, type HoleSafety, type SqlDriver, type SqlPart } from '../shared/sql';
import { assessParts, isSqlForSink, type Assessment } from './assess';
import { isMigrationPath } from './migrations';
import { constructionEdits, fixedText, holePiece, textPiece, type Built, type HolePiece, type Piece } from './pieces';

// --- sinks -----------------------------------------------------------------------------------------

const METHOD_SINKS = new Set(['query', 'exec', 'prepare', 'real_query', 'multi_query', 'unbuffered_query', 'executeQuery', 'executeStatement', 'executeUpdate', 'fetchAllAssociative', 'fetchAssociative', 'fetchOne', 'fetchFirstColumn', 'fetchAllNumeric', 'fetchNumeric', 'createNativeQuery']);
const WPDB_SINKS = new Set(['query', 'get_results', 'get_row', 'get_var', 'get_col', 'prepare']);
const LARAVEL_STATIC = new Set(['select', 'selectOne', 'scalar', 'insert', 'update', 'delete', 'statement', 'unprepared', 'raw', 'cursor', 'selectResultSets']);
const LARAVEL_RAW = new Set(['whereRaw', 'orWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'selectRaw', 'groupByRaw', 'fromRaw']);
/** Procedural functions and the index of their SQL argument. */
const FUNCTION_SINKS = new Map<string, number>([
  ['mysqli_query', 1], ['mysqli_multi_query', 1], ['mysqli_real_query', 1], ['mysqli_prepare', 1], ['mysql_query', 0],
  ['pg_query', 1], ['pg_send_query', 1], ['pg_prepare', 2], ['sqlsrv_query', 1], ['sqlsrv_prepare', 1], ['odbc_exec', 1],
  ['odbc_prepare', 1], ['oci_parse', 1], ['sqlite_query', 1], ['db2_exec', 1],
]);

type SinkKind = 'pdo' | 'wpdb' | 'laravel' | 'laravel-raw' | 'function' | 'method';

interface Sink {
  readonly call: Node;
  readonly info: PhpCall;
  readonly sqlArg: Node;
  readonly kind: SinkKind;
  readonly label: string;
  readonly definite: boolean;
}

function shortReceiver(node: Node | undefined): string {
  if (!node) return '';
  return node.text.length > 30 || node.text.includes('(') ? '…' : node.text;
}

function sinkOf(call: Node): Sink | undefined {
  const info = phpCallName(call);
  if (!info) return undefined;
  // Name checks first: reading arguments costs a walk of the call.
  if (info.kind === 'function' ? !FUNCTION_SINKS.has(info.name) : info.kind === 'static' ? !LARAVEL_STATIC.has(info.name) : !LARAVEL_RAW.has(info.name) && !WPDB_SINKS.has(info.name) && !METHOD_SINKS.has(info.name)) {
    return undefined;
  }
  const args = phpArguments(call);
  if (info.kind === 'function') {
    const index = FUNCTION_SINKS.get(info.name);
    if (index === undefined) return undefined;
    // pg_query($sql) with the default connection.
    const sqlArg = (info.name === 'pg_query' && args.length === 1 ? args[0] : args[index])?.value;
    return sqlArg ? { call, info, sqlArg, kind: 'function', label: `${info.name}()`, definite: true } : undefined;
  }
  const sqlArg = args[0]?.value;
  if (!sqlArg || !info.receiver) return undefined;
  const receiver = info.receiver.text;
  const label = `${shortReceiver(info.receiver)}${info.kind === 'static' ? '::' : '->'}${info.name}()`;
  if (info.kind === 'static') {
    if (receiver.replace(/^\\?(?:Illuminate\\Support\\Facades\\)?/, '') !== 'DB' || !LARAVEL_STATIC.has(info.name)) return undefined;
    return { call, info, sqlArg, kind: 'laravel', label, definite: true };
  }
  if (LARAVEL_RAW.has(info.name)) return { call, info, sqlArg, kind: 'laravel-raw', label, definite: true };
  if (/^\$(?:this->)?wpdb$/.test(receiver) && WPDB_SINKS.has(info.name)) return { call, info, sqlArg, kind: 'wpdb', label, definite: true };
  if (!METHOD_SINKS.has(info.name)) return undefined;
  return { call, info, sqlArg, kind: 'method', label, definite: info.name !== 'query' && info.name !== 'exec' };
}

// --- safety of spliced values ------------------------------------------------------------------------

const NUMBER_FUNCTIONS = new Set([
  'intval', 'floatval', 'boolval', 'absint', 'count', 'sizeof', 'strlen', 'mb_strlen', 'abs', 'round', 'ceil', 'floor', 'min',
  'max', 'time', 'array_sum', 'rand', 'mt_rand', 'random_int', 'number_format', 'date', 'microtime', 'crc32',
]);
const ESCAPE_FUNCTIONS = new Set(['mysqli_real_escape_string', 'mysql_real_escape_string', 'pg_escape_string', 'pg_escape_literal', 'pg_escape_identifier', 'esc_sql', 'sqlite_escape_string', 'addslashes']);
const ESCAPE_METHODS = new Set(['quote', 'real_escape_string', 'escape_string', 'quoteIdentifier', 'quoteSingleIdentifier', 'escape', 'esc_like']);
const NUMERIC_TYPES = new Set(['int', 'float', 'bool', 'integer', 'double']);
/**
 * Calls that give a table or column name from configuration or model metadata (`DB::getTablePrefix()`,
 * `$model->getTable()`, `Common::prefixTable('log_visit')`, `$this->getTableName()`): trusted as identifiers,
 * like `$this->table`, and still reported when spliced in as a value.
 */
const IDENTIFIER_CALLS = /^(?:get\w{0,40}Table(?:Name|Prefix)?|prefixTable|tableName|getQualifiedTableName|getKeyName|getQualifiedKeyName|qualifyColumn|getForeignKey|getMorphClass|getCreatedAtColumn|getUpdatedAtColumn|getDeletedAtColumn)$/;
/** A query builder's own SQL (`$sub->toSql()`): placeholders, with its bindings passed separately. */
const BUILDER_SQL = new Set(['toSql', 'toRawSql']);
const LITERAL_TYPES = new Set(['integer', 'float', 'boolean', 'null']);

function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' || current.type === 'argument') {
    const inner = named(current).pop();
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** `implode(',', array_fill(0, count($ids), '?'))`, `rtrim(str_repeat('?,', count($ids)), ',')`. */
function isPlaceholderList(node: Node): boolean {
  const text = node.text;
  return /\b(?:array_fill|str_repeat|array_map)\s*\(/.test(text) && /['"](?:\?|\?,|,\s?\?|:\w{1,20})['"]/.test(text);
}

function combine(a: HoleSafety, b: HoleSafety): HoleSafety {
  if (a === 'dynamic' || b === 'dynamic') return 'dynamic';
  if (a === 'attribute' || b === 'attribute') return 'attribute';
  return a === b ? a : 'constant';
}

/** Assignments to `$name` before `before` in the function (or script) holding `at`. */
function assignmentsOf(at: Node, name: string, before: number): { node: Node; value: Node; append: boolean }[] {
  const scope = enclosingPhpFunction(at) ?? rootOf(at);
  const result: { node: Node; value: Node; append: boolean }[] = [];
  for (const assignment of scope.descendantsOfType(['assignment_expression', 'augmented_assignment_expression'])) {
    // `$t = prefix($t)`: the assignment being evaluated does not count
    if (!assignment || assignment.startIndex >= before || assignment.endIndex > before) continue;
    if (phpVariableName(assignment.childForFieldName('left')) !== name) continue;
    if (enclosingPhpFunction(assignment)?.id !== enclosingPhpFunction(at)?.id) continue;
    const value = assignment.childForFieldName('right');
    if (!value) continue;
    const operator = assignment.childForFieldName('operator')?.text ?? assignment.child(1)?.text ?? '';
    result.push({ node: assignment, value, append: assignment.type === 'augmented_assignment_expression' && operator === '.=' });
  }
  return result;
}

function rootOf(node: Node): Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

function safetyOf(input: Node, depth = 0): HoleSafety {
  const node = unwrap(input);
  if (depth > 6) return 'dynamic';
  if (LITERAL_TYPES.has(node.type)) return 'number';
  if (node.type === 'string' || (node.type === 'encapsed_string' && named(node).every((c) => c.type === 'string_content' || c.type === 'escape_sequence'))) return 'constant';
  if (node.type === 'cast_expression') {
    const type = node.childForFieldName('type')?.text.replace(/\s+/g, '').toLowerCase() ?? '';
    if (/^(?:int|integer|float|double|bool|boolean)$/.test(type)) return 'number';
    const value = node.childForFieldName('value');
    return value ? safetyOf(value, depth + 1) : 'dynamic';
  }
  if (node.type === 'class_constant_access_expression' || node.type === 'name') return 'constant';
  if (node.type === 'conditional_expression') {
    const a = node.childForFieldName('body');
    const b = node.childForFieldName('alternative');
    return a && b ? combine(safetyOf(a, depth + 1), safetyOf(b, depth + 1)) : 'dynamic';
  }
  if (node.type === 'match_expression') {
    // `match ($sort) { 'name' => 'name', default => 'id' }`: an allow-list
    const arms = named(node.childForFieldName('body'));
    if (arms.length === 0) return 'dynamic';
    return arms.reduce<HoleSafety>((acc, arm) => {
      const value = arm.childForFieldName('return_expression');
      return value ? combine(acc, value.type === 'throw_expression' ? 'constant' : safetyOf(value, depth + 1)) : 'dynamic';
    }, 'constant');
  }
  if (node.type === 'binary_expression') {
    const operator = node.childForFieldName('operator')?.type ?? node.child(1)?.type ?? '';
    if (['-', '*', '/', '%', '+'].includes(operator)) return 'number';
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (operator === '.' && left && right) {
      const combined = combine(safetyOf(left, depth + 1), safetyOf(right, depth + 1));
      return combined === 'number' ? 'constant' : combined;
    }
    return 'dynamic';
  }
  if (node.type === 'member_access_expression' || node.type === 'nullsafe_member_access_expression') {
    const object = node.childForFieldName('object');
    const property = node.childForFieldName('name')?.text ?? '';
    if (object?.text === '$this' || object?.text === '$wpdb') return /(?:id|count|limit|offset|page)$/i.test(property) ? 'attribute' : 'attribute';
    return 'dynamic';
  }
  if (node.type === 'scoped_property_access_expression') return 'attribute';
  // `$this->config['name']`: configuration held by the object
  if (node.type === 'subscript_expression') {
    const [object, index] = named(node);
    if (object?.type === 'member_access_expression' && object.childForFieldName('object')?.text === '$this' && index && safetyOf(index, depth + 1) !== 'dynamic') return 'attribute';
    return 'dynamic';
  }
  if (node.type === 'function_call_expression' || node.type === 'member_call_expression' || node.type === 'scoped_call_expression') {
    const info = phpCallName(node);
    const name = info?.name ?? '';
    if (info?.kind === 'function' && NUMBER_FUNCTIONS.has(name)) return 'number';
    if (info?.kind === 'function' && ESCAPE_FUNCTIONS.has(name)) return 'escaped';
    if (info?.kind !== 'function' && ESCAPE_METHODS.has(name)) return 'escaped';
    if (isPlaceholderList(node)) return 'placeholders';
    if (info?.kind !== 'function' && BUILDER_SQL.has(name)) return 'placeholders';
    // `Common::prefixTable('access')`: an identifier, as long as what it prefixes is one too
    if (IDENTIFIER_CALLS.test(name)) return phpArguments(node).reduce<HoleSafety>((acc, a) => combine(acc, safetyOf(a.value, depth + 1)), 'attribute');
    if (info?.kind === 'function' && (name === 'implode' || name === 'join')) {
      const list = phpArguments(node).pop()?.value;
      const listSafety = list ? arraySafety(list, depth + 1) : 'dynamic';
      if (listSafety !== 'dynamic') return listSafety;
    }
    if (info?.kind === 'function' && (name === 'implode' || name === 'join') && /array_map\s*\(\s*['"](?:intval|absint|floatval)['"]/.test(node.text)) return 'number';
    return 'dynamic';
  }
  if (node.type === 'variable_name') {
    const name = phpVariableName(node) ?? '';
    const fn = enclosingPhpFunction(node);
    const type = fn ? phpParameterType(fn, name) : undefined;
    if (type !== undefined && NUMERIC_TYPES.has(type.replace(/^\?/, '').toLowerCase())) return 'number';
    const assignments = assignmentsOf(node, name, node.startIndex);
    const paired = pairedWithBindings(node, name);
    if ((assignments.length > 0 || paired) && type === undefined) {
      let safety: HoleSafety | undefined = paired ? 'placeholders' : undefined;
      for (const assignment of assignments) {
        const value = isPlaceholderList(assignment.value) ? 'placeholders' : safetyOf(assignment.value, depth + 1);
        safety = safety === undefined ? value : combine(safety, value);
      }
      // `$table = Common::prefixTable('access')`, `$table = $this->table`: an identifier held in a local
      if (safety && safety !== 'dynamic') return safety;
    }
    return 'dynamic';
  }
  return 'dynamic';
}

/**
 * `[$where, $bind] = $filter->getWhere()` / `list($joins, $params) = …`: a SQL fragment returned together with
 * its bindings, i.e. built with placeholders by code that keeps the values apart.
 */
function pairedWithBindings(use: Node, name: string): boolean {
  const scope = enclosingPhpFunction(use) ?? rootOf(use);
  for (const assignment of scope.descendantsOfType('assignment_expression')) {
    if (!assignment || assignment.startIndex >= use.startIndex) continue;
    const left = assignment.childForFieldName('left');
    if (left?.type !== 'list_literal' && left?.type !== 'array_creation_expression') continue;
    const names = left.descendantsOfType('variable_name').map((v) => (v ? phpVariableName(v) : undefined));
    if (names.includes(name) && names.some((n) => n !== undefined && n !== name && /bind|param/i.test(n))) return true;
  }
  return false;
}

/**
 * An array joined into SQL: a literal (`['created_time', 'title']`) or a local built from one and from pushes
 * (`$when[] = 'WHEN term LIKE ? THEN ?'`), each element judged like a spliced value.
 */
function arraySafety(input: Node, depth: number): HoleSafety {
  const node = unwrap(input);
  if (depth > 6) return 'dynamic';
  if (node.type === 'array_creation_expression') {
    return named(node).reduce<HoleSafety>((acc, element) => {
      const parts = named(element);
      const value = parts[parts.length - 1];
      return value ? combine(acc, safetyOf(value, depth + 1)) : 'dynamic';
    }, 'constant');
  }
  if (node.type !== 'variable_name') return 'dynamic';
  const name = phpVariableName(node) ?? '';
  const scope = enclosingPhpFunction(node) ?? rootOf(node);
  let safety: HoleSafety | undefined;
  for (const assignment of scope.descendantsOfType('assignment_expression')) {
    if (!assignment || assignment.startIndex >= node.startIndex || enclosingPhpFunction(assignment)?.id !== enclosingPhpFunction(node)?.id) continue;
    const left = assignment.childForFieldName('left');
    const value = assignment.childForFieldName('right');
    if (!left || !value) continue;
    let element: HoleSafety | undefined;
    if (left.type === 'variable_name' && phpVariableName(left) === name) element = arraySafety(value, depth + 1);
    else if (left.type === 'subscript_expression') {
      // `$when[] = '…'` and `$parts['k'] = '…'`: the joined values, whatever the keys
      const object = named(left)[0];
      if (object?.type === 'variable_name' && phpVariableName(object) === name) element = safetyOf(value, depth + 1);
    }
    if (element !== undefined) safety = safety === undefined ? element : combine(safety, element);
  }
  return safety ?? 'dynamic';
}

function isPlain(input: Node): boolean {
  const node = unwrap(input);
  if (node.type === 'variable_name') return true;
  if (node.type === 'member_access_expression') {
    const object = node.childForFieldName('object');
    return object !== null && isPlain(object);
  }
  if (node.type === 'subscript_expression') {
    const [object, index] = named(node);
    return object !== undefined && isPlain(object) && (index === undefined || index.type === 'string' || index.type === 'integer' || index.type === 'encapsed_string' || index.type === 'variable_name');
  }
  return false;
}

// --- built strings -> pieces ---------------------------------------------------------------------

function isStringNode(node: Node): boolean {
  return node.type === 'string' || node.type === 'encapsed_string' || node.type === 'heredoc' || node.type === 'nowdoc';
}

function hasStringLeaf(node: Node): boolean {
  const current = unwrap(node);
  if (isStringNode(current)) return true;
  if (current.type === 'binary_expression' && (current.childForFieldName('operator')?.type ?? current.child(1)?.type) === '.') {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    return (left !== null && hasStringLeaf(left)) || (right !== null && hasStringLeaf(right));
  }
  return false;
}

/** `"… $x … {$y->z} …"` and heredoc bodies: text between holes, each hole with its braces. */
function pushInterpolated(container: Node, pieces: Piece[], editable: boolean): void {
  const children: Node[] = [];
  for (let i = 0; i < container.childCount; i++) {
    const child = container.child(i);
    if (child) children.push(child);
  }
  const quote = container.type === 'encapsed_string' ? '"' : '';
  const first = children[0];
  let position = container.type === 'encapsed_string' && first?.type === '"' ? first.endIndex : container.startIndex;
  const end = container.type === 'encapsed_string' ? container.endIndex - 1 : container.endIndex;
  const text = container.text;
  const base = container.startIndex;
  for (let i = 0; i < children.length; i++) {
    const child = children[i];
    if (!child?.isNamed || child.type === 'string_content' || child.type === 'escape_sequence') continue;
    const open = children[i - 1]?.type === '{' ? children[i - 1] : undefined;
    const close = children[i + 1]?.type === '}' ? children[i + 1] : undefined;
    const start = open?.startIndex ?? child.startIndex;
    const stop = close?.endIndex ?? child.endIndex;
    const raw = text.slice(position - base, start - base);
    pieces.push(editable ? textPiece(raw, position, start, quote) : fixedText(raw));
    pieces.push(holePiece(child, safetyOf(child), isPlain(child), true, start, stop));
    position = stop;
  }
  const tail = text.slice(position - base, end - base);
  pieces.push(editable ? textPiece(tail, position, end, quote) : fixedText(tail));
}

function pushOperand(node: Node, pieces: Piece[]): void {
  const current = unwrap(node);
  if (current.type === 'binary_expression' && (current.childForFieldName('operator')?.type ?? current.child(1)?.type) === '.' && hasStringLeaf(current)) {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    if (left) pushOperand(left, pieces);
    if (right) pushOperand(right, pieces);
    return;
  }
  if (current.type === 'string') {
    const prefix = /^[bB]/.test(current.text) ? 1 : 0;
    pieces.push(textPiece(current.text.slice(prefix + 1, -1), current.startIndex + prefix + 1, current.endIndex - 1, "'"));
    return;
  }
  if (current.type === 'encapsed_string') {
    pushInterpolated(current, pieces, true);
    return;
  }
  if (current.type === 'heredoc') {
    const body = current.childForFieldName('value');
    if (body) pushInterpolated(body, pieces, false);
    return;
  }
  if (current.type === 'nowdoc') {
    pieces.push(fixedText(current.childForFieldName('value')?.text ?? ''));
    return;
  }
  pieces.push(holePiece(current, safetyOf(current), isPlain(current), false));
}

/** `sprintf('… %s …', $a)`: conversions become holes (`%d`, `%u`, `%f` are numbers). */
function formatPieces(format: Node, args: readonly Node[]): Piece[] | undefined {
  if (format.type !== 'string' && !(format.type === 'encapsed_string' && named(format).every((c) => c.type === 'string_content' || c.type === 'escape_sequence'))) return undefined;
  const raw = format.text.slice(1, -1);
  const pieces: Piece[] = [];
  let last = 0;
  let argument = 0;
  const conversion = /%(?:(\d{1,2})\$)?[-+ 0]{0,3}(?:'.)?\d{0,4}(?:\.\d{1,4})?([bcdeEfFgGosuxX%])/g;
  for (let match = conversion.exec(raw); match; match = conversion.exec(raw)) {
    const type = match[2] ?? 's';
    if (type === '%') continue;
    pieces.push(fixedText(raw.slice(last, match.index)));
    const index = match[1] !== undefined ? Number(match[1]) - 1 : argument++;
    const value = args[index];
    if (!value) return undefined;
    pieces.push(holePiece(value, type === 's' ? safetyOf(value) : 'number', isPlain(value), false));
    last = match.index + match[0].length;
  }
  pieces.push(fixedText(raw.slice(last).replaceAll('%%', '%')));
  return pieces;
}

function buildOf(input: Node): Built | undefined {
  const node = unwrap(input);
  if (node.type === 'encapsed_string' || node.type === 'heredoc') {
    const pieces: Piece[] = [];
    pushOperand(node, pieces);
    return pieces.some((p) => p.kind === 'hole') ? { node, pieces, how: node.type === 'heredoc' ? 'a heredoc with variables' : 'string interpolation', rewritable: node.type === 'encapsed_string' } : undefined;
  }
  if (node.type === 'binary_expression' && (node.childForFieldName('operator')?.type ?? node.child(1)?.type) === '.' && hasStringLeaf(node)) {
    const pieces: Piece[] = [];
    pushOperand(node, pieces);
    return pieces.some((p) => p.kind === 'hole') ? { node, pieces, how: 'string concatenation', rewritable: true } : undefined;
  }
  if (node.type === 'function_call_expression') {
    const info = phpCallName(node);
    const args = phpArguments(node).map((a) => a.value);
    if ((info?.name === 'sprintf' || info?.name === 'vsprintf') && args[0]) {
      const values = info.name === 'vsprintf' ? named(args[1] ?? null).map((e) => named(e).pop()).filter((v): v is Node => v !== undefined) : args.slice(1);
      const pieces = formatPieces(args[0], values);
      return pieces?.some((p) => p.kind === 'hole') ? { node, pieces, how: '`sprintf`', rewritable: false } : undefined;
    }
  }
  return undefined;
}

// --- from the sink back to the construction sites ------------------------------------------------

interface Site {
  readonly built: Built;
  readonly variable?: string;
  readonly accumulated: boolean;
  readonly depth: number;
}

interface Resolution {
  readonly sites: Site[];
  readonly parts: SqlPart[];
  readonly fixable: boolean;
}

function branches(input: Node): Node[] {
  const node = unwrap(input);
  if (node.type === 'conditional_expression') {
    const a = node.childForFieldName('body');
    const b = node.childForFieldName('alternative');
    return [...(a ? branches(a) : []), ...(b ? branches(b) : [])];
  }
  return [node];
}

function constantTextOf(node: Node): string | undefined {
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'encapsed_string' && named(node).every((c) => c.type === 'string_content' || c.type === 'escape_sequence')) return node.text.slice(1, -1);
  return undefined;
}

function inlineFragments(sites: Site[], before: number): void {
  for (let i = 0; i < sites.length && i < 32; i++) {
    const site = sites[i];
    if (!site || site.depth >= 2) continue;
    site.built.pieces.forEach((piece, index) => {
      if (piece.kind !== 'hole' || piece.safety !== 'dynamic' || piece.node.type !== 'variable_name') return;
      const name = phpVariableName(piece.node);
      if (!name) return;
      const assignments = assignmentsOf(piece.node, name, before);
      if (assignments.length === 0) return;
      const inner: Site[] = [];
      for (const assignment of assignments) {
        for (const branch of branches(assignment.value)) {
          const built = buildOf(branch);
          if (built) inner.push({ built, variable: `$${name}`, accumulated: assignment.append, depth: site.depth + 1 });
          else if (constantTextOf(branch) === undefined) return;
        }
      }
      if (inner.length === 0) return;
      sites.push(...inner);
      site.built.pieces[index] = { ...piece, safety: 'constant' };
    });
  }
}

function usesIn(scope: Node, name: string): number {
  return scope.descendantsOfType('variable_name').filter((n) => n && phpVariableName(n) === name).length;
}

function resolve(sink: Sink): Resolution {
  const target = unwrap(sink.sqlArg);
  const before = sink.call.startIndex;
  if (target.type === 'variable_name') {
    const name = phpVariableName(target) ?? '';
    const assignments = assignmentsOf(target, name, before);
    const sites: Site[] = [];
    const parts: SqlPart[] = [];
    for (const assignment of assignments) {
      for (const branch of branches(assignment.value)) {
        const built = buildOf(branch);
        if (built) {
          sites.push({ built, variable: `$${name}`, accumulated: assignment.append, depth: 0 });
          parts.push(...built.pieces, fixedText(' '));
        } else {
          const known = constantTextOf(branch);
          if (known !== undefined) parts.push(fixedText(known), fixedText(' '));
        }
      }
    }
    inlineFragments(sites, before);
    const scope = enclosingPhpFunction(target) ?? rootOf(target);
    const fixable = assignments.length === 1 && sites.length === 1 && !assignments[0]?.append && usesIn(scope, name) === 2;
    return { sites, parts, fixable };
  }
  const sites: Site[] = [];
  const parts: SqlPart[] = [];
  for (const branch of branches(target)) {
    const built = buildOf(branch);
    if (built) {
      sites.push({ built, accumulated: false, depth: 0 });
      parts.push(...built.pieces);
    }
  }
  inlineFragments(sites, before);
  return { sites, parts, fixable: sites.length === 1 };
}

// --- quick fixes ---------------------------------------------------------------------------------

const QUESTION: SqlDriver = { id: 'pdo', label: 'PDO', style: 'question', bindsLimit: false };
const WPDB: SqlDriver = { id: 'wpdb', label: 'wpdb', style: 'format', bindsLimit: false };
const FIX_TITLE = 'Use a parameterized query';

function phpString(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

function valueTexts(pieces: readonly Piece[], holes: readonly { part: number; prefix: string; suffix: string }[]): string[] {
  return holes.map((bound) => {
    const hole = pieces[bound.part] as HolePiece | undefined;
    const expression = hole?.expression ?? '';
    if (bound.prefix === '' && bound.suffix === '') return expression;
    return [bound.prefix ? phpString(bound.prefix) : '', expression, bound.suffix ? phpString(bound.suffix) : ''].filter((p) => p !== '').join(' . ');
  });
}

/** The receiver is a PDO connection: named so, typed `PDO`, or assigned `new PDO(...)` in this file. */
function isPdo(receiver: Node, text: string): boolean {
  const name = receiver.text.replace(/^\$(?:this->)?/, '');
  if (!/^\w{1,40}$/.test(name)) return false;
  if (/pdo|dbh/i.test(name)) return true;
  return new RegExp(`\\bPDO\\s+\\$${name}\\b|\\$(?:this->)?${name}\\s*=\\s*new\\s+\\\\?PDO\\b`).test(text);
}

function statementOf(node: Node): Node | undefined {
  const parent = node.parent;
  if (parent?.type === 'expression_statement') return parent;
  if (parent?.type === 'assignment_expression' && parent.parent?.type === 'expression_statement') return parent.parent;
  return undefined;
}

function buildFix(context: RuleContext, sink: Sink, site: Site, resolution: Resolution, assessment: Assessment): Fix | undefined {
  if (!site.built.rewritable || !resolution.fixable || site.depth > 0) return undefined;
  const pieces = site.built.pieces;
  const text = context.file.text;
  const args = phpArguments(sink.call);

  if (sink.kind === 'wpdb' && sink.info.name !== 'prepare' && args.length <= 2) {
    const plan = planParameterization(pieces, assessment.contexts, WPDB);
    if (!plan) return undefined;
    const construction = constructionEdits(site.built, plan.holes, plan.textEdits);
    if (!construction) return undefined;
    const values = valueTexts(pieces, plan.holes).join(', ');
    return {
      title: `${FIX_TITLE} ($wpdb->prepare)`,
      isPreferred: true,
      edits: [{ start: sink.sqlArg.startIndex, end: sink.sqlArg.startIndex, text: `${sink.info.receiver?.text ?? '$wpdb'}->prepare(` }, ...construction, { start: sink.sqlArg.endIndex, end: sink.sqlArg.endIndex, text: `, ${values})` }],
    };
  }

  const plan = planParameterization(pieces, assessment.contexts, QUESTION);
  if (!plan) return undefined;
  const construction = constructionEdits(site.built, plan.holes.map((h) => ({ ...h, placeholder: '?' })), plan.textEdits);
  if (!construction) return undefined;
  const list = `[${valueTexts(pieces, plan.holes).join(', ')}]`;

  if ((sink.kind === 'laravel' && sink.info.name !== 'raw') || sink.kind === 'laravel-raw') {
    if (args.length !== 1) return undefined;
    return { title: `${FIX_TITLE} (bindings)`, isPreferred: true, edits: [...construction, { start: sink.sqlArg.endIndex, end: sink.sqlArg.endIndex, text: `, ${list}` }] };
  }

  if (sink.kind !== 'method' || !sink.info.receiver || args.length !== 1 || !isPdo(sink.info.receiver, text)) return undefined;
  const name = sink.info.name;
  const nameNode = sink.call.childForFieldName('name');
  if (!nameNode) return undefined;
  const statement = statementOf(sink.call);
  const layout = detectLayout(text, '    ');

  // $stmt = $pdo->prepare("… $x"); … $stmt->execute();  ->  prepare('… ?') … execute([$x])
  if (name === 'prepare') {
    const assignment = sink.call.parent;
    const variable = assignment?.type === 'assignment_expression' ? phpVariableName(assignment.childForFieldName('left')) : undefined;
    const scope = enclosingPhpFunction(sink.call) ?? rootOf(sink.call);
    if (!variable) return undefined;
    const executes = scope.descendantsOfType('member_call_expression').filter(
      (c): c is Node => c !== null && c.startIndex > sink.call.endIndex && c.childForFieldName('name')?.text === 'execute' && phpVariableName(c.childForFieldName('object')) === variable,
    );
    const execute = executes[0];
    if (executes.length !== 1 || !execute || phpArguments(execute).length > 0) return undefined;
    const argumentList = execute.childForFieldName('arguments');
    if (!argumentList) return undefined;
    return { title: `${FIX_TITLE} (PDO placeholders)`, isPreferred: true, edits: [...construction, { start: argumentList.startIndex, end: argumentList.endIndex, text: `(${list})` }] };
  }
  if (name !== 'query' && name !== 'exec') return undefined;
  if (!statement || !isFirstOnLine(text, statement.startIndex)) return undefined;
  const rename: TextEdit = { start: nameNode.startIndex, end: nameNode.endIndex, text: 'prepare' };
  // $pdo->exec("…"); / $pdo->query("…");  ->  $pdo->prepare('…')->execute([...]);
  if (named(statement)[0]?.id === sink.call.id) {
    return { title: `${FIX_TITLE} (PDO placeholders)`, isPreferred: true, edits: [rename, ...construction, { start: sink.call.endIndex, end: sink.call.endIndex, text: `->execute(${list})` }] };
  }
  // $stmt = $pdo->query("…");  ->  $stmt = $pdo->prepare('…'); $stmt->execute([...]);
  const assignment = sink.call.parent;
  const variable = assignment?.type === 'assignment_expression' ? assignment.childForFieldName('left') : null;
  if (name !== 'query' || variable?.type !== 'variable_name') return undefined;
  const indent = indentOfLine(text, statement.startIndex);
  return {
    title: `${FIX_TITLE} (PDO placeholders)`,
    isPreferred: true,
    edits: [rename, ...construction, { start: statement.endIndex, end: statement.endIndex, text: `${layout.eol}${indent}${variable.text}->execute(${list});` }],
  };
}

// --- the check -----------------------------------------------------------------------------------

const CALL_TYPES = ['member_call_expression', 'nullsafe_member_call_expression', 'scoped_call_expression', 'function_call_expression'];

/** Every name `sinkOf` accepts; PHP function names are matched case-insensitively. */
const SINK_NAMES = [...METHOD_SINKS, ...WPDB_SINKS, ...LARAVEL_STATIC, ...LARAVEL_RAW, ...FUNCTION_SINKS.keys()];

export function checkPhp(context: RuleContext): void {
  if (context.file.isTestPath || isMigrationPath(context.file.path)) return;
  const reported = new Set<number>();
  // a sink's name is a word of the call's source before its arguments: most calls are dismissed with one field read
  const maySink = callNameFilter(context.file.text, SINK_NAMES, true);
  for (const call of context.root.descendantsOfType(CALL_TYPES)) {
    if (!call || !maySink(call)) continue;
    const sink = sinkOf(call);
    if (!sink) continue;
    const resolution = resolve(sink);
    if (resolution.sites.length === 0 || !isSqlForSink(resolution.parts, sink.definite) || !constantText(resolution.parts).trim()) continue;
    for (const site of resolution.sites) {
      if (reported.has(site.built.node.id)) continue;
      const assessment = assessParts(site.built.pieces);
      if (!assessment) continue;
      reported.add(site.built.node.id);
      const fix = buildFix(context, sink, site, resolution, assessment);
      context.report({
        node: site.built.node,
        message: sqlMessage({
          how: site.accumulated ? 'string concatenation (`.=`)' : site.built.how,
          sink: sink.label,
          hole: assessment.hole,
          context: assessment.context,
          placeholder: sink.kind === 'wpdb' ? '%s' : '?',
          ...(site.variable !== undefined ? { viaVariable: site.variable } : {}),
        }),
        fixes: fix ? [fix] : [],
      });
    }
  }
}
