/**
 * Language-agnostic secret detection, shared by `hardcoded-secret` (and the connection-string and
 * host rules) for every language. Language files only find string literals and the *name* the
 * literal is bound to (variable, field, object/dict key, keyword argument, parameter default), then call:
 *
 *   mayBeSecret(value, textBefore)     -> boolean   cheap pre-filter to run before walking the syntax tree
 *   classifyLiteral(value, nameHint?, { keyPosition? }) -> SecretMatch | undefined   "is this a secret?"
 *   findKnownKeyFormat(value)          -> KeyFormatMatch | undefined  vendor key formats anywhere in a string
 *   secretNameTier(name) / isSecretName(name)                          what a name says about its value
 *   isPlaceholder(value), looksLikeLabel(value), looksRandom(value), shannonEntropy(value)
 *   echoesName(value, name)                                            `NONCE_CHANGE_PASSWORD = 'changePasswordNonce'`
 *   isLocalePath(path)                                                 locales/ i18n/ translations/: key formats only
 *   maskSecret(value)                                                  never print a whole secret
 *   fallbackEnvName(match)                                             STRIPE_SECRET_KEY, GITHUB_TOKEN, PASSWORD …
 *   secretMessage(match, subject)                                      the finding message, same in every language
 *   splitNameWords(name)                                               `stripeApiKey` -> ['stripe','api','key']
 *   isGenericSecretName(name)                                          `apiKey`, `auth`, `token`: prefer the vendor's env name
 *
 * `value` is the literal's content as written between the quotes (escapes left raw). Interpolated
 * parts (`${x}`, `{x}` in f-strings, `#{x}`) should be replaced by `INTERPOLATION_MARK` before calling,
 * so that they count as placeholders. Everything here is linear-time: the regexes have bounded
 * repetitions and no nested quantifiers.
 */

/** Put this where a template/f-string interpolation was; placeholders and URL parsing recognise it. */
export const INTERPOLATION_MARK = '${…}';

// ---------------------------------------------------------------------------------------------
// Names

/**
 * Splits an identifier, dotted path or string key into lower-case words:
 * `stripeApiKey` -> stripe api key, `DB_PASSWORD` -> db password, `APIKey` -> api key,
 * `settings.SECRET_KEY` -> settings secret key, `x-api-key` -> x api key.
 */
export function splitNameWords(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  return spaced.split(/[^a-z0-9]+/).filter((w) => w.length > 0);
}

/** The last segment of a dotted/indexed name: `this.config.apiKey` -> `apiKey`, `os.environ["X"]` -> `X`. */
export function lastNameSegment(name: string): string {
  const parts = name.split(/[.[\]'"`>:]+/).filter((p) => p.length > 0);
  return parts[parts.length - 1] ?? name;
}

/**
 * How strongly a name says its value is a secret.
 * - `password`: password, passwd, pwd, passphrase, `*Pass` — any real-looking value is a finding.
 * - `secret`: secret, client secret, private/signing/encryption key — any real-looking value is a finding.
 * - `token`: token, api key, access key, `<vendor>Key`, credential, auth — the value must also look random.
 */
export type SecretNameTier = 'password' | 'secret' | 'token';

/** Last words that turn a secret-ish name into metadata about the secret (`passwordField`, `tokenUrl`). */
const META_LAST_WORDS = new Set([
  'field', 'fields', 'label', 'labels', 'placeholder', 'name', 'names', 'type', 'types', 'url', 'uri', 'urls',
  'endpoint', 'path', 'file', 'filename', 'dir', 'header', 'headers', 'param', 'params', 'prefix', 'suffix',
  'length', 'len', 'size', 'regex', 'regexp', 're', 'pattern', 'hint', 'message', 'messages', 'msg', 'error',
  'errors', 'policy', 'policies', 'expiry', 'expires', 'expiration', 'expire', 'ttl', 'lifetime', 'timeout', 'age',
  'id', 'ids', 'input', 'column', 'col', 'env', 'var', 'variable', 'attr', 'attribute', 'selector', 'element',
  'el', 'ref', 'arn', 'version', 'count', 'min', 'max', 'rule', 'rules', 'validator', 'validation', 'strength',
  'hash', 'hashed', 'digest', 'reset', 'changed', 'change', 'visible', 'visibility', 'shown', 'show', 'hidden',
  'toggle', 'icon', 'text', 'title', 'description', 'desc', 'help', 'tooltip', 'mode', 'format', 'style', 'class',
  'classname', 'query', 'route', 'mask', 'masked', 'storage', 'location', 'algorithm', 'alg', 'schema', 'provider',
  'source', 'kind', 'enabled', 'required', 'strategy', 'generator', 'method', 'scope', 'scopes', 'audience',
  'issuer', 'usage', 'cache', 'counter', 'index', 'idx', 'template', 'key', 'keys', 'exists', 'set', 'path',
  'mount', 'volume', 'ui', 'form', 'dialog', 'modal', 'button', 'btn', 'link', 'page', 'screen', 'view', 'component',
  'service', 'manager', 'handler', 'helper', 'util', 'utils', 'options', 'opts', 'config', 'cfg', 'settings',
  'command', 'cmd', 'event', 'action', 'status', 'state', 'valid', 'invalid', 'match', 'matches', 'mismatch',
  'confirmation', 'sent', 'received', 'issued', 'revoked', 'refreshed', 'created', 'updated', 'at', 'date', 'time',
  'hasher', 'hashers', 'backend', 'backends', 'validators', 'module', 'modules',
]);

/** First words that make a name a flag or an action (`showPassword`, `verifyToken`). */
const META_FIRST_WORDS = new Set([
  'is', 'has', 'show', 'should', 'can', 'use', 'enable', 'enabled', 'with', 'min', 'max', 'get', 'set', 'on',
  'handle', 'validate', 'check', 'verify', 'forgot', 'forgotten', 'num', 'no', 'require', 'requires', 'needs',
  'hide', 'toggle', 'mask', 'unmask', 'parse', 'decode', 'encode', 'hash', 'generate', 'render',
]);

/** Words before `token` / `key` that make them non-secret (pagination tokens, cache keys, public keys). */
const NON_SECRET_QUALIFIERS = new Set([
  'page', 'next', 'prev', 'previous', 'continuation', 'cursor', 'pagination', 'sync', 'lexer', 'parser', 'cancel',
  'cancellation', 'device', 'push', 'registration', 'csrf', 'xsrf', 'sort', 'primary', 'foreign', 'cache',
  'partition', 'idempotency', 'public', 'publishable', 'pk', 'map', 'lookup', 'i18n', 'translation', 'storage',
  'local', 'row', 'react', 'hot', 'keyboard', 'site', 'unique', 'composite', 'group', 'shard', 'routing', 'hash',
  'query', 'dedupe', 'dedup', 'lock', 'item', 'list', 'field', 'column', 'table', 'redis', 'object', 's3', 'bucket',
  'file', 'entry', 'dict', 'json', 'yaml', 'env', 'config', 'setting', 'settings', 'menu', 'tab', 'nav', 'event',
  'message', 'msg', 'type', 'sort', 'order', 'filter', 'search', 'index', 'lang', 'locale', 'theme', 'color',
  'display', 'hotkey', 'shortcut', 'registry', 'winreg', 'hkey', 'access_control', 'vapid_public', 'next_public', 'expo', 'publishable',
]);

/** Qualifiers that make `<qualifier>Key` a secret (`stripeKey`, `apiKey`, `signingKey`). */
const SECRET_KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'encryption', 'master', 'license', 'licence', 'auth',
  'client', 'app', 'application', 'service', 'admin', 'root', 'webhook', 'hmac', 'jwt', 'session', 'cookie',
  'stripe', 'openai', 'anthropic', 'sendgrid', 'mailgun', 'twilio', 'github', 'gitlab', 'slack', 'aws', 'gcp',
  'azure', 'firebase', 'supabase', 'algolia', 'pusher', 'mapbox', 'datadog', 'sentry', 'segment', 'mixpanel',
  'shopify', 'paypal', 'braintree', 'square', 'plaid', 'postmark', 'mailchimp', 'resend', 'cloudinary',
  'pinecone', 'cohere', 'huggingface', 'hf', 'replicate', 'groq', 'mistral', 'gemini', 'google', 'deepl',
  'openweather', 'weather', 'maps', 'recaptcha_secret', 'secret_access', 'consumer', 'subscription', 'ocp',
  'x', 'bearer', 'live', 'prod', 'production', 'encrypt', 'decrypt', 'cipher', 'crypto', 'aes', 'rsa', 'ssh',
]);

function hasWordContaining(words: readonly string[], needles: readonly string[]): boolean {
  return words.some((w) => needles.some((n) => w.includes(n)));
}

/**
 * What a name (identifier, key, keyword argument, dotted path) says about its value; `undefined`
 * when the name is not secret-like. Only the last segment of a dotted path is judged.
 */
export function secretNameTier(name: string): SecretNameTier | undefined {
  // a URL path or route used as a key (`"/login/reset_password" => "login#reset_password"`) names an endpoint
  if (name.includes('/')) return undefined;
  const words = splitNameWords(lastNameSegment(name));
  if (words.length === 0) return undefined;
  const last = words[words.length - 1] ?? '';
  const first = words[0] ?? '';
  if (words.length > 1 && META_FIRST_WORDS.has(first)) return undefined;
  if (words.some((w) => w === 'public' || w === 'publishable' || w === 'pub')) return undefined;
  if (hasWordContaining(words, ['secretar'])) return undefined;

  const secretWordIndex = words.findIndex(
    (w) => w.includes('password') || w.includes('passwd') || w.includes('passphrase') || w.includes('secret') ||
      w === 'pwd' || w.endsWith('token') || w === 'tokens' || w.endsWith('apikey') || w.endsWith('privatekey') ||
      w === 'credential' || w === 'credentials' || w === 'creds',
  );

  // `<secret word> <meta word>` = metadata: passwordField, TOKEN_URL, PASSWORD_KEY (a storage key), secretName.
  if (META_LAST_WORDS.has(last) && !(last === 'key' || last === 'keys')) return undefined;
  if ((last === 'key' || last === 'keys') && secretWordIndex !== -1 && secretWordIndex === words.length - 2) {
    const before = words[secretWordIndex] ?? '';
    // SECRET_KEY, JWT_SECRET_KEY, client_secret_key are secrets; PASSWORD_KEY / TOKEN_KEY name a storage slot.
    if (before.includes('secret') || before === 'private') return 'secret';
    return undefined;
  }

  if (words.some((w) => w.includes('password') || w.includes('passwd') || w.includes('passphrase') || w === 'pwd')) {
    return 'password';
  }
  if (last === 'pass' && words.length > 1) return 'password';
  if (last === 'pass' && words.length === 1) return 'password';
  if (words.some((w) => w.includes('secret'))) return 'secret';
  if (words.some((w) => w.endsWith('privatekey')) || (last === 'key' && words[words.length - 2] === 'private')) {
    return 'secret';
  }
  if (words.some((w) => w.endsWith('token') || w === 'tokens')) {
    const tokenIndex = words.findIndex((w) => w.endsWith('token') || w === 'tokens');
    const qualifier = words[tokenIndex - 1];
    if (qualifier !== undefined && NON_SECRET_QUALIFIERS.has(qualifier)) return undefined;
    if (tokenIndex !== words.length - 1) return undefined; // tokenizer settings, tokenCount ...
    return 'token';
  }
  if (words.some((w) => w === 'credential' || w === 'credentials' || w === 'creds')) return 'token';
  if (last === 'apikey' || last.endsWith('apikey') || last === 'apikeys') return 'token';
  if (last === 'key' || last === 'keys' || last.endsWith('key')) {
    if (last !== 'key' && last !== 'keys') {
      // one-word compounds: accesskey, secretkey, masterkey, licensekey
      const head = last.slice(0, -3);
      if (SECRET_KEY_QUALIFIERS.has(head)) return head === 'secret' ? 'secret' : 'token';
      return undefined;
    }
    if (words.length < 2) return undefined;
    const qualifier = words[words.length - 2] ?? '';
    if (NON_SECRET_QUALIFIERS.has(qualifier)) return undefined;
    if (SECRET_KEY_QUALIFIERS.has(qualifier)) return 'token';
    // `<vendor>_KEY` in SCREAMING_CASE is almost always an API key (SENDGRID_KEY, OPENWEATHER_KEY).
    if (/^[A-Z0-9_]+$/.test(lastNameSegment(name)) && words.length === 2) return 'token';
    return undefined;
  }
  if (words.length === 1 && (last === 'auth' || last === 'apikey' || last === 'bearer')) return 'token';
  return undefined;
}

const GENERIC_SECRET_WORDS = new Set(['auth', 'token', 'key', 'api', 'apikey', 'secret', 'password', 'pass', 'pwd', 'access', 'bearer', 'authorization', 'credentials', 'creds', 'private', 'client', 'value', 'x']);

/** True when a name says nothing beyond "a secret" (`auth`, `apiKey`, `token`, `x-api-key`): vendor names are better env names. */
export function isGenericSecretName(name: string): boolean {
  const words = splitNameWords(lastNameSegment(name));
  return words.length > 0 && words.every((w) => GENERIC_SECRET_WORDS.has(w));
}

/** True when the name announces a secret value (see `secretNameTier`). */
export function isSecretName(name: string): boolean {
  return secretNameTier(name) !== undefined;
}

// ---------------------------------------------------------------------------------------------
// Values

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of value) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let entropy = 0;
  const length = Array.from(value).length;
  for (const count of counts.values()) {
    const p = count / length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}

const PLACEHOLDER_EXACT = new Set([
  'changeme', 'change-me', 'change_me', 'changeit', 'change-it', 'todo', 'tbd', 'fixme', 'dummy', 'placeholder',
  'none', 'null', 'nil', 'undefined', 'n/a', 'na', 'redacted', 'hidden', 'secret', 'password', 'passwd', 'pass',
  'pwd', 'token', 'apikey', 'api-key', 'api_key', 'key', 'xxx', 'test', 'testing', 'example', 'sample', 'fake',
  'mock', 'foo', 'bar', 'foobar', 'baz', 'value', 'string', 'default', 'empty', 'your-password', 'yourpassword',
  'mypassword', 'my-password', 'my_password', 'secret-key', 'secret_key', 'secretkey', 'mysecret', 'my-secret',
  'sk_test_xxx', 'sk_live_xxx', 'invalid', 'unset', 'notset', 'not-set', 'not_set', 'required', 'insert', 'replace',
]);

/** Substrings that mark an example or a template rather than a real value. */
const PLACEHOLDER_MARKERS = /your[-_ ]?(?:api|secret|access|own|real|app|client|private|password|token|key)|^(?:your|YOUR|Your)(?:[-_ .][A-Za-z]{1,30}){1,6}$|your(?:domain|company|app|server|host|site|project|org|db|database|bucket|account|tenant)\b|replace[-_ ]?(?:me|with|this)|insert[-_ ]?(?:your|here)|[-_ ]here$|^<[^>]{1,80}>$|\$\{|\{\{|%\(|^%[sd]$|^\$[A-Z_a-z]|^%[A-Z_]+%$|xxxx|XXXX|\*\*\*|•••|\.\.\.|…|EXAMPLE|example|placeholder|PLACEHOLDER|dummy|DUMMY|TODO|FIXME|CHANGEME|changeme|REPLACE|REDACTED|redacted|\bfake\b|\bFAKE\b|0{8}|1234567890|abcdef(?:ghij|0123|123)|SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c/;

/**
 * True for values that are obviously not real secrets: empty, `changeme`, `your-api-key`, `<token>`,
 * `${VAR}`, `{{ secret }}`, `%(password)s`, `$VAR`, `xxx`, `***`, `TODO`, `dummy`, one repeated character,
 * AWS documentation keys (`…EXAMPLE`), the jwt.io sample token.
 */
export function isPlaceholder(value: string): boolean {
  return isStructuralPlaceholder(value) || PLACEHOLDER_EXACT.has(value.trim().toLowerCase());
}

/**
 * The part of `isPlaceholder` that does not rely on dictionary words: `${VAR}`, `<token>`, `xxx`, `***`,
 * `your-api-key`, `TODO`, `…EXAMPLE`. Use it where any word is a real value (`jwt.sign(payload, 'secret')`).
 */
export function isStructuralPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (trimmed.includes(INTERPOLATION_MARK)) return true;
  if (/^(.)\1*$/.test(trimmed)) return true; // aaaa, ****, 0000
  if (/^[xX*#.\-_ ]+$/.test(trimmed)) return true;
  if (/\{[A-Za-z_][\w.]{0,40}\}|%\([\w]{1,40}\)[sd]|%[sd]\b/.test(trimmed)) return true; // str.format / %-format templates
  if (/^:[A-Za-z_][\w]{0,40}$/.test(trimmed)) return true; // a route parameter: `secret: ':secret'`, `/hooks/:token`
  return PLACEHOLDER_MARKERS.test(trimmed);
}

const LABEL_WORDS = /\b(?:your|enter|please|must|invalid|required|incorrect|wrong|at least|characters|confirm|forgot|reset|new|current|old|repeat|retype|re-enter|show|hide|field|is|are|not|the|of|for|and|to|a|an|be|been|was|were|blank|empty|missing|cannot|too|short|long|weak|match|matches|expired|taken|does|has|have|no|only|or|with|in|on|this|that)\b/i;
/** Words that dress up a placeholder (`a-secret-key`, `test-secret-key`, `my_api_token`): not part of a real value. */
const PLACEHOLDER_FILLER = new Set(['a', 'an', 'the', 'my', 'your', 'our', 'some', 'test', 'testing', 'dummy', 'fake', 'sample', 'example']);
const SECRET_VOCABULARY = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'pass', 'passphrase', 'secret', 'secrets', 'token', 'tokens', 'api',
  'key', 'keys', 'apikey', 'access', 'refresh', 'id', 'auth', 'authorization', 'authentication', 'bearer', 'basic',
  'x', 'new', 'current', 'old', 'confirm', 'confirmation', 'repeat', 'user', 'username', 'client', 'private',
  'session', 'jwt', 'csrf', 'xsrf', 'credential', 'credentials', 'hash', 'hashed', 'one', 'time', 'otp', 'code',
  'reset', 'type', 'grant', 'field', 'input', 'value', 'header', 'cookie', 'name', 'database',
  'secret_key', 'access_token', 'refresh_token', 'id_token', 'mfa', 'totp', 'pin', 'login', 'signup', 'form',
]);

/** "Password" / "token" / "secret" in other languages: UI labels, not credentials. */
const TRANSLATED_LABELS = new Set([
  'passwort', 'kennwort', 'mot de passe', 'contraseña', 'contrasena', 'senha', 'wachtwoord', 'lösenord', 'losenord',
  'hasło', 'haslo', 'пароль', 'パスワード', '密码', '密碼', '비밀번호', 'parola', 'salasana', 'adgangskode', 'passord',
  'heslo', 'jelszó', 'jelszo', 'κωδικός', 'şifre', 'sifre', 'mật khẩu', 'kata sandi', 'סיסמה', 'كلمة المرور', 'geheim',
  'clave', 'chiave', 'jeton', 'geheimnis', 'secreto', 'segreto', 'segredo', 'contraseña actual', 'nueva contraseña',
]);

/**
 * Locale / translation modules (`locales/de.js`, `i18n/fr.ts`, `translations/es.py`): their values are UI text,
 * so only vendor key formats are reported there.
 */
export function isLocalePath(path: string): boolean {
  return /(?:^|\/)(?:locales?|i18n|l10n|lang|langs|languages|translations?|messages)\//i.test(path);
}

/**
 * True for values that are labels or identifiers *about* a secret rather than the secret:
 * `"password"`, `"new-password"`, `"x-api-key"`, `"access_token"`, `"Enter your password"`,
 * `"Password:"`, env-var names (`"DB_PASSWORD"`), i18n keys (`"auth.password.label"`).
 */
export function looksLikeLabel(value: string): boolean {
  const trimmed = value.trim();
  if (TRANSLATED_LABELS.has(trimmed.toLowerCase().replace(/[:：*]+$/, ''))) return true;
  if (/\s/.test(trimmed)) {
    if (/[:.!?…]$/.test(trimmed)) return true;
    if (/[A-Za-z]['’][a-z]/.test(trimmed)) return true; // prose with a contraction: "can't be blank", "doesn't match"
    if (/^[A-Z][a-z]/.test(trimmed)) return true;
    if (LABEL_WORDS.test(trimmed)) return true;
    return false;
  }
  if (/[:]$/.test(trimmed)) return true;
  if (/^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/.test(trimmed)) return true; // DB_PASSWORD: an env-var name
  const words = splitNameWords(trimmed);
  if (words.length > 0 && /^[A-Za-z][A-Za-z_.-]*$/.test(trimmed) && words.every((w) => SECRET_VOCABULARY.has(w) || PLACEHOLDER_FILLER.has(w))
    && words.some((w) => SECRET_VOCABULARY.has(w))) {
    return true;
  }
  // i18n keys and dotted config paths: auth.password.label, errors.token_expired
  if (/^[a-z][a-zA-Z_]*(?:\.[a-z][a-zA-Z_]*){1,6}$/.test(trimmed)) return true;
  return false;
}

/**
 * True when an identifier-shaped value only spells out the name it is bound to: an event, nonce or purpose
 * constant (`AUTH_PASSWORD_RESET_UPDATE = 'auth_password_reset_update'`, `NONCE_CHANGE_PASSWORD =
 * 'changePasswordNonce'`, `PasswordlessSignInPurpose = "PasswordlessSignIn"`). Two words at least, each a
 * word of the name or the stem of one (`hash` / `hashed`): `ADMIN_PASSWORD = 'admin'` is still a password.
 */
export function echoesName(value: string, name: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length > 80 || !/^[A-Za-z][A-Za-z0-9]*(?:[_.-][A-Za-z0-9]+)*$/.test(trimmed)) return false;
  const words = splitNameWords(trimmed);
  if (words.length < 2) return false;
  const nameWords = splitNameWords(name);
  return words.every((w) => nameWords.some((n) => n === w || (w.length >= 4 && n.startsWith(w)) || (n.length >= 4 && w.startsWith(n))));
}

/** URLs, file paths and file names are references, not secret values. */
export function looksLikeReference(value: string): boolean {
  const trimmed = value.trim();
  if (/^[a-z][a-z0-9+.-]{1,20}:\/\//i.test(trimmed)) return true;
  if (/^(?:\/|\.{1,2}\/|~\/|[A-Za-z]:\\)/.test(trimmed) && !/^\/[A-Za-z0-9+/]{30,}={0,2}$/.test(trimmed)) return true;
  if (/\\\\?[A-Za-z][\w ]{1,40}\\\\?[A-Za-z]/.test(trimmed)) return true; // Windows paths and registry keys: Software\\Python\\…
  // module / class references: django.contrib.auth.hashers.Argon2PasswordHasher, com.mysql.cj.jdbc.Driver
  if (/^[a-z][a-z0-9_]{0,40}(?:\.[a-z][a-z0-9_]{0,40}){1,8}\.[A-Z][A-Za-z0-9]{1,80}$/.test(trimmed)) return true;
  // a Rails route target: `"login#reset_password"`, `"admin/users#show"`
  if (/^[a-z][a-z0-9_]{0,40}(?:\/[a-z][a-z0-9_]{0,40}){0,4}#[a-z_][a-z0-9_]{0,40}[!?]?$/.test(trimmed)) return true;
  if (/^[\w.-]{1,100}(?:\/[\w.-]{1,100}){0,10}\.(?:pem|key|crt|cer|p12|pfx|json|txt|env|ya?ml|ini|cfg|conf|toml|jks|keystore)$/i.test(trimmed)) {
    return true;
  }
  return false;
}

/**
 * True when a value looks machine-generated: at least 16 characters without spaces, two or more
 * character classes (or long hex), and entropy of at least 3 bits per character. Identifiers such as
 * `access_token_cookie` or `refresh-token-expired` do not qualify.
 */
export function looksRandom(value: string): boolean {
  const v = value.trim();
  if (v.length < 16 || v.length > 4096 || /\s/.test(v)) return false;
  if (looksLikeReference(v)) return false;
  if (/^[a-z]+(?:[_.-][a-z]+)*$/.test(v) || /^[A-Z]+(?:[_.-][A-Z]+)*$/.test(v)) return false;
  const classes = Number(/[a-z]/.test(v)) + Number(/[A-Z]/.test(v)) + Number(/[0-9]/.test(v)) + Number(/[^A-Za-z0-9]/.test(v));
  const isHex = /^[0-9a-fA-F]+$/.test(v);
  if (isHex) return v.length >= 24 && /[0-9]/.test(v) && /[a-fA-F]/.test(v) && shannonEntropy(v) >= 3;
  if (classes < 2) return false;
  return shannonEntropy(v) >= 3.2;
}

// ---------------------------------------------------------------------------------------------
// Known key formats

export interface KeyFormat {
  readonly id: string;
  /** Human name used in messages: "GitHub token". */
  readonly label: string;
  readonly pattern: RegExp;
  /** Lower risk (test-mode keys): still reported, the message says so. */
  readonly lowRisk?: boolean;
  /** Extra check on the matched text (e.g. mixed character classes for `sk-…`). */
  readonly validate?: (match: string) => boolean;
}

const mixedAlnum = (s: string): boolean => /[0-9]/.test(s) && /[a-z]/.test(s) && /[A-Z]/.test(s);

/** Vendor key formats, most specific first. Patterns are bounded and linear-time. */
export const KEY_FORMATS: readonly KeyFormat[] = [
  { id: 'private-key', label: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----(?:\\[rn]|[\r\n])*[A-Za-z0-9+/=:\-,\\ \r\n]{40}/ },
  { id: 'aws-access-key-id', label: 'AWS access key id', pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}\b/ },
  { id: 'github-token', label: 'GitHub token', pattern: /\b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}\b/ },
  { id: 'github-pat', label: 'GitHub fine-grained token', pattern: /\bgithub_pat_[A-Za-z0-9_]{22,255}/ },
  { id: 'gitlab-token', label: 'GitLab token', pattern: /\bglpat-[A-Za-z0-9_-]{20,64}/ },
  { id: 'slack-token', label: 'Slack token', pattern: /\bxox[bpoasr]-[0-9A-Za-z-]{10,250}/ },
  { id: 'slack-webhook', label: 'Slack webhook URL', pattern: /(?:https?:\/\/)?hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Z0-9]{6,14}\/[A-Za-z0-9_-]{6,40}\/[A-Za-z0-9_/-]{8,160}/ },
  { id: 'stripe-live-key', label: 'Stripe live secret key', pattern: /\b(?:sk|rk)_live_[0-9A-Za-z]{16,247}/ },
  { id: 'stripe-test-key', label: 'Stripe test secret key', pattern: /\b(?:sk|rk)_test_[0-9A-Za-z]{16,247}/, lowRisk: true },
  { id: 'stripe-webhook-secret', label: 'Stripe webhook signing secret', pattern: /\bwhsec_[A-Za-z0-9+/]{24,128}/ },
  { id: 'google-api-key', label: 'Google API key', pattern: /\bAIza[0-9A-Za-z_-]{35}/ },
  { id: 'anthropic-key', label: 'Anthropic API key', pattern: /\bsk-ant-[A-Za-z0-9_-]{20,200}/ },
  { id: 'openai-key', label: 'OpenAI API key', pattern: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}/, validate: (m) => !m.startsWith('sk-ant-') && mixedAlnum(m.slice(3)) && shannonEntropy(m) >= 3.5 },
  { id: 'npm-token', label: 'npm token', pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { id: 'sendgrid-key', label: 'SendGrid API key', pattern: /\bSG\.[A-Za-z0-9_-]{16,32}\.[A-Za-z0-9_-]{16,64}/ },
  { id: 'shopify-token', label: 'Shopify access token', pattern: /\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b/ },
  { id: 'huggingface-token', label: 'Hugging Face token', pattern: /\bhf_[A-Za-z]{34}\b/ },
  { id: 'jwt', label: 'JSON Web Token', pattern: /\beyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,4000}\.[A-Za-z0-9_-]{16,1000}/ },
];

export interface KeyFormatMatch {
  readonly format: KeyFormat;
  /** Offsets of the key inside the value. */
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** Finds the first vendor key in `value` (anywhere in it: `"Bearer ghp_…"` counts), skipping placeholders. */
const KEY_FORMAT_PREFILTER = /AKIA|ASIA|ABIA|ACCA|gh[pousr]_|github_pat_|glpat-|xox[bpoasr]-|hooks\.slack|_live_|_test_|whsec_|AIza|sk-|npm_|SG\.|shp[acps]|hf_|eyJ|PRIVATE KEY/;

export function findKnownKeyFormat(value: string): KeyFormatMatch | undefined {
  if (value.length < 20 || !KEY_FORMAT_PREFILTER.test(value)) return undefined;
  for (const format of KEY_FORMATS) {
    const match = format.pattern.exec(value);
    if (!match) continue;
    const text = match[0];
    if (format.validate && !format.validate(text)) continue;
    if (format.id === 'private-key') {
      // the secret runs to the END line (or the end of the literal)
      const endMarker = /-----END (?:[A-Z0-9]{1,12} ){0,3}PRIVATE KEY(?: BLOCK)?-----/.exec(value.slice(match.index));
      const end = endMarker ? match.index + endMarker.index + endMarker[0].length : value.length;
      return { format, start: match.index, end, text: value.slice(match.index, end) };
    }
    if (isPlaceholder(text)) continue;
    return { format, start: match.index, end: match.index + text.length, text };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Classification

/** Callees whose arguments are key material (jwt.sign, createHmac, hmac.new, Fernet, cookieParser …). */
const KEY_POSITION_CALLEE = /sign|verify|hmac|cipher|cookie|encode|decode|fernet|serializ|encrypt|decrypt/i;
const NAME_TOKEN = /[A-Za-z_$][\w$-]{0,80}/g;
/** Every secret-like name contains one of these. */
const SECRET_WORD = /pass|pwd|secret|token|key|auth|cred|bearer|private/i;

/**
 * Cheap necessary condition for `classifyLiteral`, to run before any syntax-tree walk: the value holds a
 * vendor-key prefix or a bearer token, or an identifier / key in the source just before the literal
 * (`textBefore`, ~80 chars) is a secret-like name or a key-material callee. False means no finding.
 */
export function mayBeSecret(value: string, textBefore: string): boolean {
  if (value.length < 3) return false;
  if (KEY_FORMAT_PREFILTER.test(value) || BEARER_START.test(value)) return true;
  return hasSecretOrKeyToken(textBefore);
}

const BEARER_START = /^\s*(?:bearer|token)\s/i;

/** `SECRET_WORD` or `KEY_POSITION_CALLEE` (same flags); `test` moves `lastIndex` past each match found. */
const SECRET_OR_KEY_WORDS = new RegExp(`${SECRET_WORD.source}|${KEY_POSITION_CALLEE.source}`, 'gi');

/**
 * Some `NAME_TOKEN` of `text` is a secret-like name or a key-material callee (`isSecretOrKeyToken`). Such a
 * token holds a `SECRET_WORD` or `KEY_POSITION_CALLEE` match (letters only), so only the tokens around the
 * matches are judged, each once (most windows have none): a token is the run of `[\w$-]` holding the
 * match, from its first `[A-Za-z_$]` — unless the run is too long for one token (81 characters), then
 * every token is judged. `test` with `lastIndex` finds the next match without building a match array.
 */
function hasSecretOrKeyToken(text: string): boolean {
  const words = SECRET_OR_KEY_WORDS;
  words.lastIndex = 0;
  while (words.test(text)) {
    const inside = words.lastIndex - 1; // the match's last letter
    let runStart = inside;
    while (runStart > 0 && isTokenChar(text.charCodeAt(runStart - 1))) runStart--;
    let tokenStart = runStart;
    while (!isTokenStart(text.charCodeAt(tokenStart))) tokenStart++;
    let end = inside + 1;
    while (end < text.length && isTokenChar(text.charCodeAt(end))) end++;
    if (end - tokenStart > 81) return (text.match(NAME_TOKEN) ?? []).some(isSecretOrKeyToken);
    if (isSecretOrKeyToken(text.slice(tokenStart, end))) return true;
    words.lastIndex = end; // any other match in this token is in the same token
  }
  return false;
}

/** `[\w$-]`: a character of a `NAME_TOKEN`. */
function isTokenChar(code: number): boolean {
  return isTokenStart(code) || (code >= 48 && code <= 57) || code === 45;
}

/** `[A-Za-z_$]`: the first character of a `NAME_TOKEN`. */
function isTokenStart(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 36;
}

/**
 * A copy of `key` that does not keep the text it was sliced from alive (a memo key outlives its file: V8
 * slices longer strings as views of their source; concatenating and slicing yields a flat copy).
 */
function detached(key: string): string {
  return key.length < 13 ? key : `${key} `.slice(0, -1);
}

/** Verdicts of `isSecretOrKeyToken` by token: the same names recur in every window and every file. */
const tokenVerdicts = new Map<string, boolean>();

/** A name in the text before a literal that makes it a candidate (a pure function of the token, memoised). */
function isSecretOrKeyToken(token: string): boolean {
  let verdict = tokenVerdicts.get(token);
  if (verdict === undefined) {
    verdict = KEY_POSITION_CALLEE.test(token) || (SECRET_WORD.test(token) && secretNameTier(token) !== undefined);
    if (tokenVerdicts.size >= 20_000) tokenVerdicts.clear();
    tokenVerdicts.set(detached(token), verdict);
  }
  return verdict;
}

const BEARER_VALUE = /^(?:Bearer|Token|token|bearer)\s+\S{16,4096}$/;

/**
 * Cheap necessary condition, on the value alone, for `classifyLiteral(value, name, { keyPosition })` to
 * match with some name: lets a language file skip the syntax-tree work that finds the name. Pass
 * `keyPosition: false` only when the literal cannot be in a key position. (A vendor key format; a
 * key-position value; a bearer token; or a value a secret-like name would flag: not a placeholder,
 * label or reference, and 3 characters at least — the shortest any branch of `classifyLiteral` accepts.)
 */
export function mayClassifyAsSecret(value: string, keyPosition: boolean): boolean {
  // a pure function of the value, asked again for the same values (in every file, on every keystroke)
  const verdicts = keyPosition ? classifyVerdictsInKeyPosition : classifyVerdicts;
  let verdict = verdicts.get(value);
  if (verdict === undefined) {
    verdict = computeMayClassifyAsSecret(value, keyPosition);
    if (verdicts.size >= 20_000) verdicts.clear();
    verdicts.set(detached(value), verdict);
  }
  return verdict;
}

const classifyVerdicts = new Map<string, boolean>();
const classifyVerdictsInKeyPosition = new Map<string, boolean>();

function computeMayClassifyAsSecret(value: string, keyPosition: boolean): boolean {
  if (findKnownKeyFormat(value)) return true;
  const trimmed = value.trim();
  if (trimmed.length < 3 || looksLikeReference(trimmed)) return BEARER_VALUE.test(trimmed);
  if (keyPosition && !isStructuralPlaceholder(trimmed)) return true;
  if (BEARER_VALUE.test(trimmed)) return true;
  return !isPlaceholder(trimmed) && !looksLikeLabel(trimmed);
}

export interface SecretMatch {
  /** `key-format`: a vendor format; otherwise what the name said (`password`, `secret`, `token`). */
  readonly kind: 'key-format' | SecretNameTier;
  /** Human description for messages: "Stripe live secret key", "password", "API token". */
  readonly label: string;
  /** The secret itself (the whole value or the key inside it), for masking. */
  readonly secret: string;
  /** Offsets of `secret` inside the value. */
  readonly start: number;
  readonly end: number;
  readonly lowRisk: boolean;
  readonly formatId?: string;
}

const AWS_SECRET = /^[A-Za-z0-9/+]{40}$/;

/**
 * Decides whether a string literal is a hardcoded secret.
 * 1. Vendor key formats anywhere in the value (AWS, GitHub, Slack, Stripe, Google, OpenAI, Anthropic, npm,
 *    PEM private keys, JWTs …) are secrets whatever the name — unless they are placeholders.
 * 2. With a secret-like `nameHint`: `password`/`secret` names flag any value that is not a placeholder,
 *    label, URL or path; `token`/`key` names also need a random-looking value (`looksRandom`).
 *    An AWS secret access key (40 base64 chars) is recognised when the name mentions aws + secret.
 * 3. Without a secret-like name, nothing (high-entropy strings alone are hashes, ids, test vectors …).
 */
export interface ClassifyOptions {
  /**
   * The position only ever holds key material (`jwt.sign(payload, <here>)`, `hmac.new(<here>, …)`):
   * any value that is not a structural placeholder is a secret, even `'secret'`.
   */
  readonly keyPosition?: boolean;
}

export function classifyLiteral(value: string, nameHint?: string, options: ClassifyOptions = {}): SecretMatch | undefined {
  const known = findKnownKeyFormat(value);
  if (known) {
    return {
      kind: 'key-format',
      label: known.format.label,
      secret: known.text,
      start: known.start,
      end: known.end,
      lowRisk: known.format.lowRisk ?? false,
      formatId: known.format.id,
    };
  }
  const trimmed = value.trim();
  if (options.keyPosition) {
    if (isStructuralPlaceholder(trimmed) || trimmed.length < 3 || looksLikeReference(trimmed)) return undefined;
    return { secret: value, start: 0, end: value.length, lowRisk: false, kind: 'secret', label: 'signing key' };
  }
  const bearer = /^(?:Bearer|Token|token|bearer)\s+(\S{16,4096})$/.exec(trimmed);
  if (bearer?.[1] && looksRandom(bearer[1]) && !isPlaceholder(bearer[1])) {
    const start = value.indexOf(bearer[1]);
    return { kind: 'token', label: 'bearer token', secret: bearer[1], start, end: start + bearer[1].length, lowRisk: false };
  }
  if (nameHint === undefined) return undefined;
  const tier = secretNameTier(nameHint);
  if (!tier) return undefined;
  if (isPlaceholder(trimmed) || looksLikeLabel(trimmed) || looksLikeReference(trimmed) || echoesName(trimmed, nameHint)) return undefined;
  const whole = { secret: value, start: 0, end: value.length, lowRisk: false };
  const words = splitNameWords(nameHint);
  const awsName = words.includes('aws') || (words.includes('secret') && words.includes('access'));
  if (awsName && AWS_SECRET.test(trimmed) && mixedAlnum(trimmed)) {
    return { ...whole, kind: 'key-format', label: 'AWS secret access key', formatId: 'aws-secret-access-key' };
  }
  if (tier === 'password' || tier === 'secret') {
    // prose, multi-line text and escape-laden strings are documentation, not credentials
    if (/\\[nrt]|[\r\n]/.test(value) || trimmed.split(/\s+/).length > 4) return undefined;
  }
  if (tier === 'password') {
    if (trimmed.length < 3 || trimmed.length > 200) return undefined;
    return { ...whole, kind: 'password', label: 'password' };
  }
  if (tier === 'secret') {
    if (trimmed.length < 6 || trimmed.length > 8192) return undefined;
    return { ...whole, kind: 'secret', label: 'secret' };
  }
  if (!looksRandom(trimmed)) return undefined;
  const label = words.some((w) => w === 'api' || w.endsWith('apikey')) ? 'API key' : words.some((w) => w.endsWith('key')) ? 'key' : 'token';
  return { ...whole, kind: 'token', label };
}

/** Conventional environment variable for a vendor key format (`STRIPE_SECRET_KEY`, `GITHUB_TOKEN`). */
export const FORMAT_ENV_NAMES: Readonly<Record<string, string>> = {
  'private-key': 'PRIVATE_KEY',
  'aws-access-key-id': 'AWS_ACCESS_KEY_ID',
  'aws-secret-access-key': 'AWS_SECRET_ACCESS_KEY',
  'github-token': 'GITHUB_TOKEN',
  'github-pat': 'GITHUB_TOKEN',
  'gitlab-token': 'GITLAB_TOKEN',
  'slack-token': 'SLACK_TOKEN',
  'slack-webhook': 'SLACK_WEBHOOK_URL',
  'stripe-live-key': 'STRIPE_SECRET_KEY',
  'stripe-test-key': 'STRIPE_SECRET_KEY',
  'stripe-webhook-secret': 'STRIPE_WEBHOOK_SECRET',
  'google-api-key': 'GOOGLE_API_KEY',
  'anthropic-key': 'ANTHROPIC_API_KEY',
  'openai-key': 'OPENAI_API_KEY',
  'npm-token': 'NPM_TOKEN',
  'sendgrid-key': 'SENDGRID_API_KEY',
  'shopify-token': 'SHOPIFY_ACCESS_TOKEN',
  'huggingface-token': 'HF_TOKEN',
  jwt: 'API_TOKEN',
};

/**
 * The fallback environment variable for a match when the code gives no usable name: the vendor's
 * conventional name for key formats, else `PASSWORD` / `SECRET` / `API_TOKEN` / `API_KEY`.
 */
export function fallbackEnvName(match: SecretMatch): string {
  if (match.formatId !== undefined) return FORMAT_ENV_NAMES[match.formatId] ?? 'API_KEY';
  if (match.kind === 'password') return 'PASSWORD';
  if (match.kind === 'secret') return 'SECRET';
  return match.label === 'token' ? 'API_TOKEN' : 'API_KEY';
}

// ---------------------------------------------------------------------------------------------
// Messages

/**
 * Masks a secret for messages: a few leading characters (none for short values), an ellipsis and the
 * length — `"ghp_…" (40 chars)`. Never returns more than 4 characters of the secret.
 */
export function maskSecret(value: string): string {
  const chars = Array.from(value);
  const shown = chars.length >= 20 ? 4 : chars.length >= 10 ? 2 : 0;
  return `"${chars.slice(0, shown).join('')}…" (${String(chars.length)} chars)`;
}

/**
 * The finding message for a secret. `subject` names where it sits (`\`stripeKey\``, `the \`password\` argument
 * of \`psycopg2.connect\``); `envName` is the suggested variable; `isFallback` when the literal is the default of
 * an environment read (`process.env.X || '…'`).
 */
export function secretMessage(match: SecretMatch, subject: string | undefined, envName: string, isFallback = false): string {
  const where = subject ? ` in ${subject}` : '';
  const risk = match.lowRisk ? ' (a test-mode key: lower risk, but it still grants API access)' : '';
  const advice = isFallback
    ? `Drop the fallback so \`${envName}\` must come from the environment, and rotate it.`
    : `Read it from the environment (\`${envName}\`) or a secret manager, and rotate it.`;
  return `Hardcoded ${match.label} ${maskSecret(match.secret)}${where}${risk}: anyone who can read the code can use it. ${advice}`;
}
