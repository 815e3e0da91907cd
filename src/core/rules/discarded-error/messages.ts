/** What goes wrong when each kind of call fails unnoticed; completes "The error returned by `x` is discarded: …". */
export type ErrorKind = 'parse' | 'decode' | 'encode' | 'read' | 'write' | 'open' | 'commit' | 'serve' | 'run' | 'auth' | 'sign' | 'crypto' | 'generic';

export const CONSEQUENCES: Readonly<Record<ErrorKind, string>> = {
  parse: 'invalid input silently becomes a zero value and the code carries on with it',
  decode: 'malformed input leaves the value empty or half-filled and the code carries on with it',
  encode: 'a failed encoding yields empty output that is sent or stored as if it were valid',
  read: 'a failed read looks like empty data',
  write: 'a failed write looks like success and data is lost silently',
  open: 'on failure the returned value is nil or unusable, and the next use panics or misbehaves',
  commit: 'a failed commit looks like success while the transaction was rolled back',
  serve: 'if the server cannot start (port in use, bad certificate), nothing reports it',
  run: 'a failed command or server start goes unnoticed',
  auth: 'a failed signature or token check goes unnoticed, which can let unauthenticated requests through',
  sign: 'signing fails silently and an empty token is handed out',
  crypto: 'a failure leaves zeroed or missing key material that is used anyway',
  generic: 'the failure goes unnoticed and the code carries on as if it had succeeded',
};
