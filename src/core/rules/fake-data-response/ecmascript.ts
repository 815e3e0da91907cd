import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../types';
import { calleeNames, callsNamed } from '../shared/ecmascript-errors';
import { isEcmaDevGuarded } from '../shared/ecmascript-literals';
import { isDevGuardCondition } from '../shared/hosts';
import { assessFakeRecords, fakeDataMessage, mayContainFakeData, type FakeAssessment, type LiteralRecord } from './fake-values';

const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'options', 'head']);
const FUNCTION_TYPES = new Set(['arrow_function', 'function_expression', 'function', 'function_declaration', 'method_definition', 'generator_function', 'generator_function_declaration']);
const NEST_DECORATORS = /^@(?:Get|Post|Put|Patch|Delete|All|Options|Head)\b/;
const NEXT_HANDLERS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
/** Array methods that keep the data literal: `mockUsers.filter(…)`, `USERS.find(…)`, `items.slice(0, 10)`. */
const PASS_THROUGH_METHODS = new Set(['filter', 'find', 'slice', 'map', 'sort', 'concat', 'reverse', 'toSorted', 'at', 'flat']);
/** Response calls whose first argument is the body. */
const RESPONSE_METHODS = new Set(['json', 'send', 'jsonp']);
/** Libraries that exist to serve mock data: their handlers are mocks by design. */
const MOCK_LIBRARIES = /(?:^|['"/])(?:msw|miragejs|json-server|@mswjs\/[\w-]+|nock|pretender)['"]/;

/** Whole-file gate: a route registration (`.get('/…'`, `.route({`, `@Get(`) must appear in the text. */
const ROUTE_TEXT = /\.(?:get|post|put|patch|delete|del|all|options|head|route)\s*\(\s*['"`{]|@(?:Get|Post|Put|Patch|Delete|All|Options|Head)\s*\(/;

interface Handler {
  readonly fn: Node;
  readonly route?: string;
}

function stringText(node: Node | null | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'string') return node.text.slice(1, -1);
  if (node.type === 'template_string' && !node.namedChildren.some((c) => c?.type === 'template_substitution')) return node.text.slice(1, -1);
  return undefined;
}

function functionArguments(args: Node | null): Node[] {
  return (args?.namedChildren ?? []).filter((c): c is Node => c !== null && FUNCTION_TYPES.has(c.type));
}

/** Calls of a route method or `route` (see `callsNamed`). */
const ROUTE_CALLS = calleeNames([...ROUTE_METHODS, 'route']);

/** Express / Koa-router / Fastify / Hono routes, Fastify `route({ handler })`, Next.js route handlers, NestJS controllers. */
function findHandlers(root: Node, text: string, path: string): Handler[] {
  const handlers: Handler[] = [];
  const named = callsNamed(root, text, ROUTE_CALLS);
  for (const call of root.descendantsOfType('call_expression')) {
    if (!call || !named.mayBe(call)) continue;
    const fn = call.childForFieldName('function');
    if (fn?.type !== 'member_expression') continue;
    const method = fn.childForFieldName('property')?.text ?? '';
    const args = call.childForFieldName('arguments');
    if (ROUTE_METHODS.has(method)) {
      const first = args?.namedChild(0);
      let routePath = stringText(first);
      const object = fn.childForFieldName('object');
      // router.route('/users').get(handler)
      if (routePath === undefined && object?.type === 'call_expression') {
        routePath = stringText(object.childForFieldName('arguments')?.namedChild(0));
      }
      if (routePath === undefined) continue;
      const fns = functionArguments(args);
      const last = fns[fns.length - 1];
      if (last) handlers.push({ fn: last, route: `${method.toUpperCase()} ${routePath}` });
    } else if (method === 'route') {
      const options = args?.namedChild(0);
      if (options?.type !== 'object') continue;
      let url: string | undefined;
      let verb: string | undefined;
      let handler: Node | undefined;
      for (const pair of options.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const key = pair.childForFieldName('key')?.text;
        const value = pair.childForFieldName('value');
        if (key === 'url' || key === 'path') url = stringText(value);
        if (key === 'method') verb = stringText(value);
        if (key === 'handler' && value && FUNCTION_TYPES.has(value.type)) handler = value;
      }
      if (handler) handlers.push({ fn: handler, ...(url !== undefined ? { route: `${(verb ?? 'GET').toUpperCase()} ${url}` } : {}) });
    }
  }
  const isNextRoute = /(?:^|\/)app\/(?:.*\/)?route\.[cm]?[jt]sx?$/.test(path);
  const isPagesApi = /(?:^|\/)pages\/api\//.test(path);
  if (isNextRoute || isPagesApi) {
    for (const fn of root.descendantsOfType(['function_declaration', 'variable_declarator'])) {
      if (!fn) continue;
      const parent = fn.parent;
      const exportNode = parent?.type === 'export_statement' ? parent : parent?.parent?.type === 'export_statement' ? parent.parent : undefined;
      if (!exportNode) continue;
      const name = fn.childForFieldName('name')?.text ?? '';
      const isDefault = exportNode.text.startsWith('export default');
      const body = fn.type === 'variable_declarator' ? fn.childForFieldName('value') : fn;
      if (!body || !FUNCTION_TYPES.has(body.type)) continue;
      if ((isNextRoute && NEXT_HANDLERS.has(name)) || (isPagesApi && isDefault)) handlers.push({ fn: body, route: isNextRoute ? `${name} ${routeFromPath(path)}` : routeFromPath(path) });
    }
  }
  for (const method of root.descendantsOfType('method_definition')) {
    if (!method) continue;
    let sibling = method.previousNamedSibling;
    while (sibling?.type === 'decorator') {
      if (NEST_DECORATORS.test(sibling.text)) {
        const verb = /^@(\w+)/.exec(sibling.text)?.[1]?.toUpperCase() ?? 'GET';
        const sub = /\(\s*['"`]([^'"`]*)['"`]/.exec(sibling.text)?.[1] ?? '';
        const cls = method.parent?.parent;
        const decorators = [...(cls?.namedChildren ?? []), ...(cls?.parent?.type === 'export_statement' ? cls.parent.namedChildren : [])];
        const controller = decorators.find((c) => c?.type === 'decorator' && c.text.startsWith('@Controller'));
        const prefix = controller ? /\(\s*['"`]([^'"`]*)['"`]/.exec(controller.text)?.[1] ?? '' : '';
        const route = [prefix, sub].filter((p) => p.length > 0).map((p) => p.replace(/^\/|\/$/g, '')).join('/');
        handlers.push({ fn: method, route: `${verb} /${route}` });
        break;
      }
      sibling = sibling.previousNamedSibling;
    }
  }
  return handlers;
}

function routeFromPath(path: string): string {
  const match = /(?:app|pages)(\/.*?)(?:\/route|\/index)?\.[cm]?[jt]sx?$/.exec(path);
  return match?.[1] ?? path;
}

/** Innermost function containing `node`. */
function enclosingFunction(node: Node): Node | undefined {
  for (let p = node.parent; p; p = p.parent) if (FUNCTION_TYPES.has(p.type)) return p;
  return undefined;
}

/** The response bodies of a handler: `res.json(X)`, `reply.send(X)`, `ctx.body = X`, `return X`, `c.json(X)`. */
function responseBodies(handler: Node): { sink: Node; body: Node }[] {
  const result: { sink: Node; body: Node }[] = [];
  const body = handler.childForFieldName('body');
  if (!body) return result;
  if (body.type !== 'statement_block') {
    // expression-bodied arrow: `(c) => c.json([...])` or `() => [...]`
    const call = body.type === 'call_expression' ? sinkCall(body) : undefined;
    if (call) result.push(call);
    else result.push({ sink: body, body });
    return result;
  }
  for (const node of body.descendantsOfType(['call_expression', 'return_statement', 'assignment_expression'])) {
    if (!node || !enclosingFunction(node)?.equals(handler)) continue;
    if (node.type === 'call_expression') {
      const sink = sinkCall(node);
      if (sink) result.push(sink);
    } else if (node.type === 'return_statement') {
      const value = node.namedChild(0);
      if (value && !(value.type === 'call_expression' && sinkCall(value))) result.push({ sink: node, body: value });
    } else {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type === 'member_expression' && left.childForFieldName('property')?.text === 'body' && right) {
        result.push({ sink: node, body: right });
      }
    }
  }
  return result;
}

function sinkCall(call: Node): { sink: Node; body: Node } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'member_expression') return undefined;
  const method = fn.childForFieldName('property')?.text ?? '';
  if (!RESPONSE_METHODS.has(method)) return undefined;
  const object = fn.childForFieldName('object')?.text ?? '';
  if (/^(?:JSON|axios|fetch|http|https|socket|io|ws|client|api)$/.test(object)) return undefined;
  const arg = call.childForFieldName('arguments')?.namedChild(0);
  return arg ? { sink: call, body: arg } : undefined;
}

type Declarations = Map<string, Node>;

function collectDeclarations(root: Node): Declarations {
  const map: Declarations = new Map();
  for (const decl of root.descendantsOfType('variable_declarator')) {
    const name = decl?.childForFieldName('name');
    let value = decl?.childForFieldName('value');
    while (value && (value.type === 'as_expression' || value.type === 'satisfies_expression' || value.type === 'parenthesized_expression')) {
      value = value.namedChild(0);
    }
    if (name?.type === 'identifier' && value && (value.type === 'array' || value.type === 'object')) map.set(name.text, value);
  }
  return map;
}

function keyName(pair: Node): string {
  const key = pair.childForFieldName('key');
  if (!key) return '';
  return key.type === 'string' ? key.text.slice(1, -1) : key.text;
}

function recordOf(object: Node): LiteralRecord {
  const keys: string[] = [];
  const strings: string[] = [];
  for (const child of object.namedChildren) {
    if (child?.type === 'pair') {
      keys.push(keyName(child));
      const text = stringText(child.childForFieldName('value'));
      if (text !== undefined) strings.push(text);
    } else if (child?.type === 'shorthand_property_identifier') {
      keys.push(child.text);
    }
  }
  return { keys, strings };
}

function assessArray(array: Node, holderName: string | undefined): FakeAssessment | undefined {
  const elements = array.namedChildren.filter((c): c is Node => c !== null && c.type !== 'comment');
  const records = elements.filter((e) => e.type === 'object').map(recordOf);
  return assessFakeRecords(records, elements.length, holderName);
}

/** Follows the response body to literal arrays: inline, via a declared name, inside `{ data: … }`, through `.filter()`. */
function assessBody(node: Node, declarations: Declarations, depth = 0): FakeAssessment | undefined {
  if (depth > 3) return undefined;
  switch (node.type) {
    case 'parenthesized_expression':
    case 'await_expression':
    case 'as_expression':
    case 'satisfies_expression': {
      const inner = node.namedChild(0);
      return inner ? assessBody(inner, declarations, depth) : undefined;
    }
    case 'array':
      return assessArray(node, undefined);
    case 'identifier': {
      const value = declarations.get(node.text);
      if (value?.type === 'array') return assessArray(value, node.text);
      if (value?.type === 'object') return assessBody(value, declarations, depth + 1);
      return undefined;
    }
    case 'object': {
      for (const child of node.namedChildren) {
        const value = child?.type === 'pair' ? child.childForFieldName('value') : child?.type === 'shorthand_property_identifier' ? child : null;
        if (!value) continue;
        const found = value.type === 'shorthand_property_identifier' ? assessIdentifier(value.text, declarations) : assessBody(value, declarations, depth + 1);
        if (found) return found;
      }
      return undefined;
    }
    case 'call_expression': {
      const fn = node.childForFieldName('function');
      if (fn?.type === 'member_expression' && PASS_THROUGH_METHODS.has(fn.childForFieldName('property')?.text ?? '')) {
        const object = fn.childForFieldName('object');
        return object ? assessBody(object, declarations, depth + 1) : undefined;
      }
      // JSON.stringify(X) inside new Response(...)
      if (fn?.text === 'JSON.stringify') {
        const arg = node.childForFieldName('arguments')?.namedChild(0);
        return arg ? assessBody(arg, declarations, depth + 1) : undefined;
      }
      return undefined;
    }
    case 'new_expression': {
      // new Response(JSON.stringify(X))
      const arg = node.childForFieldName('arguments')?.namedChild(0);
      return arg ? assessBody(arg, declarations, depth + 1) : undefined;
    }
    default:
      return undefined;
  }
}

function assessIdentifier(name: string, declarations: Declarations): FakeAssessment | undefined {
  const value = declarations.get(name);
  return value?.type === 'array' ? assessArray(value, name) : undefined;
}

export function checkEcma(ctx: RuleContext): void {
  // The route gate first: its search is several times faster than the fake-word one, and rejects more files.
  if (ctx.file.isTestPath || (!ROUTE_TEXT.test(ctx.file.text) && !/(?:^|\/)(?:app|pages)\//.test(ctx.file.path))) return;
  if (!mayContainFakeData(ctx.file.text)) return;
  if (MOCK_LIBRARIES.test(ctx.file.text.slice(0, 4000))) return;
  const handlers = findHandlers(ctx.root, ctx.file.text, ctx.file.path);
  if (handlers.length === 0) return;
  let declarations: Declarations | undefined;
  for (const handler of handlers) {
    for (const { sink, body } of responseBodies(handler.fn)) {
      declarations ??= collectDeclarations(ctx.root);
      const assessment = assessBody(body, declarations);
      if (!assessment) continue;
      if (isEcmaDevGuarded(sink, isDevGuardCondition)) continue;
      ctx.report({ node: sink, message: fakeDataMessage(handler.route, assessment) });
    }
  }
}
