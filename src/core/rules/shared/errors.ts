/**
 * Language-agnostic core of the `swallowed-error` rules (`empty-catch`, `ignored-promise-rejection`).
 *
 * A language file (`rules/<rule>/<language>.ts`) finds a handler in its syntax tree and reduces it
 * to a {@link HandlerFacts}; {@link isSwallowed} gives the verdict, {@link swallowMessage} /
 * {@link rejectionMessage} the message and {@link FIX_TITLES} the quick-fix titles, so every
 * language decides and speaks the same way. Name lists ({@link classifyCallee},
 * {@link isFallbackFunctionName}, {@link isNoopName}, logger names) match identifier text only.
 *
 * Policy in one paragraph: a handler is a finding when it does nothing observable with the error —
 * empty, comment-only, `pass`/`...`, only `continue`/`break`, or only `return` of nothing / null /
 * undefined / None / false. Anything else (a log call with or without the error, a rethrow, an
 * error response, setting state) counts as handling. It stays quiet when the handler catches
 * specific exception types, sits in a `finally` block, guards only cleanup calls or optional
 * imports, or guards a short parse (`JSON.parse`, `int(x)`, `new URL(s)`), and a lone
 * `return null`-style fallback is only reported when the guarded block does real work (awaits, or
 * three statements or more) in a function whose name does not announce a fallback.
 */
import type { Node } from 'web-tree-sitter';
import type { TextEdit } from '../../types';
import { isFirstOnLine } from './indentation';

/** What an error handler does once comments are set aside. */
export type HandlerBody =
  /** No statements and no comments: `catch (e) {}`. */
  | 'empty'
  /** Only comments: `catch { // ignore }`. */
  | 'comment-only'
  /** Only a no-op statement: `except: pass`, `except: ...`, a lone string. */
  | 'pass'
  /** Only `continue` or `break`: the loop moves on as if nothing happened. */
  | 'skip'
  /** Only `return` of nothing, null, undefined, None or false. */
  | 'discard-return'
  /** Anything else: logs, rethrows, responds, sets state... */
  | 'handles';

/** What the main call of one statement of the guarded block is. */
export type GuardedOperation =
  /** Parsing / decoding untrusted input: failure is an expected outcome (`JSON.parse`, `int`, `new URL`). */
  | 'parse'
  /** Best-effort cleanup (`close`, `unlink`, `rollback`, `kill`...). */
  | 'cleanup'
  /** Loading an optional dependency (`require`, `import()`, Python `import`). */
  | 'import'
  /** Some other call. */
  | 'other'
  /** No call at all (`return true`, `x = y`). */
  | 'none';

/** Facts about the block a handler guards (the `try` block). */
export interface GuardedBlock {
  /** Direct statements of the block. */
  readonly statements: number;
  /** One entry per direct statement; compound statements (`if`, loops) are `other`. */
  readonly operations: readonly GuardedOperation[];
  /** It awaits (outside nested functions): asynchronous I/O whose failure must not vanish. */
  readonly awaits: boolean;
  /** It contains `return true` / `return True` (predicate shape: the handler's `false` is an answer). */
  readonly returnsTrue: boolean;
  /** Callee of its first call, for messages (`db.orders.insert`). */
  readonly firstCallee?: string;
  /**
   * Every statement raises (`try: raise Exception("boom") except Exception: pass`): the error is made on
   * purpose to exercise the handler (exc_info cleanup, teardown hooks), nothing real can be lost.
   */
  readonly onlyRaises?: boolean;
}

export interface HandlerFacts {
  readonly body: HandlerBody;
  /** For `discard-return`: the returned value as written (`null`, `None`, `false`), `''` for a bare return. */
  readonly returned?: string;
  /** The handler names only specific exception types (Python `except KeyError`, Java `catch (IOException e)`). */
  readonly catchesSpecificTypes: boolean;
  /** The handler is inside a `finally` block (best-effort cleanup after the real error). */
  readonly insideFinally: boolean;
  readonly guarded: GuardedBlock;
  /** Name of the enclosing function or method, if any. */
  readonly functionName?: string;
}

/** The verdict: does this handler swallow the error silently? */
export function isSwallowed(facts: HandlerFacts): boolean {
  if (facts.body === 'handles' || facts.catchesSpecificTypes || facts.insideFinally) return false;
  const { guarded } = facts;
  if (guarded.onlyRaises === true && guarded.statements > 0) return false;
  const calls = guarded.operations.filter((op) => op !== 'none');
  if (calls.length > 0 && calls.every((op) => op === 'cleanup' || op === 'import')) return false;
  if (guarded.statements <= 2 && !guarded.awaits && calls.includes('parse')) return false;
  if (facts.body !== 'discard-return') return true;
  // A lone `return null` is often a deliberate fallback; report it only where callers cannot tell.
  if (isFallbackFunctionName(facts.functionName)) return false;
  if (isFalseLike(facts.returned) && (guarded.returnsTrue || isPredicateName(facts.functionName))) return false;
  return guarded.awaits || guarded.statements >= 3;
}

const isFalseLike = (value: string | undefined): boolean => value === 'false' || value === 'False';

/**
 * The callee to name in a message, from the calls of a guarded block in document order: the first
 * plain one (`requests.get`), not a chain's outer link (`requests.get(url).json`).
 */
export function pickCallee(callees: readonly string[]): string | undefined {
  return callees.find((callee) => !callee.includes('(')) ?? callees[0];
}

// --- what the code around a handler says ------------------------------------------------------

/**
 * A comment in the handler says the error is dealt with somewhere else: `// error is handled by the useAuth hook`,
 * `# already logged by the middleware`, `// reported via onError`. Test it on the handler's own text.
 */
export function commentSaysHandledElsewhere(handlerText: string): boolean {
  if (handlerText.length > 2000) return false;
  return /\b(?:already\s+(?:been\s+)?(?:handled|logged|reported)|(?:handled|logged|reported|surfaced|displayed)\s+(?:by|in|via|through|upstream|downstream|elsewhere|above|below)\b)/i.test(handlerText);
}

/**
 * Another linter's suppression around a handler or call: the author already decided to ignore this error.
 * `text` is the source from the start of the line before the handler to the end of its body (keep it short).
 * ESLint (`eslint-disable-next-line no-empty`, `/* eslint no-empty: 0 *\/`), Ruff/flake8/Pylint/Bandit (`# noqa`,
 * `# noqa: S110`, `# pylint: disable=broad-except`, `# nosec`), RuboCop (`# rubocop:disable Lint/SuppressedException`),
 * golangci-lint (`//nolint`, `//nolint:errcheck`) and Sonar (`// NOSONAR`).
 */
export function hasForeignSuppression(text: string): boolean {
  if (!/eslint|noqa|nosec|pylint|rubocop|nolint|NOSONAR/.test(text)) return false;
  return (
    /eslint-disable(?:-next-line|-line)?(?:[ \t]*(?:\*\/|$)|[ \t][^\n]{0,200}\bno-empty\b)/m.test(text) ||
    /eslint[ \t]+[^\n]{0,200}\bno-empty[ \t]*:[ \t]*(?:0|["']?off["']?)/.test(text) ||
    /#[ \t]*noqa(?![ \t]*:)|#[ \t]*noqa[ \t]*:[^\n]{0,80}\b(?:E722|S110|S112|BLE001|SIM105|B110|W0702|W0703)\b/.test(text) ||
    /#[ \t]*nosec\b|pylint:[ \t]*disable=[^\n]{0,120}\b(?:broad-except|bare-except|broad-exception-caught|W0702|W0703)\b/.test(text) ||
    /rubocop:disable[^\n]{0,120}\b(?:Lint\/SuppressedException|Lint\/HandleExceptions|Style\/RescueModifier|Lint\/RescueException)\b/.test(text) ||
    /\/\/[ \t]*nolint(?![:\w])|\/\/[ \t]*nolint:[^\n]{0,120}\b(?:errcheck|gosec|staticcheck)\b/.test(text) ||
    text.includes('NOSONAR')
  );
}

/**
 * A binding that announces the error is dropped on purpose (IntelliJ's convention, also used in JavaScript):
 * `catch (ignored)`, `catch (ignore)`, `catch (expected)`, `rescue => _ignored`. A bare `_` is not enough.
 */
export function isIgnoredErrorName(name: string | undefined): boolean {
  return name !== undefined && /^_?(?:ignored?|expected|unused)(?:_?[Ee]rr(?:or)?|_?[Ee]x(?:ception)?|_?[Ee])?$/.test(name);
}

/** Words that fill a comment without giving a reason: `// ignore any errors here`, `/* intentionally left blank *\/`. */
const REASONLESS_WORDS = new Set([
  'ignore', 'ignored', 'ignores', 'ignoring', 'swallow', 'swallowed', 'swallowing', 'suppress', 'suppressed', 'skip',
  'it', 'this', 'that', 'these', 'them', 'the', 'a', 'an', 'any', 'all', 'error', 'errors', 'exception', 'exceptions',
  'failure', 'failures', 'here', 'just', 'simply', 'silently', 'quietly', 'do', 'does', 'nothing', 'to', 'we', 'no',
  'op', 'noop', 'pass', 'empty', 'intentionally', 'intentional', 'deliberately', 'on', 'purpose', 'left', 'blank',
  'is', 'be', 'can', 'should', 'ok', 'okay', 'fine', 'care', "don't", 'dont', 'not', 'needed', 'need', 'needs', 'for',
  'now', 'catch', 'block', 'handler', 'and', 'so', 'of', 'in', 'case', 'please', 'leave', 'as',
  // "don't crash" is what every swallowed error does, not why it is safe: `// keep the app alive`, `# don't die if we can't`
  'keep', 'going', 'alive', 'die', 'dying', 'crash', 'crashing', 'crashes', 'continue', 'anyway', 'anyways', 'if', "can't",
  'cant', 'cannot', 'app', 'application', 'program', 'process', 'server', 'whole', 'from', 'prevent', 'avoid', 'stop',
  'fail', 'fails', 'failing', 'let', 'us', 'our',
]);

/**
 * A comment in or right before a handler that says *why* the error is dropped: `// mail may not be configured yet`,
 * `// already gone, nothing to delete`, `/* the column does not exist before 4.2 *\/`. Filler stays a finding:
 * `// ignore`, `// do nothing`, `// pass`, `// ignore any errors here`, `// TODO`, `// Auto-generated catch block`.
 * Also true for another linter's suppression of an empty catch (PMD/PHPMD `NOPMD` / `EmptyCatchBlock`, mago
 * `no-empty-catch-clause`, ReSharper `EmptyGeneralCatchClause`, `CA1031`, Sonar `S108`/`S2486`). Pass each comment
 * with its markers (`//`, `#`, `/* … *\/`); a fixture annotation (`// expect: empty-catch`) is not a reason, and a
 * `TODO` / `FIXME` among the comments cancels the others (`// keep going` + `// TODO: add logging`).
 * Works for every language's markers (`//`, `/* … *\/`, `#`); commented-out code (`// log.error(e);`, `# raise`,
 * `# Rails.logger.error e.message`) is no reason. Used by empty-catch in every language and by ignored-promise-rejection.
 */
export function commentsGiveReason(comments: readonly string[]): boolean {
  // `// assume none exist and keep going` + `// TODO: add some logging`: the author knows it is unfinished
  if (comments.some((c) => /^\s*(?:\/\/+|#+|\/\*+)?\s*\*?\s*(?:@?todo|fixme)\b/i.test(c))) return false;
  // `# provider flaky, ignore for now`: a stopgap, like a TODO
  if (comments.some((c) => /\bfor (?:now|the time being)\b/i.test(c.length > 600 ? c.slice(0, 600) : c))) return false;
  return comments.some(commentGivesReason);
}

/** One comment of {@link commentsGiveReason}. */
export function commentGivesReason(comment: string): boolean {
  const raw = comment.length > 600 ? comment.slice(0, 600) : comment;
  if (/\bNOPMD\b|NOSONAR|EmptyCatchBlock|no-empty-catch|EmptyGeneralCatchClause|\bCA1031\b|\bS(?:108|2486|1166)\b/.test(raw)) return true;
  const text = raw
    .replace(/^\s*(?:\/\/+|#+|\/\*+)/, '')
    .replace(/\*+\/\s*$/, '')
    .replace(/^\s*\*+/gm, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (text.length === 0) return false;
  if (/^(?:todo-)?(?:expect|ok)\s*:\s*[\w-]+(?:\s*,\s*[\w-]+)*(?:\s+--\s.*)?$/.test(text)) return false;
  if (/^(?:@?todo|fixme|xxx|hack)\b/i.test(text) || /auto-?generated/i.test(text)) return false;
  // commented-out code is not a reason: `// log.error("send failed", e);`, `// $this->retry($order);`
  if (/[\w\])]\([^()]{0,200}\)\s*;?$|[;{}]$|^(?:return|throw|raise|if|for|while|var|let|const|await)\b|^\$\w/.test(text)) return false;
  // Ruby/Python calls without parentheses: `# Rails.logger.error e.message`, `# logger.warn "retrying"`
  if (/^@?[A-Za-z_]\w*(?:(?:\.|::)[A-Za-z_]\w*[!?]?){2}|^@?[A-Za-z_]\w*\.[A-Za-z_]\w*[!?]?\s+["':@]/.test(text)) return false;
  // CJK prose has no spaces between words: four characters make a phrase
  if (/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]{4}/.test(text)) return true;
  const words = (text.toLowerCase().match(/[a-z][a-z'’]*/g) ?? []).map((w) => w.replace('’', "'"));
  if (words.length < 3) return false;
  return words.some((w) => !REASONLESS_WORDS.has(w));
}

// --- name lists (identifier text only) ---------------------------------------------------------

const PARSE_CALLEES = new Set([
  'parse', 'parseInt', 'parseFloat', 'Number', 'BigInt', 'URL', 'URLSearchParams', 'RegExp', 'decodeURIComponent',
  'decodeURI', 'atob', 'btoa', 'stringify', 'loads', 'safe_load', 'literal_eval', 'int', 'float', 'Decimal', 'UUID',
  'fromisoformat', 'strptime', 'b64decode', 'urlsafe_b64decode', 'unhexlify', 'fromhex', 'decode', 'verify',
  'parseJSON', 'ObjectId', 'compile',
]);

const CLEANUP_CALLEES = new Set([
  'close', 'closeSync', 'end', 'destroy', 'release', 'disconnect', 'dispose', 'unlink', 'unlinkSync', 'rm', 'rmSync',
  'rmdir', 'rmdirSync', 'rmtree', 'rollback', 'abort', 'kill', 'terminate', 'quit',
  'shutdown', 'stop', 'unsubscribe', 'removeListener', 'removeEventListener', 'removeAllListeners', 'off',
  'clearTimeout', 'clearInterval', 'unref', 'cleanup', 'teardown', 'releaseLock', 'unlock', 'detach', 'closeAll',
]);

/** Cleanup named after what it closes: `closeResultSet`, `releaseConnection`, `disposeAll`, `cleanupTempFiles`. */
const CLEANUP_PREFIX = /^(?:close|cleanup|cleanUp|dispose|release|destroy|disconnect|unlink|teardown|tearDown|shutdown)[A-Z]/;

/** `remove` deletes a file on `os`/`fs`/`shutil` but a record on a model or repository (`Order.remove(id)`): cleanup only for the former. */
const FILE_REMOVE = /(?:^|\.)(?:os|fs|fse|fsExtra|fsp|promises|shutil|tmp|temp)\s*\.\s*(?:remove|removeSync)$/;

const IMPORT_CALLEES = new Set(['require', 'import', 'import_module', '__import__', 'resolve']);

/** The last name segment of a callee (`fs.promises.unlink` -> `unlink`, `this.db?.close` -> `close`). */
export function lastSegment(callee: string): string {
  const match = /([A-Za-z_$][\w$]*)\s*$/.exec(callee.length > 200 ? callee.slice(-200) : callee);
  return match?.[1] ?? '';
}

/** Classifies a callee by its last segment (`JSON.parse` -> parse, `conn.close` -> cleanup). */
export function classifyCallee(callee: string): GuardedOperation {
  const name = lastSegment(callee);
  if (name === 'resolve') return /(?:^|\.)require\.resolve$/.test(callee.replace(/\s+/g, '')) ? 'import' : 'other';
  if (IMPORT_CALLEES.has(name)) return 'import';
  if (PARSE_CALLEES.has(name)) return 'parse';
  if (CLEANUP_CALLEES.has(name) || FILE_REMOVE.test(callee) || CLEANUP_PREFIX.test(name)) return 'cleanup';
  return 'other';
}

/** Function names that promise a fallback instead of an error: `tryParse`, `safeGet`, `parse_date`, `findOrNull`. */
export function isFallbackFunctionName(name: string | undefined): boolean {
  if (!name) return false;
  return (
    /^_*(?:try|safe|maybe|optional|parse|lookup)(?:[A-Z_]|$)/.test(name) ||
    /(?:OrNull|OrNone|OrUndefined|OrDefault|OrFalse|OrEmpty|IfExists|IfPresent|_or_none|_or_null|_or_default|_if_exists)$/.test(name)
  );
}

/** Predicate-style names whose `false` is an answer: `isReachable`, `has_access`, `canConnect`, `exists`. */
export function isPredicateName(name: string | undefined): boolean {
  if (!name) return false;
  return /^_*(?:is|has|can|should|exists|check|validate|verify|supports|ping)(?:[A-Z_]|$)/.test(name);
}

/** No-op functions passed as handlers: `noop`, `_.noop`, `lodash.noop`, `$.noop`, `Function.prototype`. */
export function isNoopName(text: string): boolean {
  return /^(?:[\w$]+\.)?_?noop$/i.test(text) || text === 'Function.prototype';
}

/** Exception types that catch everything (Python, Java, C#, PHP, Ruby spellings; compare the last dotted segment). */
export const BROAD_EXCEPTION_TYPES: ReadonlySet<string> = new Set([
  'Exception', 'BaseException', 'Throwable', 'Error', 'StandardError',
]);

// --- loggers -------------------------------------------------------------------------------------

/** Where a quick fix sends the error: a logger the file already has, or the language's fallback. */
export interface LoggerRef {
  /** Expression to call the error method on: `logger`, `this.logger`, `log`, `console`, `logging`. */
  readonly receiver: string;
  /** True when the file declares or imports it; false for the built-in fallback (`console`, `logging`). */
  readonly fromFile: boolean;
  /** Edits that make `receiver` usable (e.g. inserting `import logging`); empty when none are needed. */
  readonly setupEdits: readonly TextEdit[];
}

/** Names a logger is usually bound to. `log`/`LOG` are weak (could be a plain function); see {@link isStrongLoggerName}. */
export const LOGGER_NAME = /^_{0,2}(?:logger|log|LOGGER|LOG|[a-z][A-Za-z0-9]*Logger|[A-Z][A-Z0-9_]*_LOGGER)$/;

/** `logger`, `appLogger`, `LOGGER`: a binding by this name is a logger whatever initialises it. */
export function isStrongLoggerName(name: string): boolean {
  return LOGGER_NAME.test(name) && !/^_{0,2}(?:log|LOG)$/.test(name);
}

/** Module specifiers of logging libraries or a project's own logger module (`./logger`, `@/lib/log`, `app.logging`). */
export function isLoggerModule(source: string): boolean {
  return /(?:^|[/@.:_-])(?:log|logs|logger|loggers|logging|winston|pino|bunyan|log4js|loglevel|signale|consola|tslog|roarr|loguru|structlog)(?:$|[/.:_-])/i.test(
    source,
  );
}

/** Calls that create a logger: `pino()`, `winston.createLogger()`, `logging.getLogger()`, `structlog.get_logger()`, `new Logger()`. */
export function isLoggerFactory(callee: string): boolean {
  return /(?:^|\.)(?:getLogger|get_logger|createLogger|create_logger|getChild|child|pino|bunyan|Logger|Consola|createConsola)$/.test(
    callee.replace(/\s+/g, ''),
  );
}

// --- messages ------------------------------------------------------------------------------------

/** Shortens code for a message: one line, at most `max` characters. */
export function codeSnippet(code: string, max = 40): string {
  const flat = code.replace(/\s*(\??\.)\s*/g, '$1').replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface SwallowMessageInput {
  readonly body: Exclude<HandlerBody, 'handles'>;
  /** The handler as written, short: `catch (err)`, `except Exception`, `except:`. */
  readonly handler: string;
  /** For `discard-return`: the value returned (`null`, `None`), `''` for a bare return. */
  readonly returned?: string;
  /** For `skip`: `continue` or `break`. */
  readonly skip?: string;
  /** The first call of the guarded block (`db.orders.insert`), if any. */
  readonly callee?: string;
  /** What to do instead, in the language's words: "log it with `logger.exception()` and re-raise". */
  readonly advice: string;
}

/** The empty-catch message: what the handler drops, then what to do instead. */
export function swallowMessage(input: SwallowMessageInput): string {
  const handler = `\`${codeSnippet(input.handler)}\``;
  const from = input.callee ? `errors from \`${codeSnippet(input.callee)}()\`` : 'the error';
  switch (input.body) {
    case 'empty':
      return `Empty ${handler} silently drops ${from}; ${input.advice}.`;
    case 'comment-only':
      return `${handler} holds only a comment, so ${from} ${input.callee ? 'are' : 'is'} silently dropped; ${input.advice} (or, if ignoring is intended, say why with \`prodready-ignore-next-line empty-catch -- <reason>\`).`;
    case 'pass':
      return `${handler} does nothing, so ${from} ${input.callee ? 'are' : 'is'} silently dropped; ${input.advice}.`;
    case 'skip':
      return `${handler} only does \`${input.skip ?? 'continue'}\`, so ${from} ${input.callee ? 'are' : 'is'} dropped without a trace; ${input.advice}.`;
    case 'discard-return': {
      const value = input.returned ? `\`${codeSnippet(input.returned, 20)}\`` : 'nothing';
      const lookalike = isFalseLike(input.returned) ? `a plain \`${input.returned ?? 'false'}\`` : 'an empty result';
      return `${handler} returns ${value} and drops ${from}, so callers cannot tell a failure from ${lookalike}; ${input.advice}.`;
    }
  }
}

/** The ignored-promise-rejection message. */
export function rejectionMessage(handler: string, promise: string | undefined, advice: string): string {
  const of = promise ? ` of \`${codeSnippet(promise)}\`` : '';
  return `\`${codeSnippet(handler)}\` swallows the rejection${of}; ${advice}.`;
}

/** Quick-fix titles, shared so every language offers the same words. The first fix offered is the preferred one. */
export const FIX_TITLES = {
  rethrow: 'Rethrow the error',
  logAndRethrow: 'Log and rethrow the error',
  logOnly: 'Log the error',
  logRejection: 'Log the rejection',
} as const;

/**
 * The comments just before a catch/except clause: the comment siblings right before it, then the
 * own-line comments that end the guarded block (`tryBlockType`: `statement_block`, `block`, …),
 * e.g. `// the cache is optional` right above `} catch {`. A comment trailing the last guarded
 * statement on its line is about that statement and is not included.
 */
export function commentsBeforeClause(clause: Node, tryBlockType: string, text: string): string[] {
  const result: string[] = [];
  let previous = clause.previousNamedSibling;
  while (previous?.type === 'comment') {
    result.push(previous.text);
    previous = previous.previousNamedSibling;
  }
  if (previous?.type === tryBlockType) {
    const children = previous.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const child = children[i];
      if (child?.type !== 'comment' || !isFirstOnLine(text, child.startIndex)) break;
      result.push(child.text);
    }
  }
  return result;
}
