import type { Node } from 'web-tree-sitter';
import type { LanguageSpec } from './languages';

/** What one file tells about the workspace's production habits (for the readiness checklist). */
export interface CodeFacts {
  /** Imports a real logging library (winston, pino, logging, slf4j, zap, Serilog, Monolog…). */
  readonly usesLogger: boolean;
  /** Wires up error monitoring or tracing (Sentry, OpenTelemetry, Datadog, New Relic, Bugsnag…). */
  readonly usesMonitoring: boolean;
  /** Declares a health-check route (`/health`, `/healthz`, `/ready`, `/livez`…). */
  readonly hasHealthRoute: boolean;
}

export const NO_FACTS: CodeFacts = { usesLogger: false, usesMonitoring: false, hasHealthRoute: false };

// Matched against module names in import declarations and string literals only.
const LOGGER = /(?:^|[\s'"`/.\\])(?:winston|pino|bunyan|log4js|loglevel|consola|tslog|logging|structlog|loguru|slf4j|log4j|logback|zap|logrus|zerolog|slog|Serilog|NLog|Microsoft\.Extensions\.Logging|Monolog|Psr\\Log|semantic_logger|lograge)(?:$|[\s'"`/.\\;])/;
const MONITORING = /sentry|opentelemetry|newrelic|dd-trace|ddtrace|datadog|bugsnag|rollbar|honeybadger|elastic-apm|@elastic\/apm|appsignal|airbrake|applicationinsights|raygun/i;
/** A quoted module path such as 'pino', "@sentry/node" or "go.uber.org/zap": no spaces. */
const MODULE_PATH = /^['"`][@\w][\w@./:-]*['"`]$/;
const HEALTH_ROUTE = /^['"`]?\/(?:api\/)?(?:health|healthz|healthcheck|health-check|_health|ready|readyz|readiness|live|livez|liveness)\/?['"`]?$/i;
/** Anywhere in a file that has a HEALTH_ROUTE string (every node's text is part of the file's text). */
const HEALTH_HINT = /\/(?:api\/)?_?(?:health|ready|live)/i;

/**
 * `fileText`, when given, lets a file skip the walks that cannot find anything: a
 * node's text is part of the file's text, so a pattern absent from the file is absent from every
 * node. Each walk costs about a tenth of the parse.
 */
export function collectFacts(root: Node, spec: LanguageSpec, fileText?: string): CodeFacts {
  let usesLogger = false;
  let usesMonitoring = false;
  let hasHealthRoute = false;
  const mayName = fileText === undefined || LOGGER.test(fileText) || MONITORING.test(fileText);
  const imports = spec.importTypes.length > 0 && mayName ? root.descendantsOfType(spec.importTypes as string[]) : [];
  for (const node of imports) {
    if (!node) continue;
    const text = node.text;
    usesLogger ||= LOGGER.test(text);
    usesMonitoring ||= MONITORING.test(text);
  }
  const stringsMatter = fileText === undefined || HEALTH_HINT.test(fileText) || (mayName && !(usesLogger && usesMonitoring));
  for (const node of stringsMatter ? root.descendantsOfType(spec.stringTypes as string[]) : []) {
    if (!node || node.endIndex - node.startIndex > 120) continue;
    const text = node.text;
    hasHealthRoute ||= HEALTH_ROUTE.test(text);
    // require('pino'), Go import paths, Ruby require 'sentry-ruby': module names that live in strings
    if (text.length < 80 && MODULE_PATH.test(text)) {
      usesLogger ||= LOGGER.test(text);
      usesMonitoring ||= MONITORING.test(text);
    }
  }
  return { usesLogger, usesMonitoring, hasHealthRoute };
}

export function mergeFacts(a: CodeFacts, b: CodeFacts): CodeFacts {
  return {
    usesLogger: a.usesLogger || b.usesLogger,
    usesMonitoring: a.usesMonitoring || b.usesMonitoring,
    hasHealthRoute: a.hasHealthRoute || b.hasHealthRoute,
  };
}
