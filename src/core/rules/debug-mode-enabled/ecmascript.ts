/**
 * `debug-mode-enabled` for JavaScript and TypeScript: the `errorhandler` middleware
 * (`app.use(errorhandler())`) and Express 3's `express.errorHandler()` registered without an
 * environment check, and Apollo Server's `includeStacktraceInErrorResponses: true` /
 * `new ApolloServer({ debug: true })`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { isDevGuardCondition } from '../shared/hosts';
import { detectLayout, indentOfLine } from '../shared/indentation';
import { DEBUG_EFFECTS, debugMessage, DEVELOPMENT_GUARD_ADVICE, FIX_TITLES, isDevelopmentOnlyFile } from './flags';

function named(node: Node | null | undefined): Node[] {
  return node ? node.namedChildren.filter((n): n is Node => n !== null && n.type !== 'comment') : [];
}

const ERRORHANDLER_MODULE = 'errorhandler';

function stringValue(node: Node | undefined): string | undefined {
  return node?.type === 'string' ? node.text.slice(1, -1) : undefined;
}

/** `require('errorhandler')`. */
function isErrorhandlerRequire(node: Node | null): boolean {
  if (node?.type !== 'call_expression' || node.childForFieldName('function')?.text !== 'require') return false;
  return stringValue(named(node.childForFieldName('arguments'))[0]) === ERRORHANDLER_MODULE;
}

/** Local names bound to the `errorhandler` package (`import errorhandler from 'errorhandler'`, `const eh = require('errorhandler')`). */
function errorhandlerNames(root: Node): Set<string> {
  const names = new Set<string>();
  for (const statement of named(root)) {
    if (statement.type === 'import_statement') {
      if (stringValue(statement.childForFieldName('source') ?? undefined) !== ERRORHANDLER_MODULE) continue;
      const clause = named(statement).find((c) => c.type === 'import_clause');
      const local = named(clause).find((c) => c.type === 'identifier');
      if (local) names.add(local.text);
    } else if (statement.type === 'lexical_declaration' || statement.type === 'variable_declaration') {
      for (const declarator of named(statement)) {
        const name = declarator.childForFieldName('name');
        if (name?.type === 'identifier' && isErrorhandlerRequire(declarator.childForFieldName('value'))) names.add(name.text);
      }
    }
  }
  return names;
}

/** Conditions between `node` and the top of the file that restrict it to development. */
function isDevGuarded(node: Node): boolean {
  let child = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    let condition: Node | null = null;
    let inElse = false;
    if (current.type === 'if_statement' || current.type === 'ternary_expression') {
      condition = current.childForFieldName('condition');
      inElse = current.childForFieldName('alternative')?.id === child.id;
    } else if (current.type === 'binary_expression' && current.childForFieldName('right')?.id === child.id) {
      if (current.childForFieldName('operator')?.type === '&&') condition = current.childForFieldName('left');
    }
    if (!condition || condition.id === child.id) continue;
    const text = condition.text;
    if (text.length <= 300 && isDevGuardCondition(text, inElse)) return true;
  }
  return false;
}

/** `app.use(<call>)` / `router.use('/x', <call>)`: the `use` call, if `call` is one of its arguments. */
function useCallOf(call: Node): Node | undefined {
  const args = call.parent;
  const use = args?.parent;
  if (args?.type !== 'arguments' || use?.type !== 'call_expression') return undefined;
  const callee = use.childForFieldName('function');
  return callee?.type === 'member_expression' && callee.childForFieldName('property')?.text === 'use' ? use : undefined;
}

/** Wraps the statement holding `use` in `if (process.env.NODE_ENV === 'development') { ... }`. */
function guardFix(context: RuleContext, use: Node): Fix | undefined {
  const statement = use.parent;
  if (statement?.type !== 'expression_statement') return undefined;
  const container = statement.parent?.type;
  if (container !== 'program' && container !== 'statement_block') return undefined;
  const text = context.file.text;
  const layout = detectLayout(text, '  ');
  const indent = indentOfLine(text, statement.startIndex);
  const quote = /require\("|from "/.test(text.slice(0, 2000)) ? '"' : "'";
  return {
    title: FIX_TITLES.developmentOnly,
    edits: [
      { start: statement.startIndex, end: statement.startIndex, text: `if (process.env.NODE_ENV === ${quote}development${quote}) {${layout.eol}${indent}${layout.unit}` },
      { start: statement.endIndex, end: statement.endIndex, text: `${layout.eol}${indent}}` },
    ],
    isPreferred: true,
  };
}

function checkMiddleware(context: RuleContext, call: Node, names: ReadonlySet<string>): void {
  const callee = call.childForFieldName('function');
  if (!callee) return;
  const isPackage = (callee.type === 'identifier' && names.has(callee.text)) || isErrorhandlerRequire(callee);
  const isExpress3 =
    callee.type === 'member_expression' && callee.childForFieldName('property')?.text === 'errorHandler' && callee.childForFieldName('object')?.text === 'express';
  if (!isPackage && !isExpress3) return;
  const use = useCallOf(call);
  if (!use || isDevGuarded(use)) return;
  const fix = guardFix(context, use);
  context.report({
    node: call,
    message: debugMessage(`\`${call.text.length > 40 ? `${call.text.slice(0, 39)}…` : call.text}\``, DEBUG_EFFECTS.stackTraces, DEVELOPMENT_GUARD_ADVICE),
    ...(fix ? { fixes: [fix] } : {}),
  });
}

/** `includeStacktraceInErrorResponses: true` anywhere; `debug: true` in `new ApolloServer({...})`. */
function checkApollo(context: RuleContext, pair: Node): void {
  const key = pair.childForFieldName('key')?.text.replace(/^['"]|['"]$/g, '');
  const value = pair.childForFieldName('value');
  if (value?.type !== 'true') return;
  if (key === 'debug') {
    const created = pair.parent?.parent?.parent;
    if (created?.type !== 'new_expression' || created.childForFieldName('constructor')?.text !== 'ApolloServer') return;
  } else if (key !== 'includeStacktraceInErrorResponses') return;
  if (isDevGuarded(pair)) return;
  context.report({
    node: pair,
    message: debugMessage(`\`${key}: true\` in the Apollo Server options`, DEBUG_EFFECTS.stackTraces, "set it from `process.env.NODE_ENV === 'development'` instead"),
    fixes: [
      {
        title: FIX_TITLES.developmentOnly,
        edits: [{ start: value.startIndex, end: value.endIndex, text: "process.env.NODE_ENV === 'development'" }],
        isPreferred: true,
      },
    ],
  });
}

/** The words of every switch this rule knows (one search of the text is several times faster than four `includes`). */
const SWITCH_WORDS = /errorhandler|errorHandler|ApolloServer|includeStacktraceInErrorResponses/;

export function checkEcmascript(context: RuleContext): void {
  if (context.file.isTestPath || isDevelopmentOnlyFile(context.file.path)) return;
  const text = context.file.text;
  // Every switch this rule knows names one of these: skip the tree walk for the other files.
  if (!SWITCH_WORDS.test(text)) return;
  let names: Set<string> | undefined;
  for (const node of context.root.descendantsOfType(['call_expression', 'pair'])) {
    if (!node) continue;
    if (node.type === 'pair') {
      checkApollo(context, node);
      continue;
    }
    names ??= errorhandlerNames(context.root);
    checkMiddleware(context, node, names);
  }
}
