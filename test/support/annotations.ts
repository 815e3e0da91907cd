import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { languageForPath } from '../../src/core/languages';
import type { LanguageId } from '../../src/core/types';

export const FIXTURES_DIR = path.resolve(__dirname, '..', 'fixtures');

export type Expectation = 'expect' | 'ok' | 'todo-expect' | 'todo-ok';

export interface Annotation {
  readonly kind: Expectation;
  readonly ruleIds: readonly string[];
  /** Zero-based line the annotation applies to (the next line that is not an annotation). */
  readonly targetLine: number;
  /** Zero-based line of the annotation itself, for messages. */
  readonly annotationLine: number;
}

export interface Fixture {
  /** Rule id = the fixture's folder name. */
  readonly ruleId: string;
  readonly file: string;
  readonly language: LanguageId;
  readonly text: string;
  /** Path the engine is told (for path conventions such as Django settings modules). */
  readonly virtualPath: string;
  readonly annotations: readonly Annotation[];
  /** Text of `<name>.fixed.<ext>` when present: expected result after applying each finding's first fix. */
  readonly fixedText?: string;
}

const ANNOTATION = /^\s*(?:\/\/|#|\/\*|<!--|--)\s*(todo-expect|todo-ok|expect|ok):\s*([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)/;
const VIRTUAL_PATH = /prodready-fixture-path:\s*(\S+)/;

export function parseAnnotations(text: string): Annotation[] {
  const lines = text.split('\n');
  const annotations: Annotation[] = [];
  let pending: { kind: Expectation; ruleIds: string[]; annotationLine: number }[] = [];
  lines.forEach((line, index) => {
    const match = ANNOTATION.exec(line);
    if (match) {
      pending.push({ kind: match[1] as Expectation, ruleIds: (match[2] ?? '').split(/\s*,\s*/), annotationLine: index });
      return;
    }
    for (const annotation of pending) annotations.push({ ...annotation, targetLine: index });
    pending = [];
  });
  return annotations;
}

export function loadFixtures(): Fixture[] {
  if (!existsSync(FIXTURES_DIR)) return [];
  const fixtures: Fixture[] = [];
  for (const ruleId of readdirSync(FIXTURES_DIR).sort()) {
    const dir = path.join(FIXTURES_DIR, ruleId);
    for (const name of readdirSync(dir).sort()) {
      if (name.includes('.fixed.') || name.endsWith('.md')) continue;
      const language = languageForPath(name)?.id;
      if (!language) continue;
      const file = path.join(dir, name);
      const text = readFileSync(file, 'utf8');
      const fixedFile = path.join(dir, name.replace(/(\.[^.]+)$/, '.fixed$1'));
      const virtualPath = VIRTUAL_PATH.exec(text.slice(0, 500))?.[1] ?? `src/${name}`;
      fixtures.push({
        ruleId,
        file,
        language,
        text,
        virtualPath,
        annotations: parseAnnotations(text),
        ...(existsSync(fixedFile) ? { fixedText: readFileSync(fixedFile, 'utf8') } : {}),
      });
    }
  }
  return fixtures;
}
