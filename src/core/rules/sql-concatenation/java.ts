/**
 * `sql-concatenation` for Java: JDBC (`Statement.executeQuery/executeUpdate/execute/addBatch`,
 * `Connection.prepareStatement/prepareCall`), JPA / Hibernate (`createQuery`, `createNativeQuery`,
 * `createSQLQuery`) and Spring's `JdbcTemplate` (`query`, `queryForObject`, `queryForList`,
 * `queryForMap`, `update`, `batchUpdate`, `execute`).
 *
 * The SQL argument is followed through `+` concatenation, `String.format(...)` / `"…".formatted(...)`,
 * local variables (initializer, `=` and `+=`), SQL fragments kept in other locals, and
 * `StringBuilder` / `StringBuffer` `append` chains. Spliced values that cannot carry SQL stay quiet:
 * constants (`static final` fields, `UPPER_CASE` names), numbers (`int`/`long`/`Integer`… variables,
 * `Integer.parseInt(...)`, `list.size()`), placeholder lists
 * (`String.join(",", Collections.nCopies(n, "?"))`), escaped values (`enquoteLiteral`), and fields of
 * the object used as identifiers (`this.schema`).
 *
 * Quick fixes, only where the rewrite is mechanical and keeps the code compiling:
 * `JdbcTemplate` calls get `?` placeholders and the values as trailing arguments; a
 * `PreparedStatement` declared from the built SQL gets `?` and `ps.setObject(i, value)` calls;
 * JPA queries get `?1`, `?2`… and chained `.setParameter(i, value)`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { detectLayout, indentOfLine } from '../shared/indentation';
import { enclosingJavaFunction, javaDeclarationOf, javaDeclaredType, javaModifiers, javaStringContent, named } from '../shared/java';
import { constantText, planParameterization, sqlMessage, type HoleSafety, type SqlDriver, type SqlPart } from '../shared/sql';
import { assessParts, isSqlForSink, type Assessment } from './assess';
import { isMigrationPath } from './migrations';
import { constructionEdits, fixedText, holePiece, textPiece, type Built, type HolePiece, type Piece } from './pieces';

// --- sinks -----------------------------------------------------------------------------------------

/** Methods whose first argument is SQL (or JPQL/HQL) by contract. */
const DEFINITE = new Set(['executeQuery', 'executeUpdate', 'executeLargeUpdate', 'addBatch', 'prepareStatement', 'prepareCall', 'createQuery', 'createNativeQuery', 'createSQLQuery', 'queryForObject', 'queryForList', 'queryForMap', 'queryForRowSet', 'queryForStream', 'nativeSQL']);
/** Methods whose first argument is SQL when the text looks like SQL. */
const GENERIC = new Set(['execute', 'query', 'update', 'batchUpdate', 'executeLargeBatch']);
const JPA = new Set(['createQuery', 'createNativeQuery', 'createSQLQuery']);
const TEMPLATE_APPEND = new Map<string, number>([['query', 2], ['queryForObject', 2], ['queryForList', 2], ['queryForMap', 1], ['queryForStream', 2], ['update', 1], ['queryForRowSet', 1]]);

interface Sink {
  readonly call: Node;
  readonly sqlArg: Node;
  readonly name: string;
  readonly label: string;
  readonly definite: boolean;
}

function sinkOf(call: Node): Sink | undefined {
  const name = call.childForFieldName('name')?.text ?? '';
  if (!DEFINITE.has(name) && !GENERIC.has(name)) return undefined;
  const object = call.childForFieldName('object');
  if (!object) return undefined;
  const sqlArg = named(call.childForFieldName('arguments'))[0];
  if (!sqlArg) return undefined;
  const receiver = object.type === 'identifier' || object.type === 'field_access' ? object.text : '…';
  return { call, sqlArg, name, label: `${receiver}.${name}()`, definite: DEFINITE.has(name) };
}

// --- safety of spliced values ------------------------------------------------------------------------

const NUMERIC_TYPES = new Set([
  'int', 'long', 'short', 'byte', 'double', 'float', 'boolean', 'char', 'Integer', 'Long', 'Short', 'Byte', 'Double',
  'Float', 'Boolean', 'BigDecimal', 'BigInteger', 'UUID', 'LocalDate', 'LocalDateTime', 'Instant', 'OffsetDateTime',
  'AtomicInteger', 'AtomicLong', 'OptionalInt', 'OptionalLong',
]);
const NUMBER_METHODS = new Set([
  'parseInt', 'parseLong', 'parseDouble', 'parseFloat', 'parseShort', 'size', 'length', 'intValue', 'longValue',
  'doubleValue', 'ordinal', 'count', 'hashCode', 'getAsInt', 'getAsLong', 'incrementAndGet', 'getAndIncrement', 'max', 'min',
  'abs', 'round', 'floor', 'ceil', 'toEpochMilli', 'currentTimeMillis', 'nanoTime', 'randomUUID',
]);
const ESCAPE_METHODS = new Set(['escapeSql', 'enquoteLiteral', 'enquoteIdentifier', 'enquoteNCharLiteral', 'quoteIdentifier', 'escapeSqlIdentifier']);
const UPPER_CONSTANT = /^[A-Z][A-Z0-9_]{1,63}$/;
const LITERAL_TYPES = new Set(['decimal_integer_literal', 'hex_integer_literal', 'octal_integer_literal', 'binary_integer_literal', 'decimal_floating_point_literal', 'true', 'false', 'null_literal', 'character_literal']);

function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = named(current)[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** `String.join(",", Collections.nCopies(n, "?"))`, `ids.stream().map(id -> "?").collect(joining(","))`. */
function isPlaceholderList(node: Node): boolean {
  const literals = node.descendantsOfType('string_literal').filter((n): n is Node => n !== null).map((n) => javaStringContent(n) ?? '');
  return literals.some((l) => /^\s*\?\s*$/.test(l)) && literals.every((l) => /^[\s?,()]*$/.test(l)) && /nCopies|->|repeat|join/.test(node.text);
}

/** The literal value of a constant expression (`"users"`, `PREFIX + "_log"`), when known. */
function constantValue(node: Node, depth = 0): string | undefined {
  const current = unwrap(node);
  if (depth > 4) return undefined;
  if (current.type === 'string_literal') return current.text.startsWith('"""') ? undefined : javaStringContent(current);
  if (current.type === 'binary_expression' && current.child(1)?.type === '+') {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    const a = left ? constantValue(left, depth + 1) : undefined;
    const b = right ? constantValue(right, depth + 1) : undefined;
    return a !== undefined && b !== undefined ? a + b : undefined;
  }
  if (current.type === 'identifier') {
    const declaration = javaDeclarationOf(current);
    if (declaration?.kind !== 'field_declaration' || !javaModifiers(declaration.node).has('final')) return undefined;
    const value = declaration.declarator.childForFieldName('value');
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
  if (node.type === 'string_literal') return 'constant';
  if (node.type === 'cast_expression') return /^(?:int|long|short|byte|double|float)$/.test(node.childForFieldName('type')?.text ?? '') ? 'number' : safetyOf(node.childForFieldName('value') ?? node, depth + 1);
  if (node.type === 'switch_expression') {
    // `switch (sort) { case "name" -> "name"; default -> "id"; }`: an allow-list
    const rules = named(node.childForFieldName('body')).filter((r) => r.type === 'switch_rule');
    const values = rules.map((r) => {
      const body = named(r).filter((c) => c.type !== 'switch_label').pop();
      return body?.type === 'expression_statement' ? named(body)[0] : body;
    });
    if (values.length === 0 || values.some((v) => v === undefined)) return 'dynamic';
    return values.reduce<HoleSafety>((acc, v) => (v ? combine(acc, v.type === 'throw_statement' ? 'constant' : safetyOf(v, depth + 1)) : 'dynamic'), 'constant');
  }
  if (node.type === 'ternary_expression') {
    const a = node.childForFieldName('consequence');
    const b = node.childForFieldName('alternative');
    return a && b ? combine(safetyOf(a, depth + 1), safetyOf(b, depth + 1)) : 'dynamic';
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
    if (UPPER_CONSTANT.test(node.text)) return 'constant';
    const declaration = javaDeclarationOf(node);
    if (!declaration) return 'dynamic';
    if (NUMERIC_TYPES.has(javaDeclaredType(declaration))) return 'number';
    const value = declaration.declarator.childForFieldName('value');
    if (declaration.kind === 'field_declaration') {
      const modifiers = javaModifiers(declaration.node);
      if (modifiers.has('final') && value && constantValue(value) !== undefined) return 'constant';
      // @Value("${…}") configuration: trusted as an identifier (schema, table prefix), not as a value.
      return 'attribute';
    }
    if (declaration.kind === 'local_variable_declaration' && value) {
      if (isPlaceholderList(value)) return 'placeholders';
      const inner = safetyOf(value, depth + 1);
      if (inner === 'number' || inner === 'constant' || inner === 'escaped' || inner === 'placeholders') return inner;
    }
    return 'dynamic';
  }
  if (node.type === 'field_access') {
    const object = node.childForFieldName('object');
    const field = node.childForFieldName('field')?.text ?? '';
    if (field === 'length') return 'number';
    if (UPPER_CONSTANT.test(field) && object && /^[A-Z]/.test(object.text)) return 'constant';
    if (object?.type === 'this') {
      const declaration = javaDeclarationOf(node.childForFieldName('field') ?? node);
      if (declaration && NUMERIC_TYPES.has(javaDeclaredType(declaration))) return 'number';
      return 'attribute';
    }
    return 'dynamic';
  }
  if (node.type === 'method_invocation') {
    const name = node.childForFieldName('name')?.text ?? '';
    const object = node.childForFieldName('object');
    if (NUMBER_METHODS.has(name)) return 'number';
    if (name === 'valueOf' && object && /^(?:Integer|Long|Short|Double|Float|Boolean)$/.test(object.text)) return 'number';
    if (ESCAPE_METHODS.has(name)) return 'escaped';
    if (isPlaceholderList(node)) return 'placeholders';
    return 'dynamic';
  }
  return 'dynamic';
}

function isPlain(input: Node): boolean {
  const node = unwrap(input);
  if (node.type === 'identifier' || node.type === 'this') return true;
  if (node.type === 'field_access') {
    const object = node.childForFieldName('object');
    return object !== null && isPlain(object);
  }
  if (node.type === 'method_invocation') {
    const object = node.childForFieldName('object');
    return object !== null && isPlain(object) && named(node.childForFieldName('arguments')).length === 0 && /^(?:get|is)[A-Z]/.test(node.childForFieldName('name')?.text ?? '');
  }
  return false;
}

// --- built strings -> pieces ---------------------------------------------------------------------

function hasStringLeaf(node: Node): boolean {
  const current = unwrap(node);
  if (current.type === 'string_literal') return true;
  if (current.type === 'binary_expression' && current.child(1)?.type === '+') {
    const left = current.childForFieldName('left');
    const right = current.childForFieldName('right');
    return (left !== null && hasStringLeaf(left)) || (right !== null && hasStringLeaf(right));
  }
  return false;
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
  if (current.type === 'string_literal') {
    if (current.text.startsWith('"""')) pieces.push(fixedText(javaStringContent(current) ?? ''));
    else pieces.push(textPiece(current.text.slice(1, -1), current.startIndex + 1, current.endIndex - 1, '"'));
    return;
  }
  const known = constantValue(current);
  if (known !== undefined) {
    pieces.push(fixedText(known));
    return;
  }
  pieces.push(holePiece(current, safetyOf(current), isPlain(current), false));
}

/** `%s`/`%d` format strings: text pieces around one hole per conversion. */
function formatPieces(format: Node, args: readonly Node[]): Piece[] | undefined {
  const raw = javaStringContent(format);
  if (raw === undefined) return undefined;
  const pieces: Piece[] = [];
  let last = 0;
  let argument = 0;
  const conversion = /%(?:(\d{1,2})\$)?[-#+ 0,(]{0,4}\d{0,4}(?:\.\d{1,4})?([a-zA-Z%])/g;
  for (let match = conversion.exec(raw); match; match = conversion.exec(raw)) {
    const type = match[2] ?? 's';
    if (type === '%' || type === 'n') continue;
    pieces.push(fixedText(raw.slice(last, match.index)));
    const index = match[1] !== undefined ? Number(match[1]) - 1 : argument++;
    const value = args[index];
    if (!value) return undefined;
    const safety = /[dxXoeEfgGaA]/.test(type) ? 'number' : safetyOf(value);
    pieces.push(holePiece(value, safety, isPlain(value), false));
    last = match.index + match[0].length;
  }
  pieces.push(fixedText(raw.slice(last).replaceAll('%%', '%')));
  return pieces;
}

function buildOf(input: Node): Built | undefined {
  const node = unwrap(input);
  if (node.type === 'binary_expression' && node.child(1)?.type === '+' && hasStringLeaf(node)) {
    const pieces: Piece[] = [];
    pushOperand(node, pieces);
    if (!pieces.some((p) => p.kind === 'hole')) return undefined;
    return { node, pieces, how: 'string concatenation', rewritable: true };
  }
  if (node.type === 'method_invocation') {
    const name = node.childForFieldName('name')?.text;
    const object = node.childForFieldName('object');
    const args = named(node.childForFieldName('arguments'));
    const format = name === 'format' && object?.text === 'String' ? args[0] : name === 'formatted' ? object : undefined;
    const values = name === 'format' ? args.slice(1) : args;
    if (format?.type === 'string_literal') {
      const pieces = formatPieces(format, values);
      if (!pieces?.some((p) => p.kind === 'hole')) return undefined;
      return { node, pieces, how: name === 'format' ? '`String.format`' : '`String.formatted`', rewritable: false };
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
  /** The SQL is built once, directly in the call or in a variable used only there. */
  readonly fixable: boolean;
}

/** Assignments to local `name` in `fn` before `before`: the initializer, `=` and `+=`. */
function definitions(identifier: Node, before: number): { value: Node; append: boolean; initializer: boolean }[] | undefined {
  const declaration = javaDeclarationOf(identifier);
  if (declaration?.kind !== 'local_variable_declaration') return undefined;
  const result: { value: Node; append: boolean; initializer: boolean }[] = [];
  const initial = declaration.declarator.childForFieldName('value');
  if (initial) result.push({ value: initial, append: false, initializer: true });
  const fn = enclosingJavaFunction(identifier);
  if (!fn) return result;
  for (const assignment of fn.descendantsOfType('assignment_expression')) {
    if (!assignment || assignment.startIndex < declaration.node.endIndex || assignment.startIndex > before) continue;
    if (assignment.childForFieldName('left')?.text !== identifier.text) continue;
    const value = assignment.childForFieldName('right');
    const operator = assignment.childForFieldName('operator')?.type ?? assignment.child(1)?.type;
    if (value) result.push({ value, append: operator === '+=', initializer: false });
  }
  return result;
}

function usesIn(fn: Node, name: string): number {
  return fn.descendantsOfType('identifier').filter((n) => n?.text === name).length;
}

/** `sb.toString()` of a local `StringBuilder`: its constructor argument and every `append` before the sink. */
function builderSites(call: Node, before: number): Resolution | undefined {
  const object = call.childForFieldName('object');
  if (call.childForFieldName('name')?.text !== 'toString' || object?.type !== 'identifier') return undefined;
  const declaration = javaDeclarationOf(object);
  const type = declaration ? javaDeclaredType(declaration) : '';
  const value = declaration?.declarator.childForFieldName('value');
  if (!declaration || (type !== 'StringBuilder' && type !== 'StringBuffer' && !/^new String(?:Builder|Buffer)\b/.test(value?.text ?? ''))) return undefined;
  const sites: Site[] = [];
  const parts: SqlPart[] = [];
  const initial = value?.type === 'object_creation_expression' ? named(value.childForFieldName('arguments'))[0] : undefined;
  if (initial) {
    const pieces: Piece[] = [];
    pushOperand(initial, pieces);
    parts.push(...pieces);
    if (pieces.some((p) => p.kind === 'hole') && value) sites.push({ built: { node: value, pieces, how: '`StringBuilder.append`', rewritable: false }, variable: object.text, accumulated: true, depth: 0 });
  }
  const fn = enclosingJavaFunction(call);
  for (const statement of fn?.descendantsOfType('expression_statement') ?? []) {
    if (!statement || statement.startIndex > before || statement.startIndex < declaration.node.endIndex) continue;
    let chain = named(statement)[0];
    const links: Node[] = [];
    while (chain?.type === 'method_invocation' && chain.childForFieldName('name')?.text === 'append') {
      links.unshift(chain);
      chain = chain.childForFieldName('object') ?? undefined;
    }
    if (chain?.type !== 'identifier' || chain.text !== object.text || links.length === 0) continue;
    const pieces: Piece[] = [];
    for (const link of links) {
      const argument = named(link.childForFieldName('arguments'))[0];
      if (argument) pushOperand(argument, pieces);
    }
    parts.push(...pieces);
    const outer = named(statement)[0];
    if (outer && pieces.some((p) => p.kind === 'hole')) sites.push({ built: { node: outer, pieces, how: '`StringBuilder.append`', rewritable: false }, variable: object.text, accumulated: true, depth: 0 });
  }
  return { sites, parts, fixable: false };
}

function branches(input: Node): Node[] {
  const node = unwrap(input);
  if (node.type === 'ternary_expression') {
    const a = node.childForFieldName('consequence');
    const b = node.childForFieldName('alternative');
    return [...(a ? branches(a) : []), ...(b ? branches(b) : [])];
  }
  return [node];
}

/** A local SQL fragment spliced into the query (`"… " + where`): its own construction is the site. */
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
          else if (branch.type !== 'string_literal') return;
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
  const before = sink.call.startIndex;
  if (target.type === 'method_invocation') {
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
    const fn = enclosingJavaFunction(target);
    const fixable = defs.length === 1 && defs[0]?.initializer === true && sites.length === 1 && fn !== undefined && usesIn(fn, target.text) === 2;
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

const QUESTION: SqlDriver = { id: 'jdbc', label: 'JDBC', style: 'question', bindsLimit: true };
const FIX_TITLE = 'Use a parameterized query';

function javaString(text: string): string {
  return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function buildFix(context: RuleContext, sink: Sink, site: Site, resolution: Resolution, assessment: Assessment): Fix | undefined {
  if (!site.built.rewritable || !resolution.fixable || site.depth > 0) return undefined;
  const pieces = site.built.pieces;
  const plan = planParameterization(pieces, assessment.contexts, QUESTION);
  if (!plan) return undefined;
  const values = plan.holes.map((bound) => {
    const hole = pieces[bound.part] as HolePiece | undefined;
    const expression = hole?.expression ?? '';
    if (bound.prefix === '' && bound.suffix === '') return expression;
    return [bound.prefix ? javaString(bound.prefix) : '', expression, bound.suffix ? javaString(bound.suffix) : ''].filter((p) => p !== '').join(' + ');
  });
  const text = context.file.text;
  const args = named(sink.call.childForFieldName('arguments'));
  const receiver = sink.call.childForFieldName('object')?.text ?? '';

  // JdbcTemplate: values as trailing varargs.
  const maxArgs = TEMPLATE_APPEND.get(sink.name);
  if (maxArgs !== undefined && /(?:^|\.)(?:jdbcTemplate|jdbc|template)$/i.test(receiver) && !/named/i.test(receiver)) {
    if (args.length > maxArgs) return undefined;
    const construction = constructionEdits(site.built, plan.holes.map((h) => ({ ...h, placeholder: '?' })), plan.textEdits);
    const last = args[args.length - 1];
    if (!construction || !last) return undefined;
    return { title: `${FIX_TITLE} (JdbcTemplate arguments)`, isPreferred: true, edits: [...construction, { start: last.endIndex, end: last.endIndex, text: `, ${values.join(', ')}` }] };
  }

  // JPA: positional ?1, ?2 and chained setParameter calls.
  if (JPA.has(sink.name)) {
    const construction = constructionEdits(site.built, plan.holes.map((h) => ({ ...h, placeholder: `?${String(h.position)}` })), plan.textEdits);
    if (!construction) return undefined;
    const chain = values.map((v, i) => `.setParameter(${String(i + 1)}, ${v})`).join('');
    return { title: `${FIX_TITLE} (JPA positional parameters)`, isPreferred: true, edits: [...construction, { start: sink.call.endIndex, end: sink.call.endIndex, text: chain }] };
  }

  // PreparedStatement ps = conn.prepareStatement(sql): `?` and ps.setObject(i, value).
  if (sink.name === 'prepareStatement' && args.length === 1) {
    const declarator = sink.call.parent;
    const holder = declarator?.parent;
    if (!declarator || !holder || declarator.childForFieldName('value')?.id !== sink.call.id) return undefined;
    const variable = declarator.childForFieldName('name')?.text;
    if (!variable) return undefined;
    const layout = detectLayout(text, '    ');
    const setters = values.map((v, i) => `${variable}.setObject(${String(i + 1)}, ${v});`);
    let insert: TextEdit | undefined;
    if (holder.type === 'local_variable_declaration' && holder.parent?.type === 'block') {
      const indent = indentOfLine(text, holder.startIndex);
      insert = { start: holder.endIndex, end: holder.endIndex, text: setters.map((s) => `${layout.eol}${indent}${s}`).join('') };
    } else if (declarator.type === 'resource') {
      // try (PreparedStatement ps = …) { … }: the setters open the try block.
      const statement = holder.parent;
      const block = statement?.childForFieldName('body');
      const open = block?.child(0);
      if (!statement || block?.type !== 'block' || open?.type !== '{') return undefined;
      const indent = indentOfLine(text, statement.startIndex) + layout.unit;
      insert = { start: open.endIndex, end: open.endIndex, text: setters.map((s) => `${layout.eol}${indent}${s}`).join('') };
    }
    const construction = constructionEdits(site.built, plan.holes.map((h) => ({ ...h, placeholder: '?' })), plan.textEdits);
    if (!construction || !insert) return undefined;
    return { title: `${FIX_TITLE} (PreparedStatement parameters)`, isPreferred: true, edits: [...construction, insert] };
  }
  return undefined;
}

// --- the check -----------------------------------------------------------------------------------

export function checkJava(context: RuleContext): void {
  if (context.file.isTestPath || isMigrationPath(context.file.path)) return;
  const reported = new Set<number>();
  for (const call of context.root.descendantsOfType('method_invocation')) {
    if (!call) continue;
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
      const jpa = JPA.has(sink.name);
      context.report({
        node: site.built.node,
        message: sqlMessage({
          how: site.accumulated && site.built.how === 'string concatenation' ? 'string concatenation (`+=`)' : site.built.how,
          sink: sink.label,
          hole: assessment.hole,
          context: assessment.context,
          placeholder: jpa ? '?1' : '?',
          ...(site.variable !== undefined ? { viaVariable: site.variable } : {}),
        }),
        fixes: fix ? [fix] : [],
      });
    }
  }
}
