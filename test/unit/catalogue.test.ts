/** Meta-tests that keep the rule catalogue honest: registered, documented, with fixtures. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { LANGUAGES } from '../../src/core/languages';
import { RULES } from '../../src/core/registry';
import { CATEGORIES, LANGUAGE_IDS } from '../../src/core/types';
import { withRulesTable } from '../../src/core/report/rules-table';
import { FIXTURES_DIR, loadFixtures } from '../support/annotations';

const RULES_DIR = path.resolve(__dirname, '..', '..', 'src', 'core', 'rules');
const DOC_HEADINGS = ['## What it finds', '## Why it matters in production', '## Example', '## Use instead', '## Options'];
const MIN_CASES = 10;

describe('rule catalogue', () => {
  it('registers every rule folder, sorted by id, with unique kebab-case ids', () => {
    const folders = readdirSync(RULES_DIR, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(path.join(RULES_DIR, entry.name, 'index.ts')))
      .map((entry) => entry.name)
      .sort();
    const ids = RULES.map((rule) => rule.meta.id);
    assert.deepEqual(ids, folders);
    assert.deepEqual(ids, [...ids].sort());
    for (const id of ids) assert.match(id, /^[a-z]+(-[a-z]+)*$/);
  });

  for (const rule of RULES) {
    describe(rule.meta.id, () => {
      it('declares at least one language and has a check for each', () => {
        assert.ok(rule.meta.languages.length > 0, 'no languages');
        for (const language of rule.meta.languages) assert.equal(typeof rule.check[language], 'function', language);
      });

      it('has docs with the fixed headings', () => {
        const doc = path.join(RULES_DIR, rule.meta.id, 'docs.md');
        assert.ok(existsSync(doc), `missing ${doc}`);
        const text = readFileSync(doc, 'utf8');
        assert.ok(text.startsWith(`# ${rule.meta.id}`), 'docs must start with "# <rule-id>"');
        for (const heading of DOC_HEADINGS) assert.ok(text.includes(heading), `docs lack "${heading}"`);
      });

      it('has a fixture for each language it declares', () => {
        const files = existsSync(path.join(FIXTURES_DIR, rule.meta.id)) ? readdirSync(path.join(FIXTURES_DIR, rule.meta.id)) : [];
        for (const language of rule.meta.languages) {
          const extensions = LANGUAGES[language].extensions;
          assert.ok(files.some((f) => !f.includes('.fixed.') && extensions.some((ext) => f.endsWith(ext))), `no ${language} fixture`);
        }
      });
    });
  }

  it('lists every rule in the README table, generated from the metadata (npm run docs)', () => {
    const readme = readFileSync(path.resolve(__dirname, '..', '..', 'README.md'), 'utf8');
    assert.equal(readme, withRulesTable(readme), 'README rules table is stale: run `npm run docs`');
  });

  it(`has at least ${String(MIN_CASES)} positive and ${String(MIN_CASES)} negative cases per category per language`, () => {
    const counts = new Map<string, { expect: number; ok: number }>();
    const fixtures = loadFixtures();
    for (const fixture of fixtures) {
      const rule = RULES.find((r) => r.meta.id === fixture.ruleId);
      if (!rule) continue;
      const key = `${rule.meta.category}/${fixture.language}`;
      const count = counts.get(key) ?? { expect: 0, ok: 0 };
      for (const annotation of fixture.annotations) {
        if (!annotation.ruleIds.includes(fixture.ruleId)) continue;
        if (annotation.kind === 'expect') count.expect++;
        if (annotation.kind === 'ok') count.ok++;
      }
      counts.set(key, count);
    }
    const short: string[] = [];
    for (const category of CATEGORIES) {
      const languages = new Set(RULES.filter((r) => r.meta.category === category).flatMap((r) => r.meta.languages));
      for (const language of LANGUAGE_IDS) {
        if (!languages.has(language)) continue;
        const count = counts.get(`${category}/${language}`) ?? { expect: 0, ok: 0 };
        if (count.expect < MIN_CASES || count.ok < MIN_CASES) {
          short.push(`${category}/${language}: ${String(count.expect)} expect, ${String(count.ok)} ok`);
        }
      }
    }
    assert.deepEqual(short, []);
  });
});
