/**
 * debug-mode-enabled for Ruby.
 *
 * - Rails: `config.consider_all_requests_local = true` in a deployed environment file
 *   (`config/environments/production.rb`, `staging.rb`, …; not `development.rb`/`test.rb`) or in an
 *   initializer outside an `if Rails.env.development?` guard: every visitor gets the full exception
 *   page with backtrace, request parameters and environment. `config.middleware.use
 *   BetterErrors::Middleware` in those files adds a live Ruby console.
 * - Sinatra / Rack: `set :show_exceptions, true` (or `:after_handler`), `enable :show_exceptions`,
 *   `use Rack::ShowExceptions`, `use BetterErrors::Middleware` outside `configure :development` /
 *   `if development?`.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { rubyArguments, rubyCallName, rubyIndex } from '../shared/ruby';
import { isRubyDevGuarded } from '../shared/ruby-literals';
import { DEBUG_EFFECTS, debugMessage } from './flags';

const SHOW_EXCEPTIONS_EFFECT = 'shows every visitor who hits an error a page with the backtrace, source snippets, request parameters and environment';

/** `config/environments/<env>.rb` for an environment other than development/test. */
function deployedEnvironmentFile(path: string): boolean {
  const match = /(?:^|\/)config\/environments\/([\w-]+)\.rb$/.exec(path);
  return match !== null && !/^(?:development|dev|test|testing|local|ci)$/.test(match[1] ?? '');
}

function developmentEnvironmentFile(path: string): boolean {
  return /(?:^|\/)config\/environments\/(?:development|dev|test|testing|local|ci)\.rb$/.test(path);
}

function initializerFile(path: string): boolean {
  return /(?:^|\/)config\/(?:initializers\/[^/]+|application)\.rb$/.test(path);
}

function fixValue(node: Node, text: string, title: string): Fix {
  return { title, edits: [{ start: node.startIndex, end: node.endIndex, text }], isPreferred: true };
}

const DEVELOPMENT_ONLY = 'Enable only in development';

/**
 * The call checks below report only an argument whose source is `:show_exceptions`, `Rack::ShowExceptions` or
 * `BetterErrors::Middleware`: a node's text is a slice of the file, so a file without these words has nothing to report.
 */
const SHOW_EXCEPTIONS_WORDS = /:show_exceptions|Rack::ShowExceptions|BetterErrors::Middleware/;

export function checkRuby(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const path = ctx.file.path;
  if (developmentEnvironmentFile(path)) return;
  const deployed = deployedEnvironmentFile(path);
  const initializer = initializerFile(path);
  const text = ctx.file.text;
  // Every report names a setting the source spells out: skip the tree when the text has none of them.
  const errorPagesSetting = (deployed || initializer) && text.includes('consider_all_requests_local');
  const showExceptions = SHOW_EXCEPTIONS_WORDS.test(text);
  if (!errorPagesSetting && !showExceptions) return;
  const index = rubyIndex(ctx);
  const sinatra = /\bSinatra\b|require ['"]sinatra/.test(text);

  if (errorPagesSetting) {
    for (const assignment of index.nodes('assignment')) {
      const left = assignment.childForFieldName('left');
      const right = assignment.childForFieldName('right');
      if (left?.type !== 'call' || right?.type !== 'true') continue;
      if (rubyCallName(left)?.method !== 'consider_all_requests_local') continue;
      if (!deployed && isRubyDevGuarded(index, assignment)) continue;
      if (initializer && !deployed && /(?:^|\/)config\/application\.rb$/.test(path)) continue; // overridden per environment
      ctx.report({
        node: assignment,
        message: debugMessage(`\`${left.text} = true\`${deployed ? ` in ${path.slice(path.lastIndexOf('/') + 1)}` : ''}`, DEBUG_EFFECTS.errorPages, 'set it to `false` outside development'),
        fixes: [fixValue(right, 'false', 'Set consider_all_requests_local to false')],
      });
    }
  }

  if (!showExceptions) return;
  for (const call of index.nodes('call')) {
    const name = rubyCallName(call);
    if (!name) continue;
    const method = name.method;
    if (method !== 'set' && method !== 'enable' && method !== 'use') continue;
    const args = rubyArguments(call);
    const first = args[0];
    if (!first) continue;
    let setting: string | undefined;
    let fix: Fix | undefined;
    if (method === 'set' && !name.receiver && first.text === ':show_exceptions') {
      const value = args[1];
      if (value?.type !== 'true' && value?.text !== ':after_handler') continue;
      setting = `\`set :show_exceptions, ${value.text}\``;
      fix = fixValue(value, 'false', 'Set show_exceptions to false');
    } else if (method === 'enable' && !name.receiver && args.some((a) => a.text === ':show_exceptions')) {
      setting = '`enable :show_exceptions`';
    } else if (method === 'use' && /^(?:::)?(?:Rack::ShowExceptions|BetterErrors::Middleware)$/.test(first.text)) {
      if (name.receiver && !/\bmiddleware$/.test(name.receiver.text)) continue;
      if (name.receiver && !deployed && !initializer) continue;
      setting = `\`${call.text.length <= 60 ? call.text : `use ${first.text}`}\``;
    } else continue;
    if (!deployed && isRubyDevGuarded(index, call)) continue;
    const enclosingBlock = index.enclosing(call, ['do_block', 'block']);
    const inConfigure = enclosingBlock?.parent?.type === 'call' && rubyCallName(enclosingBlock.parent)?.method === 'configure';
    const wrap = sinatra && !inConfigure && !name.receiver && call.text.length <= 200 ? { title: DEVELOPMENT_ONLY, edits: [{ start: call.startIndex, end: call.endIndex, text: `configure(:development) { ${call.text} }` }] } : undefined;
    const better = first.text.includes('BetterErrors') ? ', and BetterErrors adds a live Ruby console to that page' : '';
    ctx.report({
      node: call,
      message: debugMessage(setting, `${SHOW_EXCEPTIONS_EFFECT}${better}`, 'enable it only in development (`configure :development do … end`)'),
      fixes: [...(fix ? [fix] : []), ...(wrap ? [wrap] : [])],
    });
  }
}
