/**
 * Language-agnostic pieces of SQL-injection detection, shared by every language of the
 * `sql-concatenation` rule (and any other rule that needs to recognise SQL).
 *
 * A language module turns a string-building expression (concatenation, interpolation, formatting)
 * into a list of {@link SqlPart}s — the constant text written in the source and the "holes" where
 * values are spliced in, each with a {@link HoleSafety} — and then asks this module:
 *
 *  - {@link sqlShape}: does the constant text look like SQL (a statement, or a clause fragment)?
 *  - {@link holeContexts}: where does each hole sit in the SQL (a value position, inside quotes,
 *    a LIKE pattern, LIMIT, a table/column name, a whole clause...)?
 *  - {@link isReportableHole}: is this hole an injection risk worth a finding?
 *  - {@link hasBindPlaceholders}: does the text already use `$1`, `?`, `%s`, `:name`, `@name`?
 *  - {@link planParameterization}: which holes become which placeholder (and which quotes go)
 *    in the placeholder style of a driver from {@link SQL_DRIVERS}.
 *
 * The language module keeps the syntax: it knows the source offsets of each part, the driver in
 * use and how values are passed, and turns a plan into text edits.
 *
 * Everything here runs on the content of string literals only, with linear-time scans.
 */

/** How trustworthy an interpolated value is, decided by the language module from its syntax. */
export type HoleSafety =
  /** A literal or a constant (module-level constant literal, local const literal, `cond ? 'ASC' : 'DESC'`). */
  | 'constant'
  /** Coerced to a number (`Number(x)`, `parseInt`, `int(x)`, `x.length`, arithmetic). */
  | 'number'
  /** Passed through an escaping/quoting helper (`mysql.escape`, `escapeId`, `pg-format`, `quote_ident`). */
  | 'escaped'
  /** A generated list of placeholders (`ids.map(() => '?').join(',')`, `', '.join(['%s'] * len(ids))`). */
  | 'placeholders'
  /** A property of the current object (`this.table`, `self.table_name`): trusted as an identifier, not as a value. */
  | 'attribute'
  /** Anything else: a parameter, request data, a computed string. */
  | 'dynamic';

export interface SqlTextPart {
  readonly kind: 'text';
  /** The constant text exactly as written in the source (escape sequences not decoded). */
  readonly raw: string;
  /** False for text that is not written at this place (a resolved constant's value): never edited. */
  readonly editable: boolean;
}

export interface SqlHolePart {
  readonly kind: 'hole';
  readonly safety: HoleSafety;
  /** Source text of the interpolated expression: named in messages, passed as the bound value. */
  readonly expression: string;
  /** True when `expression` is a plain value (name, property, index, getter) safe to move into a parameter list. */
  readonly plain: boolean;
}

export type SqlPart = SqlTextPart | SqlHolePart;

// ---------------------------------------------------------------------------------------------
// SQL-likeness

/** `statement`: a whole statement (SELECT…FROM, INSERT INTO…); `fragment`: a clause (WHERE, ORDER BY, LIMIT…). */
export type SqlShape = 'statement' | 'fragment';

const VERBS = new Set(['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'REPLACE', 'MERGE', 'UPSERT', 'WITH', 'DROP', 'CREATE', 'ALTER', 'TRUNCATE', 'CALL', 'EXEC', 'EXECUTE', 'PRAGMA']);
const DDL_OBJECTS = new Set([
  'TABLE', 'INDEX', 'VIEW', 'DATABASE', 'SCHEMA', 'SEQUENCE', 'TRIGGER', 'FUNCTION', 'PROCEDURE', 'USER', 'ROLE',
  'EXTENSION', 'TYPE', 'TEMP', 'TEMPORARY', 'UNIQUE', 'OR', 'MATERIALIZED', 'COLUMN', 'CONSTRAINT', 'IF', 'UNLOGGED',
]);
const FRAGMENT_WORDS = new Set(['WHERE', 'HAVING', 'LIMIT', 'OFFSET', 'VALUES', 'JOIN']);
const CONDITION_WORDS = new Set(['AND', 'OR', 'ON', 'SET']);

interface Word {
  readonly text: string;
  readonly upper: string;
}

/** Words (letters, digits, underscores) of `text`; a backslash escape (`\n`) separates words. */
function wordsOf(text: string, limit = 400): Word[] {
  const words: Word[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    const isWord = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95;
    if (isWord && start === -1) {
      start = i;
    } else if (!isWord && start !== -1) {
      // `\nFROM`: the letter right after a backslash belongs to the escape, not the word.
      const from = start > 0 && text.charCodeAt(start - 1) === 92 ? start + 1 : start;
      if (from < i) {
        const word = text.slice(from, i);
        words.push({ text: word, upper: word.toUpperCase() });
        if (words.length >= limit) break;
      }
      start = -1;
    }
  }
  return words;
}

const isAllUpper = (word: string): boolean => word === word.toUpperCase() && word !== word.toLowerCase();
const isAllLower = (word: string): boolean => word === word.toLowerCase();

/**
 * Whether `text` (the constant text of a built string; put a space where values are spliced in)
 * looks like SQL. Keywords must be upper case, or the text must start with a lower-case SQL verb
 * (`select id from users`): prose such as "Please select an item from the list" is not SQL.
 */
export function sqlShape(text: string): SqlShape | undefined {
  const words = wordsOf(text);
  const first = words[0];
  if (!first) return undefined;
  const lenient = VERBS.has(first.upper) && (isAllLower(first.text) || isAllUpper(first.text));
  const keyword = (word: Word | undefined, expected: string): boolean =>
    word?.upper === expected && (isAllUpper(word.text) || (lenient && isAllLower(word.text)));

  let select = false;
  let insert = false;
  let update = false;
  let del = false;
  let merge = false;
  let fragment = false;
  let condition = false;
  for (let i = 0; i < words.length; i++) {
    const word = words[i];
    if (!word) continue;
    const next = words[i + 1];
    if (keyword(word, 'SELECT')) select = true;
    else if (keyword(word, 'FROM') && (select || del)) return 'statement';
    else if (keyword(word, 'INSERT') || keyword(word, 'REPLACE') || keyword(word, 'UPSERT')) insert = true;
    else if (keyword(word, 'INTO') && (insert || merge)) return 'statement';
    else if (keyword(word, 'VALUES') && insert) return 'statement';
    else if (keyword(word, 'UPDATE')) update = true;
    else if (keyword(word, 'SET') && update) return 'statement';
    else if (keyword(word, 'DELETE')) del = true;
    else if (keyword(word, 'MERGE')) merge = true;
    else if (keyword(word, 'USING') && merge) return 'statement';
    else if ((keyword(word, 'DROP') || keyword(word, 'CREATE') || keyword(word, 'ALTER')) && next && DDL_OBJECTS.has(next.upper) && keyword(next, next.upper)) {
      return 'statement';
    } else if (keyword(word, 'TRUNCATE') && (i === 0 || (next !== undefined && keyword(next, 'TABLE')))) return 'statement';
    else if ((keyword(word, 'CALL') || keyword(word, 'EXEC') || keyword(word, 'PRAGMA')) && i === 0 && next) return 'statement';

    if (FRAGMENT_WORDS.has(word.upper) && keyword(word, word.upper)) fragment = true;
    else if ((word.upper === 'ORDER' || word.upper === 'GROUP') && keyword(word, word.upper) && keyword(next, 'BY')) fragment = true;
    else if (CONDITION_WORDS.has(word.upper) && keyword(word, word.upper)) condition = true;
  }
  if (fragment) return 'fragment';
  if (condition && /[=<>]|\b(?:LIKE|ILIKE|IN|IS|BETWEEN)\b/.test(text)) return 'fragment';
  // `where name = ` / `and id = ` written in lower case at the start of the text.
  if (first.upper === 'WHERE' || first.upper === 'AND' || first.upper === 'OR') {
    if ((isAllLower(first.text) || isAllUpper(first.text)) && /[=<>]/.test(text)) return 'fragment';
  }
  return undefined;
}

/** The constant text of `parts` with a space for every hole, for {@link sqlShape}. */
export function constantText(parts: readonly SqlPart[]): string {
  let text = '';
  for (const part of parts) text += part.kind === 'text' ? part.raw : ' ';
  return text;
}

// ---------------------------------------------------------------------------------------------
// Bind placeholders

const BIND_PLACEHOLDER = /\$\d|(?:^|[\s=(,<>])\?(?![?|&])|%s|%\(\w{1,64}\)s|(?:^|[^:\w]):[A-Za-z_]\w{0,63}|(?:^|[\s=(,<>])@[A-Za-z_]\w{0,63}/;

/**
 * Whether SQL text contains a bind placeholder in any common style: `$1` (PostgreSQL), `?`
 * (JDBC, MySQL, SQLite), `%s` / `%(name)s` (Python DB-API "format"/"pyformat"), `:name`
 * (Oracle, SQLAlchemy, SQLite named), `@name` (SQL Server, SQLite). `::int` casts and `??`
 * (knex identifier bindings, JSON operators) do not count.
 */
export function hasBindPlaceholders(text: string): boolean {
  return BIND_PLACEHOLDER.test(text);
}

// ---------------------------------------------------------------------------------------------
// Placeholder styles and drivers

export type PlaceholderStyleId = 'dollar' | 'question' | 'format' | 'at';

export interface PlaceholderStyle {
  readonly id: PlaceholderStyleId;
  /** The placeholder for the `position`-th bound value (1-based). */
  placeholder(position: number): string;
  /** True when a literal `%` must be written `%%` once values are bound (Python DB-API "format" style). */
  readonly doublesPercent: boolean;
}

export const PLACEHOLDER_STYLES: Readonly<Record<PlaceholderStyleId, PlaceholderStyle>> = {
  dollar: { id: 'dollar', placeholder: (position) => `$${String(position)}`, doublesPercent: false },
  question: { id: 'question', placeholder: () => '?', doublesPercent: false },
  format: { id: 'format', placeholder: () => '%s', doublesPercent: true },
  at: { id: 'at', placeholder: (position) => `@p${String(position - 1)}`, doublesPercent: false },
};

export interface SqlDriver {
  /** Stable id used by language modules (`pg`, `mysql`, `python-sqlite3`...). */
  readonly id: string;
  /** Shown in fix titles and messages. */
  readonly label: string;
  readonly style: PlaceholderStyleId;
  /** Whether `LIMIT ?` accepts a bound value that may be a string (false for MySQL, which quotes strings). */
  readonly bindsLimit: boolean;
}

/**
 * Drivers whose placeholder style is known. Language modules detect the driver from imports and
 * decide how values are passed (array, tuple, options object); this table says how placeholders
 * look. Add an entry when adding a language.
 */
export const SQL_DRIVERS = {
  // JavaScript / TypeScript
  pg: { id: 'pg', label: 'node-postgres', style: 'dollar', bindsLimit: true },
  mysql: { id: 'mysql', label: 'mysql', style: 'question', bindsLimit: false },
  sqlite3: { id: 'sqlite3', label: 'sqlite3', style: 'question', bindsLimit: true },
  'better-sqlite3': { id: 'better-sqlite3', label: 'better-sqlite3', style: 'question', bindsLimit: true },
  sequelize: { id: 'sequelize', label: 'Sequelize', style: 'question', bindsLimit: false },
  knex: { id: 'knex', label: 'Knex', style: 'question', bindsLimit: false },
  // Python (DB-API 2.0)
  'python-sqlite3': { id: 'python-sqlite3', label: 'sqlite3', style: 'question', bindsLimit: true },
  psycopg: { id: 'psycopg', label: 'psycopg', style: 'format', bindsLimit: true },
  'python-mysql': { id: 'python-mysql', label: 'MySQL driver', style: 'format', bindsLimit: false },
  django: { id: 'django', label: 'Django', style: 'format', bindsLimit: false },
} as const satisfies Readonly<Record<string, SqlDriver>>;

export type SqlDriverId = keyof typeof SQL_DRIVERS;

// ---------------------------------------------------------------------------------------------
// Where each hole sits in the SQL

export type HoleContextKind =
  /** A bare value: `id = ${id}`, `VALUES (${a}`, `LOWER(${x})`. */
  | 'value'
  /** Exactly one quoted value: `name = '${name}'`. */
  | 'quoted'
  /** Inside quotes with other text: `LIKE '%${q}%'` (prefix/suffix given). */
  | 'pattern'
  /** `LIMIT ${n}` / `OFFSET ${n}`. */
  | 'limit'
  /** `IN (${ids})`: a list, which one placeholder cannot bind. */
  | 'list'
  /** A table or column name: `FROM ${table}`, `ORDER BY ${column}`, `"${column}"`. */
  | 'identifier'
  /** Anything else: a whole clause or keyword (`WHERE ${conditions}`, `${direction}`). */
  | 'clause'
  /** Inside an SQL comment. */
  | 'comment';

export interface HoleContext {
  readonly kind: HoleContextKind;
  /** For `quoted`/`pattern`: raw characters to drop at the end of the previous text part (quote + prefix). */
  readonly removeBefore: number;
  /** For `quoted`/`pattern`: raw characters to drop at the start of the next text part (suffix + quote). */
  readonly removeAfter: number;
  /** For `pattern`: the constant text inside the quotes before/after the hole (`%`). */
  readonly prefix: string;
  readonly suffix: string;
}

const VALUE_OPERATORS = new Set(['=', '<', '>', '<=', '>=', '<>', '!=', '+', '-', '*', '/', '||', '%']);
const VALUE_WORDS = new Set(['LIKE', 'ILIKE', 'BETWEEN', 'AND_BETWEEN', 'THEN', 'ELSE', 'ESCAPE', 'REGEXP', 'RLIKE', 'GLOB', 'AGAINST', 'DEFAULT']);
const IDENTIFIER_WORDS = new Set(['FROM', 'JOIN', 'INTO', 'UPDATE', 'TABLE', 'BY', 'SELECT', 'AS', 'DISTINCT', 'INDEX', 'VIEW', 'DATABASE', 'SCHEMA', 'USING', 'COLUMN', 'TRUNCATE', 'DESCRIBE']);
const LIST_WORDS = new Set(['IN']);
const LIMIT_WORDS = new Set(['LIMIT', 'OFFSET', 'TOP', 'FETCH', 'FIRST', 'NEXT']);

type LexState = 'normal' | 'squote' | 'dquote' | 'backtick' | 'bracket' | 'line-comment' | 'block-comment';

interface QuoteRegion {
  /** Part index and raw offset of the opening quote. */
  readonly openPart: number;
  readonly openOffset: number;
  readonly quote: string;
  /** Preceding token before the opening quote (for double quotes: string or identifier?). */
  readonly before: string;
  holes: number[];
  closePart: number;
  closeOffset: number;
  /** Raw length of the closing quote (2 for an escaped `\'`). */
  closeLength: number;
  openLength: number;
}

/** Token classes remembered while scanning the normal (unquoted) state. */
interface Scan {
  lastToken: string;
  /** Keyword (upper case) or name before each open parenthesis. */
  parens: string[];
  between: boolean;
}

function classifyBare(scan: Scan): HoleContextKind {
  const last = scan.lastToken;
  if (last === '') return 'clause';
  if (last === '(' || last === ',') {
    const opener = scan.parens[scan.parens.length - 1];
    if (opener === undefined) return last === '(' ? 'value' : 'clause';
    if (opener === 'VALUES') return 'value';
    if (LIST_WORDS.has(opener)) return 'list';
    if (opener === '' || IDENTIFIER_WORDS.has(opener) || opener === 'KEY' || opener === 'ON') return 'clause';
    // A function call: LOWER(${x}), COALESCE(a, ${b}).
    return 'value';
  }
  if (VALUE_OPERATORS.has(last)) return 'value';
  if (VALUE_WORDS.has(last)) return 'value';
  if (LIMIT_WORDS.has(last)) return 'limit';
  if (LIST_WORDS.has(last)) return 'list';
  if (IDENTIFIER_WORDS.has(last) || last === '.') return 'identifier';
  return 'clause';
}

function isWordChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 95 || code === 36;
}

const NO_EDIT = { removeBefore: 0, removeAfter: 0, prefix: '', suffix: '' };

/**
 * Where each hole of `parts` sits in the SQL, by scanning the constant text once (quotes,
 * comments, the token before the hole, the keyword before an open parenthesis). Returns one
 * context per part, `undefined` for text parts.
 */
export function holeContexts(parts: readonly SqlPart[]): (HoleContext | undefined)[] {
  const result: (HoleContext | undefined)[] = parts.map(() => undefined);
  const scan: Scan = { lastToken: '', parens: [], between: false };
  let state: LexState = 'normal';
  let region: QuoteRegion | undefined;
  const regions: QuoteRegion[] = [];
  let word = '';
  const flushWord = (): void => {
    if (word === '') return;
    let upper = word.toUpperCase();
    if (upper === 'BETWEEN') scan.between = true;
    else if (upper === 'AND' && scan.between) {
      upper = 'AND_BETWEEN'; // `BETWEEN a AND ${b}`: a value, not a condition
      scan.between = false;
    }
    scan.lastToken = upper;
    word = '';
  };

  parts.forEach((part, partIndex) => {
    if (part.kind === 'hole') {
      if (state === 'normal') {
        flushWord();
        const kind = classifyBare(scan);
        result[partIndex] = { kind, ...NO_EDIT };
        scan.lastToken = 'VALUE';
      } else if (state === 'squote' || state === 'dquote') {
        region?.holes.push(partIndex);
      } else if (state === 'backtick' || state === 'bracket') {
        result[partIndex] = { kind: 'identifier', ...NO_EDIT };
      } else {
        result[partIndex] = { kind: 'comment', ...NO_EDIT };
      }
      return;
    }
    const raw = part.raw;
    for (let i = 0; i < raw.length; i++) {
      const ch = raw[i] ?? '';
      const code = raw.charCodeAt(i);
      // A backslash escape of the host language: `\'` is a quote, `\n` whitespace.
      let cooked = ch;
      let length = 1;
      if (ch === '\\' && i + 1 < raw.length) {
        const next = raw[i + 1] ?? '';
        cooked = next === "'" || next === '"' || next === '`' ? next : ' ';
        length = 2;
      }
      switch (state) {
        case 'normal': {
          if (length === 1 && isWordChar(code)) {
            word += ch;
            break;
          }
          flushWord();
          if (cooked === "'" || cooked === '"') {
            region = {
              openPart: partIndex, openOffset: i, openLength: length, quote: cooked, before: scan.lastToken,
              holes: [], closePart: -1, closeOffset: -1, closeLength: 0,
            };
            state = cooked === "'" ? 'squote' : 'dquote';
          } else if (cooked === '`') state = 'backtick';
          else if (cooked === '[') state = 'bracket';
          else if (cooked === '-' && raw[i + 1] === '-') state = 'line-comment';
          else if (cooked === '/' && raw[i + 1] === '*') state = 'block-comment';
          else if (cooked === '(') {
            scan.parens.push(scan.lastToken === '(' || scan.lastToken === ',' ? '' : scan.lastToken);
            scan.lastToken = '(';
          } else if (cooked === ')') {
            scan.parens.pop();
            scan.lastToken = ')';
          } else if (cooked === ',' || cooked === '.' || cooked === ';') {
            scan.lastToken = cooked;
            if (cooked === ';') scan.parens.length = 0;
          } else if ('=<>!+-*/|%'.includes(cooked) && cooked !== ' ') {
            const previous = scan.lastToken;
            scan.lastToken = VALUE_OPERATORS.has(previous + cooked) && previous.length === 1 && raw[i - 1] === previous ? previous + cooked : cooked;
          } else if (cooked === ':' && raw[i + 1] === ':') {
            scan.lastToken = '::';
            i++;
          }
          break;
        }
        case 'squote':
        case 'dquote': {
          const quote = state === 'squote' ? "'" : '"';
          if (cooked === quote && region) {
            region.closePart = partIndex;
            region.closeOffset = i;
            region.closeLength = length;
            regions.push(region);
            region = undefined;
            state = 'normal';
            scan.lastToken = 'VALUE';
          }
          break;
        }
        case 'backtick':
          if (cooked === '`') state = 'normal';
          break;
        case 'bracket':
          if (cooked === ']') state = 'normal';
          break;
        case 'line-comment':
          if (cooked === '\n' || (ch === '\\' && raw[i + 1] === 'n')) state = 'normal';
          break;
        case 'block-comment':
          if (cooked === '*' && raw[i + 1] === '/') {
            state = 'normal';
            i++;
          }
          break;
      }
      i += length - 1;
    }
    flushWord();
  });
  if (region) regions.push(region); // unterminated: holes inside stay `clause`

  for (const quoted of regions) {
    const identifierQuote = quoted.quote === '"' && !isValueToken(quoted.before);
    for (const holeIndex of quoted.holes) {
      if (identifierQuote) {
        result[holeIndex] = { kind: 'identifier', ...NO_EDIT };
        continue;
      }
      result[holeIndex] = quotedContext(parts, quoted, holeIndex) ?? { kind: 'pattern', removeBefore: -1, removeAfter: -1, prefix: '', suffix: '' };
    }
  }
  for (let i = 0; i < parts.length; i++) {
    if (parts[i]?.kind === 'hole' && result[i] === undefined) result[i] = { kind: 'clause', ...NO_EDIT };
  }
  return result;
}

function isValueToken(token: string): boolean {
  return VALUE_OPERATORS.has(token) || VALUE_WORDS.has(token) || token === '(' || token === ',' || token === 'IN' || token === 'VALUES';
}

/** `'${x}'` or `'%${x}%'` where the quotes sit in the text parts right next to the hole. */
function quotedContext(parts: readonly SqlPart[], region: QuoteRegion, holeIndex: number): HoleContext | undefined {
  if (region.holes.length !== 1 || region.closePart < 0) return undefined;
  // `interval '${days} days'`, `DATE '${d}'`: a typed literal, which a bind parameter cannot replace as is.
  if (region.before !== '' && !isValueToken(region.before) && region.before !== 'VALUE') return undefined;
  if (region.openPart !== holeIndex - 1 || region.closePart !== holeIndex + 1) return undefined;
  const before = parts[holeIndex - 1];
  const after = parts[holeIndex + 1];
  if (before?.kind !== 'text' || after?.kind !== 'text' || !before.editable || !after.editable) return undefined;
  const prefix = before.raw.slice(region.openOffset + region.openLength);
  const suffix = after.raw.slice(0, region.closeOffset);
  const removeBefore = before.raw.length - region.openOffset;
  const removeAfter = region.closeOffset + region.closeLength;
  if (prefix === '' && suffix === '') return { kind: 'quoted', removeBefore, removeAfter, prefix, suffix };
  if (/[\\'"`{}$]/.test(prefix + suffix)) return undefined;
  return { kind: 'pattern', removeBefore, removeAfter, prefix, suffix };
}

/**
 * Whether a hole is worth a finding: anything dynamic outside SQL comments, and object
 * properties (`this.x`, `self.x`) used as values; never constants, numbers, escaped values or
 * generated placeholder lists.
 */
export function isReportableHole(safety: HoleSafety, context: HoleContext | undefined): boolean {
  const kind = context?.kind ?? 'clause';
  if (kind === 'comment') return false;
  if (safety === 'dynamic') return true;
  if (safety === 'attribute') return kind === 'value' || kind === 'quoted' || kind === 'pattern' || kind === 'list';
  return false;
}

/** Context kinds that a bind parameter can replace. */
export function isBindableContext(kind: HoleContextKind, driver: SqlDriver): boolean {
  return kind === 'value' || kind === 'quoted' || kind === 'pattern' || (kind === 'limit' && driver.bindsLimit);
}

// ---------------------------------------------------------------------------------------------
// Fix planning

export interface BoundHole {
  /** Index of the hole in `parts`. */
  readonly part: number;
  /** 1-based position among bound values. */
  readonly position: number;
  readonly placeholder: string;
  /** Raw characters to drop at the end of the previous text part / start of the next one (quotes, pattern). */
  readonly removeBefore: number;
  readonly removeAfter: number;
  /** Constant text that joins the value inside the bound parameter (`%` for `LIKE '%${q}%'`). */
  readonly prefix: string;
  readonly suffix: string;
}

export interface ParameterizationPlan {
  readonly holes: readonly BoundHole[];
  /** Edits inside editable text parts (`%` → `%%` for the "format" style): part index, raw offset, length, replacement. */
  readonly textEdits: readonly { part: number; offset: number; length: number; text: string }[];
}

export interface PlanOptions {
  /** The text is a `%`-format string already: `%%` stands for `%`. */
  readonly percentEscaped?: boolean;
}

/**
 * Decides how to turn `parts` into a parameterized query for `driver`, or `undefined` when that
 * is not a safe mechanical rewrite: every reportable hole must be a plain value in a bindable
 * position, and the text must not already contain placeholders. Constant, numeric and escaped
 * holes are left where they are.
 */
export function planParameterization(
  parts: readonly SqlPart[],
  contexts: readonly (HoleContext | undefined)[],
  driver: SqlDriver,
  options: PlanOptions = {},
): ParameterizationPlan | undefined {
  const style = PLACEHOLDER_STYLES[driver.style];
  const text = constantText(parts);
  if (hasBindPlaceholders(options.percentEscaped ? text.replaceAll('%%', '') : text)) return undefined;
  const holes: BoundHole[] = [];
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (part?.kind !== 'hole') continue;
    const context = contexts[i];
    if (!isReportableHole(part.safety, context)) continue;
    if (!context || !isBindableContext(context.kind, driver) || !part.plain || context.removeBefore < 0) return undefined;
    const unescape = (value: string): string => (options.percentEscaped ? value.replaceAll('%%', '%') : value);
    holes.push({
      part: i,
      position: holes.length + 1,
      placeholder: style.placeholder(holes.length + 1),
      removeBefore: context.removeBefore,
      removeAfter: context.removeAfter,
      prefix: unescape(context.prefix),
      suffix: unescape(context.suffix),
    });
  }
  if (holes.length === 0) return undefined;

  const textEdits: { part: number; offset: number; length: number; text: string }[] = [];
  const percent = style.doublesPercent && !options.percentEscaped ? { from: '%', to: '%%' } : !style.doublesPercent && options.percentEscaped ? { from: '%%', to: '%' } : undefined;
  if (percent) {
    parts.forEach((part, index) => {
      if (part.kind !== 'text' || !part.editable) return;
      // Characters removed by a bound hole next to this part are not rewritten.
      const cutEnd = holes.find((h) => h.part === index + 1)?.removeBefore ?? 0;
      const cutStart = holes.find((h) => h.part === index - 1)?.removeAfter ?? 0;
      for (let at = part.raw.indexOf(percent.from, cutStart); at !== -1 && at < part.raw.length - cutEnd; at = part.raw.indexOf(percent.from, at + percent.from.length)) {
        textEdits.push({ part: index, offset: at, length: percent.from.length, text: percent.to });
      }
    });
  }
  return { holes, textEdits };
}

// ---------------------------------------------------------------------------------------------
// Messages

/** Shortens source text for a message: one line, at most `max` characters. */
export function shorten(source: string, max = 40): string {
  const oneLine = source.replace(/\s+/g, ' ').trim();
  return oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine;
}

/**
 * The finding's message. `how` says how the string is built ("a template literal"), `sink` names
 * the call (`pool.query()`), `hole` is the first reportable hole and `placeholder` the driver's
 * placeholder when known.
 */
export function sqlMessage(options: {
  readonly how: string;
  readonly sink: string;
  readonly hole: SqlHolePart;
  readonly context: HoleContextKind;
  readonly placeholder?: string;
  readonly viaVariable?: string;
  /** Replaces the closing advice for value positions (e.g. an ORM's safe API). */
  readonly advice?: string;
}): string {
  const value = `\`${shorten(options.hole.expression)}\``;
  const built = options.viaVariable ? `\`${options.viaVariable}\` is SQL built with ${options.how}` : `SQL built with ${options.how}`;
  const head = `${built} that splices in ${value} and is run by \`${options.sink}\``;
  if (options.context === 'identifier' || options.context === 'clause') {
    const what = options.context === 'identifier' ? 'as a table or column name' : 'as raw SQL';
    return `${built} that splices in ${value} ${what} and is run by \`${options.sink}\`: whoever controls it can rewrite the query. Map it through a fixed allow-list (bind parameters cannot replace identifiers or keywords).`;
  }
  if (options.context === 'list') {
    return `${head}: whoever controls it can rewrite the query. Bind each list item as its own parameter (generate one placeholder per item).`;
  }
  const placeholder = options.placeholder ? ` (\`${options.placeholder}\`)` : '';
  return `${head}: whoever controls it can rewrite the query. ${options.advice ?? `Pass the value as a bound parameter${placeholder} instead.`}`;
}
