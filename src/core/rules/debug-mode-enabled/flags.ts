/**
 * Language-agnostic core of `debug-mode-enabled`.
 *
 * A language file (`./<language>.ts`) finds a debug switch in its syntax tree (`app.run(debug=True)`,
 * Django `DEBUG = True`, `app.use(errorhandler())`, ASP.NET `UseDeveloperExceptionPage()`, Spring
 * `server.error.include-stacktrace=always`, Gin `gin.SetMode(gin.DebugMode)`...) that no environment
 * check guards, and reports it with {@link debugMessage}, choosing the effect from {@link DEBUG_EFFECTS}
 * and the advice from {@link environmentAdvice} / {@link DEVELOPMENT_GUARD_ADVICE}. Fix titles are
 * {@link FIX_TITLES}; {@link DEBUG_ENV_VARS} names the variable a fix reads the flag from. Path
 * conventions: {@link isSettingsModulePath} (files whose top-level `DEBUG = True` is the production
 * setting) and {@link isDevelopmentOnlyFile} (files that only run on a developer's machine).
 *
 * Policy: report a literal `true` (or an unguarded developer-error middleware) in code that ships.
 * Stay quiet when the value comes from the environment or configuration, when an `if`/ternary
 * tests the environment (`NODE_ENV`, `app.get('env')`, `settings.DEBUG`, `isDevelopment()`), in
 * test paths and in development-only files (`settings/dev.py`, `local_settings.py`, `*.dev.*`).
 * `if __name__ == "__main__":` is not a development guard: `python app.py` is how many apps are
 * started on servers, so `app.run(debug=True)` there is reported too.
 */
import { isDevOnlyPath } from '../shared/hosts';

/** What a switched-on debug mode exposes, as the middle of a sentence. */
export const DEBUG_EFFECTS = {
  /** Werkzeug (Flask `debug=True`, `run_simple(use_debugger=True)`). */
  interactiveDebugger:
    'turns on the interactive Werkzeug debugger: anyone who can trigger an error can read tracebacks and run Python code on the server',
  /** Django `DEBUG = True`, Laravel `APP_DEBUG`, Rails `consider_all_requests_local`. */
  errorPages: 'shows every visitor who hits an error a full traceback with settings, local variables and SQL queries',
  /** FastAPI/Starlette/Tornado `debug=True`, Express `errorhandler()`, Apollo stack traces. */
  stackTraces: 'sends stack traces and source snippets to clients in error responses',
} as const;

/** Environment variables a fix reads the flag from. */
export const DEBUG_ENV_VARS = {
  flask: 'FLASK_DEBUG',
  django: 'DJANGO_DEBUG',
  generic: 'DEBUG',
  node: 'NODE_ENV',
} as const;

/** Advice for a literal flag: read it from the environment. */
export function environmentAdvice(envVar: string): string {
  return `read it from the environment (\`${envVar}\`) so production runs with it off`;
}

/** Advice for developer-error middleware: register it only in development. */
export const DEVELOPMENT_GUARD_ADVICE = "register it only when `process.env.NODE_ENV === 'development'`";

/**
 * The message: `<setting> <effect>; <advice>.` — `setting` is the code as written, already quoted
 * (`` `debug=True` in `app.run(...)` ``), plus where it is when that matters (`in settings module mysite/settings.py`).
 */
export function debugMessage(setting: string, effect: string, advice: string): string {
  return `${setting} ${effect}; ${advice}.`;
}

/** For a flag read from the environment with a default of on (`os.getenv("DEBUG", "True")`): the effect, reworded. */
export function defaultOnEffect(effect: string): string {
  return `turns debug mode on wherever the variable is not set, and debug mode ${effect}`;
}

/** Advice for a flag that defaults to on. */
export const DEFAULT_OFF_ADVICE = 'make the default off so a deployment that forgets the variable is safe';

export const FIX_TITLES = {
  fromEnvironment: (envVar: string): string => `Read the debug flag from the environment (${envVar})`,
  defaultOff: 'Default the debug flag to off',
  developmentOnly: 'Enable only when NODE_ENV is development',
} as const;

/**
 * Django/Flask-style settings modules whose top-level `DEBUG` is the deployed value:
 * `mysite/settings.py`, `config/settings/base.py`, `settings/production.py`, `app_settings.py`.
 */
export function isSettingsModulePath(path: string): boolean {
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1);
  return /(?:^|_)settings\.py$/.test(base) || /(?:^|\/)settings\/[^/]+\.py$/.test(lower);
}

/**
 * Files that only run on a developer's machine or in CI: `settings/dev.py`, `settings/local.py`,
 * `settings/development.py`, `settings/test.py`, `local_settings.py`, `dev_settings.py`,
 * `*.dev.js`, `config/development.*`, `manage.py`, bundler and test-runner configs.
 */
export function isDevelopmentOnlyFile(path: string): boolean {
  if (isDevOnlyPath(path)) return true;
  const lower = path.toLowerCase();
  const base = lower.slice(lower.lastIndexOf('/') + 1).replace(/\.[^.]+$/, '');
  if (/(?:^|[._-])(?:test|tests|testing|ci)(?:[._-]|$)/.test(base) && /settings|config/.test(lower)) return true;
  return /(?:^|\/)(?:settings|config|conf)\/(?:test|tests|testing|ci)[\w-]*\.\w+$/.test(lower);
}
