/**
 * `debug-mode-enabled` for Java:
 * - Spring Security's `@EnableWebSecurity(debug = true)` (logs every request with headers, cookies and
 *   session ids; Spring itself prints "not for production");
 * - Spring Boot's `server.error.include-stacktrace=always` set from code (`System.setProperty`,
 *   `SpringApplication.setDefaultProperties(Map.of(...))`, `SpringApplicationBuilder.properties("…=always")`);
 *   in `application.properties` / `.yml` it is outside what ProdReady parses;
 * - `ErrorAttributeOptions.of(Include.STACK_TRACE)` / `.including(Include.STACK_TRACE)` outside any condition
 *   (a custom error controller that always sends the trace);
 * - Android's `WebView.setWebContentsDebuggingEnabled(true)` outside `if (BuildConfig.DEBUG)`.
 * Quiet in test paths, development-only files and under an environment/debug condition.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { isDevGuardCondition } from '../shared/hosts';
import { isInsideJavaCondition, javaStringContent, named } from '../shared/java';
import { DEBUG_EFFECTS, debugMessage, isDevelopmentOnlyFile } from './flags';

const STACKTRACE_PROPERTY = 'server.error.include-stacktrace';
/** Whole-file gate: every switch this rule knows is spelled out in the file. */
const FILE_GATE = /EnableWebSecurity|include-stacktrace|STACK_TRACE|setWebContentsDebuggingEnabled/;
const SECURITY_DEBUG_EFFECT = 'logs every request with its headers, cookies and session id, and the security filter chain it went through';
const WEBVIEW_DEBUG_EFFECT = "lets anyone with the device inspect the app's WebViews in Chrome DevTools (DOM, cookies, local storage, JavaScript)";

function isDevGuarded(node: Node): boolean {
  return isInsideJavaCondition(node, (c) => isDevGuardCondition(c, false), (c) => isDevGuardCondition(c, true));
}

function snippet(node: Node): string {
  const text = node.text.replace(/\s+/g, ' ');
  return `\`${text.length > 60 ? `${text.slice(0, 59)}…` : text}\``;
}

/** `@EnableWebSecurity(debug = true)`. */
function checkAnnotation(context: RuleContext, annotation: Node): void {
  if (annotation.childForFieldName('name')?.text !== 'EnableWebSecurity') return;
  for (const pair of named(annotation.childForFieldName('arguments'))) {
    if (pair.type !== 'element_value_pair' || pair.childForFieldName('key')?.text !== 'debug') continue;
    const value = pair.childForFieldName('value');
    if (value?.type !== 'true') continue;
    const fix: Fix = { title: 'Turn off Spring Security debug mode', edits: [{ start: value.startIndex, end: value.endIndex, text: 'false' }], isPreferred: true };
    context.report({
      node: pair,
      message: debugMessage('`@EnableWebSecurity(debug = true)`', SECURITY_DEBUG_EFFECT, 'turn it off in code that ships (Spring Security prints "not for production" at startup)'),
      fixes: [fix],
    });
  }
}

/** `"server.error.include-stacktrace", "always"` as a key/value pair, or `"server.error.include-stacktrace=always"`. */
function checkStackTraceProperty(context: RuleContext, literal: Node): void {
  const content = javaStringContent(literal);
  if (content === undefined || isDevGuarded(literal)) return;
  let value: Node | undefined;
  if (content === STACKTRACE_PROPERTY) {
    const next = literal.nextNamedSibling;
    if (next?.type === 'string_literal' && javaStringContent(next)?.trim() === 'always') value = next;
  } else if (/^\s*server\.error\.include-stacktrace\s*[=:]\s*always\s*$/.test(content)) {
    value = literal;
  }
  if (!value) return;
  const always = value.text.lastIndexOf('always');
  const fix: Fix = {
    title: 'Never include stack traces in error responses',
    edits: [{ start: value.startIndex + always, end: value.startIndex + always + 'always'.length, text: 'never' }],
    isPreferred: true,
  };
  context.report({
    startIndex: literal.startIndex,
    endIndex: value.endIndex,
    message: debugMessage(`\`${STACKTRACE_PROPERTY}=always\``, DEBUG_EFFECTS.stackTraces, 'leave it at `never` (the default) and log errors server-side'),
    fixes: [fix],
  });
}

/** `ErrorAttributeOptions.of(Include.STACK_TRACE, …)` or `options.including(Include.STACK_TRACE)` with no condition around it. */
function checkErrorAttributes(context: RuleContext, call: Node): void {
  const name = call.childForFieldName('name')?.text;
  if (name !== 'of' && name !== 'including') return;
  const object = call.childForFieldName('object');
  if (name === 'of' && object?.text !== 'ErrorAttributeOptions') return;
  const args = named(call.childForFieldName('arguments'));
  const stack = args.find((a) => /(?:^|\.)STACK_TRACE$/.test(a.text));
  if (!stack?.text.endsWith('Include.STACK_TRACE')) return;
  // Any condition around it (a profile, a request parameter, a property) makes it deliberate.
  if (isInsideJavaCondition(call, () => true, () => true)) return;
  const fixes: Fix[] = [];
  const index = args.findIndex((a) => a.id === stack.id);
  const next = args[index + 1];
  const previous = args[index - 1];
  if (next) fixes.push({ title: 'Stop including stack traces', edits: [{ start: stack.startIndex, end: next.startIndex, text: '' }], isPreferred: true });
  else if (previous) fixes.push({ title: 'Stop including stack traces', edits: [{ start: previous.endIndex, end: stack.endIndex, text: '' }], isPreferred: true });
  else if (name === 'of') fixes.push({ title: 'Stop including stack traces', edits: [{ start: call.startIndex, end: call.endIndex, text: 'ErrorAttributeOptions.defaults()' }], isPreferred: true });
  context.report({
    node: stack,
    message: debugMessage(`\`${stack.text}\` in ${snippet(call)}`, DEBUG_EFFECTS.stackTraces, 'include it only behind a development check, and log errors server-side'),
    fixes,
  });
}

/** `WebView.setWebContentsDebuggingEnabled(true)` outside `if (BuildConfig.DEBUG)`. */
function checkWebView(context: RuleContext, call: Node): void {
  if (call.childForFieldName('name')?.text !== 'setWebContentsDebuggingEnabled') return;
  const argument = named(call.childForFieldName('arguments'))[0];
  if (argument?.type !== 'true' || isDevGuarded(call)) return;
  context.report({
    node: call,
    message: debugMessage(snippet(call), WEBVIEW_DEBUG_EFFECT, 'pass `BuildConfig.DEBUG` so release builds keep it off'),
    fixes: [{ title: 'Enable only in debug builds (BuildConfig.DEBUG)', edits: [{ start: argument.startIndex, end: argument.endIndex, text: 'BuildConfig.DEBUG' }], isPreferred: true }],
  });
}

export function checkJava(context: RuleContext): void {
  if (context.file.isTestPath || isDevelopmentOnlyFile(context.file.path)) return;
  if (!FILE_GATE.test(context.file.text)) return;
  for (const node of context.root.descendantsOfType(['annotation', 'string_literal', 'method_invocation'])) {
    if (!node) continue;
    if (node.type === 'annotation') checkAnnotation(context, node);
    else if (node.type === 'string_literal') {
      if (node.text.includes('include-stacktrace')) checkStackTraceProperty(context, node);
    } else {
      checkErrorAttributes(context, node);
      checkWebView(context, node);
    }
  }
}
