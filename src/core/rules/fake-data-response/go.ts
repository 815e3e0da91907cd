/**
 * fake-data-response for Go: a handler answers with a literal slice of records — `c.JSON(200,
 * []User{{ID: 1, Name: "John Doe"}, …})` (gin/echo), `json.NewEncoder(w).Encode([]gin.H{…})`,
 * fiber `c.JSON(…)` — written at the call or held by a variable of the same function or package
 * (`var mockUsers = []User{…}`). The verdict is `assessFakeRecords` (./fake-values.ts): 2+ records and a
 * well-known placeholder value or a mock/fake/sample holder name.
 */
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../types';
import { goArguments, goCallName, goHeadMatcher, goIndex, type GoIndex, goStringValue, namedChildrenOf } from '../shared/go';
import { assessFakeRecords, fakeDataMessage, mayContainFakeData, type LiteralRecord } from './fake-values';

const JSON_METHODS = new Set(['JSON', 'IndentedJSON', 'PureJSON', 'SecureJSON', 'AsciiJSON', 'JSONPretty', 'XML', 'YAML', 'Encode']);
/** Prefilter on the first 160 characters of a call (see `goHeadMatcher`). */
const JSON_HEAD = /\.(?:JSON|IndentedJSON|PureJSON|SecureJSON|AsciiJSON|JSONPretty|XML|YAML|Encode)\(/;

/** Records of a slice literal `[]T{{…}, {…}}` / `[]map[string]any{{…}}`. */
function recordsOf(literal: Node): { records: LiteralRecord[]; total: number } | undefined {
  if (literal.type !== 'composite_literal') return undefined;
  const type = literal.childForFieldName('type');
  if (type?.type !== 'slice_type' && type?.type !== 'array_type' && type?.type !== 'implicit_length_array_type') return undefined;
  const elements = namedChildrenOf(literal.childForFieldName('body')).filter((n) => n.type === 'literal_element');
  const records: LiteralRecord[] = [];
  for (const element of elements) {
    const value = element.firstNamedChild;
    const body = value?.type === 'literal_value' ? value : value?.type === 'composite_literal' ? value.childForFieldName('body') : value?.type === 'unary_expression' ? value.firstNamedChild?.childForFieldName('body') : undefined;
    if (!body) continue;
    const keys: string[] = [];
    const strings: string[] = [];
    for (const keyed of namedChildrenOf(body)) {
      if (keyed.type !== 'keyed_element') continue;
      const key = keyed.firstNamedChild?.firstNamedChild ?? keyed.firstNamedChild;
      keys.push(goStringValue(key) ?? key?.text ?? '');
      const v = keyed.lastNamedChild?.firstNamedChild;
      const s = goStringValue(v);
      if (s !== undefined) strings.push(s);
    }
    records.push({ keys, strings });
  }
  return { records, total: elements.length };
}

/** Per index: declaration id -> the names it declares (every payload of the file scans the same declarations). */
const namesCache = new WeakMap<GoIndex, Map<number, readonly string[]>>();

/** Names declared by a `var_spec` (`spec`) or `short_var_declaration` (its left side), read once per declaration and file. */
function declaredNames(index: GoIndex, declaration: Node, spec: boolean): readonly string[] {
  let byDeclaration = namesCache.get(index);
  if (!byDeclaration) namesCache.set(index, (byDeclaration = new Map<number, readonly string[]>()));
  let names = byDeclaration.get(declaration.id);
  if (!names) {
    const nodes = spec ? declaration.childrenForFieldName('name').filter((n): n is Node => n !== null) : namedChildrenOf(declaration.childForFieldName('left'));
    byDeclaration.set(declaration.id, (names = nodes.map((n) => n.text)));
  }
  return names;
}

/** The literal a payload identifier holds: `users := []User{…}` in the function, or a package-level var. */
function resolve(payload: Node, index: GoIndex): { literal: Node; holder?: string } | undefined {
  let node = payload;
  if (node.type === 'unary_expression') node = node.firstNamedChild ?? node;
  if (node.type === 'composite_literal') return { literal: node };
  if (node.type !== 'identifier') return undefined;
  const name = node.text;
  const fn = index.enclosingFunction(node);
  const fnEnd = fn?.endIndex ?? 0; // read once, not per var_spec
  const declarations = [
    ...(fn ? index.within('short_var_declaration', fn.startIndex, node.startIndex).map((declaration) => ({ declaration, spec: false })) : []),
    ...index.nodes('var_spec')
      .filter((v) => !fn || v.startIndex < fn.startIndex || v.startIndex > fnEnd || v.startIndex < node.startIndex)
      .map((declaration) => ({ declaration, spec: true })),
  ];
  for (const { declaration, spec } of declarations.reverse()) {
    const position = declaredNames(index, declaration, spec).indexOf(name);
    if (position === -1) continue;
    const values = namedChildrenOf(declaration.childForFieldName(spec ? 'value' : 'right'));
    const value = values[position];
    if (value?.type === 'composite_literal') return { literal: value, holder: name };
    return undefined;
  }
  return undefined;
}

function routeOf(call: Node, index: GoIndex): string | undefined {
  const fn = index.enclosingFunction(call);
  if (!fn) return undefined;
  if (fn.type !== 'func_literal') return fn.childForFieldName('name')?.text;
  // r.GET("/users", func(c *gin.Context) { … })
  const registration = fn.parent?.parent;
  if (registration?.type !== 'call_expression') return undefined;
  const verb = goCallName(registration)?.name;
  const path = goStringValue(goArguments(registration)[0]);
  return verb && path ? `${verb.toUpperCase()} ${path}` : undefined;
}

export function checkGo(ctx: RuleContext): void {
  if (ctx.file.isTestPath || !mayContainFakeData(ctx.file.text)) return;
  const index = goIndex(ctx);
  const text = ctx.file.text;
  const jsonHead = goHeadMatcher(text, JSON_HEAD);
  for (const call of index.nodes('call_expression')) {
    if (!jsonHead(call.startIndex)) continue;
    const callee = goCallName(call);
    if (!callee?.receiver || !JSON_METHODS.has(callee.name)) continue;
    const args = goArguments(call);
    // gin/echo: (code, payload); fiber and Encode: (payload)
    const payload = callee.name === 'Encode' || args.length === 1 ? args[0] : args[1];
    if (!payload) continue;
    if (callee.name === 'Encode' && !callee.receiver.text.includes('NewEncoder(')) continue;
    const resolved = resolve(payload, index);
    if (!resolved) continue;
    const records = recordsOf(resolved.literal);
    if (!records) continue;
    const assessment = assessFakeRecords(records.records, records.total, resolved.holder);
    if (!assessment) continue;
    ctx.report({ node: payload, message: fakeDataMessage(routeOf(call, index), assessment) });
  }
}
