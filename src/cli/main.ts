/**
 * prodready scan [path] [--format text|json|sarif|markdown] [--fail-on error|warning|info|none] [--config FILE] [--output FILE]
 * Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage error or unreadable path.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { version } from '../../package.json';
import { ConfigError } from '../core/config';
import { RULES } from '../core/registry';
import { formatJson } from '../core/report/json';
import { formatMarkdown } from '../core/report/markdown';
import { formatSarif } from '../core/report/sarif';
import { formatText } from '../core/report/text';
import { loadConfig, scanWorkspace } from '../core/scan';
import { SEVERITIES, type Severity } from '../core/types';

const FORMATS = ['text', 'json', 'sarif', 'markdown'] as const;
const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;

const USAGE = `Usage: prodready scan [path] [options]

Scans a folder for prototype smells and prints findings and the readiness score.

Options:
  --format <text|json|sarif|markdown>   output format (default: text)
  --fail-on <error|warning|info|none>   exit 1 when a finding is at or above this severity (default: warning)
  --config <file>                       configuration file (default: <path>/.prodready.json)
  --output <file>                       write the report to a file instead of stdout
  --no-color                            no colours in text output (colour is used only on a terminal)
  -h, --help                            show this help
  -v, --version                         show the version

Other commands:
  prodready rules                       list the rules
`;

class UsageError extends Error {}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], flag: string, fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

function severityRank(severity: Severity): number {
  return SEVERITIES.length - SEVERITIES.indexOf(severity);
}

async function run(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        format: { type: 'string' },
        'fail-on': { type: 'string' },
        config: { type: 'string' },
        output: { type: 'string', short: 'o' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  if (values.version) {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  const [command = 'scan', ...rest] = positionals;
  if (command === 'rules') {
    for (const rule of RULES) {
      process.stdout.write(`${rule.meta.id.padEnd(34)} ${rule.meta.category.padEnd(17)} ${rule.meta.severity.padEnd(8)} ${rule.meta.languages.join(',')}\n`);
    }
    return 0;
  }
  if (command !== 'scan') throw new UsageError(`unknown command "${command}"`);
  if (rest.length > 1) throw new UsageError(`scan takes one path (got ${String(rest.length)})`);
  const format = oneOf(values.format, FORMATS, '--format', 'text');
  const failOn = oneOf(values['fail-on'], FAIL_ON, '--fail-on', 'warning');
  const root = rest[0] ?? '.';

  const config = loadConfig(root, values.config);
  const controller = new AbortController();
  process.once('SIGINT', () => { controller.abort(); });
  const result = await scanWorkspace({ root, config, signal: controller.signal, ownsProcess: true });

  const color: boolean = format === 'text' && !values['no-color'] && !values.output && process.stdout.isTTY && !process.env.NO_COLOR;
  const report =
    format === 'json' ? formatJson(result)
    : format === 'sarif' ? formatSarif(result, version)
    : format === 'markdown' ? formatMarkdown(result)
    : formatText(result, { color });
  if (values.output) writeFileSync(values.output, report);
  else process.stdout.write(report);
  if (format !== 'text') for (const problem of result.problems) process.stderr.write(`prodready: note: ${problem.file}: ${problem.message}\n`);

  if (result.cancelled) return 2;
  if (failOn === 'none') return 0;
  const threshold = severityRank(failOn);
  return result.findings.some((f) => severityRank(f.severity) >= threshold) ? 1 : 0;
}

run(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (error: unknown) => {
    if (error instanceof UsageError) process.stderr.write(`prodready: ${error.message}\n\n${USAGE}`);
    else if (error instanceof ConfigError) process.stderr.write(`prodready: ${error.message}\n`);
    else process.stderr.write(`prodready: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
