/**
 * `debug-mode-enabled` for PHP:
 * - `ini_set('display_errors', '1' | 'On' | true | 1)` (errors, with file paths, printed into pages);
 * - WordPress `define('WP_DEBUG', true)` unless the same file turns `WP_DEBUG_DISPLAY` (or
 *   `display_errors`) off, and `define('WP_DEBUG_DISPLAY', true)`;
 * - Laravel `'debug' => true` in `config/app.php` (the value must come from `APP_DEBUG`);
 * - Symfony `Debug::enable()` and `new Kernel($env, true)` outside an `APP_DEBUG` / environment check;
 * - Whoops' `PrettyPageHandler` registered outside a debug check.
 * Quiet in test paths, development-only files and under an environment/debug condition
 * (`if ($_SERVER['APP_DEBUG'])`, `if (getenv('APP_ENV') === 'dev')`).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { isDevGuardCondition } from '../shared/hosts';
import { detectLayout, indentOfLine, isFirstOnLine } from '../shared/indentation';
import { isInsidePhpCondition, named, phpArguments, phpCallName, phpStringContent } from '../shared/php';
import { DEBUG_EFFECTS, debugMessage, FIX_TITLES, isDevelopmentOnlyFile } from './flags';

const DISPLAY_EFFECT = 'prints PHP errors, warnings and uncaught exceptions, with file paths and stack details, into the pages visitors see';
const SYMFONY_EFFECT = "turns on Symfony's debug error handler, which shows exception pages with stack traces and source code to visitors";
const WHOOPS_EFFECT = "shows Whoops' pretty error page, with stack traces, source code and environment variables, to visitors";
const APP_DEBUG = "(bool) ($_SERVER['APP_DEBUG'] ?? false)";

/** `$_SERVER['APP_DEBUG']`, `$config['debug']`, `WP_DEBUG`, `$this->debug`: PHP spellings of a debug flag. */
const PHP_DEBUG_FLAG = /APP_DEBUG|WP_DEBUG|\bdebug\b|isDebug|kernel->isDebug|APP_ENV['"\])]{0,4}\s{0,4}===?\s{0,4}['"](?:dev|local|development)['"]/i;

function isDevGuarded(node: Node): boolean {
  return isInsidePhpCondition(node, (c) => isDevGuardCondition(c, false) || PHP_DEBUG_FLAG.test(c), (c) => isDevGuardCondition(c, true));
}

/** `'1'`, `"On"`, `true`, `1`: a value that switches an ini flag on. */
function isOn(node: Node | undefined): boolean {
  if (!node) return false;
  if (node.type === 'boolean') return node.text.toLowerCase() === 'true';
  if (node.type === 'integer') return node.text !== '0';
  const content = phpStringContent(node)?.trim().toLowerCase();
  return content === '1' || content === 'on' || content === 'true' || content === 'yes' || content === 'stdout';
}

/** The "off" spelling matching how the value was written. */
function offSpelling(node: Node): string {
  if (node.type === 'boolean') return node.text === node.text.toUpperCase() ? 'FALSE' : 'false';
  if (node.type === 'integer') return '0';
  const quote = node.text.startsWith('"') ? '"' : "'";
  const content = phpStringContent(node)?.trim().toLowerCase();
  return content === 'on' ? `${quote}Off${quote}` : `${quote}0${quote}`;
}

interface FileFacts {
  readonly defines: Map<string, Node>;
  /** `ini_set('display_errors', <off>)` somewhere in the file. */
  readonly displayOff: boolean;
}

function collectFacts(calls: readonly Node[]): FileFacts {
  const defines = new Map<string, Node>();
  let displayOff = false;
  for (const call of calls) {
    const info = phpCallName(call);
    const args = phpArguments(call);
    const key = phpStringContent(args[0]?.value);
    if (info?.name === 'define' && key && args[1]) defines.set(key, args[1].value);
    if (info?.name === 'ini_set' && key === 'display_errors' && args[1] && !isOn(args[1].value)) displayOff = true;
  }
  return { defines, displayOff };
}

function report(context: RuleContext, node: Node, setting: string, effect: string, advice: string, fixes: Fix[]): void {
  context.report({ node, message: debugMessage(setting, effect, advice), fixes });
}

function checkCall(context: RuleContext, call: Node, facts: FileFacts): void {
  const info = phpCallName(call);
  if (!info) return;
  const relevant =
    (info.kind === 'function' && (info.name === 'ini_set' || info.name === 'define')) ||
    (info.kind === 'static' && info.name === 'enable') ||
    (info.kind === 'new' && (info.name === 'Kernel' || info.name === 'AppKernel')) ||
    (info.kind === 'method' && info.name === 'pushHandler');
  if (!relevant) return;
  const args = phpArguments(call);
  if (info.kind === 'function' && info.name === 'ini_set') {
    const value = args[1]?.value;
    if (phpStringContent(args[0]?.value) !== 'display_errors' || !value || !isOn(value) || isDevGuarded(call)) return;
    report(context, call, `\`${call.text}\``, DISPLAY_EFFECT, 'keep `display_errors` off in production and send errors to the log (`log_errors`)', [
      { title: 'Turn off display_errors', edits: [{ start: value.startIndex, end: value.endIndex, text: offSpelling(value) }], isPreferred: true },
    ]);
    return;
  }
  if (info.kind === 'function' && info.name === 'define') {
    const key = phpStringContent(args[0]?.value);
    const value = args[1]?.value;
    if (value?.type !== 'boolean' || value.text.toLowerCase() !== 'true' || isDevGuarded(call)) return;
    if (key === 'WP_DEBUG') {
      const display = facts.defines.get('WP_DEBUG_DISPLAY');
      if ((display && !isOn(display)) || facts.displayOff) return;
    } else if (key !== 'WP_DEBUG_DISPLAY') return;
    report(context, call, `\`${call.text}\``, DEBUG_EFFECTS.errorPages.replace('settings, local variables and SQL queries', 'file paths and plugin internals'), key === 'WP_DEBUG' ? "turn it off in production, or also `define('WP_DEBUG_DISPLAY', false)` and log to a file" : 'turn it off and log to a file instead (`WP_DEBUG_LOG`)', [
      { title: `Set ${key} to false`, edits: [{ start: value.startIndex, end: value.endIndex, text: offSpelling(value) }], isPreferred: true },
    ]);
    return;
  }
  if (info.kind === 'static' && info.receiver?.text.replace(/^\\?(?:[\w\\]*\\)?/, '') === 'Debug' && info.name === 'enable') {
    if (isDevGuarded(call)) return;
    const statement = call.parent?.type === 'expression_statement' ? call.parent : undefined;
    const fixes: Fix[] = [];
    const text = context.file.text;
    if (statement && isFirstOnLine(text, statement.startIndex)) {
      const layout = detectLayout(text, '    ');
      const indent = indentOfLine(text, statement.startIndex);
      fixes.push({
        title: 'Enable only when APP_DEBUG is set',
        edits: [{ start: statement.startIndex, end: statement.endIndex, text: `if ($_SERVER['APP_DEBUG'] ?? false) {${layout.eol}${indent}${layout.unit}${statement.text}${layout.eol}${indent}}` }],
        isPreferred: true,
      });
    }
    report(context, call, `\`${call.text}\``, SYMFONY_EFFECT, "call it only when `$_SERVER['APP_DEBUG']` is set", fixes);
    return;
  }
  if (info.kind === 'new' && (info.name === 'Kernel' || info.name === 'AppKernel')) {
    const environment = phpStringContent(args[0]?.value)?.toLowerCase();
    const debug = args[1]?.value;
    if (debug?.type !== 'boolean' || debug.text.toLowerCase() !== 'true') return;
    if (environment === 'dev' || environment === 'test' || environment === 'local' || isDevGuarded(call)) return;
    report(context, debug, `\`${call.text}\``, SYMFONY_EFFECT, "pass the debug flag from the environment (`APP_DEBUG`)", [
      { title: FIX_TITLES.fromEnvironment('APP_DEBUG'), edits: [{ start: debug.startIndex, end: debug.endIndex, text: APP_DEBUG }], isPreferred: true },
    ]);
    return;
  }
  if (info.kind === 'method' && info.name === 'pushHandler' && /PrettyPageHandler\b/.test(args[0]?.value.text ?? '') && !isDevGuarded(call)) {
    report(context, call, '`PrettyPageHandler`', WHOOPS_EFFECT, 'register it only when a debug flag is set', []);
  }
}

/** Laravel `config/app.php`: `'debug' => true` in the returned array. */
function checkLaravelConfig(context: RuleContext): void {
  for (const statement of named(context.root)) {
    if (statement.type !== 'return_statement') continue;
    const array = named(statement)[0];
    if (array?.type !== 'array_creation_expression') continue;
    for (const element of named(array)) {
      const [key, value] = named(element);
      if (!key || !value || phpStringContent(key) !== 'debug' || value.type !== 'boolean' || value.text.toLowerCase() !== 'true') continue;
      report(context, element, `\`${element.text}\` in config/app.php`, DEBUG_EFFECTS.errorPages, "read it from the environment: `(bool) env('APP_DEBUG', false)`", [
        { title: FIX_TITLES.fromEnvironment('APP_DEBUG'), edits: [{ start: value.startIndex, end: value.endIndex, text: "(bool) env('APP_DEBUG', false)" }], isPreferred: true },
      ]);
    }
  }
}

export function checkPhp(context: RuleContext): void {
  const { path } = context.file;
  if (context.file.isTestPath || isDevelopmentOnlyFile(path)) return;
  if (/(?:^|\/)config\/app\.php$/.test(path)) checkLaravelConfig(context);
  if (!/display_errors|WP_DEBUG|Debug::enable|Kernel\s*\(|PrettyPageHandler/.test(context.file.text)) return;
  const calls = context.root.descendantsOfType(['function_call_expression', 'scoped_call_expression', 'member_call_expression', 'object_creation_expression']).filter((n): n is Node => n !== null);
  const facts = collectFacts(calls.filter((c) => c.type === 'function_call_expression'));
  for (const call of calls) checkCall(context, call, facts);
}
