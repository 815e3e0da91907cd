/**
 * The generic fixture runner: every annotated fixture under test/fixtures/<rule-id>/ is analysed
 * and checked strictly both ways for the rule it belongs to. `expect` must fire on the line after
 * it; `ok` must not; any other finding of that rule is unexpected. `todo-*` record known gaps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeText } from '../../src/core/analyze';
import { applyEdits } from '../../src/core/fixes';
import { parse } from '../../src/core/parser';
import { grammarForPath, languageForPath } from '../../src/core/languages';
import { loadFixtures } from '../support/annotations';
import path from 'node:path';

/** ERROR and MISSING nodes: what tree-sitter inserts where the text does not parse. */
async function syntaxErrorCount(virtualPath: string, text: string): Promise<number> {
  const spec = languageForPath(virtualPath);
  if (!spec) return 0;
  const tree = await parse(grammarForPath(spec, virtualPath), text);
  if (!tree) return Number.POSITIVE_INFINITY;
  let errors = 0;
  const cursor = tree.walk();
  for (;;) {
    if (cursor.currentNode.isError || cursor.currentNode.isMissing) errors++;
    if (cursor.gotoFirstChild() || cursor.gotoNextSibling()) continue;
    let climbed = true;
    while (climbed && !cursor.gotoNextSibling()) climbed = cursor.gotoParent();
    if (!climbed) break;
  }
  tree.delete();
  return errors;
}

for (const fixture of loadFixtures()) {
  const name = `${fixture.ruleId}/${path.basename(fixture.file)}`;
  describe(name, () => {
    it('reports exactly the expected lines', async () => {
      const analysis = await analyzeText({ path: fixture.virtualPath, text: fixture.text });
      assert.deepEqual(analysis.ruleErrors, [], 'a rule threw');
      const firing = new Set(analysis.findings.filter((f) => f.ruleId === fixture.ruleId).map((f) => f.range.start.line));
      const problems: string[] = [];
      const annotated = new Set<number>();
      for (const annotation of fixture.annotations) {
        if (!annotation.ruleIds.includes(fixture.ruleId)) continue;
        annotated.add(annotation.targetLine);
        const fired = firing.has(annotation.targetLine);
        const where = `line ${String(annotation.targetLine + 1)}`;
        if (annotation.kind === 'expect' && !fired) problems.push(`${where}: expected ${fixture.ruleId}, got nothing`);
        if (annotation.kind === 'ok' && fired) problems.push(`${where}: expected no ${fixture.ruleId}, but it fired`);
      }
      for (const line of firing) {
        if (!annotated.has(line)) problems.push(`line ${String(line + 1)}: ${fixture.ruleId} fired without an annotation`);
      }
      assert.deepEqual(problems, [], `${name}\n${problems.join('\n')}`);
    });

    it('offers fixes that apply cleanly and keep the file parseable', async () => {
      const analysis = await analyzeText({ path: fixture.virtualPath, text: fixture.text });
      const own = analysis.findings.filter((f) => f.ruleId === fixture.ruleId);
      const baseline = await syntaxErrorCount(fixture.virtualPath, fixture.text);
      for (const finding of own) {
        for (const fix of finding.fixes) {
          const fixed = applyEdits(fixture.text, fix.edits);
          assert.notEqual(fixed, fixture.text, `fix "${fix.title}" at line ${String(finding.range.start.line + 1)} changes nothing`);
          const errors = await syntaxErrorCount(fixture.virtualPath, fixed);
          assert.ok(errors <= baseline, `fix "${fix.title}" at line ${String(finding.range.start.line + 1)} introduces syntax errors`);
        }
      }
      if (fixture.fixedText !== undefined) {
        const firstFixes = own.flatMap((f) => f.fixes.slice(0, 1).flatMap((fix) => fix.edits));
        assert.equal(applyEdits(fixture.text, firstFixes), fixture.fixedText, `${name}: text after applying every first fix`);
      }
    });
  });
}
