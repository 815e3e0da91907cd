/**
 * `sql-concatenation` for C#: ADO.NET (`new SqlCommand(sql, …)` and the Npgsql / MySql / Sqlite /
 * Oracle / OleDb / Odbc commands, `SqlDataAdapter`, `cmd.CommandText = sql`), Entity Framework Core
 * raw SQL (`FromSqlRaw`, `ExecuteSqlRaw[Async]`, `SqlQueryRaw`, EF6 `SqlQuery` / `ExecuteSqlCommand`)
 * and Dapper (`Query`, `QueryAsync`, `QueryFirstOrDefault[Async]`, `QuerySingle…`, `Execute[Async]`,
 * `ExecuteScalar[Async]`, `QueryMultiple…`).
 *
 * The SQL is followed through `+` concatenation, interpolated strings, `string.Format` /
 * `string.Concat`, local variables (`=`, `+=`) and `StringBuilder.Append` chains. Interpolated strings
 * passed to `FromSql`, `FromSqlInterpolated`, `ExecuteSql[Interpolated][Async]` and `SqlQuery` are
 * parameterized by EF Core (they take a `FormattableString`) and stay quiet, as do Dapper calls with
 * an anonymous parameter object and literal SQL, constants (`const`, `static readonly`), numbers
 * (`int`/`long`/`Guid`/`DateTime` values, `.Count`, `int.Parse`) and generated placeholder lists. Code
 * under `#pragma warning disable CA2100` (reviewed by its author) and schema migrations are skipped.
 *
 * Quick fixes: a command created from the built SQL gets `@p0…` placeholders and
 * `cmd.Parameters.AddWithValue("@p0", value)`; EF Core `FromSqlRaw` / `ExecuteSqlRaw` become
 * `FromSqlInterpolated` / `ExecuteSqlInterpolated` with the values as interpolation holes; a Dapper
 * call with the SQL alone gets `@p0…` and `new { p0 = value }`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { csArguments, csDeclarationOf, csDeclaredType, csInvocationName, csInvocationNameFilter, csStringContent, csTypeName, csVariableValue, enclosingCsFunction, named } from '../shared/csharp';
import { detectLayout, indentOfLine } from '../shared/indentation';
import { constantText, planParameterization, sqlMessage, type HoleSafety, type SqlDriver, type SqlPart } from '../shared/sql';
import { assessParts, isSqlForSink, type Assessment } from './assess';
import { isMigrationPath } from './migrations';
import { constructionEdits, fixedText, holePiece, textPiece, type Built, type HolePiece, type Piece } from './pieces';

// --- sinks -----------------------------------------------------------------------------------------

const COMMAND_TYPES = new Set(['SqlCommand', 'NpgsqlCommand', 'MySqlCommand', 'SqliteCommand', 'SQLiteCommand', 'OracleCommand', 'OleDbCommand', 'OdbcCommand', 'SqlDataAdapter', 'NpgsqlDataAdapter', 'MySqlDataAdapter', 'DbCommand']);
/** Commands whose parameter collection has `AddWithValue` and which accept `@name` placeholders. */
const ADD_WITH_VALUE = new Set(['SqlCommand', 'NpgsqlCommand', 'MySqlCommand', 'SqliteCommand', 'SQLiteCommand']);
const EF_RAW = new Map([['FromSqlRaw', 'FromSqlInterpolated'], ['ExecuteSqlRaw', 'ExecuteSqlInterpolated'], ['ExecuteSqlRawAsync', 'ExecuteSqlInterpolatedAsync'], ['SqlQueryRaw', 'SqlQuery'], ['ExecuteSqlCommand', ''], ['ExecuteSqlCommandAsync', '']]);
/** Take a `FormattableString`: an interpolated string is parameterized, concatenation is not possible or not safe. */
const EF_INTERPOLATED = new Set(['FromSql', 'FromSqlInterpolated', 'ExecuteSql', 'ExecuteSqlAsync', 'ExecuteSqlInterpolated', 'ExecuteSqlInterpolatedAsync', 'SqlQuery']);
const DAPPER = new Set([
  'Query', 'QueryAsync', 'QueryFirst', 'QueryFirstAsync', 'QueryFirstOrDefault', 'QueryFirstOrDefaultAsync', 'QuerySingle',
  'QuerySingleAsync', 'QuerySingleOrDefault', 'QuerySingleOrDefaultAsync', 'QueryMultiple', 'QueryMultipleAsync', 'Execute',
  'ExecuteAsync', 'ExecuteScalar', 'ExecuteScalarAsync', 'ExecuteReader', 'ExecuteReaderAsync', 'QueryUnbufferedAsync',
]);

type SinkKind = 'command' | 'command-text' | 'ef-raw' | 'ef-interpolated' | 'dapper';

interface Sink {
  readonly node: Node;
  readonly sqlArg: Node;
  readonly kind: SinkKind;
  readonly label: string;
  readonly definite: boolean;
  readonly name: string;
}

/**
 * Cheap necessary conditions on the source for `sinkOf`, per file: an invocation sink's method name is a
 * whole word between the call's start and its argument list (`csInvocationNameFilter`); a command's type
 * name and `CommandText` appear in the file. Most of the ~300 candidates per 1,000 lines are then dismissed
 * with one field read instead of the callee's five or six.
 */
interface SinkPrefilter {
  readonly commandTypes: boolean;
  readonly commandText: boolean;
  readonly invocation: (node: Node) => boolean;
}

const SINK_METHODS = [...EF_RAW.keys(), ...EF_INTERPOLATED, ...DAPPER];
const COMMAND_TYPE_WORD = new RegExp([...COMMAND_TYPES].join('|'));

/**
 * The invocations, object creations and assignments that pass the prefilter, in document order (outer
 * nodes first on a shared start, as a walk gives them). Each type is asked for separately (analyze.ts
 * serves root-level lists from its shared walk, which knows the types): no `node.type` round trip for
 * the ~300 candidates per 1,000 lines, and only the few survivors are sorted.
 */
function sinkCandidates(root: Node, text: string): { readonly node: Node; readonly type: string }[] {
  const prefilter = sinkPrefilter(text);
  const candidates: { readonly node: Node; readonly type: string }[] = [];
  for (const type of SINK_NODE_TYPES) {
    if ((type === 'object_creation_expression' && !prefilter.commandTypes) || (type === 'assignment_expression' && !prefilter.commandText)) continue;
    for (const node of root.descendantsOfType(type)) {
      if (node && (type !== 'invocation_expression' || prefilter.invocation(node))) candidates.push({ node, type });
    }
  }
  return candidates.sort((a, b) => a.node.startIndex - b.node.startIndex || b.node.endIndex - a.node.endIndex);
}

const SINK_NODE_TYPES = ['invocation_expression', 'object_creation_expression', 'assignment_expression'];

function sinkPrefilter(text: string): SinkPrefilter {
  return {
    commandTypes: COMMAND_TYPE_WORD.test(text),
    commandText: text.includes('CommandText'),
    invocation: csInvocationNameFilter(text, SINK_METHODS),
  };
}

function sinkOf(node: Node, type: string = node.type): Sink | undefined {
  if (type === 'object_creation_expression') {
    const type = csTypeName(node.childForFieldName('type'));
    if (!COMMAND_TYPES.has(type)) return undefined;
    const sqlArg = csArguments(node)[0]?.value;
    return sqlArg ? { node, sqlArg, kind: 'command', label: `new ${type}()`, definite: true, name: type } : undefined;
  }
  if (type === 'assignment_expression') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left?.type !== 'member_access_expression' || left.childForFieldName('name')?.text !== 'CommandText' || !right) return undefined;
    return { node, sqlArg: right, kind: 'command-text', label: `${left.text} =`, definite: true, name: 'CommandText' };
  }
  if (type !== 'invocation_expression') return undefined;
  const { receiver, name } = csInvocationName(node);
  if (!receiver || (!EF_RAW.has(name) && !EF_INTERPOLATED.has(name) && !DAPPER.has(name))) return undefined;
  const sqlArg = csArguments(node).find((a) => a.name === undefined || a.name === 'sql')?.value;
  if (!sqlArg) return undefined;
  const shortReceiver = receiver.type === 'identifier' || receiver.type === 'member_access_expression' ? receiver.text : '…';
  const label = `${shortReceiver.length > 30 ? '…' : shortReceiver}.${name}()`;
  if (EF_RAW.has(name)) return { node, sqlArg, kind: 'ef-raw', label, definite: true, name };
  if (EF_INTERPOLATED.has(name)) return { node, sqlArg, kind: 'ef-interpolated', label, definite: true, name };
  if (DAPPER.has(name)) return { node, sqlArg, kind: 'dapper', label, definite: false, name };
  return undefined;
}

// --- safety of spliced values ------------------------------------------------------------------------

const NUMERIC_TYPES = new Set([
  'int', 'long', 'short', 'byte', 'sbyte', 'uint', 'ulong', 'ushort', 'decimal', 'double', 'float', 'bool', 'char', 'Int32', 'Int64',
  'Int16', 'Decimal', 'Double', 'Single', 'Boolean', 'Guid', 'DateTime', 'DateTimeOffset', 'DateOnly', 'TimeOnly', 'TimeSpan',
]);
const NUMBER_MEMBERS = new Set(['Length', 'Count', 'Id']);
const NUMBER_CALLS = new Set(['Parse', 'ToInt32', 'ToInt64', 'ToDecimal', 'ToDouble', 'Count', 'LongCount', 'Sum', 'Max', 'Min', 'NewGuid', 'GetHashCode']);
const LITERAL_TYPES = new Set(['integer_literal', 'real_literal', 'boolean_literal', 'null_literal', 'character_literal']);

function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression' || current.type === 'argument') {
    const inner = named(current).pop();
    if (!inner) break;
    current = inner;
  }
  return current;
}

function typeOf(type: Node | null | undefined): string {
  if (type?.type === 'nullable_type') return typeOf(named(type)[0]);
  return csTypeName(type);
}

/** `string.Join(", ", ids.Select((_, i) => $"@p{i}"))`, `string.Join(",", Enumerable.Repeat("?", n))`. */
function isPlaceholderList(node: Node): boolean {
  return /\bJoin\s*\(/.test(node.text) && /"\?"|\$"@\w{0,20}\{\w{1,20}\}"|"@\w{1,20}"\s*\+/.test(node.text);
}

function constantValue(node: Node, depth = 0): string | undefined {
  const current = unwrap(node);
  if (depth > 4) return undefined;
  if (current.type === 'string_literal' || current.type === 'verbatim_string_literal' || current.type === 'raw_string_literal') return csStringContent(current);
  if (current.type === 'binary_expression' && current.child(1)?.type === '+') {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    const a = left ? constantValue(left, depth + 1) : undefined;
    const b = right ? constantValue(right, depth + 1) : undefined;
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  if (current.type === 'identifier') {
    const declaration = csDeclarationOf(current);
    if (!declaration?.member || !declaration.declarator) return undefined;
    const field = declaration.typed.parent;
    const modifiers = named(field).filter((c) => c.type === 'modifier').map((c) => c.text);
    if (!modifiers.includes('const') && !modifiers.includes('readonly')) return undefined;
    const value = csVariableValue(declaration.declarator);
    return value ? constantValue(value, depth + 1) : undefined;
  }
  return undefined;
}

function combine(a: HoleSafety, b: HoleSafety): HoleSafety {
  if (a === 'dynamic' || b === 'dynamic') return 'dynamic';
  if (a === 'attribute' || b === 'attribute') return 'attribute';
  return a === b ? a : 'constant';
}

function safetyOf(input: Node, depth = 0): HoleSafety {
  const node = unwrap(input);
  if (depth > 6) return 'dynamic';
  if (LITERAL_TYPES.has(node.type)) return 'number';
  if (node.type === 'string_literal' || node.type === 'verbatim_string_literal') return 'constant';
  if (node.type === 'cast_expression') return NUMERIC_TYPES.has(typeOf(node.childForFieldName('type'))) ? 'number' : safetyOf(node.childForFieldName('value') ?? node, depth + 1);
  if (node.type === 'conditional_expression') {
    const a = node.childForFieldName('consequence');
    const b = node.childForFieldName('alternative');
    return a && b ? combine(safetyOf(a, depth + 1), safetyOf(b, depth + 1)) : 'dynamic';
  }
  if (node.type === 'switch_expression') {
    // `sort switch { "name" => "Name", _ => "Id" }`: an allow-list
    const arms = named(node).filter((c) => c.type === 'switch_expression_arm');
    if (arms.length === 0) return 'dynamic';
    return arms.reduce<HoleSafety>((acc, arm) => {
      const value = named(arm).pop();
      return value ? combine(acc, value.type === 'throw_expression' ? 'constant' : safetyOf(value, depth + 1)) : 'dynamic';
    }, 'constant');
  }
  if (node.type === 'binary_expression') {
    const operator = node.child(1)?.type ?? '';
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return 'dynamic';
    if (['-', '*', '/', '%'].includes(operator)) return 'number';
    const combined = combine(safetyOf(left, depth + 1), safetyOf(right, depth + 1));
    return combined === 'number' || combined === 'constant' ? combined : 'dynamic';
  }
  if (node.type === 'identifier') {
    const declaration = csDeclarationOf(node);
    if (!declaration) return /^[A-Z]/.test(node.text) ? 'constant' : 'dynamic';
    if (NUMERIC_TYPES.has(typeOf(declaration.typed.childForFieldName('type'))) || NUMERIC_TYPES.has(csDeclaredType(declaration))) return 'number';
    const value = declaration.declarator ? csVariableValue(declaration.declarator) : undefined;
    if (declaration.member) {
      if (constantValue(node) !== undefined) return 'constant';
      return 'attribute';
    }
    if (declaration.kind === 'variable_declarator' && value) {
      if (isPlaceholderList(value)) return 'placeholders';
      const inner = safetyOf(value, depth + 1);
      if (inner === 'number' || inner === 'constant' || inner === 'placeholders') return inner;
    }
    return 'dynamic';
  }
  if (node.type === 'member_access_expression') {
    const receiver = node.childForFieldName('expression');
    const name = node.childForFieldName('name')?.text ?? '';
    if (NUMBER_MEMBERS.has(name)) return name === 'Id' ? 'dynamic' : 'number';
    if (receiver?.type === 'this_expression' || receiver?.type === 'this') return 'attribute';
    if (receiver?.type === 'identifier' && /^[A-Z]/.test(receiver.text) && !csDeclarationOf(receiver)) return 'constant';
    return 'dynamic';
  }
  if (node.type === 'invocation_expression') {
    const { receiver, name } = csInvocationName(node);
    if (name === 'nameof') return 'constant';
    if (NUMBER_CALLS.has(name)) return 'number';
    if (name === 'ToString' && receiver && safetyOf(receiver, depth + 1) === 'number') return 'number';
    if (isPlaceholderList(node)) return 'placeholders';
    return 'dynamic';
  }
  return 'dynamic';
}

function isPlain(input: Node): boolean {
  const node = unwrap(input);
  if (node.type === 'identifier' || node.type === 'this_expression') return true;
  if (node.type === 'member_access_expression') {
    const receiver = node.childForFieldName('expression');
    return receiver !== null && isPlain(receiver);
  }
  return false;
}

// --- built strings -> pieces ---------------------------------------------------------------------

function isStringNode(node: Node): boolean {
  return node.type === 'string_literal' || node.type === 'verbatim_string_literal' || node.type === 'raw_string_literal' || node.type === 'interpolated_string_expression';
}

function hasStringLeaf(node: Node): boolean {
  const current = unwrap(node);
  if (isStringNode(current)) return true;
  if (current.type === 'binary_expression' && current.child(1)?.type === '+') {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    return (left !== null && hasStringLeaf(left)) || (right !== null && hasStringLeaf(right));
  }
  return false;
}

function pushInterpolated(node: Node, pieces: Piece[]): void {
  const text = node.text;
  const raw = named(node).some((c) => c.type === 'interpolation_quote');
  const open = text.indexOf('"');
  const editable = !raw && open !== -1;
  let position = node.startIndex + open + 1;
  const end = node.endIndex - 1;
  const quote = text.slice(0, open + 1);
  for (const child of named(node)) {
    if (child.type !== 'interpolation') continue;
    const raw = text.slice(position - node.startIndex, child.startIndex - node.startIndex);
    pieces.push(editable ? textPiece(raw, position, child.startIndex, quote) : fixedText(raw));
    const expression = named(child).find((c) => c.type !== 'interpolation_brace' && c.type !== 'interpolation_format_clause' && c.type !== 'interpolation_alignment_clause');
    if (expression) {
      const known = constantValue(expression);
      if (known !== undefined) pieces.push(fixedText(known));
      else pieces.push(holePiece(expression, safetyOf(expression), isPlain(expression), true, child.startIndex, child.endIndex));
    }
    position = child.endIndex;
  }
  const tail = text.slice(position - node.startIndex, end - node.startIndex);
  pieces.push(editable ? textPiece(tail, position, end, quote) : fixedText(tail));
}

function pushOperand(node: Node, pieces: Piece[]): void {
  const current = unwrap(node);
  if (current.type === 'binary_expression' && current.child(1)?.type === '+' && hasStringLeaf(current)) {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    if (left) pushOperand(left, pieces);
    if (right) pushOperand(right, pieces);
    return;
  }
  if (current.type === 'string_literal' && !current.text.endsWith('u8')) {
    pieces.push(textPiece(current.text.slice(1, -1), current.startIndex + 1, current.endIndex - 1, '"'));
    return;
  }
  if (current.type === 'verbatim_string_literal' || current.type === 'raw_string_literal') {
    pieces.push(fixedText(csStringContent(current) ?? ''));
    return;
  }
  if (current.type === 'interpolated_string_expression') {
    pushInterpolated(current, pieces);
    return;
  }
  const known = constantValue(current);
  if (known !== undefined) {
    pieces.push(fixedText(known));
    return;
  }
  pieces.push(holePiece(current, safetyOf(current), isPlain(current), false));
}

/** `string.Format("… {0} …", a)`: composite format items become holes. */
function formatPieces(format: Node, args: readonly Node[]): Piece[] | undefined {
  const raw = csStringContent(format);
  if (raw === undefined) return undefined;
  const pieces: Piece[] = [];
  let last = 0;
  const item = /\{(\d{1,2})(?:,-?\d{1,4})?(?::[^{}]{0,20})?\}/g;
  for (let match = item.exec(raw); match; match = item.exec(raw)) {
    if (raw[match.index - 1] === '{') continue;
    pieces.push(fixedText(raw.slice(last, match.index)));
    const value = args[Number(match[1])];
    if (!value) return undefined;
    pieces.push(holePiece(value, safetyOf(value), isPlain(value), false));
    last = match.index + match[0].length;
  }
  pieces.push(fixedText(raw.slice(last)));
  return pieces;
}

function buildOf(input: Node): Built | undefined {
  const node = unwrap(input);
  if (node.type === 'interpolated_string_expression') {
    const pieces: Piece[] = [];
    pushInterpolated(node, pieces);
    return pieces.some((p) => p.kind === 'hole') ? { node, pieces, how: 'an interpolated string', rewritable: true } : undefined;
  }
  if (node.type === 'binary_expression' && node.child(1)?.type === '+' && hasStringLeaf(node)) {
    const pieces: Piece[] = [];
    pushOperand(node, pieces);
    return pieces.some((p) => p.kind === 'hole') ? { node, pieces, how: 'string concatenation', rewritable: true } : undefined;
  }
  if (node.type === 'invocation_expression') {
    const { receiver, name } = csInvocationName(node);
    if (receiver?.text !== 'string' && receiver?.text !== 'String') return undefined;
    const args = csArguments(node).map((a) => a.value);
    if (name === 'Format' && args[0]) {
      const pieces = formatPieces(args[0], args.slice(1));
      return pieces?.some((p) => p.kind === 'hole') ? { node, pieces, how: '`string.Format`', rewritable: false } : undefined;
    }
    if (name === 'Concat') {
      const pieces: Piece[] = [];
      for (const arg of args) pushOperand(arg, pieces);
      return pieces.some((p) => p.kind === 'hole') ? { node, pieces, how: '`string.Concat`', rewritable: false } : undefined;
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

function definitions(identifier: Node, before: number): { value: Node; append: boolean; initializer: boolean }[] | undefined {
  const declaration = csDeclarationOf(identifier);
  if (declaration?.kind !== 'variable_declarator' || declaration.member || !declaration.declarator) return undefined;
  const result: { value: Node; append: boolean; initializer: boolean }[] = [];
  const initial = csVariableValue(declaration.declarator);
  if (initial) result.push({ value: initial, append: false, initializer: true });
  const scope = enclosingCsFunction(identifier) ?? rootOf(identifier);
  for (const assignment of scope.descendantsOfType('assignment_expression')) {
    if (!assignment || assignment.startIndex < declaration.declarator.endIndex || assignment.startIndex > before) continue;
    if (assignment.childForFieldName('left')?.text !== identifier.text) continue;
    const value = assignment.childForFieldName('right');
    const operator = assignment.child(1)?.type;
    if (value) result.push({ value, append: operator === '+=', initializer: false });
  }
  return result;
}

function rootOf(node: Node): Node {
  let current = node;
  while (current.parent) current = current.parent;
  return current;
}

function usesIn(scope: Node, name: string): number {
  return scope.descendantsOfType('identifier').filter((n) => n?.text === name).length;
}

/** `sb.ToString()` of a local `StringBuilder`: its constructor argument and every `Append` before the sink. */
function builderSites(call: Node, before: number): Resolution | undefined {
  const { receiver, name } = csInvocationName(call);
  if (name !== 'ToString' || receiver?.type !== 'identifier') return undefined;
  const declaration = csDeclarationOf(receiver);
  const value = declaration?.declarator ? csVariableValue(declaration.declarator) : undefined;
  if (!declaration || value?.type !== 'object_creation_expression' || csTypeName(value.childForFieldName('type')) !== 'StringBuilder') return undefined;
  const sites: Site[] = [];
  const parts: SqlPart[] = [];
  const initial = csArguments(value)[0]?.value;
  if (initial) {
    const pieces: Piece[] = [];
    pushOperand(initial, pieces);
    parts.push(...pieces);
  }
  const scope = enclosingCsFunction(call) ?? rootOf(call);
  for (const statement of scope.descendantsOfType('expression_statement')) {
    if (!statement || statement.startIndex > before || statement.startIndex < value.endIndex) continue;
    let chain = named(statement)[0];
    const links: Node[] = [];
    while (chain?.type === 'invocation_expression' && /^Append(?:Line)?$/.test(csInvocationName(chain).name)) {
      links.unshift(chain);
      chain = csInvocationName(chain).receiver;
    }
    if (chain?.type !== 'identifier' || chain.text !== receiver.text || links.length === 0) continue;
    const pieces: Piece[] = [];
    for (const link of links) {
      const argument = csArguments(link)[0]?.value;
      if (argument) pushOperand(argument, pieces);
    }
    parts.push(...pieces);
    const outer = named(statement)[0];
    if (outer && pieces.some((p) => p.kind === 'hole')) sites.push({ built: { node: outer, pieces, how: '`StringBuilder.Append`', rewritable: false }, variable: receiver.text, accumulated: true, depth: 0 });
  }
  return { sites, parts, fixable: false };
}

function branches(input: Node): Node[] {
  const node = unwrap(input);
  if (node.type === 'conditional_expression') {
    const a = node.childForFieldName('consequence');
    const b = node.childForFieldName('alternative');
    return [...(a ? branches(a) : []), ...(b ? branches(b) : [])];
  }
  return [node];
}

function inlineFragments(sites: Site[], before: number): void {
  for (let i = 0; i < sites.length && i < 32; i++) {
    const site = sites[i];
    if (!site || site.depth >= 2) continue;
    site.built.pieces.forEach((piece, index) => {
      if (piece.kind !== 'hole' || piece.safety !== 'dynamic' || piece.node.type !== 'identifier') return;
      const defs = definitions(piece.node, before);
      if (!defs || defs.length === 0) return;
      const inner: Site[] = [];
      for (const def of defs) {
        for (const branch of branches(def.value)) {
          const built = buildOf(branch);
          if (built) inner.push({ built, variable: piece.node.text, accumulated: def.append, depth: site.depth + 1 });
          else if (constantValue(branch) === undefined) return;
        }
      }
      if (inner.length === 0) return;
      sites.push(...inner);
      site.built.pieces[index] = { ...piece, safety: 'constant' };
    });
  }
}

function resolve(sink: Sink): Resolution {
  const target = unwrap(sink.sqlArg);
  const before = sink.node.startIndex;
  if (target.type === 'invocation_expression') {
    const builder = builderSites(target, before);
    if (builder) return builder;
  }
  if (target.type === 'identifier') {
    const defs = definitions(target, before);
    if (!defs) return { sites: [], parts: [], fixable: false };
    const sites: Site[] = [];
    const parts: SqlPart[] = [];
    for (const def of defs) {
      for (const branch of branches(def.value)) {
        const built = buildOf(branch);
        if (built) {
          sites.push({ built, variable: target.text, accumulated: def.append, depth: 0 });
          parts.push(...built.pieces, fixedText(' '));
        } else {
          const known = constantValue(branch);
          if (known !== undefined) parts.push(fixedText(known), fixedText(' '));
        }
      }
    }
    inlineFragments(sites, before);
    const scope = enclosingCsFunction(target) ?? rootOf(target);
    const fixable = defs.length === 1 && defs[0]?.initializer === true && sites.length === 1 && usesIn(scope, target.text) === 2;
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

const AT: SqlDriver = { id: 'ado-net', label: 'ADO.NET', style: 'at', bindsLimit: true };
const FIX_TITLE = 'Use a parameterized query';

function csString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function valueTexts(pieces: readonly Piece[], holes: readonly { part: number; prefix: string; suffix: string }[]): string[] {
  return holes.map((bound) => {
    const hole = pieces[bound.part] as HolePiece | undefined;
    const expression = hole?.expression ?? '';
    if (bound.prefix === '' && bound.suffix === '') return expression;
    return [bound.prefix ? csString(bound.prefix) : '', expression, bound.suffix ? csString(bound.suffix) : ''].filter((p) => p !== '').join(' + ');
  });
}

/** `FromSqlRaw("… '" + name + "'")` -> `FromSqlInterpolated($"… {name}")`: every hole must be a bound value. */
function interpolatedRewrite(context: RuleContext, sink: Sink, site: Site, assessment: Assessment): Fix | undefined {
  const target = EF_RAW.get(sink.name);
  if (!target || csArguments(sink.node).length !== 1 || unwrap(sink.sqlArg).id !== site.built.node.id) return undefined;
  const pieces = site.built.pieces;
  const plan = planParameterization(pieces, assessment.contexts, AT);
  if (!plan) return undefined;
  const bound = new Map(plan.holes.map((h) => [h.part, h]));
  let result = '$"';
  let skipNext = 0;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (!piece) continue;
    if (piece.kind === 'text') {
      if (!piece.editable || (piece.quote !== '"' && piece.quote !== '$"')) return undefined;
      const next = bound.get(i + 1);
      let raw = piece.raw.slice(skipNext);
      if (next) raw = raw.slice(0, raw.length - next.removeBefore);
      result += piece.quote === '"' ? raw.replace(/\{/g, '{{').replace(/\}/g, '}}') : raw;
      skipNext = 0;
      continue;
    }
    const hole = bound.get(i);
    const context = assessment.contexts[i];
    // A constant spliced as a table name would become a parameter: not a mechanical rewrite.
    if (!hole && !(piece.safety === 'number' && context?.kind === 'value')) return undefined;
    const value = hole ? (valueTexts(pieces, [hole])[0] ?? piece.expression) : piece.expression;
    result += `{${value}}`;
    skipNext = hole?.removeAfter ?? 0;
  }
  result += '"';
  const fn = sink.node.childForFieldName('function');
  const nameNode = fn?.type === 'member_access_expression' ? fn.childForFieldName('name') : null;
  const identifier = nameNode?.type === 'generic_name' ? named(nameNode)[0] : nameNode;
  if (!identifier) return undefined;
  return {
    title: `${FIX_TITLE} (${target})`,
    isPreferred: true,
    edits: [
      { start: identifier.startIndex, end: identifier.endIndex, text: target },
      { start: site.built.node.startIndex, end: site.built.node.endIndex, text: result },
    ],
  };
}

function buildFix(context: RuleContext, sink: Sink, site: Site, resolution: Resolution, assessment: Assessment): Fix | undefined {
  if (!site.built.rewritable || !resolution.fixable || site.depth > 0) return undefined;
  if (sink.kind === 'ef-raw') return interpolatedRewrite(context, sink, site, assessment);
  const pieces = site.built.pieces;
  const plan = planParameterization(pieces, assessment.contexts, AT);
  if (!plan) return undefined;
  const values = valueTexts(pieces, plan.holes);
  const edits = constructionEdits(site.built, plan.holes, plan.textEdits);
  if (!edits) return undefined;
  const text = context.file.text;
  // `$"… = @p0"` with every hole bound is a plain string again: drop the `$`.
  const node = site.built.node;
  const holes = pieces.filter((p) => p.kind === 'hole').length;
  const start = node.type === 'interpolated_string_expression' ? named(node).find((c) => c.type === 'interpolation_start') : undefined;
  const construction = start && holes === plan.holes.length ? [{ start: start.startIndex, end: start.endIndex, text: start.text.replace('$', '') }, ...edits] : edits;

  if (sink.kind === 'dapper') {
    const args = csArguments(sink.node);
    if (args.length !== 1) return undefined;
    const members = plan.holes.map((h, i) => `${h.placeholder.slice(1)} = ${values[i] ?? ''}`).join(', ');
    return { title: `${FIX_TITLE} (Dapper parameters)`, isPreferred: true, edits: [...construction, { start: sink.sqlArg.endIndex, end: sink.sqlArg.endIndex, text: `, new { ${members} }` }] };
  }

  if (sink.kind === 'command') {
    const type = csTypeName(sink.node.childForFieldName('type'));
    const declarator = sink.node.parent;
    const declaration = declarator?.parent;
    const variable = declarator?.type === 'variable_declarator' ? declarator.childForFieldName('name')?.text : undefined;
    if (!ADD_WITH_VALUE.has(type) || !variable || declaration?.type !== 'variable_declaration') return undefined;
    const layout = detectLayout(text, '    ');
    const adds = plan.holes.map((h, i) => `${variable}.Parameters.AddWithValue("${h.placeholder}", ${values[i] ?? ''});`);
    const statement = declaration.parent;
    let insert: TextEdit | undefined;
    if (statement?.type === 'local_declaration_statement') {
      const indent = indentOfLine(text, statement.startIndex);
      insert = { start: statement.endIndex, end: statement.endIndex, text: adds.map((a) => `${layout.eol}${indent}${a}`).join('') };
    } else if (statement?.type === 'using_statement') {
      const body = statement.childForFieldName('body');
      const open = body?.child(0);
      if (body?.type !== 'block' || open?.type !== '{') return undefined;
      const indent = indentOfLine(text, statement.startIndex) + layout.unit;
      insert = { start: open.endIndex, end: open.endIndex, text: adds.map((a) => `${layout.eol}${indent}${a}`).join('') };
    }
    if (!insert) return undefined;
    return { title: `${FIX_TITLE} (${type}.Parameters)`, isPreferred: true, edits: [...construction, insert] };
  }
  return undefined;
}

// --- the check -----------------------------------------------------------------------------------

/**
 * Offsets where the .NET analyzer for this smell (CA2100, "Review SQL queries for security vulnerabilities")
 * is switched off by `#pragma warning disable CA2100` and not yet restored: the author reviewed that query.
 */
function ca2100Disabled(text: string): (offset: number) => boolean {
  if (!text.includes('CA2100')) return () => false;
  const ranges: [number, number][] = [];
  const pragma = /^[ \t]*#[ \t]*pragma[ \t]+warning[ \t]+(disable|restore)\b([^\n]{0,300})/gm;
  let start: number | undefined;
  for (let match = pragma.exec(text); match; match = pragma.exec(text)) {
    if (!/\bCA2100\b/.test(match[2] ?? '')) continue;
    if (match[1] === 'disable') start ??= match.index;
    else if (start !== undefined) {
      ranges.push([start, match.index]);
      start = undefined;
    }
  }
  if (start !== undefined) ranges.push([start, text.length]);
  return (offset) => ranges.some(([from, to]) => offset >= from && offset < to);
}

export function checkCsharp(context: RuleContext): void {
  if (context.file.isTestPath || isMigrationPath(context.file.path)) return;
  const reported = new Set<number>();
  const reviewed = ca2100Disabled(context.file.text);
  for (const { node, type } of sinkCandidates(context.root, context.file.text)) {
    const sink = sinkOf(node, type);
    if (!sink) continue;
    const resolution = resolve(sink);
    if (resolution.sites.length === 0 || !isSqlForSink(resolution.parts, sink.definite) || !constantText(resolution.parts).trim()) continue;
    for (const site of resolution.sites) {
      // EF Core binds the holes of an interpolated string passed straight to FromSql / ExecuteSql / SqlQuery.
      if (sink.kind === 'ef-interpolated' && site.built.node.type === 'interpolated_string_expression' && site.variable === undefined) continue;
      if (reported.has(site.built.node.id) || reviewed(site.built.node.startIndex)) continue;
      const assessment = assessParts(site.built.pieces);
      if (!assessment) continue;
      reported.add(site.built.node.id);
      const fix = buildFix(context, sink, site, resolution, assessment);
      const ef = sink.kind === 'ef-raw' || sink.kind === 'ef-interpolated';
      context.report({
        node: site.built.node,
        message: sqlMessage({
          how: site.accumulated && site.built.how !== '`StringBuilder.Append`' ? 'string concatenation (`+=`)' : site.built.how,
          sink: sink.label,
          hole: assessment.hole,
          context: assessment.context,
          ...(ef ? {} : { placeholder: '@p0' }),
          ...(site.variable !== undefined ? { viaVariable: site.variable } : {}),
        }),
        fixes: fix ? [fix] : [],
      });
    }
  }
}
