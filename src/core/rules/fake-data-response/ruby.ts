/**
 * fake-data-response for Ruby: a Rails action or Sinatra route answers with a literal array of
 * hashes — `render json: [{ id: 1, name: "John Doe" }, …]`, `json [...]`, `[...].to_json` as the
 * route's value — written at the call or held by a local, an instance variable or a constant of the
 * file (`MOCK_USERS = [...]`). The verdict is `assessFakeRecords` (./fake-values.ts).
 */
import type { Node } from 'web-tree-sitter';
import type { RuleContext } from '../../types';
import { rubyArguments, rubyCallName, rubyEnclosingMethod, rubyIndex, type RubyIndex, rubyPairKey, rubyStringValue } from '../shared/ruby';
import { assessFakeRecords, fakeDataMessage, mayContainFakeData, type LiteralRecord } from './fake-values';

function recordsOf(array: Node, index: RubyIndex): { records: LiteralRecord[]; total: number } | undefined {
  if (array.type !== 'array') return undefined;
  const elements = array.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment');
  const records: LiteralRecord[] = [];
  for (const element of elements) {
    if (element.type !== 'hash') continue;
    const keys: string[] = [];
    const strings: string[] = [];
    for (const pair of element.namedChildren) {
      if (pair?.type !== 'pair') continue;
      keys.push(rubyPairKey(pair) ?? '');
      const value = pair.childForFieldName('value');
      const s = value ? rubyStringValue(value, index) : undefined;
      if (s !== undefined) strings.push(s);
    }
    records.push({ keys, strings });
  }
  return { records, total: elements.length };
}

/** The array a payload refers to: a literal, `MOCK_USERS`, `@users`, `users` assigned earlier in the method. */
function resolve(payload: Node, index: RubyIndex, text: string): { array: Node; holder?: string } | undefined {
  let node = payload;
  if (node.type === 'call' && rubyCallName(node)?.method === 'to_json' && node.childForFieldName('receiver')) node = node.childForFieldName('receiver') ?? node;
  if (node.type === 'array') return { array: node };
  if (node.type !== 'identifier' && node.type !== 'constant' && node.type !== 'instance_variable') return undefined;
  const name = node.text;
  const scope = node.type === 'identifier' ? rubyEnclosingMethod(index, node) : undefined;
  const assignments = scope ? index.within('assignment', scope.startIndex, node.startIndex) : index.nodes('assignment');
  for (const assignment of [...assignments].reverse()) {
    // `left` is an assignment's first child: one that does not start with the name cannot be it
    if (!text.startsWith(name, assignment.startIndex)) continue;
    if (assignment.childForFieldName('left')?.text !== name) continue;
    let value = assignment.childForFieldName('right');
    if (value?.type === 'call' && rubyCallName(value)?.method === 'freeze') value = value.childForFieldName('receiver');
    return value?.type === 'array' ? { array: value, holder: name } : undefined;
  }
  return undefined;
}

function routeOf(node: Node, index: RubyIndex): string | undefined {
  const method = rubyEnclosingMethod(index, node);
  if (method) return method.childForFieldName('name')?.text;
  const block = index.enclosing(node, ['do_block', 'block']);
  const call = block?.parent;
  if (call?.type !== 'call') return undefined;
  const verb = rubyCallName(call)?.method;
  const path = rubyArguments(call)[0];
  const value = path ? rubyStringValue(path, index) : undefined;
  return verb && value !== undefined && /^(?:get|post|put|patch|delete)$/.test(verb) ? `${verb.toUpperCase()} ${value}` : undefined;
}

/** `render json: …` / `xml: …`: the first such pair's value, as `rubyPairs(…).find(…)` without reading the other pairs' values. */
function renderedPayload(call: Node): Node | undefined {
  for (const child of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (child?.type !== 'pair') continue;
    const key = rubyPairKey(child);
    if (key !== 'json' && key !== 'xml') continue;
    const value = child.childForFieldName('value');
    if (value) return value;
  }
  return undefined;
}

/**
 * The responders are receiver-less calls, and a receiver-less call starts with its method name (tree-sitter-ruby's
 * `call` puts the receiver first when there is one): a test of the source skips the WebAssembly round trips of
 * `rubyCallName` for every other call.
 */
function startsWithResponder(text: string, start: number): boolean {
  return text.startsWith('render', start) || text.startsWith('json', start) || text.startsWith('halt', start);
}

export function checkRuby(ctx: RuleContext): void {
  if (ctx.file.isTestPath || !mayContainFakeData(ctx.file.text)) return;
  if (/(?:^|\/)db\/seeds|(?:^|\/)lib\/tasks\//.test(ctx.file.path)) return;
  const index = rubyIndex(ctx);
  // every finding is a literal array (`resolve` returns nothing else): a file without one has nothing to report
  if (index.nodes('array').length === 0) return;
  const text = ctx.file.text;
  for (const call of index.nodes('call')) {
    if (!startsWithResponder(text, call.startIndex)) continue;
    const name = rubyCallName(call);
    if (!name || name.receiver) continue;
    let payload: Node | undefined;
    if (name.method === 'render') payload = renderedPayload(call);
    else if (name.method === 'json' || name.method === 'halt') payload = rubyArguments(call).find((a) => a.type !== 'integer');
    if (!payload) continue;
    const resolved = resolve(payload, index, text);
    if (!resolved) continue;
    const records = recordsOf(resolved.array, index);
    if (!records) continue;
    const assessment = assessFakeRecords(records.records, records.total, resolved.holder);
    if (!assessment) continue;
    ctx.report({ node: payload, message: fakeDataMessage(routeOf(call, index), assessment) });
  }
}
