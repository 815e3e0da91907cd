import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../types';
import { isDevGuardCondition } from '../shared/hosts';
import { sweepAncestors } from '../shared/ancestors';
import { isPyDevGuarded } from '../shared/python-literals';
import { assessFakeRecords, fakeDataMessage, mayContainFakeData, type FakeAssessment, type LiteralRecord } from './fake-values';
import { firstAtOrAfter } from '../shared/sorted';

/** `@app.route`, `@bp.get`, `@router.post`, `@app.api_route`, DRF `@api_view`. */
const ROUTE_DECORATOR = /^@\s*(?:[\w.]+\.(?:route|get|post|put|patch|delete|api_route)\s*\(|(?:rest_framework\.decorators\.)?api_view\b)/;
const VIEW_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'list', 'retrieve', 'create', 'update']);
/** Response wrappers whose first argument (or `content=` / `data=`) is the body. */
const RESPONSE_CALLS = /^(?:jsonify|flask\.jsonify|JsonResponse|http\.JsonResponse|Response|JSONResponse|ORJSONResponse|UJSONResponse|make_response|json\.dumps|web\.json_response|HttpResponse)$/;
const PASS_THROUGH_CALLS = /^(?:list|sorted|tuple|reversed)$/;
const MOCK_LIBRARIES = /^\s*(?:import|from)\s+(?:responses|httpretty|respx|pytest_httpserver|moto)\b/m;

/** Whole-file gate: a route decorator must appear in the text (views modules are checked regardless). */
const ROUTE_TEXT = /@\s*[\w.]+\.(?:route|get|post|put|patch|delete|api_route)\s*\(|@\s*(?:[\w.]+\.)?api_view\b/;

interface Handler {
  readonly fn: Node;
  readonly route?: string;
}

function stringContent(node: Node | null | undefined): string | undefined {
  if (node?.type !== 'string') return undefined;
  if (node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return node.namedChildren
    .filter((c) => c?.type === 'string_content')
    .map((c) => c?.text ?? '')
    .join('');
}

function findHandlers(root: Node, path: string): Handler[] {
  const handlers: Handler[] = [];
  for (const decorated of root.descendantsOfType('decorated_definition')) {
    if (!decorated) continue;
    const fn = decorated.childForFieldName('definition');
    if (fn?.type !== 'function_definition') continue;
    for (const decorator of decorated.namedChildren) {
      if (decorator?.type !== 'decorator' || !ROUTE_DECORATOR.test(decorator.text)) continue;
      const verb = /\.(get|post|put|patch|delete)\s*\(/.exec(decorator.text)?.[1]?.toUpperCase();
      const routePath = /\(\s*[rf]?["']([^"']*)["']/.exec(decorator.text)?.[1];
      const name = fn.childForFieldName('name')?.text;
      const route = routePath !== undefined ? `${verb ?? 'GET'} ${routePath}` : name;
      handlers.push({ fn, ...(route !== undefined ? { route } : {}) });
      break;
    }
  }
  // Django function views and class-based view methods: a `request` parameter in a views module
  if (/(?:^|\/)views(?:\/[\w]+)?\.py$|(?:^|\/)api\.py$/.test(path)) {
    for (const fn of root.descendantsOfType('function_definition')) {
      if (!fn || fn.parent?.type === 'decorated_definition') continue;
      const params = (fn.childForFieldName('parameters')?.namedChildren ?? []).filter((p): p is Node => p !== null).map((p) => p.text.split(/[:=]/)[0]?.trim());
      const name = fn.childForFieldName('name')?.text ?? '';
      const cls = fn.parent?.parent;
      const inClass = cls?.type === 'class_definition';
      const isView = inClass ? VIEW_METHODS.has(name) && params[1] === 'request' : params[0] === 'request';
      const className = inClass ? cls.childForFieldName('name')?.text : undefined;
      if (isView) handlers.push({ fn, route: className ? `${className}.${name}` : name });
    }
  }
  return handlers;
}

/** `USERS = [...]` / `{...}` / `(...)`: the value of the last such assignment of a name in the file. */
interface Declarations {
  get(name: string): Node | undefined;
}

/** Is some offset of the sorted `offsets` in [start, end)? */
function occursWithin(offsets: readonly number[], start: number, end: number): boolean {
  const low = firstAtOrAfter(offsets, start);
  return low < offsets.length && (offsets[low] ?? end) < end;
}

/**
 * Looked up by name on demand (a handler returns few names; a file has many assignments): the last
 * assignment in the file whose left side is `name` and whose right side is a list, dict or tuple.
 * Only assignments whose text contains the name are read from the tree.
 */
function collectDeclarations(root: Node, text: string): Declarations {
  const assignments = root.descendantsOfType('assignment');
  const found = new Map<string, Node | undefined>();
  const lookup = (name: string): Node | undefined => {
    const occurrences: number[] = [];
    for (let at = text.indexOf(name); at !== -1; at = text.indexOf(name, at + 1)) occurrences.push(at);
    for (let i = assignments.length - 1; i >= 0; i--) {
      const assignment = assignments[i];
      if (!assignment || !occursWithin(occurrences, assignment.startIndex, assignment.endIndex)) continue;
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type === 'identifier' && right && (right.type === 'list' || right.type === 'dictionary' || right.type === 'tuple') && left.text === name) {
        return right;
      }
    }
    return undefined;
  };
  return {
    get(name) {
      if (!found.has(name)) found.set(name, lookup(name));
      return found.get(name);
    },
  };
}

function recordOf(dict: Node): LiteralRecord {
  const keys: string[] = [];
  const strings: string[] = [];
  for (const pair of dict.namedChildren) {
    if (pair?.type !== 'pair') continue;
    const key = pair.childForFieldName('key');
    keys.push(stringContent(key) ?? key?.text ?? '');
    const value = stringContent(pair.childForFieldName('value'));
    if (value !== undefined) strings.push(value);
  }
  return { keys, strings };
}

/** Keyword-built records: `User(name="John Doe", email="john@example.com")`, `dict(id=1, name=…)`. */
function recordOfCall(call: Node): LiteralRecord | undefined {
  const args = call.childForFieldName('arguments');
  const keywords = (args?.namedChildren ?? []).filter((a): a is Node => a?.type === 'keyword_argument');
  if (keywords.length < 2) return undefined;
  return {
    keys: keywords.map((k) => k.childForFieldName('name')?.text ?? ''),
    strings: keywords.flatMap((k) => {
      const value = stringContent(k.childForFieldName('value'));
      return value !== undefined ? [value] : [];
    }),
  };
}

function assessList(list: Node, holderName: string | undefined): FakeAssessment | undefined {
  const elements = list.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const records: LiteralRecord[] = [];
  for (const element of elements) {
    if (element.type === 'dictionary') records.push(recordOf(element));
    else if (element.type === 'call') {
      const record = recordOfCall(element);
      if (record) records.push(record);
    }
  }
  return assessFakeRecords(records, elements.length, holderName);
}

function calleeName(call: Node): string {
  return call.childForFieldName('function')?.text ?? '';
}

function assessBody(node: Node, declarations: Declarations, depth = 0): FakeAssessment | undefined {
  if (depth > 4) return undefined;
  switch (node.type) {
    case 'parenthesized_expression':
    case 'await': {
      const inner = node.namedChild(0);
      return inner ? assessBody(inner, declarations, depth) : undefined;
    }
    case 'expression_list':
    case 'tuple': {
      // `return USERS, 200`
      const first = node.namedChild(0);
      return first ? assessBody(first, declarations, depth + 1) : undefined;
    }
    case 'list':
      return assessList(node, undefined);
    case 'identifier': {
      const value = declarations.get(node.text);
      if (value?.type === 'list') return assessList(value, node.text);
      if (value?.type === 'dictionary') return assessBody(value, declarations, depth + 1);
      return undefined;
    }
    case 'dictionary': {
      for (const pair of node.namedChildren) {
        const value = pair?.type === 'pair' ? pair.childForFieldName('value') : null;
        const found = value ? assessBody(value, declarations, depth + 1) : undefined;
        if (found) return found;
      }
      return undefined;
    }
    case 'list_comprehension': {
      // [u for u in USERS if u["active"]]
      const clause = node.namedChildren.find((c) => c?.type === 'for_in_clause');
      const iterable = clause?.childForFieldName('right');
      return iterable ? assessBody(iterable, declarations, depth + 1) : undefined;
    }
    case 'call': {
      const callee = calleeName(node);
      const args = node.childForFieldName('arguments');
      if (RESPONSE_CALLS.test(callee) || PASS_THROUGH_CALLS.test(callee)) {
        const keyword = (args?.namedChildren ?? []).find(
          (a) => a?.type === 'keyword_argument' && ['content', 'data', 'body'].includes(a.childForFieldName('name')?.text ?? ''),
        );
        const first = keyword?.childForFieldName('value') ?? args?.namedChildren.find((a) => a !== null && a.type !== 'keyword_argument');
        if (first) return assessBody(first, declarations, depth + 1);
        // jsonify(users=[...]): keyword arguments build the body
        for (const arg of args?.namedChildren ?? []) {
          const value = arg?.type === 'keyword_argument' ? arg.childForFieldName('value') : null;
          const found = value ? assessBody(value, declarations, depth + 1) : undefined;
          if (found) return found;
        }
        return undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * The `return` statements of each function (the innermost function or lambda holding them), from one
 * root-level walk shared with the other rules rather than a walk of each handler and a climb from each return.
 */
function returnsByFunction(root: Node): Map<number, Node[]> {
  const byFunction = new Map<number, Node[]>();
  sweepAncestors(root.descendantsOfType(['function_definition', 'lambda', 'return_statement']), (node, ancestors) => {
    const fn = ancestors.at(-1);
    if (fn?.type !== 'function_definition' || node.type !== 'return_statement') return;
    const list = byFunction.get(fn.id);
    if (list) list.push(node);
    else byFunction.set(fn.id, [node]);
  });
  return byFunction;
}

export function checkPython(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  // ROUTE_TEXT needs an `@`: one-character searches are the fastest
  const routeText = ctx.file.text.includes('@') && ROUTE_TEXT.test(ctx.file.text);
  if (!routeText && !/(?:^|\/)(?:views(?:\/\w+)?|api)\.py$/.test(ctx.file.path)) return;
  // The other whole-file gates read the whole text with long patterns: they are decided (once) only
  // when there is something to report, which is rarer than a route.
  let gatesPass: boolean | undefined;
  const passesGates = (): boolean => (gatesPass ??= mayContainFakeData(ctx.file.text) && !MOCK_LIBRARIES.test(ctx.file.text));
  const handlers = findHandlers(ctx.root, ctx.file.path);
  if (handlers.length === 0) return;
  let declarations: Declarations | undefined;
  const returns = returnsByFunction(ctx.root);
  for (const handler of handlers) {
    const body = handler.fn.childForFieldName('body');
    if (!body) continue;
    const bodyEnd = body.endIndex;
    for (const ret of returns.get(handler.fn.id) ?? []) {
      if (ret.startIndex < body.startIndex || ret.startIndex >= bodyEnd) continue;
      const value = ret.namedChild(0);
      if (!value) continue;
      declarations ??= collectDeclarations(ctx.root, ctx.file.text);
      const assessment = assessBody(value, declarations);
      if (!assessment) continue;
      if (isPyDevGuarded(ret, isDevGuardCondition) || !passesGates()) continue;
      ctx.report({ node: ret, message: fakeDataMessage(handler.route, assessment) });
    }
  }
}
