// The tools compared, how each is started (a cold process every time), which files it reads, and
// how its report is read back into one shape: { filesRead, parseErrors, findings: [{ file, line, endLine, ruleId }] }
// with file relative to the scanned folder and 1-based lines.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DIST, PEERS } from './setup.mjs';

const JS = /\.(?:js|mjs|cjs|jsx)$/;
const TS = /\.(?:ts|tsx|mts|cts)$/;
const PY = /\.pyw?$/;
const ANY = /\.(?:js|mjs|cjs|jsx|ts|tsx|mts|cts|pyw?|java|go|cs|php|rb|rake)$/;

const relative = (dir, file) => path.relative(dir, path.resolve(dir, file)).split(path.sep).join('/');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

export const TOOLS = {
  prodready: {
    label: 'ProdReady',
    reads: (file) => ANY.test(file),
    command: (dir, out) => [process.execPath, path.join(DIST, 'cli.js'), 'scan', dir, '--format', 'json', '--output', out, '--fail-on', 'none'],
    read(out, dir) {
      const report = readJson(out);
      return {
        filesRead: report.stats.files,
        parseErrors: report.stats.filesWithSyntaxErrors,
        scanMs: report.stats.durationMs,
        findings: report.findings.map((f) => ({ file: relative(dir, f.file), line: f.line, endLine: f.endLine, ruleId: f.ruleId, category: f.category })),
      };
    },
  },
  eslint: {
    label: 'ESLint + security + sonarjs',
    reads: (file) => JS.test(file) || TS.test(file),
    command: (dir, out) => [process.execPath, path.join(PEERS, 'node_modules', 'eslint', 'bin', 'eslint.js'), '-c', path.join(PEERS, 'eslint.config.mjs'), '--no-warn-ignored', '-f', 'json', '-o', out, '.'],
    read(out, dir) {
      const results = readJson(out);
      const findings = [];
      let parseErrors = 0;
      for (const result of results) {
        if (result.messages.some((m) => m.fatal)) parseErrors++;
        for (const m of result.messages) {
          if (m.fatal || !m.ruleId) continue;
          findings.push({ file: relative(dir, result.filePath), line: m.line, endLine: m.endLine ?? m.line, ruleId: m.ruleId });
        }
      }
      return { filesRead: results.length, parseErrors, findings };
    },
  },
  secretlint: {
    label: 'secretlint (recommended preset)',
    reads: (file) => ANY.test(file),
    command: (dir, out) => [process.execPath, path.join(PEERS, 'node_modules', 'secretlint', 'bin', 'secretlint.js'), '**/*', '--secretlintrc', path.join(PEERS, '.secretlintrc.json'), '--format', 'json', '--output', out],
    read(out, dir) {
      const results = existsSync(out) ? readJson(out) : [];
      const findings = results.flatMap((result) =>
        result.messages.map((m) => ({ file: relative(dir, result.filePath), line: m.loc?.start?.line ?? 1, endLine: m.loc?.end?.line ?? m.loc?.start?.line ?? 1, ruleId: m.ruleId })),
      );
      return { filesRead: results.length, parseErrors: 0, findings };
    },
  },
  bandit: {
    label: 'bandit',
    reads: (file) => PY.test(file),
    command: (dir, out) => [process.env.BENCH_BANDIT ?? 'bandit', '-q', '-r', '.', '-f', 'json', '-o', out],
    read(out, dir) {
      const report = readJson(out);
      const files = Object.keys(report.metrics ?? {}).filter((k) => k !== '_totals');
      return {
        filesRead: files.length,
        parseErrors: (report.errors ?? []).length,
        findings: (report.results ?? []).map((r) => ({
          file: relative(dir, r.filename),
          line: r.line_number,
          endLine: Math.max(r.line_number, ...(r.line_range ?? [])),
          ruleId: `${r.test_id}:${r.test_name}`,
        })),
      };
    },
  },
};

/**
 * The one mapping from peer rule ids to ProdReady's four categories (documented in
 * docs/benchmarks.md). Rules not listed report things outside the four categories: they are
 * counted as "other findings" and do not enter precision or recall.
 */
export const PEER_CATEGORY = {
  eslint: {
    'sonarjs/no-hardcoded-passwords': 'hardcoded-data',
    'sonarjs/no-hardcoded-secrets': 'hardcoded-data',
    'sonarjs/hardcoded-secret-signatures': 'hardcoded-data',
    'sonarjs/no-hardcoded-ip': 'hardcoded-data',
    'sonarjs/no-ignored-exceptions': 'swallowed-error',
    'sonarjs/no-try-promise': 'swallowed-error',
    'no-empty': 'swallowed-error',
    'sonarjs/production-debug': 'stack-trace-leak',
    'sonarjs/sql-queries': 'sql-concat',
  },
  bandit: {
    'B105:hardcoded_password_string': 'hardcoded-data',
    'B106:hardcoded_password_funcarg': 'hardcoded-data',
    'B107:hardcoded_password_default': 'hardcoded-data',
    'B110:try_except_pass': 'swallowed-error',
    'B112:try_except_continue': 'swallowed-error',
    'B201:flask_debug_true': 'stack-trace-leak',
    'B608:hardcoded_sql_expressions': 'sql-concat',
    'B610:django_extra_used': 'sql-concat',
    'B611:django_rawsql_used': 'sql-concat',
  },
  // every rule of secretlint's recommended preset finds a credential in the text
  secretlint: new Proxy({}, { get: (_, key) => (typeof key === 'string' && key.startsWith('@secretlint/') ? 'hardcoded-data' : undefined) }),
};

export function categoryOf(tool, finding) {
  if (tool === 'prodready') return finding.category;
  return PEER_CATEGORY[tool][finding.ruleId];
}

export const MAPPING_TABLE = [
  ['hardcoded-data', 'ESLint: `sonarjs/no-hardcoded-passwords`, `sonarjs/no-hardcoded-secrets`, `sonarjs/hardcoded-secret-signatures`, `sonarjs/no-hardcoded-ip`; secretlint: every rule of `@secretlint/secretlint-rule-preset-recommend`; bandit: B105 `hardcoded_password_string`, B106 `hardcoded_password_funcarg`, B107 `hardcoded_password_default`'],
  ['swallowed-error', 'ESLint: `no-empty` (eslint:recommended), `sonarjs/no-ignored-exceptions`, `sonarjs/no-try-promise`; bandit: B110 `try_except_pass`, B112 `try_except_continue`'],
  ['stack-trace-leak', 'ESLint: `sonarjs/production-debug`; bandit: B201 `flask_debug_true`'],
  ['sql-concat', 'ESLint: `sonarjs/sql-queries`; bandit: B608 `hardcoded_sql_expressions`, B610 `django_extra_used`, B611 `django_rawsql_used`'],
];

export const FILE_FILTERS = { JS, TS, PY, ANY };
