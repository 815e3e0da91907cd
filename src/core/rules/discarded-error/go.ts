import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import {
  goAddImportEdits,
  goArguments,
  goCallName,
  goErrorLast,
  goErrorReturn,
  goIndex,
  goPackageOf,
  goResponseWriterParam,
  goResultTypes,
  type GoImports,
  type GoIndex,
  isGoErrorName,
  namedChildrenOf,
} from '../shared/go';
import { hasForeignSuppression } from '../shared/errors';
import { indentOfLine } from '../shared/indentation';
import { CONSEQUENCES, type ErrorKind } from './messages';

/** What is known about a callee that returns an error as its last result. */
interface Callee {
  /** How the callee is named in messages: `json.Unmarshal`, `tx.Commit`, `saveUser`. */
  readonly label: string;
  readonly kind: ErrorKind;
  /** Number of results, when known (needed to rewrite a bare call statement). */
  readonly results?: number;
  /** Parsing functions cannot fail on constant input: quiet when every argument is a literal. */
  readonly pure?: boolean;
}

interface TableEntry {
  readonly kind: ErrorKind;
  readonly results: number;
  readonly pure?: boolean;
}

const e = (kind: ErrorKind, results: number, pure = false): TableEntry => ({ kind, results, pure });

const JWT: Record<string, TableEntry> = {
  Parse: e('auth', 2),
  ParseWithClaims: e('auth', 2),
  ParseRSAPrivateKeyFromPEM: e('open', 2),
  ParseRSAPublicKeyFromPEM: e('open', 2),
};

/** Standard-library (and very common) package functions whose last result is an error. */
const PACKAGE_FUNCTIONS: Readonly<Record<string, Readonly<Record<string, TableEntry>>>> = {
  os: {
    WriteFile: e('write', 1), ReadFile: e('read', 2),
    Mkdir: e('write', 1), MkdirAll: e('write', 1), Rename: e('write', 1), Chmod: e('write', 1), Chown: e('write', 1),
    Chdir: e('write', 1), Setenv: e('write', 1), Unsetenv: e('write', 1), Create: e('open', 2), Open: e('open', 2),
    OpenFile: e('open', 2), Symlink: e('write', 1), Link: e('write', 1), Truncate: e('write', 1), ReadDir: e('read', 2),
    MkdirTemp: e('open', 2), CreateTemp: e('open', 2),
  },
  io: { Copy: e('write', 2), CopyN: e('write', 2), CopyBuffer: e('write', 2), ReadAll: e('read', 2), ReadFull: e('read', 2), WriteString: e('write', 2) },
  'io/ioutil': { ReadAll: e('read', 2), ReadFile: e('read', 2), WriteFile: e('write', 1), ReadDir: e('read', 2), TempFile: e('open', 2), TempDir: e('open', 2) },
  'encoding/json': { Unmarshal: e('decode', 1), Marshal: e('encode', 2), MarshalIndent: e('encode', 2), Indent: e('encode', 1), Compact: e('encode', 1) },
  'encoding/xml': { Unmarshal: e('decode', 1), Marshal: e('encode', 2), MarshalIndent: e('encode', 2) },
  'gopkg.in/yaml.v3': { Unmarshal: e('decode', 1), Marshal: e('encode', 2) },
  'gopkg.in/yaml.v2': { Unmarshal: e('decode', 1), Marshal: e('encode', 2) },
  'sigs.k8s.io/yaml': { Unmarshal: e('decode', 1), Marshal: e('encode', 2) },
  strconv: {
    Atoi: e('parse', 2, true), ParseInt: e('parse', 2, true), ParseUint: e('parse', 2, true), ParseFloat: e('parse', 2, true),
    ParseBool: e('parse', 2, true), ParseComplex: e('parse', 2, true), Unquote: e('parse', 2, true),
  },
  'net/http': {
    ListenAndServe: e('serve', 1), ListenAndServeTLS: e('serve', 1), Serve: e('serve', 1), ServeTLS: e('serve', 1),
    NewRequest: e('open', 2, true), NewRequestWithContext: e('open', 2), Get: e('open', 2), Post: e('open', 2),
    PostForm: e('open', 2), Head: e('open', 2),
  },
  'net/url': { Parse: e('parse', 2, true), ParseRequestURI: e('parse', 2, true), ParseQuery: e('parse', 2, true), QueryUnescape: e('parse', 2, true), PathUnescape: e('parse', 2, true) },
  net: { Listen: e('serve', 2), Dial: e('open', 2), DialTimeout: e('open', 2) },
  time: { Parse: e('parse', 2, true), ParseInLocation: e('parse', 2, true), ParseDuration: e('parse', 2, true), LoadLocation: e('open', 2) },
  'database/sql': { Open: e('open', 2) },
  regexp: { Compile: e('parse', 2, true), CompilePOSIX: e('parse', 2, true), MatchString: e('parse', 2, true), Match: e('parse', 2, true) },
  'path/filepath': { Abs: e('read', 2), Rel: e('parse', 2, true), Glob: e('read', 2), Walk: e('read', 1), WalkDir: e('read', 1), EvalSymlinks: e('read', 2) },
  'text/template': { ParseFiles: e('open', 2), ParseGlob: e('open', 2), ParseFS: e('open', 2) },
  'html/template': { ParseFiles: e('open', 2), ParseGlob: e('open', 2), ParseFS: e('open', 2) },
  'encoding/hex': { DecodeString: e('parse', 2, true) },
  'crypto/rand': { Read: e('crypto', 2), Int: e('crypto', 2) },
  'golang.org/x/crypto/bcrypt': { GenerateFromPassword: e('crypto', 2), CompareHashAndPassword: e('auth', 1) },
  'github.com/google/uuid': { Parse: e('parse', 2, true), NewRandom: e('crypto', 2) },
  'github.com/golang-jwt/jwt/v5': JWT,
  'github.com/golang-jwt/jwt/v4': JWT,
  'github.com/golang-jwt/jwt': JWT,
  'github.com/dgrijalva/jwt-go': JWT,
  'github.com/jmoiron/sqlx': { Connect: e('open', 2), Open: e('open', 2) },
  'github.com/jackc/pgx/v5': { Connect: e('open', 2) },
  'github.com/jackc/pgx/v4': { Connect: e('open', 2) },
  'github.com/jackc/pgx/v5/pgxpool': { New: e('open', 2) },
  'gorm.io/gorm': { Open: e('open', 2) },
};

/**
 * Methods whose name alone says "returns an error last" for any receiver that is not a package
 * (`database/sql`, `encoding/json` decoders, servers, JWT signing). `minArgs` separates look-alikes:
 * `rows.Scan(&id)` returns an error, `scanner.Scan()` a bool.
 */
interface MethodEntry extends TableEntry {
  readonly minArgs?: number;
  /** `(*http.Server).Serve(l)` takes one argument; an app's `frontend.Serve(ctx, e)` with two is something else. */
  readonly maxArgs?: number;
  /** Only when the file uses database/sql-style packages (gorm's `db.Exec` returns *gorm.DB). */
  readonly sql?: boolean;
}

const METHODS: Readonly<Record<string, MethodEntry>> = {
  Exec: { kind: 'write', results: 2, minArgs: 1, sql: true },
  ExecContext: { kind: 'write', results: 2, minArgs: 2, sql: true },
  Query: { kind: 'read', results: 2, minArgs: 1, sql: true },
  QueryContext: { kind: 'read', results: 2, minArgs: 2, sql: true },
  Prepare: { kind: 'read', results: 2, minArgs: 1, sql: true },
  PrepareContext: { kind: 'read', results: 2, minArgs: 2, sql: true },
  Begin: { kind: 'open', results: 2, sql: true },
  BeginTx: { kind: 'open', results: 2, minArgs: 1, sql: true },
  Commit: { kind: 'commit', results: 1, sql: true },
  Scan: { kind: 'read', results: 1, minArgs: 1, sql: true },
  NamedExec: { kind: 'write', results: 2, minArgs: 2, sql: true },
  NamedExecContext: { kind: 'write', results: 2, minArgs: 3, sql: true },
  Ping: { kind: 'open', results: 1, sql: true },
  PingContext: { kind: 'open', results: 1, minArgs: 1, sql: true },
  Decode: { kind: 'decode', results: 1, minArgs: 1 },
  ListenAndServe: { kind: 'serve', results: 1 },
  ListenAndServeTLS: { kind: 'serve', results: 1, minArgs: 2 },
  Serve: { kind: 'serve', results: 1, minArgs: 1, maxArgs: 1 },
  SignedString: { kind: 'sign', results: 2, minArgs: 1 },
  DecodeString: { kind: 'parse', results: 2, minArgs: 1 },
};

/** Methods that only count with evidence of the receiver: where it came from (call or declared type). */
interface EvidenceMethod extends TableEntry {
  readonly origins: readonly string[];
}

const FILE_ORIGINS = [
  'os.Create', 'os.OpenFile', 'os.CreateTemp', 'io/ioutil.TempFile', 'type:os.File', 'bufio.NewWriter',
  'type:bufio.Writer', 'net.Dial', 'net.DialTimeout', 'type:net.Conn',
];
const EXEC_ORIGINS = ['os/exec.Command', 'os/exec.CommandContext', 'type:os/exec.Cmd'];
const GIN = 'github.com/gin-gonic/gin';
const ECHO = ['github.com/labstack/echo/v4', 'github.com/labstack/echo'];
const FIBER = ['github.com/gofiber/fiber/v2', 'github.com/gofiber/fiber/v3', 'github.com/gofiber/fiber'];

const EVIDENCE_METHODS: Readonly<Record<string, EvidenceMethod>> = {
  Write: { kind: 'write', results: 2, origins: FILE_ORIGINS },
  WriteString: { kind: 'write', results: 2, origins: FILE_ORIGINS },
  Sync: { kind: 'write', results: 1, origins: FILE_ORIGINS },
  Run: { kind: 'run', results: 1, origins: [...EXEC_ORIGINS, `${GIN}.Default`, `${GIN}.New`, `type:${GIN}.Engine`] },
  Output: { kind: 'run', results: 2, origins: EXEC_ORIGINS },
  CombinedOutput: { kind: 'run', results: 2, origins: EXEC_ORIGINS },
  Start: { kind: 'serve', results: 1, origins: [...EXEC_ORIGINS, ...ECHO.map((p) => `${p}.New`), ...ECHO.map((p) => `type:${p}.Echo`)] },
  Listen: { kind: 'serve', results: 1, origins: [...FIBER.map((p) => `${p}.New`), ...FIBER.map((p) => `type:${p}.App`)] },
};

const GORM_PATHS = ['gorm.io/gorm', 'github.com/jinzhu/gorm'];
const SQL_PATHS = ['database/sql', 'github.com/jmoiron/sqlx', 'github.com/jackc/pgx/v5', 'github.com/jackc/pgx/v4', 'github.com/jackc/pgx/v5/pgxpool', 'github.com/jackc/pgx/v4/pgxpool'];

const LITERAL_TYPES = new Set([
  'interpreted_string_literal', 'raw_string_literal', 'int_literal', 'float_literal', 'rune_literal', 'nil', 'true', 'false',
]);

interface FileFacts {
  readonly index: GoIndex;
  readonly imports: GoImports;
  /** Functions declared in the file: name -> result count when the last result is `error`, else -1. */
  readonly functions: ReadonlyMap<string, number>;
  /** Methods declared in the file: name -> result count when every declaration returns an error last, else -1. */
  readonly methods: ReadonlyMap<string, number>;
  /** Methods (and interface methods) by receiver type: `Store` -> `Close` -> result count when it returns an error last, else -1. */
  readonly methodsByType: ReadonlyMap<string, ReadonlyMap<string, number>>;
  /** Struct types of the file: `Store` -> field -> type node (valid while the tree lives). */
  readonly structFields: ReadonlyMap<string, ReadonlyMap<string, Node>>;
  /** Functions of the file: name -> first result type node (for `s := NewStore()`). */
  readonly functionResults: ReadonlyMap<string, Node>;
  readonly usesGormOnly: boolean;
  readonly root: Node;
  readonly text: string;
}

/** `Store` for `*Store`, `Store`, `Cache[K, V]`; undefined for other type shapes. */
function localTypeName(type: Node | null | undefined): string | undefined {
  let current = type;
  while (current?.type === 'pointer_type') current = namedChildrenOf(current)[0];
  if (current?.type === 'generic_type') current = current.childForFieldName('type');
  return current?.type === 'type_identifier' ? current.text : undefined;
}

function addMethod(byType: Map<string, Map<string, number>>, typeName: string, method: string, value: number): void {
  let methods = byType.get(typeName);
  if (!methods) byType.set(typeName, (methods = new Map<string, number>()));
  methods.set(method, value);
}

function collectFacts(ctx: RuleContext, index: GoIndex): FileFacts {
  const functions = new Map<string, number>();
  const methods = new Map<string, number>();
  const methodsByType = new Map<string, Map<string, number>>();
  const functionResults = new Map<string, Node>();
  for (const { node, name, isMethod } of declaredFunctions(index)) {
    if (!name) continue;
    // the result types once per function (each read is several WASM round trips)
    const results = goResultTypes(node);
    const value = goErrorLast(results) ? results.length : -1;
    if (!isMethod) {
      functions.set(name, value);
      const first = results[0];
      if (first) functionResults.set(name, first);
    } else {
      const previous = methods.get(name);
      methods.set(name, previous === undefined || previous === value ? value : -1);
      const receiver = namedChildrenOf(node.childForFieldName('receiver')).find((n) => n.type === 'parameter_declaration');
      const typeName = localTypeName(receiver?.childForFieldName('type'));
      if (typeName) addMethod(methodsByType, typeName, name, value);
    }
  }
  const structFields = new Map<string, Map<string, Node>>();
  for (const spec of index.nodes('type_spec')) {
    const typeName = spec.childForFieldName('name')?.text;
    const type = spec.childForFieldName('type');
    if (!typeName || !type) continue;
    if (type.type === 'interface_type') {
      for (const element of namedChildrenOf(type)) {
        const name = element.childForFieldName('name')?.text;
        if ((element.type !== 'method_elem' && element.type !== 'method_spec') || !name) continue;
        const results = goResultTypes(element);
        addMethod(methodsByType, typeName, name, goErrorLast(results) ? results.length : -1);
      }
    } else if (type.type === 'struct_type') {
      const fields = new Map<string, Node>();
      for (const declaration of namedChildrenOf(namedChildrenOf(type)[0])) {
        const fieldType = declaration.childForFieldName('type');
        if (declaration.type !== 'field_declaration' || !fieldType) continue;
        for (const name of declaration.childrenForFieldName('name')) if (name) fields.set(name.text, fieldType);
      }
      structFields.set(typeName, fields);
    }
  }
  const imports = index.imports;
  const usesGormOnly = GORM_PATHS.some((p) => imports.paths.has(p)) && !SQL_PATHS.some((p) => imports.paths.has(p));
  return { index, imports, functions, methods, methodsByType, structFields, functionResults, usesGormOnly, root: ctx.root, text: ctx.file.text };
}

/**
 * What is known of the type of a method call's receiver: a type declared in this file (`local`), a type that
 * cannot be one of this file's (`foreign`: another package's, a builtin), or nothing.
 */
type ReceiverType = { readonly kind: 'local'; readonly name: string } | { readonly kind: 'foreign' } | undefined;

function typeFromNode(type: Node | null | undefined, facts: FileFacts): ReceiverType {
  if (!type) return undefined;
  const name = localTypeName(type);
  if (name !== undefined) return facts.methodsByType.has(name) || facts.structFields.has(name) ? { kind: 'local', name } : { kind: 'foreign' };
  return { kind: 'foreign' }; // qualified (pkg.Type), slices, maps, channels, funcs
}

function typeFromValue(value: Node | undefined, facts: FileFacts): ReceiverType {
  if (!value) return undefined;
  let current = unwrap(value);
  if (current.type === 'unary_expression' && current.childForFieldName('operator')?.text === '&') {
    const operand = current.childForFieldName('operand');
    if (operand) current = unwrap(operand);
  }
  if (current.type === 'composite_literal') return typeFromNode(current.childForFieldName('type'), facts);
  if (current.type !== 'call_expression') return undefined;
  const callee = goCallName(current);
  if (!callee) return undefined;
  if (!callee.receiver) {
    const result = facts.functionResults.get(callee.name);
    return result ? typeFromNode(result, facts) : undefined;
  }
  if (goPackageOf(callee, facts.imports) !== undefined) return { kind: 'foreign' }; // time.NewTimer(…), cache.New(…)
  return undefined;
}

function receiverType(receiver: Node, facts: FileFacts, depth = 0): ReceiverType {
  if (depth > 3) return undefined;
  const target = unwrap(receiver);
  if (target.type === 'call_expression') return typeFromValue(target, facts);
  if (target.type === 'selector_expression') {
    const operand = target.childForFieldName('operand');
    const field = target.childForFieldName('field')?.text;
    if (!operand || !field) return undefined;
    const owner = receiverType(operand, facts, depth + 1);
    if (owner?.kind === 'foreign') return owner;
    if (owner?.kind !== 'local') return undefined;
    const fieldType = facts.structFields.get(owner.name)?.get(field);
    return fieldType ? typeFromNode(fieldType, facts) : undefined;
  }
  if (target.type !== 'identifier') return undefined;
  const name = target.text;
  // the receiver or a parameter of an enclosing function (methods' receivers first)
  for (let fn = facts.index.enclosingFunction(target); fn; fn = facts.index.enclosingFunction(fn)) {
    const lists = [fn.childForFieldName('receiver'), fn.childForFieldName('parameters')];
    for (const list of lists) {
      for (const declaration of namedChildrenOf(list)) {
        if (declaration.type !== 'parameter_declaration') continue;
        if (declaration.childrenForFieldName('name').some((n) => n?.text === name)) return typeFromNode(declaration.childForFieldName('type'), facts);
      }
    }
    // a local declaration before the call: `s := &Store{}`, `t := time.NewTimer(d)`, `var s Store`
    for (const kind of ['short_var_declaration', 'var_spec'] as const) {
      for (const decl of facts.index.within(kind, fn.startIndex, target.startIndex)) {
        if (kind === 'var_spec') {
          const names = decl.childrenForFieldName('name').filter((n): n is Node => n !== null);
          const at = names.findIndex((n) => n.text === name);
          if (at === -1) continue;
          const declared = decl.childForFieldName('type');
          if (declared) return typeFromNode(declared, facts);
          const values = namedChildrenOf(decl.childForFieldName('value'));
          return typeFromValue(values.length === names.length ? values[at] : undefined, facts);
        }
        const lefts = namedChildrenOf(decl.childForFieldName('left'));
        const at = lefts.findIndex((n) => n.text === name);
        if (at === -1) continue;
        const rights = namedChildrenOf(decl.childForFieldName('right'));
        return typeFromValue(rights.length === lefts.length ? rights[at] : undefined, facts);
      }
    }
  }
  return undefined;
}

function unwrap(node: Node): Node {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = namedChildrenOf(current)[0];
    if (!inner) break;
    current = inner;
  }
  return current;
}

/** Where a receiver came from: `pkgpath.Func` of the call that produced it, or `type:pkgpath.Type`. */
function originOf(receiver: Node, facts: FileFacts): string | undefined {
  const target = unwrap(receiver);
  if (target.type === 'call_expression') return calleeOrigin(target, facts);
  if (target.type !== 'identifier') return undefined;
  const name = target.text;
  const fn = facts.index.enclosingFunction(target);
  // Declarations in the enclosing function (its parameters included), then package-level ones.
  if (fn) {
    // parameter declarations are not indexed (~175 per 1,000 lines of Go, for this one rare question): walk the function
    const parameters = fn.descendantsOfType('parameter_declaration').filter((n): n is Node => n !== null && n.startIndex < target.startIndex);
    for (const decl of parameters) {
      const origin = declarationOrigin(decl, name, facts);
      if (origin) return origin;
    }
    for (const kind of ['short_var_declaration', 'var_spec', 'assignment_statement']) {
      for (const decl of facts.index.within(kind, fn.startIndex, target.startIndex)) {
        const origin = declarationOrigin(decl, name, facts);
        if (origin) return origin;
      }
    }
  }
  for (const decl of facts.index.nodes('var_spec')) {
    if (facts.index.enclosingFunction(decl)) continue;
    const origin = declarationOrigin(decl, name, facts);
    if (origin) return origin;
  }
  return undefined;
}

function typeOrigin(type: Node | null, facts: FileFacts): string | undefined {
  let current = type;
  while (current?.type === 'pointer_type') current = namedChildrenOf(current)[0] ?? null;
  if (current?.type !== 'qualified_type') return undefined;
  const pkg = current.childForFieldName('package')?.text;
  const typeName = current.childForFieldName('name')?.text;
  const importPath = pkg ? facts.imports.byName.get(pkg) : undefined;
  return importPath && typeName ? `type:${importPath}.${typeName}` : undefined;
}

function declarationOrigin(decl: Node, name: string, facts: FileFacts): string | undefined {
  if (decl.type === 'parameter_declaration') {
    const names = decl.childrenForFieldName('name').filter((n): n is Node => n !== null);
    return names.some((n) => n.text === name) ? typeOrigin(decl.childForFieldName('type'), facts) : undefined;
  }
  if (decl.type === 'var_spec') {
    const names = decl.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const index = names.findIndex((n) => n.text === name);
    if (index === -1) return undefined;
    const fromType = typeOrigin(decl.childForFieldName('type'), facts);
    if (fromType) return fromType;
    const values = namedChildrenOf(decl.childForFieldName('value'));
    const value = values.length === names.length ? values[index] : values[0];
    return value && unwrap(value).type === 'call_expression' ? calleeOrigin(unwrap(value), facts) : undefined;
  }
  const lefts = namedChildrenOf(decl.childForFieldName('left'));
  const index = lefts.findIndex((n) => n.type === 'identifier' && n.text === name);
  if (index === -1) return undefined;
  const rights = namedChildrenOf(decl.childForFieldName('right'));
  const value = rights.length === lefts.length ? rights[index] : rights[0];
  return value && unwrap(value).type === 'call_expression' ? calleeOrigin(unwrap(value), facts) : undefined;
}

function calleeOrigin(call: Node, facts: FileFacts): string | undefined {
  const callee = goCallName(call);
  if (!callee) return undefined;
  const importPath = goPackageOf(callee, facts.imports);
  return importPath ? `${importPath}.${callee.name}` : undefined;
}

/** `//nolint` / `//nolint:errcheck` on the statement's line: the author already decided. */
function hasNolint(text: string, stmt: Node): boolean {
  const lineEnd = text.indexOf('\n', stmt.endIndex);
  const rest = text.slice(stmt.endIndex, lineEnd === -1 ? text.length : lineEnd);
  return rest.includes('nolint') && hasForeignSuppression(rest);
}

/** `if err != nil { _ = err }`: the `if` already looked at the error; empty-catch judges that block, not this rule. */
function insideCheckOf(stmt: Node, errName: string): boolean {
  const block = stmt.parent?.type === 'statement_list' ? stmt.parent.parent : stmt.parent;
  const ifStatement = block?.type === 'block' ? block.parent : undefined;
  if (ifStatement?.type !== 'if_statement') return false;
  const condition = ifStatement.childForFieldName('condition');
  return condition?.type === 'binary_expression' && namedChildrenOf(condition).some((n) => n.type === 'identifier' && n.text === errName);
}

/** Inside `defer func() { … }()`: best-effort cleanup, where discarding is the norm. */
function inDeferredClosure(node: Node, facts: FileFacts): boolean {
  const fn = facts.index.enclosingFunction(node);
  return fn !== undefined && facts.index.isDeferredClosure(fn);
}

function allLiteral(call: Node, facts: FileFacts): boolean {
  const args = goArguments(call);
  return args.every(
    (arg) =>
      LITERAL_TYPES.has(arg.type) ||
      (arg.type === 'identifier' && facts.index.constants.has(arg.text)) ||
      // package-level constants such as http.MethodGet
      (arg.type === 'selector_expression' && facts.imports.byName.has(arg.childForFieldName('operand')?.text ?? '')),
  );
}

/** Resolves a call to a callee known to return an error last; undefined when unknown or not an error. */
function resolveCallee(call: Node, facts: FileFacts): Callee | undefined {
  const callee = goCallName(call);
  if (!callee) return undefined;
  if (!callee.receiver) {
    const results = facts.functions.get(callee.name);
    return results !== undefined && results > 0 ? { label: callee.name, kind: 'generic', results } : undefined;
  }
  const receiverText = callee.receiver.text.length <= 40 ? callee.receiver.text : '…';
  const label = `${receiverText}.${callee.name}`;
  const importPath = goPackageOf(callee, facts.imports);
  if (importPath !== undefined) {
    const entry = PACKAGE_FUNCTIONS[importPath]?.[callee.name];
    if (!entry) return undefined;
    if (entry.pure && allLiteral(call, facts)) return undefined;
    return { label, kind: entry.kind, results: entry.results };
  }
  const declared = facts.methods.get(callee.name);
  if (declared !== undefined) {
    // `s.userCache.Close()` is not `(*Store).Close` because Store has a Close: resolve the receiver's type when it can be.
    const type = receiverType(callee.receiver, facts);
    if (type?.kind === 'local') {
      const results = facts.methodsByType.get(type.name)?.get(callee.name);
      return results !== undefined && results > 0 ? { label, kind: 'generic', results } : undefined;
    }
    if (type === undefined) return declared > 0 ? { label, kind: 'generic', results: declared } : undefined;
    // another package's type: only the curated tables below can say it returns an error
  }
  const args = goArguments(call).length;
  const method = METHODS[callee.name];
  if (method) {
    if ((method.minArgs ?? 0) > args || (method.maxArgs !== undefined && args > method.maxArgs)) return undefined;
    if (method.sql && facts.usesGormOnly) return undefined;
    return { label, kind: method.kind, results: method.results };
  }
  const evidence = EVIDENCE_METHODS[callee.name];
  if (evidence) {
    const origin = originOf(callee.receiver, facts);
    if (origin && evidence.origins.includes(origin)) return { label, kind: evidence.kind, results: evidence.results };
  }
  return undefined;
}

const isBlank = (node: Node | undefined): boolean => node?.type === 'identifier' && node.text === '_';

// ---------------------------------------------------------------------------------------------
// Fixes

/** The statement that handles `errName` in the enclosing function, or undefined when none is safe. */
function handlingStatement(stmt: Node, errName: string, callee: Callee | undefined, facts: FileFacts): { text: string; edits: TextEdit[] } | undefined {
  const fn = facts.index.enclosingFunction(stmt);
  if (!fn) return undefined;
  const unit = facts.index.layout.unit;
  const returned = goErrorReturn(fn, errName, facts.index.structTypes);
  if (returned) return { text: returned, edits: [] };
  const writer = goResponseWriterParam(fn);
  if (writer && facts.imports.byName.get('http') === 'net/http' && goResultTypes(fn).length === 0) {
    const badInput = callee?.kind === 'parse' || callee?.kind === 'decode';
    const status = badInput ? 'http.StatusBadRequest' : 'http.StatusInternalServerError';
    const message = badInput ? 'bad request' : 'internal server error';
    return { text: `http.Error(${writer}, "${message}", ${status})${facts.index.layout.eol}{INDENT}${unit}return`, edits: [] };
  }
  if (fn.type === 'function_declaration' && fn.childForFieldName('name')?.text === 'main' && goResultTypes(fn).length === 0) {
    const logPath = facts.imports.byName.get('log');
    if (logPath !== undefined && logPath !== 'log' && !logPath.endsWith('logrus')) return undefined;
    return { text: `log.Fatal(${errName})`, edits: logPath === undefined ? goAddImportEdits(facts.root, 'log', facts.index) : [] };
  }
  return undefined;
}

function fixTitle(handling: string): string {
  if (handling.startsWith('return')) return 'Check the error and return it';
  if (handling.startsWith('http.Error')) return 'Check the error and answer with an HTTP error';
  return 'Check the error and stop with log.Fatal';
}

/** `err` unless that name is declared with := later in the same block (the rewrite would then clash). */
function freshErrorName(stmt: Node, callee: Callee | undefined): string | undefined {
  const list = stmt.parent;
  const later = namedChildrenOf(list).filter((s) => s.startIndex > stmt.startIndex && s.type === 'short_var_declaration');
  const clashes = (name: string): boolean =>
    later.some((s) => namedChildrenOf(s.childForFieldName('left')).some((n) => n.text === name));
  if (!clashes('err')) return 'err';
  const base = callee ? callee.label.split('.').pop() ?? 'call' : 'call';
  const candidate = `${base.charAt(0).toLowerCase()}${base.slice(1)}Err`;
  return clashes(candidate) ? undefined : candidate;
}

function buildFix(stmt: Node, form: 'if-init' | 'decl' | 'err-value', callText: string, lefts: readonly Node[], callee: Callee | undefined, facts: FileFacts): Fix | undefined {
  const parent = stmt.parent;
  if (parent?.type !== 'statement_list' && parent?.type !== 'block') return undefined;
  const indent = indentOfLine(facts.text, stmt.startIndex);
  const unit = facts.index.layout.unit;
  const errName = form === 'decl' ? freshErrorName(stmt, callee) : 'err';
  if (!errName) return undefined;
  const handling = handlingStatement(stmt, errName, callee, facts);
  if (!handling) return undefined;
  const eol = facts.index.layout.eol;
  const body = `{${eol}${indent}${unit}${handling.text.replaceAll('{INDENT}', indent)}${eol}${indent}}`;
  let replacement: string;
  if (form === 'err-value') {
    replacement = `if err != nil ${body}`;
  } else if (form === 'decl') {
    const names = lefts.slice(0, -1).map((n) => n.text);
    replacement = `${[...names, errName].join(', ')} := ${callText}${eol}${indent}if ${errName} != nil ${body}`;
  } else {
    const blanks = lefts.length > 1 ? `${lefts.slice(0, -1).map(() => '_').join(', ')}, err` : 'err';
    replacement = `if ${blanks} := ${callText}; err != nil ${body}`;
  }
  return {
    title: fixTitle(handling.text),
    edits: [{ start: stmt.startIndex, end: stmt.endIndex, text: replacement }, ...handling.edits],
  };
}

// ---------------------------------------------------------------------------------------------

function message(callee: Callee, how: 'blank' | 'ignored'): string {
  const discarded = how === 'blank' ? 'is discarded with `_`' : 'is ignored (the call is a bare statement)';
  return `The error returned by \`${callee.label}\` ${discarded}: ${CONSEQUENCES[callee.kind]}. Check it (\`if err != nil { … }\`) and return or handle it.`;
}

/** `_ = …`, `x, _ := …`, `_, _ = …`: the last name before `=`/`:=` is `_` (also `var _ = …`). */
const BLANK_LAST = /^(?:[\w.*[\]]+\s*,\s*)*_\s*(?::=|=|\s\w)/;

/** Names of the curated tables: a reportable call ends with one of them or with a function/method of the file. */
const TABLE_NAMES: ReadonlySet<string> = new Set([
  ...Object.keys(METHODS),
  ...Object.keys(EVIDENCE_METHODS),
  ...Object.values(PACKAGE_FUNCTIONS).flatMap((table) => Object.keys(table)),
]);

interface DeclaredFunction {
  readonly node: Node;
  readonly name: string | undefined;
  readonly isMethod: boolean;
}

/** Functions then methods of the file with their names, read once per file (the prefilter and the facts both need them). */
const declaredCache = new WeakMap<GoIndex, readonly DeclaredFunction[]>();

function declaredFunctions(index: GoIndex): readonly DeclaredFunction[] {
  let declared = declaredCache.get(index);
  if (!declared) {
    const read = (node: Node, isMethod: boolean): DeclaredFunction => ({ node, name: node.childForFieldName('name')?.text, isMethod });
    declared = [...index.nodes('function_declaration').map((node) => read(node, false)), ...index.nodes('method_declaration').map((node) => read(node, true))];
    declaredCache.set(index, declared);
  }
  return declared;
}

/** Is `name` one a reportable call can end with: the curated tables, or a function/method of the file? */
function candidateNames(index: GoIndex): (name: string) => boolean {
  const local = new Set<string>();
  for (const { name } of declaredFunctions(index)) if (name) local.add(name);
  return (name) => TABLE_NAMES.has(name) || local.has(name);
}

/**
 * Does `head` call a name that passes `test`? The names are those `([A-Za-z_]\w*)\s*\(` matches,
 * found in one linear pass (the regex backtracks through every identifier that is not followed by
 * `(`, which made it this rule's hot spot): a match is a run of word characters followed by optional
 * whitespace and `(`, starting at the run's first letter or underscore — exactly where the regex,
 * scanning left to right, first succeeds in that run.
 */
function callsName(head: string, test: (name: string) => boolean): boolean {
  const length = head.length;
  let i = 0;
  while (i < length) {
    if (!isWordChar(head.charCodeAt(i))) {
      i++;
      continue;
    }
    const start = i;
    while (i < length && isWordChar(head.charCodeAt(i))) i++;
    let first = start;
    while (first < i && isDigitChar(head.charCodeAt(first))) first++;
    if (first === i) continue; // digits only: no name starts here
    let next = i;
    while (next < length && WHITESPACE.test(head.charAt(next))) next++;
    if (head.charCodeAt(next) === 40 /* ( */ && test(head.slice(first, i))) return true;
  }
  return false;
}

const WHITESPACE = /\s/;

function isDigitChar(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** `\w` without the `u` flag: ASCII letters, digits, underscore. */
function isWordChar(code: number): boolean {
  return isDigitChar(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95;
}

export function checkGo(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const index = goIndex(ctx);
  let facts: FileFacts | undefined;
  const getFacts = (): FileFacts => (facts ??= collectFacts(ctx, index));
  const text = ctx.file.text;
  const isCandidate = candidateNames(index);
  for (const stmt of index.nodes('expression_statement')) {
    {
      // prefilter on the source: some called name must be one we know returns an error
      if (!callsName(text.slice(stmt.startIndex, stmt.startIndex + 160), isCandidate)) continue;
      const expr = stmt.firstNamedChild;
      if (expr?.type !== 'call_expression') continue;
      const callee = resolveCallee(expr, getFacts());
      if (!callee || inDeferredClosure(stmt, getFacts()) || hasNolint(text, stmt)) continue;
      const fix = callee.results === 1
        ? buildFix(stmt, 'if-init', expr.text, [], callee, getFacts())
        : callee.results !== undefined
          ? buildFix(stmt, 'if-init', expr.text, Array.from({ length: callee.results }, () => expr), callee, getFacts())
          : undefined;
      ctx.report({ node: expr, message: message(callee, 'ignored'), fixes: fix ? [fix] : [] });
    }
  }
  const assignments = [...index.nodes('assignment_statement'), ...index.nodes('short_var_declaration'), ...index.nodes('var_spec')];
  for (const stmt of assignments) {
    // Cheap pre-filters on the source: the left side must end with the blank identifier.
    if (!BLANK_LAST.test(text.slice(stmt.startIndex, stmt.startIndex + 120))) continue;
    const leftNode = stmt.type === 'var_spec' ? undefined : stmt.childForFieldName('left');
    if (leftNode && leftNode.lastNamedChild?.text !== '_') continue;
    if (stmt.type === 'assignment_statement' && stmt.childForFieldName('operator')?.text !== '=') continue;
    const lefts = leftNode
      ? namedChildrenOf(leftNode)
      : stmt.childrenForFieldName('name').filter((n): n is Node => n !== null);
    const rights = namedChildrenOf(stmt.childForFieldName(leftNode ? 'right' : 'value'));
    const last = lefts[lefts.length - 1];
    if (!last || !isBlank(last) || rights.length !== 1) continue;
    const right = rights[0];
    if (!right) continue;
    const value = unwrap(right);

    if (value.type === 'identifier' && lefts.length === 1 && isGoErrorName(value.text) && value.text !== 'e') {
      if (insideCheckOf(stmt, value.text) || hasNolint(text, stmt)) continue;
      const fix = stmt.type === 'assignment_statement' ? buildFix(stmt, 'err-value', value.text, lefts, undefined, getFacts()) : undefined;
      ctx.report({
        node: stmt,
        message: `The error \`${value.text}\` is assigned to \`_\` and dropped: the failure goes unnoticed. Check it (\`if ${value.text} != nil { … }\`) and return or handle it.`,
        fixes: fix && value.text === 'err' ? [fix] : [],
      });
      continue;
    }
    if (value.type !== 'call_expression') continue;
    const callee = resolveCallee(value, getFacts());
    if (!callee || inDeferredClosure(stmt, getFacts()) || hasNolint(text, stmt)) continue;
    if (callee.results !== undefined && callee.results !== lefts.length) continue; // not the signature we know
    let fix: Fix | undefined;
    const allBlank = lefts.every((n) => isBlank(n));
    if (stmt.type === 'short_var_declaration' && !allBlank) fix = buildFix(stmt, 'decl', value.text, lefts, callee, getFacts());
    else if (stmt.type === 'assignment_statement' && allBlank) fix = buildFix(stmt, 'if-init', value.text, lefts, callee, getFacts());
    ctx.report({ node: last, message: message(callee, 'blank'), fixes: fix ? [fix] : [] });
  }
}
