/**
 * `debug-mode-enabled` for C# (ASP.NET Core):
 * - `app.UseDeveloperExceptionPage()` / `app.UseDatabaseErrorPage()` outside an
 *   `if (app.Environment.IsDevelopment())` / `if (env.IsDevelopment())` check (or in the branch that
 *   runs in production: `if (!env.IsDevelopment()) { … }`, `if (env.IsProduction()) { … }`), and not
 *   inside `#if DEBUG`;
 * - SignalR / gRPC `EnableDetailedErrors = true` and Blazor Server `DetailedErrors = true`, which send
 *   exception details to connected clients.
 * Quiet in test paths, development-only files, under a development check, and when the value is
 * computed (`o.EnableDetailedErrors = builder.Environment.IsDevelopment()`).
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { csDeclarationOf, csDeclaredType, csInvocationName, csTypeName, csVariableValue, enclosingCsFunction, isCsDevGuardCondition, isInsideCsCondition, named } from '../shared/csharp';
import { detectLayout, indentOfLine, isFirstOnLine } from '../shared/indentation';
import { debugMessage, isDevelopmentOnlyFile } from './flags';

const ERROR_PAGES = new Set(['UseDeveloperExceptionPage', 'UseDatabaseErrorPage']);
const DETAILED_ERRORS = new Set(['EnableDetailedErrors', 'DetailedErrors']);
const ENVIRONMENT_TYPES = new Set(['IWebHostEnvironment', 'IHostingEnvironment', 'IHostEnvironment', 'IWebHostingEnvironment']);

const PAGE_EFFECT = 'shows every visitor who hits an error the stack trace, source lines, headers, cookies and query string';
const DATABASE_PAGE_EFFECT = 'shows every visitor who hits a database error the failing migration and SQL details';
const DETAILED_EFFECT = 'sends exception messages and details to every connected client';

function isDevGuarded(node: Node): boolean {
  return isInsideCsCondition(node, (c) => isCsDevGuardCondition(c, false), (c) => isCsDevGuardCondition(c, true));
}

/** The statement holding `node` when it is directly in a block or at top level. */
function statementOf(node: Node): Node | undefined {
  for (let current: Node = node; current.parent; current = current.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'block' || parent.type === 'global_statement') return parent.type === 'global_statement' ? parent : current;
    if (parent.type === 'lambda_expression' || parent.type === 'declaration_list') return undefined;
  }
  return undefined;
}

/**
 * How to ask "is this development?" here: an `IWebHostEnvironment` parameter or local (`env.IsDevelopment()`),
 * else the `Environment` of the `WebApplication` the middleware is added to (`app.Environment.IsDevelopment()`).
 */
function environmentCheck(call: Node, receiver: Node | undefined): string | undefined {
  for (let fn = enclosingCsFunction(call); fn; fn = enclosingCsFunction(fn)) {
    for (const parameter of named(fn.childForFieldName('parameters'))) {
      if (ENVIRONMENT_TYPES.has(csTypeName(parameter.childForFieldName('type')))) {
        const name = parameter.childForFieldName('name')?.text;
        if (name) return `${name}.IsDevelopment()`;
      }
    }
  }
  if (receiver?.type === 'identifier') {
    const declaration = csDeclarationOf(receiver);
    if (!declaration) return undefined;
    const type = csDeclaredType(declaration);
    const value = declaration.declarator ? csVariableValue(declaration.declarator) : undefined;
    const built = value?.type === 'invocation_expression' && csInvocationName(value).name === 'Build';
    if (type === 'WebApplication' || built) return `${receiver.text}.Environment.IsDevelopment()`;
  }
  return undefined;
}

function checkErrorPage(context: RuleContext, call: Node): void {
  const { receiver, name } = csInvocationName(call);
  if (!ERROR_PAGES.has(name) || isDevGuarded(call)) return;
  const fixes: Fix[] = [];
  const check = environmentCheck(call, receiver);
  const statement = statementOf(call);
  const text = context.file.text;
  // Inside an inverted check (`if (!env.IsDevelopment()) { … }`) the logic needs a person, not a wrapper.
  const inverted = isInsideCsCondition(call, (c) => /IsDevelopment|IsProduction|IsEnvironment/.test(c), () => false);
  if (check && statement && !inverted && isFirstOnLine(text, statement.startIndex)) {
    const layout = detectLayout(text, '    ');
    const indent = indentOfLine(text, statement.startIndex);
    const body = text.slice(statement.startIndex, statement.endIndex);
    fixes.push({
      title: 'Enable only in development (IsDevelopment())',
      edits: [{ start: statement.startIndex, end: statement.endIndex, text: `if (${check})${layout.eol}${indent}{${layout.eol}${indent}${layout.unit}${body}${layout.eol}${indent}}` }],
      isPreferred: true,
    });
  }
  context.report({
    node: call,
    message: debugMessage(`\`${call.text.replace(/\s+/g, '')}\``, name === 'UseDatabaseErrorPage' ? DATABASE_PAGE_EFFECT : PAGE_EFFECT, `call it only inside \`if (${check ?? 'app.Environment.IsDevelopment()'})\``),
    fixes,
  });
}

/** `o.EnableDetailedErrors = true`, `options.DetailedErrors = true`, `new HubOptions { EnableDetailedErrors = true }`. */
function checkDetailedErrors(context: RuleContext, assignment: Node): void {
  const left = assignment.childForFieldName('left');
  const right = assignment.childForFieldName('right');
  const name = left?.type === 'member_access_expression' ? left.childForFieldName('name')?.text : left?.type === 'identifier' ? left.text : undefined;
  if (!name || !DETAILED_ERRORS.has(name) || right?.type !== 'boolean_literal' || right.text !== 'true' || isDevGuarded(assignment)) return;
  context.report({
    node: assignment,
    message: debugMessage(`\`${assignment.text.replace(/\s+/g, ' ')}\``, DETAILED_EFFECT, 'set it from the environment (`builder.Environment.IsDevelopment()`)'),
    fixes: [{ title: 'Turn off detailed errors', edits: [{ start: right.startIndex, end: right.endIndex, text: 'false' }], isPreferred: true }],
  });
}

export function checkCsharp(context: RuleContext): void {
  if (context.file.isTestPath || isDevelopmentOnlyFile(context.file.path)) return;
  if (!/UseDeveloperExceptionPage|UseDatabaseErrorPage|DetailedErrors/.test(context.file.text)) return;
  for (const node of context.root.descendantsOfType(['invocation_expression', 'assignment_expression'])) {
    if (!node) continue;
    if (node.type === 'invocation_expression') checkErrorPage(context, node);
    else checkDetailedErrors(context, node);
  }
}
