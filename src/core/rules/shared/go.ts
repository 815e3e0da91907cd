/**
 * Go syntax helpers shared by the Go checks of several rules (tree-sitter-go node shapes).
 *
 *   namedChildrenOf(node)                  non-null named children
 *   goImports(root)                        local package name -> import path (aliases, versions, blank imports)
 *   goStringValue(node)                    content of an interpreted/raw string literal, else undefined
 *   enclosingGoFunction(node)              nearest function_declaration / method_declaration / func_literal
 *   goResultTypes(fn)                      the result type nodes of a function, one per result
 *   goReturnsErrorLast(fn)                 last result type is `error`
 *   goErrorReturn(fn, errExpr, root)       `return 0, nil, err` for the enclosing function, or undefined
 *   goResponseWriterParam(fn)              name of the `http.ResponseWriter` parameter of a handler
 *   isGoErrorName(name)                    `err`, `e`, `dbErr`, `errRead`: names that hold an `error`
 *   goAddImportEdits(root, path)           edits that import `path` when the file does not yet
 *   goCallName(call)                       `pkg.Func` / `recv.Method` / `fn` parts of a call_expression
 *   goIndex(ctx)                           ONE walk of the tree shared by every Go check of ProdReady (see below)
 *
 * Performance: a full `descendantsOfType` walk costs about 3 ms per 1,000 lines in WASM, so the Go
 * checks share a single walk per file: `goIndex(ctx)` collects every node type they need once per
 * tree (cached in a WeakMap keyed by the tree) and answers "enclosing function" by binary search
 * instead of climbing `node.parent` (which re-descends from the root in tree-sitter >= 0.22).
 */
import type { Language, Node, Tree } from 'web-tree-sitter';
import type { RuleContext, TextEdit } from '../../types';
import { detectLayout, type Layout } from './indentation';
import { indexOverLists, type NodeIndex } from './node-index';
import { firstAtOrAfter } from './sorted';

export function namedChildrenOf(node: Node | null | undefined): Node[] {
  if (!node) return [];
  return node.namedChildren.filter((child): child is Node => child !== null);
}

export interface GoImports {
  /** Local name (alias or default package name) -> import path. Blank and dot imports are left out. */
  readonly byName: ReadonlyMap<string, string>;
  /** Every imported path, including blank (`_`) imports. */
  readonly paths: ReadonlySet<string>;
  /** The import_spec nodes by path (valid only while the tree lives). */
  readonly specs: ReadonlyMap<string, Node>;
}

/** The package name Go gives an import path by default: `github.com/golang-jwt/jwt/v5` -> `jwt`. */
export function defaultPackageName(importPath: string): string {
  const segments = importPath.split('/').filter((s) => s.length > 0);
  let last = segments[segments.length - 1] ?? importPath;
  if (/^v[0-9]+$/.test(last) && segments.length > 1) last = segments[segments.length - 2] ?? last;
  last = last.replace(/\.v[0-9]+$/, ''); // gopkg.in/yaml.v3
  if (last.startsWith('go-')) last = last.slice(3); // github.com/go-sql-driver/mysql stays mysql; go-redis -> redis
  return last.replace(/[.-]/g, '');
}

export function goImports(root: Node, importSpecs?: readonly Node[]): GoImports {
  const byName = new Map<string, string>();
  const paths = new Set<string>();
  const specs = new Map<string, Node>();
  for (const spec of importSpecs ?? root.descendantsOfType('import_spec')) {
    if (!spec) continue;
    const pathNode = spec.childForFieldName('path');
    const importPath = pathNode ? goStringValue(pathNode) : undefined;
    if (importPath === undefined) continue;
    paths.add(importPath);
    specs.set(importPath, spec);
    const nameNode = spec.childForFieldName('name');
    if (nameNode && (nameNode.type === 'blank_identifier' || nameNode.type === 'dot')) continue;
    byName.set(nameNode ? nameNode.text : defaultPackageName(importPath), importPath);
  }
  return { byName, paths, specs };
}

/** Content of a string literal as written (escapes left raw), or undefined for other nodes. */
export function goStringValue(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'interpreted_string_literal') return node.text.slice(1, -1);
  if (node.type === 'raw_string_literal') return node.text.slice(1, -1);
  return undefined;
}

const FUNCTION_TYPES = new Set(['function_declaration', 'method_declaration', 'func_literal']);

export function enclosingGoFunction(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (FUNCTION_TYPES.has(current.type)) return current;
  }
  return undefined;
}

/** One type node per result (`(a, b int, err error)` gives int, int, error). */
export function goResultTypes(fn: Node): Node[] {
  const result = fn.childForFieldName('result');
  if (!result) return [];
  if (result.type !== 'parameter_list') return [result];
  const types: Node[] = [];
  for (const declaration of namedChildrenOf(result)) {
    if (declaration.type !== 'parameter_declaration') continue;
    const type = declaration.childForFieldName('type');
    if (!type) continue;
    const names = declaration.childrenForFieldName('name').filter((n): n is Node => n !== null).length;
    for (let i = 0; i < Math.max(1, names); i++) types.push(type);
  }
  return types;
}

export function goReturnsErrorLast(fn: Node): boolean {
  return goErrorLast(goResultTypes(fn));
}

/** The last of `goResultTypes(fn)` is `error` (for callers that also need the types). */
export function goErrorLast(types: readonly Node[]): boolean {
  const last = types[types.length - 1];
  return last?.type === 'type_identifier' && last.text === 'error';
}

const NUMERIC_TYPES = new Set([
  'int', 'int8', 'int16', 'int32', 'int64', 'uint', 'uint8', 'uint16', 'uint32', 'uint64', 'uintptr',
  'float32', 'float64', 'complex64', 'complex128', 'byte', 'rune',
]);

/** Names of struct types declared in the file (`type User struct {…}`), whose zero value is `User{}`. */
export function goStructTypeNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const spec of root.descendantsOfType('type_spec')) {
    if (spec?.childForFieldName('type')?.type === 'struct_type') {
      const name = spec.childForFieldName('name');
      if (name) names.add(name.text);
    }
  }
  return names;
}

/** The zero value of a result type when it can be written without knowing more; undefined otherwise. */
export function goZeroValue(type: Node, structTypes: ReadonlySet<string>): string | undefined {
  switch (type.type) {
    case 'pointer_type':
    case 'slice_type':
    case 'map_type':
    case 'channel_type':
    case 'function_type':
    case 'interface_type':
      return 'nil';
    case 'type_identifier': {
      const name = type.text;
      if (name === 'error' || name === 'any') return 'nil';
      if (name === 'string') return '""';
      if (name === 'bool') return 'false';
      if (NUMERIC_TYPES.has(name)) return '0';
      if (structTypes.has(name)) return `${name}{}`;
      return undefined;
    }
    case 'qualified_type': {
      const qualified = type.text;
      if (qualified === 'time.Duration') return '0';
      if (qualified === 'time.Time') return 'time.Time{}';
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * `return <zero values>, <errExpr>` for a function whose last result is `error`, or undefined when the
 * function does not return an error or a zero value cannot be written safely.
 */
export function goErrorReturn(fn: Node, errExpr: string, structTypes: ReadonlySet<string>): string | undefined {
  if (!goReturnsErrorLast(fn)) return undefined;
  const types = goResultTypes(fn);
  const values: string[] = [];
  for (const type of types.slice(0, -1)) {
    const zero = goZeroValue(type, structTypes);
    if (zero === undefined) return undefined;
    values.push(zero);
  }
  values.push(errExpr);
  return `return ${values.join(', ')}`;
}

/** Name of the parameter typed `http.ResponseWriter` (the handler's writer), if any. */
export function goResponseWriterParam(fn: Node): string | undefined {
  const params = fn.childForFieldName('parameters');
  for (const declaration of namedChildrenOf(params)) {
    if (declaration.type !== 'parameter_declaration') continue;
    const type = declaration.childForFieldName('type');
    if (type?.type === 'qualified_type' && type.childForFieldName('name')?.text === 'ResponseWriter') {
      const name = declaration.childForFieldName('name');
      if (name) return name.text;
    }
  }
  return undefined;
}

/** Names that conventionally hold an `error`: err, e, dbErr, errRead, readErr. */
export function isGoErrorName(name: string): boolean {
  return name === 'err' || name === 'e' || name === 'error' || /^err[A-Z0-9_]/.test(name) || /[a-z0-9]Err$/.test(name);
}

/**
 * Edits that add `import "<importPath>"` to the file, or [] when it is already imported. Inserts into the
 * first parenthesised import list, or adds a new import declaration after the package clause.
 */
export function goAddImportEdits(root: Node, importPath: string, index?: GoIndex): TextEdit[] {
  const imports = index?.imports ?? goImports(root);
  if (imports.paths.has(importPath)) return [];
  const list = index ? index.nodes('import_spec_list')[0] : root.descendantsOfType('import_spec_list')[0];
  if (list) {
    const open = list.startIndex + 1; // after `(`
    return [{ start: open, end: open, text: `\n\t"${importPath}"` }];
  }
  const pkg = namedChildrenOf(root).find((child) => child.type === 'package_clause');
  if (!pkg) return [];
  return [{ start: pkg.endIndex, end: pkg.endIndex, text: `\n\nimport "${importPath}"` }];
}

export interface GoCallName {
  /** `json` in `json.Unmarshal(…)`, `db` in `db.Exec(…)`, `s.db` in `s.db.Exec(…)`; undefined for `save(…)`. */
  readonly receiver?: Node;
  readonly name: string;
}

/** The callee of a call_expression as receiver + name, or undefined for calls of anything else. */
export function goCallName(call: Node): GoCallName | undefined {
  const fn = call.childForFieldName('function');
  if (!fn) return undefined;
  if (fn.type === 'identifier') return { name: fn.text };
  if (fn.type === 'selector_expression') {
    const field = fn.childForFieldName('field');
    const operand = fn.childForFieldName('operand');
    if (!field || !operand) return undefined;
    return { receiver: operand, name: field.text };
  }
  return undefined;
}

/** Import path of a package-qualified call (`json.Unmarshal` -> `encoding/json`), or undefined. */
export function goPackageOf(call: GoCallName, imports: GoImports): string | undefined {
  if (call.receiver?.type !== 'identifier') return undefined;
  return imports.byName.get(call.receiver.text);
}

/** Arguments of a call, non-null. */
export function goArguments(call: Node): Node[] {
  return namedChildrenOf(call.childForFieldName('arguments')).filter((n) => n.type !== 'comment');
}

// ---------------------------------------------------------------------------------------------
// One shared walk per tree

/**
 * Every node type a Go check of ProdReady looks at. Add here rather than walking the tree again — but
 * only types the checks read from the index: each type costs the shared walk a comparison per node, and
 * each of its nodes a JS object and a type read (`parameter_declaration`, ~175 nodes per 1,000 lines of Go,
 * is looked up by walking the one function that needs it).
 */
const GO_INDEX_TYPES = [
  'import_spec', 'import_spec_list', 'function_declaration', 'method_declaration', 'func_literal',
  'const_spec', 'var_spec', 'type_spec', 'short_var_declaration', 'assignment_statement', 'expression_statement',
  'defer_statement', 'if_statement', 'call_expression', 'interpreted_string_literal', 'raw_string_literal',
];

export interface GoIndex extends NodeIndex {
  readonly imports: GoImports;
  /** Nearest function_declaration / method_declaration / func_literal around `node`. */
  enclosingFunction(node: Node): Node | undefined;
  /** True for the func_literal of `defer func() { … }()`. */
  isDeferredClosure(fn: Node): boolean;
  /** Names declared with `const` anywhere in the file. */
  readonly constants: ReadonlySet<string>;
  readonly structTypes: ReadonlySet<string>;
  /** Indentation unit (a tab in gofmt'd code) and line ending. */
  readonly layout: Layout;
}

const GO_FUNCTIONS = ['function_declaration', 'method_declaration', 'func_literal'];
const indexCache = new WeakMap<Tree, GoIndex>();

/** Per grammar: the indexed types that also name an anonymous token (their nodes must be checked with `isNamed`). */
const ambiguousTypes = new WeakMap<Language, ReadonlySet<string>>();

function ambiguousTypesOf(language: Language, types: readonly string[]): ReadonlySet<string> {
  let ambiguous = ambiguousTypes.get(language);
  if (!ambiguous) ambiguousTypes.set(language, (ambiguous = new Set(types.filter((type) => language.idForNodeType(type, false) !== null))));
  return ambiguous;
}

const taughtGrammars = new WeakSet<Language>();

/**
 * `buildNodeIndex` (./node-index.ts) for the Go types, built from one root-level `descendantsOfType`
 * call per type: analyze.ts serves those from its one shared walk, which already knows each node's
 * type, so no node pays a `node.type` round trip into WASM (~900 per 1,000 lines of Go), and the
 * anonymous-twin check of the types is done once per grammar instead of once per file.
 */
function buildGoNodeIndex(root: Node, types: readonly string[]): NodeIndex {
  const language = root.tree.language;
  const ambiguous = ambiguousTypesOf(language, types);
  if (!taughtGrammars.has(language)) {
    // the first file: one call with every type teaches analyze.ts's shared walk the whole set at once
    // (asked one by one, it would re-walk the tree for each new type)
    root.descendantsOfType(types as string[]);
    taughtGrammars.add(language);
  }
  // Each type's list on first use: a file's checks typically read about half of the indexed types, and
  // every list is a pass over the shared walk's nodes.
  const known = new Set(types);
  const byType = new Map<string, Node[]>();
  const nodes = (type: string): readonly Node[] => {
    let list = byType.get(type);
    if (!list) {
      list = [];
      if (known.has(type)) for (const node of root.descendantsOfType(type)) if (node && (!ambiguous.has(type) || node.isNamed)) list.push(node);
      byType.set(type, list);
    }
    return list;
  };
  return indexOverLists(nodes);
}

/**
 * The shared index of a Go file (built once per tree, whichever Go check asks first). What only some
 * checks read (constants, struct types, deferred closures, layout) is computed on first use.
 */
export function goIndex(ctx: RuleContext): GoIndex {
  const cached = indexCache.get(ctx.tree);
  if (cached) return cached;
  const base = buildGoNodeIndex(ctx.root, GO_INDEX_TYPES);
  const text = ctx.file.text;
  let deferred: Set<number> | undefined;
  const deferredClosures = (): Set<number> => {
    if (!deferred) {
      deferred = new Set<number>();
      for (const statement of base.nodes('defer_statement')) {
        const fn = statement.firstNamedChild?.childForFieldName('function');
        if (fn?.type === 'func_literal') deferred.add(fn.startIndex);
      }
    }
    return deferred;
  };
  let constants: Set<string> | undefined;
  let structTypes: Set<string> | undefined;
  let layout: Layout | undefined;
  const index: GoIndex = {
    ...base,
    imports: goImports(ctx.root, base.nodes('import_spec')),
    enclosingFunction: (node) => base.enclosing(node, GO_FUNCTIONS),
    isDeferredClosure: (fn) => fn.type === 'func_literal' && deferredClosures().has(fn.startIndex),
    get constants(): ReadonlySet<string> {
      if (!constants) {
        constants = new Set<string>();
        for (const spec of base.nodes('const_spec')) for (const name of spec.childrenForFieldName('name')) if (name) constants.add(name.text);
      }
      return constants;
    },
    get structTypes(): ReadonlySet<string> {
      if (!structTypes) {
        structTypes = new Set<string>();
        for (const spec of base.nodes('type_spec')) {
          if (spec.childForFieldName('type')?.type === 'struct_type') {
            const name = spec.childForFieldName('name');
            if (name) structTypes.add(name.text);
          }
        }
      }
      return structTypes;
    },
    get layout(): Layout {
      return (layout ??= detectLayout(text, '\t'));
    },
  };
  indexCache.set(ctx.tree, index);
  return index;
}

/**
 * The first characters of a call as written (`c.JSON(`, `json.NewEncoder(w).Encode(`), read from the
 * file text with the node's cached start offset: no WASM round trip. Checks over every
 * `call_expression` test a regex on this before asking the tree for fields.
 */
export function goCallHead(text: string, call: Node, length = 160): string {
  const start = call.startIndex;
  return text.slice(start, start + length);
}

/**
 * `(start) => pattern.test(text.slice(start, start + length))`, answered from one scan of the file:
 * the checks that test a pattern on the head of each of the ~280 calls per 1,000 lines of Go
 * (`goCallHead`) ask this instead of slicing and matching every head.
 *
 * Exact only for patterns whose matches cannot overlap and do not look outside themselves (no
 * anchors, `\b` or lookaround), such as `\.(?:JSON|XML)\(`: a head then holds a match iff the first
 * match of the file that starts at or after `start` also ends inside the head (any later match
 * starts after that one ends).
 */
export function goHeadMatcher(text: string, pattern: RegExp, length = 160): (start: number) => boolean {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const match of text.matchAll(global)) {
    starts.push(match.index);
    ends.push(match.index + match[0].length);
  }
  return (start) => {
    const end = ends[firstAtOrAfter(starts, start)];
    return end !== undefined && end <= start + length;
  };
}

/**
 * Edits that drop `import "<importPath>"` when a fix removes its last use (Go refuses unused imports):
 * `uses` is how many `name.` references the fix removes. [] when other references remain.
 */
export function goRemoveImportEdits(text: string, index: GoIndex, importPath: string, uses: number): TextEdit[] {
  const spec = index.imports.specs.get(importPath);
  const name = [...index.imports.byName].find(([, path]) => path === importPath)?.[0];
  if (!spec || name === undefined) return [];
  const references = text.match(new RegExp(`\\b${name}\\.`, 'g'))?.length ?? 0;
  if (references > uses) return [];
  const declaration = spec.parent?.type === 'import_spec_list' ? undefined : spec.parent;
  if (declaration?.type === 'import_declaration') return [{ start: declaration.startIndex, end: declaration.endIndex, text: '' }];
  const lineStart = text.lastIndexOf('\n', spec.startIndex - 1) + 1;
  const lineEnd = text.indexOf('\n', spec.endIndex);
  const onlyThis = text.slice(lineStart, spec.startIndex).trim() === '' && text.slice(spec.endIndex, lineEnd === -1 ? text.length : lineEnd).trim() === '';
  return onlyThis ? [{ start: lineStart, end: lineEnd === -1 ? text.length : lineEnd + 1, text: '' }] : [{ start: spec.startIndex, end: spec.endIndex, text: '' }];
}
