/**
 * Language-agnostic core of `error-details-in-response`.
 *
 * A language file (`./<language>.ts`) finds the framework's response sinks (`res.json(...)`,
 * `ctx.body = ...`, `return jsonify(...), 500`, `new ResponseEntity<>(..., INTERNAL_SERVER_ERROR)`...),
 * walks the value that reaches each one, and describes every piece of error data it meets as a
 * {@link LeakFacts}. {@link isReportable} gives the verdict, {@link leakMessage} the message,
 * {@link FIX_TITLE} / {@link GENERIC_ERROR_MESSAGE} / {@link LOG_MESSAGE} the quick fix's words, so
 * every language decides and speaks the same way.
 *
 * Policy in one paragraph: stack traces and internal details (SQL text) are always reported; the
 * raw error object (its enumerable fields can hold SQL, hostnames, request configs with tokens) is
 * reported unless a type/code check narrowed the error to a known, client-facing kind; the error's
 * *message* is reported only where the error is unexpected: the response is a 5xx (a constant
 * one, or a fallback such as `err.status || 500` with no narrowing check), or it is sent
 * from a catch-all handler (a catch/except of everything, an error middleware, a promise
 * `.catch`) with no explicit 4xx status and no narrowing check. A 4xx status is read as "this
 * message is meant for the client". Anything under a development/debug guard
 * (`if (process.env.NODE_ENV !== 'production')`, `if app.debug:`) is not a leak; the language files
 * drop it before asking. Templates (`res.render`, `render_template`) only count for stack traces,
 * internal details and raw errors: error pages conventionally show a message.
 */
import type { Node } from 'web-tree-sitter';
import type { StatusClass } from '../shared/http';
import { codeSnippet } from '../shared/errors';

/** What piece of the error reaches the client, most to least revealing. */
export type LeakKind =
  /** A stack trace / traceback: `err.stack`, `traceback.format_exc()`, `util.inspect(err)`. */
  | 'stack'
  /** Internal details that are never client-facing: SQL text (`err.sql`, `err.sqlMessage`). */
  | 'internal'
  /** The whole error object: `res.json(err)`, `{ error: err }`, `repr(e)`, `{ ...err }`. */
  | 'raw'
  /** The error's message text: `err.message`, `String(err)`, `str(e)`, `f"{e}"`. */
  | 'message';

/** Severity order of {@link LeakKind}: when several pieces reach one expression, report the worst. */
export const LEAK_KIND_RANK: Readonly<Record<LeakKind, number>> = { stack: 3, internal: 2, raw: 1, message: 0 };

/** Where the value goes: a response body, or template data for a server-rendered page. */
export type SinkKind = 'body' | 'template';

/** Everything the verdict needs about one piece of error data reaching one response. */
export interface LeakFacts {
  readonly kind: LeakKind;
  readonly sink: SinkKind;
  /** Status class of the response (`res.status(500)`, `return ..., 400`, `status_code=500`). */
  readonly status: StatusClass;
  /**
   * The status is a constant (`500`, `HTTP_500_INTERNAL_SERVER_ERROR`), not a fallback of a
   * dynamic one (`err.status || 500`, where a narrowing check can still select a 4xx).
   */
  readonly exactStatus: boolean;
  /**
   * The error comes from a handler that catches everything: `catch (err)`, `except Exception`,
   * bare `except:`, an Express 4-argument error middleware, a `.catch(err => ...)` callback, a
   * Node-style `(err, result) =>` callback, `@app.errorhandler(Exception)`.
   */
  readonly fromCatchAll: boolean;
  /**
   * A check on the error's type, name, code or status decides this branch (`err instanceof
   * ValidationError`, `err.expose`, `isinstance(e, ValueError)`, `except KeyError as e`).
   */
  readonly narrowed: boolean;
}

/** The verdict; see the policy in this module's comment. */
export function isReportable(facts: LeakFacts): boolean {
  switch (facts.kind) {
    case 'stack':
    case 'internal':
      return true;
    case 'raw':
      return !facts.narrowed;
    case 'message':
      if (facts.sink === 'template') return false;
      if (facts.status === 'server' && (facts.exactStatus || !facts.narrowed)) return true;
      if (facts.status === 'client' || facts.status === 'server') return false;
      return facts.fromCatchAll && !facts.narrowed;
  }
}

/** The string a quick fix sends instead of the error detail. */
export const GENERIC_ERROR_MESSAGE = 'Internal server error';

/** The message of the log line a quick fix inserts (Python `logging.exception("...")`). */
export const LOG_MESSAGE = 'Request failed';

/** Title of the quick fix that replaces the detail and logs the error. */
export const FIX_TITLE = 'Send a generic error and log the details server-side';

/** Title of the quick fix that redirects a traceback printed into the response to the server log. */
export const REDIRECT_FIX_TITLE = 'Print the traceback to the server log instead of the response';

/** Names error variables usually have (`e`, `err`, `error`, `ex`, `exc`, `exception`, `dbError`, `db_err`). */
export function isErrorLikeName(name: string): boolean {
  if (/^_?(?:e|ex|exc|err|error|exception|cause)$/i.test(name)) return true;
  return /(?:Err|Error|Exception|_err|_error|_exc|_exception)$/.test(name) && name.length <= 40;
}

export interface LeakMessageInput {
  readonly kind: LeakKind;
  /** The leaked expression as written (`err.stack`, `traceback.format_exc()`, `str(e)`). */
  readonly expression: string;
  readonly status: StatusClass;
  /** When the value travels through a variable: its name (`body`, `tb`). */
  readonly via?: string;
}

/** One or two sentences: what reaches the client, why it matters, what to do instead. */
export function leakMessage(input: LeakMessageInput): string {
  const shown = `\`${codeSnippet(input.expression)}\``;
  const via = input.via ? ` (through \`${codeSnippet(input.via, 20)}\`)` : '';
  const advice = 'send a generic error message and log the details server-side.';
  switch (input.kind) {
    case 'stack':
      return `${shown} sends a stack trace to the client${via}, revealing file paths, library versions and code structure; ${advice}`;
    case 'internal':
      return `${shown} sends internal error details (such as SQL text) to the client${via}; ${advice}`;
    case 'raw':
      return `The raw error ${shown} is sent to the client${via}; its fields can carry stack traces, SQL and internal state. Instead, ${advice}`;
    case 'message': {
      const where = input.status === 'server' ? 'in a 5xx response' : 'from a catch-all error handler';
      return `The message of an unexpected error (${shown}) is sent to the client ${where}${via}; such messages can reveal SQL, file paths and hostnames. Instead, ${advice}`;
    }
  }
}

/** What the shared reporting code reads of a leak a language's walker found. */
export interface LeakSite {
  readonly kind: LeakKind;
  /** The expression to report and replace. */
  readonly anchor: Node;
  /** The error data itself (`err.stack`, `str(e)`). */
  readonly leaf: Node;
  /** Variable the value travelled through. */
  readonly via?: string;
}

/**
 * Where a leak found through a variable is reported: when the expression around the leaf covers the
 * variable's whole value (`const body = { error: err.message }; res.json(body)`), at the use of the
 * variable (`body`); else at `anchor`. `unwrap` strips the language's parentheses and casts.
 */
export function reanchor(anchor: Node, through: { readonly use: Node; readonly value: Node } | undefined, unwrap: (node: Node) => Node): Node {
  if (through && anchor.startIndex <= unwrap(through.value).startIndex && anchor.endIndex >= unwrap(through.value).endIndex) return through.use;
  return anchor;
}

/** The most revealing leak per reported range: when several pieces reach one expression, one finding about the worst. */
export class WorstLeaks<T extends { readonly leak: LeakSite }> {
  private readonly byRange = new Map<string, T>();

  add(entry: T): void {
    const key = `${String(entry.leak.anchor.startIndex)}:${String(entry.leak.anchor.endIndex)}`;
    const previous = this.byRange.get(key);
    if (!previous || LEAK_KIND_RANK[entry.leak.kind] > LEAK_KIND_RANK[previous.leak.kind]) this.byRange.set(key, entry);
  }

  values(): IterableIterator<T> {
    return this.byRange.values();
  }
}

/** {@link leakMessage} for a kept leak: a bare error name (`err` in `'Failed: ' + err`) shows the whole expression sent. */
export function leakSiteMessage(leak: LeakSite, status: StatusClass): string {
  const expression = leak.leaf.type === 'identifier' && !leak.via ? leak.anchor.text : leak.leaf.text;
  return leakMessage({ kind: leak.kind, expression, status, ...(leak.via ? { via: leak.via } : {}) });
}
