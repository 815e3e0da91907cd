/**
 * `debug-mode-enabled` for Python: Flask/Quart/Sanic `app.run(debug=True)`, `app.debug = True`,
 * `app.config["DEBUG"] = True`, `app.config.update(DEBUG=True)`, Werkzeug
 * `run_simple(..., use_debugger=True)`, FastAPI/Starlette/Tornado `FastAPI(debug=True)` /
 * `Application(..., debug=True)`, Django `DEBUG = True` at the top level of a settings module, and
 * `DEBUG = True` in a production config class (`class ProductionConfig: DEBUG = True`).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext, TextEdit } from '../../types';
import { pythonImportEdit } from '../shared/env-fix';
import { isDevGuardCondition } from '../shared/hosts';
import { codeSnippet } from '../shared/errors';
import {
  DEBUG_EFFECTS,
  DEFAULT_OFF_ADVICE,
  defaultOnEffect,
  DEBUG_ENV_VARS,
  debugMessage,
  environmentAdvice,
  FIX_TITLES,
  isDevelopmentOnlyFile,
  isSettingsModulePath,
} from './flags';
import { firstAtOrAfter } from '../shared/sorted';

function named(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
}

function calleeName(call: Node): string {
  const fn = call.childForFieldName('function');
  if (fn?.type === 'identifier') return fn.text;
  if (fn?.type === 'attribute') return fn.childForFieldName('attribute')?.text ?? '';
  return '';
}

function calleeObject(call: Node): Node | undefined {
  const fn = call.childForFieldName('function');
  return fn?.type === 'attribute' ? (fn.childForFieldName('object') ?? undefined) : undefined;
}

function keywordArgument(call: Node, name: string): Node | undefined {
  return named(call.childForFieldName('arguments')).find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === name);
}

/** Environment reads: `os.environ.get`, `os.getenv`, django-environ `env.bool` / `env`, python-decouple `config`. */
const ENV_READERS = /^(?:os\.environ\.get|os\.getenv|environ\.get|getenv|env|env\.bool|env\.get|config)$/;
const TRUTHY = new Set(['true', '1', 'yes', 'on', 't', 'y']);
const OFF_EQUIVALENT: Readonly<Record<string, string>> = { true: 'false', '1': '0', yes: 'no', on: 'off', t: 'f', y: 'n' };

/** A literal's value, lower-cased: `True` -> `true`, `"1"` -> `1`, `1` -> `1`. */
function literalValue(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === 'true' || node.type === 'false' || node.type === 'integer') return node.text.toLowerCase();
  if (node.type === 'string' && !named(node).some((c) => c.type === 'interpolation')) return node.text.replace(/^[a-zA-Z]*(['"])(.*)\1$/, '$2').toLowerCase();
  return undefined;
}

/** The default of an environment read (`os.getenv("DEBUG", "True")` -> `"True"`), through `.lower()`, `bool()`, `int()`. */
function environmentDefault(node: Node, depth = 0): Node | undefined {
  if (node.type !== 'call' || depth > 3) return undefined;
  const fn = node.childForFieldName('function');
  const args = named(node.childForFieldName('arguments'));
  if (fn?.type === 'attribute' && ['lower', 'strip', 'casefold'].includes(fn.childForFieldName('attribute')?.text ?? '')) {
    const object = fn.childForFieldName('object');
    return object ? environmentDefault(object, depth + 1) : undefined;
  }
  if (fn?.type === 'identifier' && ['bool', 'int', 'str', 'strtobool'].includes(fn.text)) {
    return args[0] ? environmentDefault(args[0], depth + 1) : undefined;
  }
  if (!fn || !ENV_READERS.test(fn.text)) return undefined;
  const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'default');
  return keyword?.childForFieldName('value') ?? (args[1]?.type === 'keyword_argument' ? undefined : args[1]);
}

/** How a flag value turns debug mode on: a literal `True`, or an environment read that defaults to on. */
type FlagState = { readonly kind: 'literal' } | { readonly kind: 'default'; readonly node: Node; readonly off: string };

function flagState(value: Node | null | undefined): FlagState | undefined {
  if (!value) return undefined;
  if (value.type === 'true') return { kind: 'literal' };
  let defaultNode: Node | undefined;
  let on = false;
  if (value.type === 'comparison_operator') {
    const [left, right] = named(value);
    const operator = value.child(1)?.type;
    defaultNode = left ? environmentDefault(left) : undefined;
    const fallback = literalValue(defaultNode);
    if (fallback === undefined || !right) return undefined;
    if (operator === '==') on = literalValue(right) === fallback;
    else if (operator === '!=') on = literalValue(right) !== undefined && literalValue(right) !== fallback;
    else if (operator === 'in') on = named(right).some((option) => literalValue(option) === fallback);
  } else {
    defaultNode = environmentDefault(value);
    on = TRUTHY.has(literalValue(defaultNode) ?? '');
  }
  if (!on || !defaultNode) return undefined;
  const fallback = literalValue(defaultNode) ?? '';
  const offValue = OFF_EQUIVALENT[fallback];
  if (offValue === undefined) return undefined;
  const off = defaultNode.type === 'true' ? 'False' : defaultNode.type === 'integer' ? offValue : `${defaultNode.text.startsWith("'") ? "'" : '"'}${/^[A-Z]/.test(defaultNode.text.replace(/^['"]/, '')) ? offValue.charAt(0).toUpperCase() + offValue.slice(1) : offValue}${defaultNode.text.startsWith("'") ? "'" : '"'}`;
  return { kind: 'default', node: defaultNode, off };
}

/** `if __name__ == "__main__":` is how servers are started, so it does not count as a development guard. */
function isDevGuarded(node: Node): boolean {
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    let condition: Node | null = null;
    let inElse = false;
    if (current.type === 'if_statement' || current.type === 'elif_clause') {
      condition = current.childForFieldName('condition');
      inElse = child.type === 'else_clause' || child.type === 'elif_clause';
    } else if (current.type === 'conditional_expression') {
      const [, test, alternative] = named(current);
      condition = test ?? null;
      inElse = alternative?.id === child.id;
    } else if (current.type === 'boolean_operator' && current.childForFieldName('right')?.id === child.id) {
      condition = current.childForFieldName('left');
    }
    if (!condition || condition.id === child.id) continue;
    const text = condition.text;
    if (text.length <= 300 && !text.includes('__main__') && isDevGuardCondition(text, inElse)) return true;
  }
  return false;
}

/** Receivers whose `.run(debug=True)` is not a web server (`asyncio.run(main(), debug=True)`). */
const NON_SERVER_RUNNERS = new Set(['asyncio', 'uvloop', 'trio', 'anyio', 'subprocess', 'loop', 'runner', 'celery', 'pytest', 'unittest']);
/** Constructors with a `debug=` switch that puts tracebacks in responses. */
const DEBUG_APP_CONSTRUCTORS = new Set(['FastAPI', 'Starlette', 'Application', 'Quart', 'Sanic', 'Litestar']);
const APP_CONSTRUCTORS = new Set(['Flask', 'FastAPI', 'Starlette', 'Quart', 'Sanic', 'Application', 'Litestar']);

/** Names bound to an application object at the top level (`app = Flask(__name__)`), plus the usual `app`/`application`. */
function appNames(root: Node): Set<string> {
  const names = new Set(['app', 'application']);
  for (const statement of named(root)) {
    const assignment = statement.type === 'expression_statement' ? named(statement)[0] : undefined;
    if (assignment?.type !== 'assignment') continue;
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left?.type === 'identifier' && right?.type === 'call' && APP_CONSTRUCTORS.has(calleeName(right))) names.add(left.text);
  }
  return names;
}

/** Is the file a Flask app (so `debug=True` means the Werkzeug debugger)? */
function usesFlask(root: Node): boolean {
  return named(root).some(
    (s) => (s.type === 'import_from_statement' && /^(?:flask|quart)\b/.test(s.childForFieldName('module_name')?.text ?? '')) || (s.type === 'import_statement' && /\bflask\b/.test(s.text)),
  );
}

interface Switch {
  /** The node to report: the keyword argument or the assignment. */
  readonly node: Node;
  /** The `True` to replace. */
  readonly value: Node;
  readonly state: FlagState;
  readonly setting: string;
  readonly effect: string;
  readonly envVar: string;
}

function fromEnvironmentFix(context: RuleContext, flag: Switch): Fix {
  if (flag.state.kind === 'default') {
    const { node, off } = flag.state;
    return { title: FIX_TITLES.defaultOff, edits: [{ start: node.startIndex, end: node.endIndex, text: off }], isPreferred: true };
  }
  const quote = context.file.text.includes("'") && !context.file.text.includes('"') ? "'" : '"';
  const edits: TextEdit[] = [{ start: flag.value.startIndex, end: flag.value.endIndex, text: `os.environ.get(${quote}${flag.envVar}${quote}) == ${quote}1${quote}` }];
  const importEdit = pythonImportEdit(context.root, context.file.text, 'os');
  if (importEdit) edits.push(importEdit);
  return { title: FIX_TITLES.fromEnvironment(flag.envVar), edits, isPreferred: true };
}

function makeSwitch(node: Node, value: Node | null | undefined, where: string, effect: string, envVar: string): Switch | undefined {
  const state = flagState(value);
  if (!state || !value) return undefined;
  return { node, value, state, setting: `\`${codeSnippet(node.text, 60)}\`${where}`, effect, envVar };
}

function switchOfCall(call: Node, flask: boolean): Switch | undefined {
  const name = calleeName(call);
  const object = calleeObject(call);
  if (name === 'run' && object && !NON_SERVER_RUNNERS.has(object.text)) {
    const keyword = keywordArgument(call, 'debug');
    if (!keyword) return undefined;
    const effect = flask ? DEBUG_EFFECTS.interactiveDebugger : DEBUG_EFFECTS.stackTraces;
    return makeSwitch(keyword, keyword.childForFieldName('value'), ` in \`${codeSnippet(object.text, 20)}.run(...)\``, effect, flask ? DEBUG_ENV_VARS.flask : DEBUG_ENV_VARS.generic);
  }
  if (name === 'run_simple') {
    const keyword = keywordArgument(call, 'use_debugger');
    if (!keyword) return undefined;
    return makeSwitch(keyword, keyword.childForFieldName('value'), ' in `run_simple(...)`', DEBUG_EFFECTS.interactiveDebugger, DEBUG_ENV_VARS.generic);
  }
  if (DEBUG_APP_CONSTRUCTORS.has(name)) {
    const keyword = keywordArgument(call, 'debug');
    if (!keyword) return undefined;
    return makeSwitch(keyword, keyword.childForFieldName('value'), ` in \`${name}(...)\``, DEBUG_EFFECTS.stackTraces, DEBUG_ENV_VARS.generic);
  }
  // app.config.update(DEBUG=True), app.config.from_mapping(DEBUG=True)
  if ((name === 'update' || name === 'from_mapping') && object?.type === 'attribute' && object.childForFieldName('attribute')?.text === 'config') {
    const keyword = keywordArgument(call, 'DEBUG');
    if (!keyword) return undefined;
    return makeSwitch(keyword, keyword.childForFieldName('value'), ` in \`${codeSnippet(object.text, 20)}.${name}(...)\``, DEBUG_EFFECTS.interactiveDebugger, DEBUG_ENV_VARS.flask);
  }
  return undefined;
}

function isModuleLevel(assignment: Node): boolean {
  return assignment.parent?.type === 'expression_statement' && assignment.parent.parent?.type === 'module';
}

/** `class ProductionConfig(Config): DEBUG = True` — a config class meant for production. */
function productionConfigClass(assignment: Node): string | undefined {
  const block = assignment.parent?.parent;
  const cls = block?.parent;
  if (assignment.parent?.type !== 'expression_statement' || block?.type !== 'block' || cls?.type !== 'class_definition') return undefined;
  const name = cls.childForFieldName('name')?.text ?? '';
  return name.includes('Prod') ? name : undefined;
}

function switchOfAssignment(assignment: Node, path: string, apps: ReadonlySet<string>): Switch | undefined {
  const left = assignment.childForFieldName('left');
  const value = assignment.childForFieldName('right');
  if (!left || !value) return undefined;
  if (left.type === 'identifier' && left.text === 'DEBUG') {
    if (isModuleLevel(assignment) && isSettingsModulePath(path)) {
      return makeSwitch(assignment, value, ` in settings module \`${codeSnippet(path, 60)}\``, DEBUG_EFFECTS.errorPages, DEBUG_ENV_VARS.django);
    }
    const cls = productionConfigClass(assignment);
    return cls ? makeSwitch(assignment, value, ` in \`${cls}\``, DEBUG_EFFECTS.interactiveDebugger, DEBUG_ENV_VARS.flask) : undefined;
  }
  // app.debug = True
  if (left.type === 'attribute' && left.childForFieldName('attribute')?.text === 'debug') {
    const object = left.childForFieldName('object');
    if (object?.type !== 'identifier' || !apps.has(object.text)) return undefined;
    return makeSwitch(assignment, value, '', DEBUG_EFFECTS.interactiveDebugger, DEBUG_ENV_VARS.flask);
  }
  // app.config["DEBUG"] = True
  if (left.type === 'subscript') {
    const target = left.childForFieldName('value');
    const key = left.childForFieldName('subscript');
    const keyText = key?.type === 'string' ? key.text.slice(1, -1) : '';
    if (keyText !== 'DEBUG' || target?.type !== 'attribute' || target.childForFieldName('attribute')?.text !== 'config') return undefined;
    return makeSwitch(assignment, value, '', DEBUG_EFFECTS.interactiveDebugger, DEBUG_ENV_VARS.flask);
  }
  return undefined;
}

/** Where `debug` / `DEBUG` occur in the text, in order. */
function wordOffsets(text: string): number[] {
  const offsets: number[] = [];
  for (const word of ['debug', 'DEBUG']) for (let at = text.indexOf(word); at !== -1; at = text.indexOf(word, at + 1)) offsets.push(at);
  return offsets.sort((a, b) => a - b);
}

/** Does `node`'s text hold one of the words at `offsets` (sorted)? */
function holdsWord(offsets: readonly number[], node: Node): boolean {
  const start = node.startIndex;
  const first = offsets[firstAtOrAfter(offsets, start)];
  return first !== undefined && first + 5 <= node.endIndex;
}

export function checkPython(context: RuleContext): void {
  const path = context.file.path;
  if (context.file.isTestPath || isDevelopmentOnlyFile(path)) return;
  // Every switch this rule knows is spelled `debug`, `DEBUG` or `use_debugger`: skip the tree walk for the other files.
  const text = context.file.text;
  const words = wordOffsets(text);
  if (words.length === 0) return;
  let flask: boolean | undefined;
  let apps: Set<string> | undefined;
  // the kind of each node by id (a filter of the shared walk) rather than a `type` call on every node
  const keywordArguments = new Set<number>();
  for (const node of context.root.descendantsOfType('keyword_argument')) if (node) keywordArguments.add(node.id);
  for (const node of context.root.descendantsOfType(['keyword_argument', 'assignment'])) {
    // The keyword's name or the assignment's left side holds `debug` / `DEBUG`: skip the nodes without one.
    if (!node || !holdsWord(words, node)) continue;
    let flag: Switch | undefined;
    if (keywordArguments.has(node.id)) {
      // debug=..., use_debugger=..., DEBUG=... (read from the text: most keyword arguments are something else)
      const name = node.childForFieldName('name');
      const nameText = name ? text.slice(name.startIndex, name.endIndex) : '';
      const call = node.parent?.parent;
      if ((nameText !== 'debug' && nameText !== 'use_debugger' && nameText !== 'DEBUG') || call?.type !== 'call') continue;
      flask ??= usesFlask(context.root);
      flag = switchOfCall(call, flask);
    } else {
      const left = node.childForFieldName('left');
      const tail = left ? text.slice(Math.max(left.startIndex, left.endIndex - 9), left.endIndex) : '';
      if (!tail.includes('DEBUG') && !tail.includes('debug')) continue;
      apps ??= appNames(context.root);
      flag = switchOfAssignment(node, path, apps);
    }
    if (!flag || isDevGuarded(flag.node)) continue;
    context.report({
      node: flag.node,
      message:
        flag.state.kind === 'literal'
          ? debugMessage(flag.setting, flag.effect, environmentAdvice(flag.envVar))
          : debugMessage(flag.setting, defaultOnEffect(flag.effect), DEFAULT_OFF_ADVICE),
      fixes: [fromEnvironmentFix(context, flag)],
    });
  }
}
