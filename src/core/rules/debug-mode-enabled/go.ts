/**
 * debug-mode-enabled for Go.
 *
 * - echo: `e.Debug = true` — echo's default error handler then sends every error's message to the
 *   client (`{"message": "pq: relation \"users\" does not exist"}`).
 * - net/http/pprof exposed publicly: the blank import `_ "net/http/pprof"` registers /debug/pprof on
 *   `http.DefaultServeMux`, which is reported when the same file serves that mux (`nil` handler) on an
 *   address that is not loopback; gin-contrib `pprof.Register(router)` and handlers such as
 *   `mux.HandleFunc("/debug/pprof/", pprof.Index)` put it on the application's router. Goroutine
 *   dumps (`/debug/pprof/goroutine?debug=2`) are full stack traces of every request in flight.
 *
 * Not reported: `gin.SetMode(gin.DebugMode)` — gin's debug mode only prints route tables and warnings
 * to the server's stdout, and gin's Recovery middleware answers a bare 500 in every mode.
 */
import type { Node } from 'web-tree-sitter';
import type { Fix, RuleContext } from '../../types';
import { goAddImportEdits, goArguments, goCallName, goIndex, type GoIndex, goStringValue, namedChildrenOf } from '../shared/go';
import { isDevGuardCondition } from '../shared/hosts';
import { DEBUG_ENV_VARS, debugMessage, environmentAdvice, FIX_TITLES } from './flags';

const ECHO = ['github.com/labstack/echo/v4', 'github.com/labstack/echo'];
const PPROF = 'net/http/pprof';
const PPROF_HANDLERS = new Set(['Index', 'Profile', 'Symbol', 'Trace', 'Cmdline', 'Handler']);

const PPROF_EFFECT =
  'exposes /debug/pprof on the public server: anyone can download goroutine dumps (full stack traces of every request in flight), heap profiles and the command line';
const PPROF_ADVICE = 'serve pprof only on a separate loopback listener (`go http.ListenAndServe("localhost:6060", nil)`) and the application on its own `http.ServeMux`';

/** Inside `if <development check> { … }`? */
function devGuarded(node: Node): boolean {
  let child: Node = node;
  for (let current = node.parent; current; child = current, current = current.parent) {
    if (current.type === 'function_declaration' || current.type === 'method_declaration') return false;
    if (current.type !== 'if_statement') continue;
    const condition = current.childForFieldName('condition')?.text ?? '';
    const inElse = current.childForFieldName('alternative')?.id === child.id;
    if (isDevGuardCondition(condition.replace(/gin\.DebugMode|DebugMode/g, 'debug'), inElse)) return true;
  }
  return false;
}

function isLoopbackAddress(value: string): boolean {
  return /^(?:localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(?::\d{1,5})?$/.test(value);
}

/** Where the file serves `http.DefaultServeMux` on a non-loopback literal address. `root`: only for the rare keyed-element walk. */
function servesDefaultMuxPublicly(index: GoIndex, root: Node): boolean {
  const httpName = [...index.imports.byName].find(([, path]) => path === 'net/http')?.[0];
  if (!httpName) return false;
  for (const call of index.nodes('call_expression')) {
    const callee = goCallName(call);
    if (!callee || callee.receiver?.text !== httpName) continue;
    if (callee.name !== 'ListenAndServe' && callee.name !== 'ListenAndServeTLS') continue;
    const args = goArguments(call);
    const handler = args[args.length - 1];
    const address = goStringValue(args[0]);
    if (handler?.type === 'nil' && address !== undefined && !isLoopbackAddress(address)) return true;
  }
  // keyed elements are not in the shared index (one walk here, for the files that blank-import pprof, is cheaper)
  for (const literal of root.tree.rootNode.descendantsOfType('keyed_element')) {
    if (!literal) continue;
    // &http.Server{Addr: ":8080"} without a Handler serves DefaultServeMux
    if (literal.firstNamedChild?.text !== 'Addr') continue;
    const body = literal.parent;
    const composite = body?.parent;
    if (composite?.type !== 'composite_literal' || composite.childForFieldName('type')?.text !== `${httpName}.Server`) continue;
    const keys = namedChildrenOf(body).map((element) => element.firstNamedChild?.text);
    const address = goStringValue(literal.lastNamedChild?.firstNamedChild);
    if (!keys.includes('Handler') && address !== undefined && !isLoopbackAddress(address)) return true;
  }
  return false;
}

function echoDebugFix(ctx: RuleContext, index: GoIndex, value: Node): Fix {
  const env = DEBUG_ENV_VARS.generic;
  return {
    title: FIX_TITLES.fromEnvironment(env),
    edits: [{ start: value.startIndex, end: value.endIndex, text: `os.Getenv("${env}") == "1"` }, ...goAddImportEdits(ctx.root, 'os', index)],
    isPreferred: true,
  };
}

export function checkGo(ctx: RuleContext): void {
  if (ctx.file.isTestPath) return;
  const index = goIndex(ctx);
  const { imports } = index;
  const usesEcho = ECHO.some((p) => imports.paths.has(p));
  const pprofName = [...imports.byName].find(([, path]) => path === PPROF)?.[0];
  const ginPprof = [...imports.byName].find(([, path]) => path === 'github.com/gin-contrib/pprof')?.[0];

  if (usesEcho) {
    for (const assignment of index.nodes('assignment_statement')) {
      const left = assignment.childForFieldName('left')?.firstNamedChild;
      const right = assignment.childForFieldName('right')?.firstNamedChild;
      if (left?.type !== 'selector_expression' || left.childForFieldName('field')?.text !== 'Debug' || right?.type !== 'true') continue;
      if (devGuarded(assignment)) continue;
      ctx.report({
        node: assignment,
        message: debugMessage(
          `\`${left.text} = true\``,
          "makes echo's default error handler send every error's message to clients (SQL errors, file paths, hostnames)",
          environmentAdvice(DEBUG_ENV_VARS.generic),
        ),
        fixes: [echoDebugFix(ctx, index, right)],
      });
    }
  }

  const blank = imports.specs.get(PPROF);
  if (blank?.childForFieldName('name')?.type === 'blank_identifier' && servesDefaultMuxPublicly(index, ctx.root)) {
    ctx.report({
      node: blank,
      message: debugMessage('The blank import of `net/http/pprof`', PPROF_EFFECT, PPROF_ADVICE),
    });
  }

  if (pprofName || ginPprof) {
    for (const call of index.nodes('call_expression')) {
      const callee = goCallName(call);
      if (!callee) continue;
      if (ginPprof && callee.receiver?.text === ginPprof && callee.name === 'Register') {
        if (devGuarded(call)) continue;
        ctx.report({ node: call, message: debugMessage(`\`${ginPprof}.Register(…)\``, PPROF_EFFECT.replace('public server', 'application router'), PPROF_ADVICE) });
        continue;
      }
      if (!pprofName) continue;
      const handler = goArguments(call).find((arg) => {
        if (arg.type !== 'selector_expression') return false;
        return arg.childForFieldName('operand')?.text === pprofName && PPROF_HANDLERS.has(arg.childForFieldName('field')?.text ?? '');
      });
      if (!handler || !/^Handle(?:Func)?$|^(?:GET|Get|Any|Handle|HandleFunc|Path|PathPrefix)$/.test(callee.name)) continue;
      if (callee.receiver?.type === 'identifier' && imports.byName.get(callee.receiver.text) === 'net/http') continue; // DefaultServeMux: the blank-import case
      if (devGuarded(call)) continue;
      ctx.report({ node: call, message: debugMessage(`\`${handler.text}\` registered on a router`, PPROF_EFFECT.replace('public server', 'application router'), PPROF_ADVICE) });
    }
  }
}
