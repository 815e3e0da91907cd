/**
 * The logger a Python fix should call: shared by the rules that add a log call to a handler
 * (`empty-catch`, `error-details-in-response`). Reads only the module's top-level statements.
 */
import type { Node } from 'web-tree-sitter';
import { isLoggerFactory, isLoggerModule, isStrongLoggerName, LOGGER_NAME, type LoggerRef } from './errors';

/** Local name bound by an imported name (`logger`, or the alias of `x as y`). */
function boundName(imported: Node): string | undefined {
  if (imported.type === 'aliased_import') return imported.childForFieldName('alias')?.text;
  return imported.text.split('.').pop();
}

/**
 * The logger a fix should call `.exception()` on: a module-level `logger = logging.getLogger(...)`
 * (or structlog/loguru/the project's logger module), else a Flask app's `app.logger`, else the `logging` module — imported by the
 * fix when the file lacks `import logging`.
 */
export function findPythonLogger(root: Node, text: string, eol: string): LoggerRef {
  let loggingAlias: string | undefined;
  let flaskApp: string | undefined;
  let insertAt: number | undefined;
  let docstringSeen = false;
  for (const top of root.namedChildren) {
    if (!top || top.type === 'comment') continue;
    const isDocstring = !docstringSeen && insertAt === undefined && top.type === 'expression_statement' && top.namedChildren[0]?.type === 'string';
    docstringSeen = true;
    if (insertAt === undefined && !isDocstring && top.type !== 'future_import_statement') insertAt = top.startIndex;
    if (top.type === 'expression_statement') {
      const assignment = top.namedChildren[0];
      const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
      const right = assignment?.childForFieldName('right');
      const callee = right?.type === 'call' ? (right.childForFieldName('function')?.text ?? '') : undefined;
      if (left?.type === 'identifier' && callee !== undefined && LOGGER_NAME.test(left.text)) {
        if (isLoggerFactory(callee) || (isStrongLoggerName(left.text) && /log/i.test(callee))) {
          return { receiver: left.text, fromFile: true, setupEdits: [] };
        }
      }
      if (left?.type === 'identifier' && (callee === 'Flask' || callee === 'flask.Flask')) flaskApp ??= left.text;
    } else if (top.type === 'import_from_statement') {
      const source = top.childForFieldName('module_name')?.text ?? '';
      for (const imported of top.childrenForFieldName('name')) {
        const local = imported ? boundName(imported) : undefined;
        if (local && LOGGER_NAME.test(local) && source !== 'logging' && (isStrongLoggerName(local) || isLoggerModule(source))) {
          return { receiver: local, fromFile: true, setupEdits: [] };
        }
      }
    } else if (top.type === 'import_statement') {
      for (const imported of top.childrenForFieldName('name')) {
        if (imported?.type === 'dotted_name' && imported.text === 'logging') loggingAlias ??= 'logging';
        if (imported?.type === 'aliased_import' && imported.childForFieldName('name')?.text === 'logging') {
          loggingAlias ??= imported.childForFieldName('alias')?.text;
        }
      }
    }
  }
  if (flaskApp) return { receiver: `${flaskApp}.logger`, fromFile: true, setupEdits: [] };
  if (loggingAlias) return { receiver: loggingAlias, fromFile: true, setupEdits: [] };
  const at = insertAt ?? text.length;
  const prefix = at === text.length && text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { receiver: 'logging', fromFile: false, setupEdits: [{ start: at, end: at, text: `${prefix}import logging${eol}` }] };
}
