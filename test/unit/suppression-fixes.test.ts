import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Node } from 'web-tree-sitter';
import { applyEdits } from '../../src/core/fixes';
import { LANGUAGES, grammarForPath } from '../../src/core/languages';
import { parse } from '../../src/core/parser';
import { ignoreFileFix, ignoreLineFix, REASON_PLACEHOLDER, suppressionFixes } from '../../src/core/suppression-fixes';
import { collectSuppressions } from '../../src/core/suppressions';
import type { Fix, LanguageId } from '../../src/core/types';

const apply = (text: string, fix: Fix): string => applyEdits(text, fix.edits);

/** Parses `text` and returns the syntax-error count and what the engine's suppression reader makes of its comments. */
async function inspect(language: LanguageId, fileName: string, text: string) {
  const spec = LANGUAGES[language];
  const tree = await parse(grammarForPath(spec, fileName), text);
  assert.ok(tree, 'parsed');
  try {
    const errors = tree.rootNode.descendantsOfType('ERROR').length + (tree.rootNode.hasError ? 1 : 0);
    const comments = tree.rootNode.descendantsOfType(spec.commentTypes as string[]).filter((n): n is Node => n !== null);
    return { errors, suppressions: collectSuppressions(comments) };
  } finally {
    tree.delete();
  }
}

describe('ignoreLineFix', () => {
  it('inserts the directive above the line with its indentation and a reason placeholder', () => {
    const text = 'function f() {\n  try { run(); } catch (e) {}\n}\n';
    const fix = ignoreLineFix({ text, language: 'javascript', ruleId: 'empty-catch', line: 1 });
    assert.equal(fix.title, 'Ignore empty-catch on this line (with reason)');
    assert.equal(
      apply(text, fix),
      'function f() {\n  // prodready-ignore-next-line empty-catch -- TODO: reason\n  try { run(); } catch (e) {}\n}\n',
    );
  });

  it('uses the language comment syntax and the given reason', () => {
    const text = 'def f():\n\ttry:\n\t\trun()\n\texcept Exception:\n\t\tpass\n';
    const fix = ignoreLineFix({ text, language: 'python', ruleId: 'empty-catch', line: 3 }, 'best effort cleanup');
    assert.equal(apply(text, fix), 'def f():\n\ttry:\n\t\trun()\n\t# prodready-ignore-next-line empty-catch -- best effort cleanup\n\texcept Exception:\n\t\tpass\n');
  });

  it('adds the rule to a directive already above the line instead of stacking a second comment', () => {
    const text = '    // prodready-ignore-next-line hardcoded-secret -- test key\n    const url = "postgres://u:p@db/x" + id;\n';
    const fix = ignoreLineFix({ text, language: 'typescript', ruleId: 'sql-concatenation', line: 1 });
    assert.equal(apply(text, fix), '    // prodready-ignore-next-line hardcoded-secret, sql-concatenation -- test key\n    const url = "postgres://u:p@db/x" + id;\n');
  });

  it('keeps CRLF line endings', () => {
    const text = 'a = 1\r\nb = "SELECT " + x\r\n';
    const fix = ignoreLineFix({ text, language: 'python', ruleId: 'sql-concatenation', line: 1 });
    assert.equal(apply(text, fix), `a = 1\r\n# prodready-ignore-next-line sql-concatenation -- ${REASON_PLACEHOLDER}\r\nb = "SELECT " + x\r\n`);
  });

  it('works on the first and the last line (without a trailing newline)', () => {
    assert.equal(apply('x := 1', ignoreLineFix({ text: 'x := 1', language: 'go', ruleId: 'r', line: 0 })), `// prodready-ignore-next-line r -- ${REASON_PLACEHOLDER}\nx := 1`);
    const text = 'a\nb';
    assert.equal(apply(text, ignoreLineFix({ text, language: 'ruby', ruleId: 'r', line: 1 })), `a\n# prodready-ignore-next-line r -- ${REASON_PLACEHOLDER}\nb`);
  });
});

describe('ignoreFileFix', () => {
  it('puts the directive at the top', () => {
    const text = 'import x from "y";\n';
    assert.equal(apply(text, ignoreFileFix({ text, language: 'javascript', ruleId: 'empty-catch' })), '// prodready-ignore-file empty-catch\nimport x from "y";\n');
  });

  it('keeps a shebang and a Python encoding declaration first', () => {
    const text = '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\nimport os\n';
    assert.equal(
      apply(text, ignoreFileFix({ text, language: 'python', ruleId: 'hardcoded-secret' })),
      '#!/usr/bin/env python3\n# -*- coding: utf-8 -*-\n# prodready-ignore-file hardcoded-secret\nimport os\n',
    );
    const node = '#!/usr/bin/env node\nrun();';
    assert.equal(apply(node, ignoreFileFix({ text: node, language: 'javascript', ruleId: 'r' })), '#!/usr/bin/env node\n// prodready-ignore-file r\nrun();');
    assert.equal(apply('#!/bin/x', ignoreFileFix({ text: '#!/bin/x', language: 'ruby', ruleId: 'r' })), '#!/bin/x\n# prodready-ignore-file r\n');
  });

  it('goes inside the <?php tag', () => {
    const alone = '<?php\n\necho $x;\n';
    assert.equal(apply(alone, ignoreFileFix({ text: alone, language: 'php', ruleId: 'r' })), '<?php\n// prodready-ignore-file r\n\necho $x;\n');
    const sameLine = '<?php echo $x;\n';
    assert.equal(apply(sameLine, ignoreFileFix({ text: sameLine, language: 'php', ruleId: 'r' })), '<?php\n// prodready-ignore-file r\n echo $x;\n');
    const html = '<html><?php echo $x; ?></html>\n';
    assert.equal(apply(html, ignoreFileFix({ text: html, language: 'php', ruleId: 'r' })), '<?php // prodready-ignore-file r ?>\n<html><?php echo $x; ?></html>\n');
  });

  it('keeps the Go package doc comment apart', () => {
    const text = 'package main\n\nfunc main() {}\n';
    assert.equal(apply(text, ignoreFileFix({ text, language: 'go', ruleId: 'r' })), '// prodready-ignore-file r\n\npackage main\n\nfunc main() {}\n');
  });

  it('adds the rule to an existing whole-file directive', () => {
    const text = '# frozen_string_literal: true\n# prodready-ignore-file hardcoded-secret -- seeds\nputs 1\n';
    assert.equal(
      apply(text, ignoreFileFix({ text, language: 'ruby', ruleId: 'sql-concatenation' })),
      '# frozen_string_literal: true\n# prodready-ignore-file hardcoded-secret, sql-concatenation -- seeds\nputs 1\n',
    );
  });
});

/** Realistic snippets per language; `line` is where a finding starts. */
const SAMPLES: readonly { language: LanguageId; file: string; text: string; line: number }[] = [
  { language: 'javascript', file: 'a.js', line: 3, text: '#!/usr/bin/env node\n\'use strict\';\napp.get("/", async (req, res) => {\n  try { await run(); } catch (e) {}\n});\n' },
  { language: 'typescript', file: 'a.ts', line: 2, text: 'import { db } from "./db";\nexport async function find(id: string) {\n  return db.query(`SELECT * FROM users WHERE id = ${id}`);\n}\n' },
  { language: 'typescript', file: 'a.tsx', line: 2, text: 'export function App() {\n  const key: string = "sk_live_abcdefghijklmnop";\n  return <Widget apiKey={key} />;\n}\n' },
  { language: 'python', file: 'a.py', line: 4, text: '# -*- coding: utf-8 -*-\nimport os\n\ndef handler():\n    password = "hunter2-but-longer"\n    return password\n' },
  { language: 'java', file: 'A.java', line: 4, text: 'package a;\n\nclass A {\n  void f() {\n    try { run(); } catch (Exception e) {}\n  }\n}\n' },
  { language: 'go', file: 'a.go', line: 3, text: 'package main\n\nfunc f() {\n\tq := "SELECT * FROM t WHERE id = " + id\n\t_ = q\n}\n' },
  { language: 'csharp', file: 'A.cs', line: 4, text: 'namespace A;\n\nclass C {\n  void F() {\n    try { Run(); } catch (Exception) { }\n  }\n}\n' },
  { language: 'php', file: 'a.php', line: 2, text: '<?php\nfunction f($id) {\n    return "SELECT * FROM t WHERE id = " . $id;\n}\n' },
  { language: 'php', file: 'b.php', line: 2, text: '<html>\n  <body>\n  <?php echo "SELECT * FROM t WHERE id = " . $id; ?>\n  </body>\n</html>\n' },
  { language: 'ruby', file: 'a.rb', line: 2, text: '# frozen_string_literal: true\ndef f(id)\n  User.where("id = " + id)\nend\n' },
];

describe('suppression fixes in every language', () => {
  for (const sample of SAMPLES) {
    it(`${sample.file}: parse without new errors and suppress the finding line`, async () => {
      const ruleId = 'some-rule';
      const before = await inspect(sample.language, sample.file, sample.text);
      const [lineFix, fileFix] = suppressionFixes({ text: sample.text, language: sample.language, ruleId, line: sample.line });
      assert.ok(lineFix && fileFix);

      const afterLine = await inspect(sample.language, sample.file, apply(sample.text, lineFix));
      assert.ok(afterLine.errors <= before.errors, `"${lineFix.title}" adds syntax errors`);
      // the finding's line moved down by the inserted comment
      assert.ok(afterLine.suppressions.isSuppressed(ruleId, sample.line + 1), 'next-line directive applies to the finding line');
      assert.ok(!afterLine.suppressions.isSuppressed(ruleId, sample.line + 2), 'and only to it');
      assert.ok(!afterLine.suppressions.isSuppressed('other-rule', sample.line + 1), 'and only to that rule');

      const afterFile = await inspect(sample.language, sample.file, apply(sample.text, fileFix));
      assert.ok(afterFile.errors <= before.errors, `"${fileFix.title}" adds syntax errors`);
      assert.ok(afterFile.suppressions.isSuppressed(ruleId, sample.line + 1), 'file directive applies');
      assert.ok(!afterFile.suppressions.isSuppressed('other-rule', 0), 'file directive names the rule only');
    });
  }
});
