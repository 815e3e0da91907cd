/**
 * The CLI as users run it: the built dist/cli.js in a child process, on temporary workspaces.
 * Requires `npm run build` first (npm test does it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import type { JsonReport } from '../../src/core/report/json';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
const SARIF_SCHEMA = path.resolve(__dirname, '..', '..', 'node_modules', '@microsoft', 'jest-sarif', 'lib', 'schemas', 'sarif-2.1.0-rtm.5.json');
const temporary: string[] = [];
after(() => { for (const dir of temporary) rmSync(dir, { recursive: true, force: true }); });

function workspace(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'prodready-cli-'));
  temporary.push(root);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), content);
  }
  return root;
}

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function json(root: string, ...args: string[]): JsonReport {
  const result = cli('scan', root, '--format', 'json', '--fail-on', 'none', ...args);
  assert.equal(result.status, 0, result.stderr);
  return JSON.parse(result.stdout) as JsonReport;
}

const LEAKY_APP = `const stripeKey = 'sk_live_51HqLyjWDarjtT1zdp7dc4Xg2vZ8mKq3RtY6uIo9P';
async function find(db, id) {
  return db.query("SELECT * FROM users WHERE id = " + id);
}
module.exports = { stripeKey, find };
`;

describe('prodready CLI', () => {
  it('reports findings as the version 1 JSON contract, with 1-based positions and masked secrets', () => {
    const root = workspace({ 'src/app.js': LEAKY_APP });
    const report = json(root);
    assert.equal(report.version, 1);
    assert.equal(report.root, root);
    const secret = report.findings.find((f) => f.ruleId === 'hardcoded-secret');
    assert.ok(secret, 'the Stripe live key is reported');
    assert.deepEqual([secret.file, secret.line, secret.category, secret.severity], ['src/app.js', 1, 'hardcoded-data', 'error']);
    assert.ok(secret.column >= 1 && secret.endLine >= secret.line);
    assert.ok(!secret.message.includes('sk_live_51HqLyjWDarjtT1zdp7dc4Xg2vZ8mKq3RtY6uIo9P'), 'the secret is masked');
    const sql = report.findings.find((f) => f.category === 'sql-concat');
    assert.ok(sql, 'the concatenated query is reported');
    assert.equal(sql.line, 3);
    assert.equal(typeof report.readiness.score, 'number');
    assert.ok(report.readiness.score >= 0 && report.readiness.score <= 100);
    assert.equal(report.readiness.checks.length, 10);
    assert.equal(report.stats.files, 1);
    assert.equal(typeof report.stats.durationMs, 'number');
  });

  it('writes SARIF 2.1.0 that validates against the schema and carries rule metadata', () => {
    const root = workspace({ 'src/app.js': LEAKY_APP });
    const result = cli('scan', root, '--format', 'sarif', '--fail-on', 'none');
    assert.equal(result.status, 0, result.stderr);
    const sarif = JSON.parse(result.stdout) as { version: string; runs: { tool: { driver: { rules: { id: string; help?: { markdown?: string } }[] } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
    // the official schema has a pattern that is invalid in unicode mode
    const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false, validateFormats: false });
    const validate = ajv.compile(JSON.parse(readFileSync(SARIF_SCHEMA, 'utf8')) as object);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    const run = sarif.runs[0];
    assert.ok(run);
    assert.ok(run.tool.driver.rules.some((r) => r.id === 'hardcoded-secret' && (r.help?.markdown ?? '').includes('## What it finds')));
    const location = run.results.find((r) => r.ruleId === 'hardcoded-secret')?.locations[0]?.physicalLocation;
    assert.deepEqual([location?.artifactLocation.uri, location?.region.startLine], ['src/app.js', 1]);
  });

  it('exits 1 on findings at or above --fail-on, 0 below it, 2 on usage errors', () => {
    const root = workspace({ 'src/app.js': LEAKY_APP });
    assert.equal(cli('scan', root).status, 1);
    assert.equal(cli('scan', root, '--fail-on', 'error').status, 1);
    assert.equal(cli('scan', root, '--fail-on', 'none').status, 0);
    const clean = workspace({ 'src/ok.js': 'module.exports = (a, b) => a + b;\n' });
    assert.equal(cli('scan', clean).status, 0);
    const badFlag = cli('scan', root, '--format', 'xml');
    assert.equal(badFlag.status, 2);
    assert.match(badFlag.stderr, /--format must be one of text, json, sarif, markdown/);
    const missing = cli('scan', path.join(root, 'does-not-exist'));
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /Cannot scan .*does-not-exist/);
    assert.doesNotMatch(missing.stderr, /\n\s+at /, 'no stack trace');
  });

  it('prints grouped text with the readiness summary and no colour when not on a terminal', () => {
    const root = workspace({ 'src/app.js': LEAKY_APP });
    const result = cli('scan', root, '--fail-on', 'none');
    assert.match(result.stdout, /^src\/app\.js$/m);
    assert.match(result.stdout, /hardcoded-secret/);
    assert.match(result.stdout, /Readiness \d+\/100/);
    assert.ok(!result.stdout.includes('\u001b['), 'no ANSI colour codes');
  });

  it('honours .gitignore (nested too), .prodreadyignore and skips vendored and generated code, counting every skip', () => {
    const root = workspace({
      '.gitignore': 'ignored.js\n',
      '.prodreadyignore': 'legacy/\n',
      'src/app.js': LEAKY_APP,
      'ignored.js': LEAKY_APP,
      'legacy/old.js': LEAKY_APP,
      'pkg/.gitignore': 'local.js\n',
      'pkg/local.js': LEAKY_APP,
      'node_modules/dep/index.js': LEAKY_APP,
      'api/service.pb.go': 'package api\n',
      'gen/models.js': `// @generated by codegen\n${LEAKY_APP}`,
      'public/app.min.js': LEAKY_APP,
      'notes.txt': 'hello',
    });
    const report = json(root);
    assert.deepEqual([...new Set(report.findings.map((f) => f.file))], ['src/app.js']);
    assert.equal(report.stats.files, 1);
    // .gitignore, .prodreadyignore, pkg/.gitignore and notes.txt are not source files
    assert.deepEqual(report.stats.skipped, {
      'unsupported-language': 4, gitignored: 2, prodreadyignore: 1, 'ignored-directory': 1, generated: 2, minified: 1,
    });
  });

  it('honours suppression comments and prodready-ignore-file', () => {
    const root = workspace({
      'a.js': `// prodready-ignore-next-line hardcoded-secret -- rotated, kept for the demo\n${LEAKY_APP}`,
      'b.js': `// prodready-ignore-file\n${LEAKY_APP}`,
      'c.py': 'import sqlite3\ndef f(db, x):\n    return db.execute("SELECT * FROM t WHERE id = " + x)  # prodready-ignore sql-concatenation -- x is an int\n',
    });
    const report = json(root);
    assert.deepEqual(report.findings.map((f) => `${f.file}:${f.ruleId}`), ['a.js:sql-concatenation']);
  });

  it('applies .prodready.json: rules off, severity changes, extra ignores, and reports bad keys clearly', () => {
    const root = workspace({
      '.prodready.json': JSON.stringify({ rules: { 'hardcoded-secret': 'off' }, categories: { 'sql-concat': 'info' }, ignore: ['scripts/**'] }),
      'src/app.js': LEAKY_APP,
      'scripts/seed.js': LEAKY_APP,
    });
    const report = json(root);
    assert.deepEqual(report.findings.map((f) => `${f.file}:${f.ruleId}:${f.severity}`), ['src/app.js:sql-concatenation:info']);
    assert.equal(cli('scan', root).status, 0, 'info is below the default --fail-on warning');

    const bad = workspace({ '.prodready.json': JSON.stringify({ rules: { 'no-such-rule': 'off', 'empty-catch': 'loud' }, colour: true }) });
    const result = cli('scan', bad);
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown key "colour"/);
    assert.match(result.stderr, /rules\.empty-catch/);
    assert.doesNotMatch(result.stderr, /\n\s+at /);
    const notJson = workspace({ '.prodready.json': '{ rules: ' });
    assert.match(cli('scan', notJson).stderr, /not valid JSON/);
    const viaFlag = cli('scan', root, '--config', path.join(root, 'missing.json'));
    assert.equal(viaFlag.status, 2);
    assert.match(viaFlag.stderr, /missing\.json[\s\S]*file not found/);
  });

  it('skips bad input with a clear note and goes on scanning', () => {
    const big = `const data = "${'a'.repeat(5 * 1024 * 1024)}";\n`;
    const root = workspace({
      'binary.js': Buffer.from([0x63, 0x6f, 0x00, 0x01, 0x02, 0xff]),
      'latin1.py': Buffer.from([0x23, 0x20, 0xe9, 0xe8, 0x0a]),
      'huge.js': big,
      'broken.js': 'function ( {\n  const stripeKey = "sk_live_51HqLyjWDarjtT1zdp7dc4Xg2vZ8mKq3RtY6uIo9P";\n',
      'src/app.js': LEAKY_APP,
    });
    const result = cli('scan', root, '--format', 'json', '--fail-on', 'none');
    assert.equal(result.status, 0, result.stderr);
    const report = JSON.parse(result.stdout) as JsonReport;
    assert.equal(report.stats.skipped.binary, 1);
    assert.equal(report.stats.skipped['invalid-utf8'], 1);
    assert.equal(report.stats.skipped['too-large'], 1);
    assert.match(result.stderr, /binary\.js: skipped: binary content/);
    assert.match(result.stderr, /latin1\.py: skipped: not valid UTF-8/);
    assert.match(result.stderr, /huge\.js: skipped: \d+ KiB is over the 1024 KiB limit/);
    assert.ok(report.findings.some((f) => f.file === 'src/app.js'), 'the good file is still scanned');
    assert.ok(report.findings.some((f) => f.file === 'broken.js' && f.ruleId === 'hardcoded-secret'), 'a file with syntax errors still yields what can be found');
  });

  it('notes an unreadable file and goes on', { skip: process.getuid?.() === 0 ? 'root reads files whatever their mode (see read-source tests)' : false }, () => {
    const root = workspace({ 'secret.js': LEAKY_APP, 'src/app.js': LEAKY_APP });
    chmodSync(path.join(root, 'secret.js'), 0o000);
    const result = cli('scan', root, '--format', 'json', '--fail-on', 'none');
    assert.equal(result.status, 0);
    assert.match(result.stderr, /secret\.js: skipped: cannot read/);
  });
});
