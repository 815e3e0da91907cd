/**
 * sql-concatenation for Go: `+` concatenation and `fmt.Sprintf` that splice values into SQL run by
 * `database/sql` (`Query`, `QueryRow`, `Exec`, `Prepare` and their `Context` forms), sqlx (`Select`,
 * `Get`, `NamedExec`, `Queryx`, `MustExec`…), pgx (`conn.Query(ctx, sql)`), and gorm (`Raw`, `Exec`,
 * `Where`, `Or`, `Not`, `Order`, `Group`, `Having`, `Joins`, `Select`, `Table`). Through a local
 * variable too (`q := "…" + x; q += …; db.Query(q)`).
 *
 * Safe: constants (literals, `const` names, `os.Getenv`), numbers (`strconv.Itoa`/`FormatInt`, `%d`,
 * parameters typed `int`…: a number cannot inject), escaped values (`pq.QuoteIdentifier`,
 * `pq.QuoteLiteral`), generated placeholder lists (`strings.Repeat("?,", n)`, `strings.Join(placeholders, ",")`),
 * and locals whose every write in the function is such text ({@link localSafety}). Test files are skipped.
 * Fix: bind the values (`$1` for lib/pq and pgx, `?` for MySQL/SQLite drivers and gorm; the driver is
 * read from the imports) when the built string is written at the call.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { goArguments, goCallName, goHeadMatcher, goIndex, goRemoveImportEdits, type GoIndex, goStringValue, namedChildrenOf } from '../shared/go';
import { holeContexts, planParameterization, sqlMessage, type HoleSafety, type SqlDriver } from '../shared/sql';
import { assessParts, isSqlForSink } from './assess';
import { constructionEdits, fixedText, holePiece, patternValue, textPiece, type Built, type HolePiece, type Piece } from './pieces';

const FIX_TITLE = 'Use a parameterized query';

const POSTGRES: SqlDriver = { id: 'go-postgres', label: 'PostgreSQL', style: 'dollar', bindsLimit: true };
const QUESTION: SqlDriver = { id: 'go-question', label: 'MySQL/SQLite', style: 'question', bindsLimit: false };
const GORM: SqlDriver = { id: 'gorm', label: 'gorm', style: 'question', bindsLimit: false };

const POSTGRES_IMPORTS = ['github.com/lib/pq', 'github.com/jackc/pgx/v5', 'github.com/jackc/pgx/v4', 'github.com/jackc/pgx/v5/stdlib', 'github.com/jackc/pgx/v4/stdlib', 'github.com/jackc/pgx/v5/pgxpool', 'github.com/jackc/pgx/v4/pgxpool', 'gorm.io/driver/postgres'];
const QUESTION_IMPORTS = ['github.com/go-sql-driver/mysql', 'github.com/mattn/go-sqlite3', 'modernc.org/sqlite', 'gorm.io/driver/mysql', 'gorm.io/driver/sqlite'];
const GORM_IMPORTS = ['gorm.io/gorm', 'github.com/jinzhu/gorm'];

/** database/sql, sqlx, pgx: method -> index of the query argument (before a possible leading context). */
const SQL_METHODS: ReadonlyMap<string, number> = new Map([
  ['Query', 0], ['QueryRow', 0], ['Exec', 0], ['Prepare', 0], ['Queryx', 0], ['QueryRowx', 0], ['MustExec', 0],
  ['NamedExec', 0], ['NamedQuery', 0], ['Preparex', 0], ['PrepareNamed', 0],
  ['QueryContext', 1], ['QueryRowContext', 1], ['ExecContext', 1], ['PrepareContext', 1], ['QueryxContext', 1],
  ['QueryRowxContext', 1], ['MustExecContext', 1], ['NamedExecContext', 1], ['NamedQueryContext', 1], ['PreparexContext', 1],
  ['Select', 1], ['Get', 1], ['SelectContext', 2], ['GetContext', 2],
]);

/** gorm methods whose first argument is SQL (a statement or a clause) by contract. */
const GORM_METHODS = new Set(['Raw', 'Exec', 'Where', 'Or', 'Not', 'Order', 'Group', 'Having', 'Joins', 'Select', 'Table', 'Distinct']);

const NUMERIC_TYPES = new Set(['int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'float32', 'float64']);
const NUMBER_CALLS = new Set(['strconv.Itoa', 'strconv.FormatInt', 'strconv.FormatUint', 'strconv.FormatFloat', 'strconv.FormatBool']);
const ESCAPE_CALLS = new Set(['pq.QuoteIdentifier', 'pq.QuoteLiteral', 'pgx.Identifier']);

interface Scope {
  readonly index: GoIndex;
  readonly text: string;
  /** Local names typed as numbers (parameters, `var n int`). */
  readonly numeric: ReadonlySet<string>;
  readonly fn: Node | undefined;
  /** Facts about the function's locals, gathered on first need. */
  facts?: FunctionFacts;
  /** Safety of local variables already resolved (top-level answers only). */
  readonly locals: Map<string, HoleSafety>;
  /** Locals being resolved: a variable's own earlier value (`where = append(where, …)`) is neutral. */
  readonly resolving: Set<string>;
}

interface FunctionFacts {
  /** Parameter names (a parameter carries the caller's data). */
  readonly parameters: ReadonlySet<string>;
  /** Names assigned by `for k, v := range …`. */
  readonly ranged: ReadonlySet<string>;
  /** Names spread into a call as bind values (`args...`; `stmt` for `stmt.Args...`). */
  readonly spread: ReadonlySet<string>;
  /** Parameters of a local closure (`add := func(column string, v any) {…}`): closure name and position. */
  readonly closureParameters: ReadonlyMap<string, { readonly closure: string; readonly position: number }>;
  /** `&where` handed to a call: the callee may append anything, unless it also gets the bind list (`&args`). */
  readonly escaped: ReadonlySet<string>;
}

function isContextArgument(node: Node | undefined): boolean {
  if (!node) return false;
  const text = node.text;
  return /^(?:ctx|c|context)$|Ctx$|ctx$/.test(text) || /\.Context\(\)$|^context\.(?:Background|TODO)\(\)$/.test(text);
}

function numericNames(fn: Node | undefined, index: GoIndex): Set<string> {
  const names = new Set<string>();
  if (!fn) return names;
  const declarations = [...namedChildrenOf(fn.childForFieldName('parameters')), ...index.within('var_spec', fn.startIndex, fn.endIndex)];
  for (const declaration of declarations) {
    const type = declaration.childForFieldName('type');
    if (type?.type !== 'type_identifier' || !NUMERIC_TYPES.has(type.text)) continue;
    for (const name of declaration.childrenForFieldName('name')) if (name) names.add(name.text);
  }
  return names;
}

function functionFacts(scope: Scope): FunctionFacts {
  if (scope.facts) return scope.facts;
  const parameters = new Set<string>();
  const ranged = new Set<string>();
  const spread = new Set<string>();
  const escaped = new Set<string>();
  const closureParameters = new Map<string, { closure: string; position: number }>();
  const fn = scope.fn;
  if (fn) {
    for (const declaration of namedChildrenOf(fn.childForFieldName('parameters'))) {
      for (const name of declaration.childrenForFieldName('name')) if (name) parameters.add(name.text);
    }
    const addresses: Node[] = [];
    for (const node of fn.descendantsOfType(['range_clause', 'variadic_argument', 'unary_expression', 'func_literal'])) {
      if (!node) continue;
      if (node.type === 'func_literal') {
        // add := func(column string, value any) { … }: its parameters take what the calls pass
        const holder = node.parent?.parent;
        const left = namedChildrenOf(holder?.childForFieldName('left'));
        if ((holder?.type === 'short_var_declaration' || holder?.type === 'assignment_statement') && left.length === 1 && left[0]?.type === 'identifier') {
          let position = 0;
          for (const declaration of namedChildrenOf(node.childForFieldName('parameters'))) {
            for (const name of declaration.childrenForFieldName('name')) if (name) closureParameters.set(name.text, { closure: left[0].text, position: position++ });
          }
        }
      } else if (node.type === 'range_clause') {
        for (const name of namedChildrenOf(node.childForFieldName('left'))) ranged.add(name.text);
      } else if (node.type === 'variadic_argument') {
        const value = node.firstNamedChild;
        if (value?.type === 'identifier') spread.add(value.text);
        const operand = value?.type === 'selector_expression' ? value.childForFieldName('operand') : undefined;
        if (operand?.type === 'identifier') spread.add(operand.text);
      } else if (node.text.startsWith('&') && node.childForFieldName('operand')?.type === 'identifier') {
        addresses.push(node);
      }
    }
    for (const address of addresses) {
      const name = address.childForFieldName('operand')?.text ?? '';
      const list = address.parent;
      // AppendConditions(…, &where, &args): the callee appends clauses and their bind values together
      const withBinds = list?.type === 'argument_list' && namedChildrenOf(list).some((arg) => arg.type === 'unary_expression' && arg.id !== address.id && spread.has(arg.childForFieldName('operand')?.text ?? ''));
      if (!withBinds) escaped.add(name);
    }
  }
  scope.facts = { parameters, ranged, spread, escaped, closureParameters };
  return scope.facts;
}

const MAX_DEPTH = 16;

function isSafe(safety: HoleSafety): boolean {
  return safety !== 'dynamic' && safety !== 'attribute';
}

/**
 * A local variable's safety from every write to it in the function: safe when each one stores SQL
 * built only from constants, numbers and placeholders (`where = append(where, "id = "+placeholder(n))`,
 * `fields := []string{"id", "name"}`, `dbName := fmt.Sprintf("test_%d", n)`), or when it is the SQL
 * half of a builder's result whose bind half is passed as the query's values
 * (`clause, args := inClause(ids)` … `Exec(q+clause, args...)`; squirrel's `sql, args, err := b.ToSql()`).
 */
function localSafety(name: string, scope: Scope, depth: number): HoleSafety {
  if (scope.index.constants.has(name)) return 'constant';
  if (scope.numeric.has(name)) return 'number';
  const known = scope.locals.get(name);
  if (known) return known;
  if (scope.resolving.has(name)) return 'constant';
  const fn = scope.fn;
  if (!fn || depth > MAX_DEPTH) return 'dynamic';
  const facts = functionFacts(scope);
  if (facts.parameters.has(name) || facts.ranged.has(name) || facts.escaped.has(name)) return 'dynamic';
  const top = scope.resolving.size === 0;
  scope.resolving.add(name);
  let safety: HoleSafety = 'constant';
  let writes = 0;
  const assignments = [
    ...scope.index.within('short_var_declaration', fn.startIndex, fn.endIndex),
    ...scope.index.within('assignment_statement', fn.startIndex, fn.endIndex),
    ...scope.index.within('var_spec', fn.startIndex, fn.endIndex),
  ];
  for (const assignment of assignments) {
    const spec = assignment.type === 'var_spec';
    const lefts = spec ? assignment.childrenForFieldName('name').filter((n): n is Node => n !== null) : namedChildrenOf(assignment.childForFieldName('left'));
    // `parts[i] = …` writes into the slice too
    const position = lefts.findIndex((left) => (left.type === 'identifier' ? left : left.type === 'index_expression' ? left.childForFieldName('operand') : undefined)?.text === name);
    if (position < 0) continue;
    writes++;
    const rights = namedChildrenOf(spec ? assignment.childForFieldName('value') : assignment.childForFieldName('right'));
    let value: HoleSafety;
    if (rights.length === 0) value = spec ? 'constant' : 'dynamic'; // `var s string`: the zero value
    else if (rights.length === lefts.length) value = expressionSafety(rights[position] ?? rights[0] ?? assignment, scope, depth + 1);
    else {
      // `clause, args := build(…)`: SQL text returned with its own bind list
      const call = rights[0];
      const bindsAlongside = lefts.some((left, i) => i !== position && facts.spread.has(left.text));
      value = rights.length === 1 && call?.type === 'call_expression' && bindsAlongside ? 'placeholders' : 'dynamic';
    }
    if (!isSafe(value)) {
      safety = 'dynamic';
      break;
    }
  }
  const closure = writes === 0 ? facts.closureParameters.get(name) : undefined;
  if (closure) {
    // every call of the closure passes a safe value there: appendValue("row_status", *v)
    for (const call of scope.index.within('call_expression', fn.startIndex, fn.endIndex)) {
      if (call.childForFieldName('function')?.text !== closure.closure) continue;
      writes++;
      const arg = goArguments(call)[closure.position];
      if (!arg || !isSafe(expressionSafety(arg, scope, depth + 1))) {
        safety = 'dynamic';
        break;
      }
    }
  }
  scope.resolving.delete(name);
  if (writes === 0) safety = 'dynamic';
  if (top) scope.locals.set(name, safety);
  return safety;
}

const TEXT_TRANSFORMS = new Set(['strings.TrimSpace', 'strings.TrimSuffix', 'strings.TrimPrefix', 'strings.ToUpper', 'strings.ToLower', 'strings.TrimRight', 'strings.TrimLeft']);
const BUILTIN_CALLS = new Set(['append', 'make', 'new', 'string', 'len', 'cap', 'min', 'max']);

/** Safety of any value stored in a local: strings, string slices, numbers. */
function expressionSafety(node: Node, scope: Scope, depth: number): HoleSafety {
  if (depth > MAX_DEPTH) return 'dynamic';
  switch (node.type) {
    case 'int_literal':
    case 'float_literal':
    case 'interpreted_string_literal':
    case 'raw_string_literal':
    case 'true':
    case 'false':
    case 'nil':
      return 'constant';
    case 'identifier':
      return localSafety(node.text, scope, depth);
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner ? expressionSafety(inner, scope, depth) : 'dynamic';
    }
    case 'unary_expression': {
      const operand = node.childForFieldName('operand');
      return !node.text.startsWith('&') && !node.text.startsWith('*') && operand ? expressionSafety(operand, scope, depth) : 'dynamic';
    }
    case 'binary_expression': {
      const operator = node.childForFieldName('operator')?.text ?? '';
      if (operator !== '+') return /^(?:-|\*|\/|%|<<|>>|&|\||\^|&\^)$/.test(operator) ? 'number' : 'constant'; // arithmetic, or a bool
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (!left || !right) return 'dynamic';
      return isSafe(expressionSafety(left, scope, depth + 1)) && isSafe(expressionSafety(right, scope, depth + 1)) ? 'constant' : 'dynamic';
    }
    case 'composite_literal': {
      // []string{"id", "name"}: every element
      const body = node.childForFieldName('body');
      for (const element of namedChildrenOf(body)) {
        const value = element.type === 'literal_element' ? element.firstNamedChild : element.type === 'keyed_element' ? element.lastNamedChild?.firstNamedChild : element;
        if (!value || !isSafe(expressionSafety(value, scope, depth + 1))) return 'dynamic';
      }
      return 'constant';
    }
    case 'call_expression': {
      const callee = node.childForFieldName('function');
      const name = callee?.text ?? '';
      const args = goArguments(node);
      if (name === 'make' || name === 'new') return 'constant';
      if (name === 'append') {
        for (const arg of args) {
          const value = arg.type === 'variadic_argument' ? arg.firstNamedChild : arg;
          if (!value || !isSafe(expressionSafety(value, scope, depth + 1))) return 'dynamic';
        }
        return 'constant';
      }
      if (name === 'fmt.Sprintf') {
        const pieces = sprintfPieces(node, scope, depth + 1);
        return pieces?.every((piece) => piece.kind === 'text' || isSafe(piece.safety)) ? 'constant' : 'dynamic';
      }
      if (name === 'strings.Join') {
        const list = args[0];
        if (!list) return 'dynamic';
        const shallow = callSafety(node);
        return isSafe(shallow) ? shallow : expressionSafety(list, scope, depth + 1);
      }
      if (TEXT_TRANSFORMS.has(name)) {
        const first = args[0];
        return first ? expressionSafety(first, scope, depth + 1) : 'dynamic';
      }
      const shallow = callSafety(node);
      if (isSafe(shallow)) return shallow;
      // placeholder(len(args)+1), placeholders(3): a helper of this package fed only constants and numbers
      if (callee?.type === 'identifier' && !BUILTIN_CALLS.has(name) && args.length > 0 && args.every((arg) => arg.type !== 'variadic_argument' && isSafe(expressionSafety(arg, scope, depth + 1)))) return 'constant';
      return 'dynamic';
    }
    default:
      return safetyOf(node, scope, depth).safety;
  }
}

/** `stmt.SQL` of a compiled statement whose own values are bound (`args = append(args, stmt.Args...)`). */
function builderField(node: Node, scope: Scope): HoleSafety {
  const operand = node.childForFieldName('operand');
  if (operand?.type !== 'identifier' || !scope.fn) return 'dynamic';
  const facts = functionFacts(scope);
  return facts.spread.has(operand.text) && !facts.parameters.has(operand.text) && !facts.ranged.has(operand.text) ? 'placeholders' : 'dynamic';
}

/** What a call's name and literal arguments alone tell: numbers, escaping, configuration, placeholder lists. */
function callSafety(node: Node): HoleSafety {
  const callee = node.childForFieldName('function')?.text ?? '';
  if (NUMBER_CALLS.has(callee) || callee === 'len' || callee === 'cap') return 'number';
  if (ESCAPE_CALLS.has(callee) || callee.endsWith('.Sanitize') || /\.QuoteIdentifier$|\.QuoteLiteral$/.test(callee)) return 'escaped';
  if (callee === 'os.Getenv') return 'constant';
  if (callee === 'strings.Repeat') {
    const unit = goStringValue(goArguments(node)[0]);
    if (unit !== undefined && /^[\s?,$0-9]*$/.test(unit)) return 'placeholders';
  }
  if (callee === 'strings.Join') {
    const list = goArguments(node)[0]?.text ?? '';
    if (/placeholder|marks|binds|params?$|args?Idx/i.test(list)) return 'placeholders';
  }
  return 'dynamic';
}

function safetyOf(node: Node, scope: Scope, depth = 0): { safety: HoleSafety; plain: boolean } {
  switch (node.type) {
    case 'int_literal':
    case 'float_literal':
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return { safety: 'constant', plain: true };
    case 'identifier':
      if (scope.index.constants.has(node.text)) return { safety: 'constant', plain: true };
      if (scope.numeric.has(node.text)) return { safety: 'number', plain: true };
      return { safety: localSafety(node.text, scope, depth), plain: true };
    case 'selector_expression': {
      const operand = node.childForFieldName('operand');
      // pkg.Constant (an imported package's exported name) is configuration, not input
      if (operand?.type === 'identifier' && scope.index.imports.byName.has(operand.text)) return { safety: 'constant', plain: true };
      return { safety: builderField(node, scope), plain: true };
    }
    case 'index_expression':
      return { safety: 'dynamic', plain: true };
    case 'parenthesized_expression': {
      const inner = node.firstNamedChild;
      return inner ? safetyOf(inner, scope, depth) : { safety: 'dynamic', plain: false };
    }
    case 'call_expression': {
      const shallow = callSafety(node);
      if (isSafe(shallow)) return { safety: shallow, plain: false };
      const callee = node.childForFieldName('function');
      const name = callee?.text ?? '';
      if (name === 'strings.Join' || name === 'fmt.Sprintf' || TEXT_TRANSFORMS.has(name) || callee?.type === 'identifier') {
        // strings.Join(where, " AND ") over clauses appended as literals with placeholders; helpers fed constants
        return { safety: expressionSafety(node, scope, depth + 1), plain: false };
      }
      return { safety: 'dynamic', plain: false };
    }
    default:
      return { safety: 'dynamic', plain: false };
  }
}

/** A string literal as a text piece anchored at its content. */
function literalPiece(node: Node): Piece | undefined {
  const value = goStringValue(node);
  if (value === undefined) return undefined;
  return textPiece(value, node.startIndex + 1, node.endIndex - 1, node.type === 'raw_string_literal' ? '`' : '"');
}

/** `%[flags][width][.precision]verb` of a format string, `%%` kept as text. */
const VERB = /%[-+# 0]{0,5}(?:\d{1,3}|\*)?(?:\.(?:\d{1,3}|\*))?([a-zA-Z%])/g;

function sprintfPieces(call: Node, scope: Scope, depth = 0): Piece[] | undefined {
  const args = goArguments(call);
  const format = args[0];
  const value = format ? goStringValue(format) : undefined;
  if (!format || value === undefined) return undefined;
  if (value.includes('%[')) return undefined; // explicit argument indexes
  const pieces: Piece[] = [];
  let cursor = 0;
  let argIndex = 1;
  const base = format.startIndex + 1;
  const quote = format.type === 'raw_string_literal' ? '`' : '"';
  for (const match of value.matchAll(VERB)) {
    const verb = match[1] ?? '';
    const at = match.index;
    if (verb === '%') continue;
    pieces.push(textPiece(value.slice(cursor, at), base + cursor, base + at, quote));
    const arg = args[argIndex++];
    if (!arg) return undefined;
    const numeric = 'dbcoOxXeEfFgGtU'.includes(verb);
    const safety = numeric ? { safety: 'number' as const, plain: false } : safetyOf(arg, scope, depth);
    pieces.push(holePiece(arg, safety.safety, safety.plain, false));
    cursor = at + match[0].length;
  }
  pieces.push(textPiece(value.slice(cursor), base + cursor, base + value.length, quote));
  return pieces;
}

/** Flattens a string-building expression; undefined when it is not one. `direct`: written at the call. */
function flatten(node: Node, scope: Scope, depth: number): { pieces: Piece[]; how: string; rewritable: boolean } | undefined {
  if (node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal') {
    const piece = literalPiece(node);
    return piece ? { pieces: [piece], how: 'a string literal', rewritable: true } : undefined;
  }
  if (node.type === 'parenthesized_expression') {
    const inner = node.firstNamedChild;
    return inner ? flatten(inner, scope, depth) : undefined;
  }
  if (node.type === 'binary_expression' && node.childForFieldName('operator')?.text === '+') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (!left || !right) return undefined;
    const pieces: Piece[] = [];
    let rewritable = true;
    for (const operand of [left, right]) {
      const inner = operand.type === 'binary_expression' || operand.type === 'interpreted_string_literal' || operand.type === 'raw_string_literal' ? flatten(operand, scope, depth) : undefined;
      if (inner) {
        pieces.push(...inner.pieces);
        rewritable &&= inner.rewritable;
      } else {
        const safety = safetyOf(operand, scope);
        pieces.push(holePiece(operand, safety.safety, safety.plain, false));
      }
    }
    return { pieces, how: 'string concatenation', rewritable };
  }
  if (node.type === 'call_expression') {
    const callee = node.childForFieldName('function')?.text;
    if (callee === 'fmt.Sprintf' && scope.index.imports.byName.get('fmt') === 'fmt') {
      const pieces = sprintfPieces(node, scope);
      return pieces ? { pieces, how: '`fmt.Sprintf`', rewritable: false } : undefined;
    }
    return undefined;
  }
  if (node.type === 'identifier' && depth === 0) return resolveVariable(node, scope);
  return undefined;
}

/** `q := "…" + x` (and later `q += …`) in the same function, before the use. */
function resolveVariable(identifier: Node, scope: Scope): { pieces: Piece[]; how: string; rewritable: boolean } | undefined {
  const fn = scope.fn;
  if (!fn) return undefined;
  const name = identifier.text;
  const assignments = [
    ...scope.index.within('short_var_declaration', fn.startIndex, identifier.startIndex),
    ...scope.index.within('assignment_statement', fn.startIndex, identifier.startIndex),
    ...scope.index.within('var_spec', fn.startIndex, identifier.startIndex),
  ].sort((a, b) => a.startIndex - b.startIndex);
  let pieces: Piece[] | undefined;
  let how = 'string concatenation';
  for (const assignment of assignments) {
    const lefts = assignment.type === 'var_spec' ? assignment.childrenForFieldName('name').filter((n): n is Node => n !== null) : namedChildrenOf(assignment.childForFieldName('left'));
    if (lefts.length !== 1 || lefts[0]?.text !== name) continue;
    const value = (assignment.type === 'var_spec' ? assignment.childForFieldName('value') : assignment.childForFieldName('right'))?.firstNamedChild;
    if (!value) continue;
    const operator = assignment.type === 'assignment_statement' ? assignment.childForFieldName('operator')?.text : ':=';
    const built = flatten(value, scope, 1);
    if (operator === '+=') {
      if (!pieces) continue;
      if (built) pieces.push(...built.pieces.map((p) => (p.kind === 'text' ? fixedText(p.raw) : p)));
      else {
        const safety = safetyOf(value, scope);
        pieces.push(holePiece(value, safety.safety, safety.plain, false));
      }
      continue;
    }
    // a fresh assignment restarts the value; `q = fmt.Sprintf("%s LIMIT %d", q, n)` keeps the earlier text in place
    const previous = pieces;
    pieces = built
      ? built.pieces.flatMap((p) => (p.kind === 'text' ? [fixedText(p.raw)] : previous && p.node.type === 'identifier' && p.node.text === name ? previous : [p]))
      : undefined;
    if (built && built.how !== 'a string literal') how = built.how;
  }
  return pieces ? { pieces, how, rewritable: false } : undefined;
}

function driverFor(index: GoIndex, gormSink: boolean): SqlDriver | undefined {
  if (gormSink) return GORM;
  const paths = index.imports.paths;
  const postgres = POSTGRES_IMPORTS.some((p) => paths.has(p));
  const question = QUESTION_IMPORTS.some((p) => paths.has(p));
  if (postgres === question) return undefined;
  return postgres ? POSTGRES : QUESTION;
}

function goString(text: string): string {
  return JSON.stringify(text);
}

/**
 * `fmt.Sprintf("… name = '%s' … id = %d", name, id)` -> `"… name = $1 … id = $2", name, id`: every verb
 * becomes a bound value (numbers too, so no formatting is left), `%%` becomes `%`.
 */
function sprintfFix(queryArg: Node, pieces: readonly Piece[], driver: SqlDriver, index: GoIndex, text: string): Fix | undefined {
  const bindAll = pieces.map((p) => (p.kind === 'hole' ? { ...p, safety: 'dynamic' as const, plain: p.plain || p.safety === 'number' } : p));
  const plan = planParameterization(bindAll, holeContexts(bindAll), driver, { percentEscaped: true });
  if (plan?.holes.length !== bindAll.filter((p) => p.kind === 'hole').length) return undefined;
  let query = '';
  bindAll.forEach((piece, i) => {
    if (piece.kind === 'hole') {
      query += plan.holes.find((h) => h.part === i)?.placeholder ?? '';
      return;
    }
    const cutStart = plan.holes.find((h) => h.part === i - 1)?.removeAfter ?? 0;
    const cutEnd = plan.holes.find((h) => h.part === i + 1)?.removeBefore ?? 0;
    // cuts apply to the raw text; `%%` -> `%` edits lie outside them
    const raw = piece.raw;
    let cooked = '';
    let at = cutStart;
    for (const edit of plan.textEdits.filter((e) => e.part === i).sort((a, b) => a.offset - b.offset)) {
      if (edit.offset < cutStart || edit.offset + edit.length > raw.length - cutEnd) continue;
      cooked += raw.slice(at, edit.offset) + edit.text;
      at = edit.offset + edit.length;
    }
    query += cooked + raw.slice(at, raw.length - cutEnd);
  });
  const format = goArguments(queryArg)[0];
  const quote = format?.type === 'raw_string_literal' ? '`' : '"';
  if (quote === '`' && query.includes('`')) return undefined;
  const values = plan.holes.map((bound) => {
    const hole = bindAll[bound.part] as HolePiece | undefined;
    return patternValue(hole?.expression ?? '', bound.prefix, bound.suffix, (parts) => parts.join(' + '), goString);
  });
  return {
    title: `${FIX_TITLE} (${driver.label} placeholders)`,
    isPreferred: true,
    // the Sprintf may have been the file's last use of fmt: Go rejects unused imports
    edits: [{ start: queryArg.startIndex, end: queryArg.endIndex, text: `${quote}${query}${quote}, ${values.join(', ')}` }, ...goRemoveImportEdits(text, index, 'fmt', 1)],
  };
}

function buildFix(call: Node, queryArg: Node, built: Built, assessment: NonNullable<ReturnType<typeof assessParts>>, driver: SqlDriver | undefined, index: GoIndex, text: string): Fix | undefined {
  if (!driver) return undefined;
  const args = goArguments(call);
  if (args[args.length - 1]?.id !== queryArg.id) return undefined; // values already passed: leave it to a person
  if (built.how === '`fmt.Sprintf`' && queryArg.type === 'call_expression') return sprintfFix(queryArg, built.pieces, driver, index, text);
  if (!built.rewritable) return undefined;
  const plan = planParameterization(built.pieces, assessment.contexts, driver);
  if (!plan) return undefined;
  const construction = constructionEdits(built, plan.holes, plan.textEdits);
  if (!construction) return undefined;
  const values = plan.holes.map((bound) => {
    const hole = built.pieces[bound.part] as HolePiece | undefined;
    return patternValue(hole?.expression ?? '', bound.prefix, bound.suffix, (parts) => parts.join(' + '), goString);
  });
  return {
    title: `${FIX_TITLE} (${driver.label} placeholders)`,
    isPreferred: true,
    edits: [...construction, { start: queryArg.endIndex, end: queryArg.endIndex, text: `, ${values.join(', ')}` }],
  };
}

/** Whole-file gate: SQL can only be built with `+`/`+=` next to a string, or `fmt.Sprintf`. */
const BUILDS_STRINGS = /["`]\s*\+|\+=?\s*["`]|Sprintf\(/;

export function checkGo(ctx: RuleContext): void {
  // test setup (`CREATE DATABASE test_%d`, fixtures) never sees a request
  if (ctx.file.isTestPath || !BUILDS_STRINGS.test(ctx.file.text)) return;
  const index = goIndex(ctx);
  const paths = index.imports.paths;
  const usesGorm = GORM_IMPORTS.some((p) => paths.has(p));
  const scopes = new Map<number, Scope>();
  const text = ctx.file.text;
  const head = new RegExp(`\\.(?:${[...SQL_METHODS.keys(), ...(usesGorm ? [...GORM_METHODS] : [])].join('|')})\\(`);
  const sinkHead = goHeadMatcher(text, head);
  for (const call of index.nodes('call_expression')) {
    if (!sinkHead(call.startIndex)) continue;
    const fnNode = call.childForFieldName('function');
    if (fnNode?.type !== 'selector_expression') continue;
    const method = fnNode.childForFieldName('field')?.text ?? '';
    const sqlIndex = SQL_METHODS.get(method);
    const gormSink = usesGorm && GORM_METHODS.has(method);
    if (sqlIndex === undefined && !gormSink) continue;
    const receiver = goCallName(call)?.receiver;
    if (receiver?.type === 'identifier' && index.imports.byName.has(receiver.text)) continue; // pkg.Func, not a method
    const args = goArguments(call);
    let position = gormSink && sqlIndex === undefined ? 0 : (sqlIndex ?? 0);
    if (sqlIndex === 0 && isContextArgument(args[0]) && args.length > 1) position = 1; // pgx: conn.Query(ctx, sql, …)
    const queryArg = args[position];
    if (!queryArg || queryArg.type === 'interpreted_string_literal' || queryArg.type === 'raw_string_literal') continue;

    const fn = index.enclosingFunction(call);
    const key = fn?.startIndex ?? -1;
    let scope = scopes.get(key);
    if (!scope) {
      scope = { index, text: ctx.file.text, numeric: numericNames(fn, index), fn, locals: new Map(), resolving: new Set() };
      scopes.set(key, scope);
    }
    const flattened = flatten(queryArg, scope, 0);
    if (!flattened) continue;
    const definite = gormSink && (sqlIndex === undefined || method === 'Raw' || method === 'Exec');
    if (!isSqlForSink(flattened.pieces, definite)) continue;
    const assessment = assessParts(flattened.pieces);
    if (!assessment) continue;
    const built: Built = { node: queryArg, pieces: flattened.pieces, how: flattened.how, rewritable: flattened.rewritable };
    const driver = driverFor(index, gormSink);
    const fix = buildFix(call, queryArg, built, assessment, driver, index, text);
    const sinkName = `${receiver && receiver.text.length <= 30 ? receiver.text : '…'}.${method}()`;
    ctx.report({
      node: queryArg,
      message: sqlMessage({
        how: flattened.how,
        sink: sinkName,
        hole: assessment.hole,
        context: assessment.context,
        ...(driver ? { placeholder: driver.style === 'dollar' ? '$1' : '?' } : {}),
        ...(queryArg.type === 'identifier' ? { viaVariable: queryArg.text } : {}),
      }),
      fixes: fix ? [fix] : [],
    });
  }
}
