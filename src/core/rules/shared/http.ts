/**
 * Language-agnostic HTTP vocabulary for rules that look at responses (`error-details-in-response`,
 * and any rule that needs to know whether a response is a client or a server error).
 *
 * A language file reads the status a response is sent with — a number literal, a framework
 * constant (`status.HTTP_500_INTERNAL_SERVER_ERROR`, `HttpStatus.BAD_REQUEST`,
 * `http.StatusInternalServerError`, `StatusCodes.Status404NotFound`, `:unprocessable_entity`), or a
 * class name that implies one (`HttpResponseServerError`) — and turns it into a {@link StatusClass}
 * with {@link statusClassOfCode} / {@link statusClassOfName}; {@link combineStatusClasses} merges the
 * candidates of one expression (`err.status || 500` is a possible server error).
 */

/** What a response status says about who is at fault. `unknown`: not written, or not a constant. */
export type StatusClass = 'success' | 'client' | 'server' | 'unknown';

/** 2xx/3xx -> success, 4xx -> client, 5xx -> server; anything else -> unknown. */
export function statusClassOfCode(code: number): StatusClass {
  if (!Number.isInteger(code)) return 'unknown';
  if (code >= 500 && code <= 599) return 'server';
  if (code >= 400 && code <= 499) return 'client';
  if (code >= 200 && code <= 399) return 'success';
  return 'unknown';
}

/** Reason phrases (lower case, no separators) and their codes; matched on whole trailing words. */
const REASON_PHRASES: ReadonlyMap<string, number> = new Map([
  ['ok', 200], ['created', 201], ['accepted', 202], ['nocontent', 204],
  ['badrequest', 400], ['unauthorized', 401], ['paymentrequired', 402], ['forbidden', 403], ['notfound', 404],
  ['methodnotallowed', 405], ['notacceptable', 406], ['requesttimeout', 408], ['conflict', 409], ['gone', 410],
  ['preconditionfailed', 412], ['payloadtoolarge', 413], ['requestentitytoolarge', 413], ['unsupportedmediatype', 415],
  ['unprocessableentity', 422], ['unprocessablecontent', 422], ['toomanyrequests', 429],
  ['internalservererror', 500], ['servererror', 500], ['notimplemented', 501], ['badgateway', 502],
  ['serviceunavailable', 503], ['gatewaytimeout', 504],
]);

/** The longest phrase has 4 words (`request entity too large`, `internal server error`: 3). */
const MAX_PHRASE_WORDS = 4;

/** Splits `HTTP_500_INTERNAL_SERVER_ERROR`, `StatusInternalServerError`, `Status404NotFound` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z0-9])/g, '$1 $2')
    .replace(/([0-9])([A-Za-z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0);
}

/**
 * The status class a constant or class name stands for: a three-digit word (`HTTP_503_...`,
 * `Status404NotFound`) wins; else its trailing words must spell a reason phrase
 * (`HttpStatus.INTERNAL_SERVER_ERROR`, `HttpResponseServerError`, `bad_request`). Names with
 * neither (`JSONResponse`, `status`) are `unknown`. Pass one identifier, not a dotted path.
 */
export function statusClassOfName(name: string): StatusClass {
  if (name.length > 80) return 'unknown';
  const parts = words(name);
  const code = parts.find((w) => /^[1-5]\d\d$/.test(w));
  if (code !== undefined) return statusClassOfCode(Number(code));
  for (let n = Math.min(MAX_PHRASE_WORDS, parts.length); n >= 1; n--) {
    const phrase = REASON_PHRASES.get(parts.slice(parts.length - n).join(''));
    if (phrase !== undefined) return statusClassOfCode(phrase);
  }
  return 'unknown';
}

/**
 * Merges the classes an expression may evaluate to: any possible `server` makes it `server`
 * (`err.status || 500`), only `client` candidates make it `client` (`valid ? 400 : 422`), and an
 * expression with no constant at all stays `unknown`.
 */
export function combineStatusClasses(classes: Iterable<StatusClass>): StatusClass {
  let result: StatusClass = 'unknown';
  for (const c of classes) {
    if (c === 'server') return 'server';
    if (c === 'client') result = 'client';
    else if (c === 'success' && result === 'unknown') result = 'success';
  }
  return result;
}
