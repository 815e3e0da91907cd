/**
 * Language-agnostic judgement for `fake-data-response`: language files find request handlers, what they
 * respond with, and turn literal arrays of objects into `LiteralRecord`s; then call:
 *
 *   assessFakeRecords(records, holderName?) -> FakeAssessment | undefined   "is this mock data?"
 *   mayContainFakeData(fileText)            -> boolean                      whole-file gate before walking the tree
 *   isFakeHolderName(name)                  -> boolean                      mockUsers, FAKE_ORDERS, sample_items
 *   fakeDataMessage(route, assessment)      -> string                       the finding message
 *
 * A response is fake when it is a literal list of 2+ record-like objects (2+ fields each) AND either the
 * variable holding it is named mock/fake/dummy/sample/stub/placeholder/seed, or a field value is a
 * well-known placeholder (John Doe, jane@example.com, Lorem ipsum, 555-0100, "Test User", "Product 1" …).
 * Small constant lists without such values (currencies, plans, feature flags) stay quiet.
 */

import { splitNameWords } from '../shared/secrets';

export interface LiteralRecord {
  /** Field names of the object literal. */
  readonly keys: readonly string[];
  /** String field values (content only), in order. */
  readonly strings: readonly string[];
}

export interface FakeAssessment {
  readonly records: number;
  /** A value that shows the data is fake (`"jane@example.com"`), when one was found. */
  readonly sample?: string;
  readonly holderName?: string;
}

const FAKE_HOLDER_WORDS = new Set(['mock', 'mocks', 'mocked', 'fake', 'fakes', 'dummy', 'sample', 'samples', 'stub', 'stubs', 'stubbed', 'placeholder', 'hardcoded', 'seed', 'fixture', 'fixtures', 'demo', 'bogus', 'fakedata', 'mockdata']);

/** `mockUsers`, `FAKE_ORDERS`, `dummy_products`, `sampleData`. */
export function isFakeHolderName(name: string): boolean {
  return splitNameWords(name).some((w) => FAKE_HOLDER_WORDS.has(w));
}

const FAKE_VALUE = new RegExp(
  [
    String.raw`\b(?:John|Jane|Johnny|Janet)\s+(?:Doe|Smith|Roe)\b`,
    String.raw`^(?:John|Jane)$`,
    String.raw`\blorem ipsum\b`,
    String.raw`\bdolor sit amet\b`,
    String.raw`@(?:example|test|email|mail|domain|foo|acme)\.(?:com|org|net)$`,
    String.raw`^(?:foo|bar|baz|test|user\d*|john|jane|alice|bob)@`,
    String.raw`\bAcme\b`,
    String.raw`\b123 (?:Main|Fake|Elm) St`,
    String.raw`\b555-\d{4}\b`,
    String.raw`^(?:Test|Demo|Sample|Dummy|Fake|Mock) (?:User|Customer|Product|Item|Order|Name|Company|Post|Title)\b`,
    String.raw`^(?:User|Product|Item|Post|Customer|Order|Task|Todo|Project) [1-9]\d?$`,
    String.raw`^(?:Alice|Bob|Charlie|Carol|Dave|Eve|Mallory)$`,
    String.raw`\b(?:placeholder|dummy|mock|fake)\b`,
    String.raw`^https?://(?:via\.)?placeholder\.com`,
    String.raw`^https?://(?:i\.)?pravatar\.cc`,
    String.raw`^https?://picsum\.photos`,
  ].join('|'),
  'i',
);

/** True for a single value that is a well-known placeholder (`John Doe`, `jane@example.com`, `Lorem ipsum`). */
export function isFakeValue(value: string): boolean {
  return value.length <= 200 && FAKE_VALUE.test(value.trim());
}

/**
 * Judges a literal list of records. `records` are the object literals of the list (non-object elements
 * should be left out by the caller, and `total` says how many elements there were).
 */
export function assessFakeRecords(records: readonly LiteralRecord[], total: number, holderName?: string): FakeAssessment | undefined {
  const recordLike = records.filter((r) => r.keys.length >= 2);
  if (recordLike.length < 2 || recordLike.length < total / 2) return undefined;
  const sample = recordLike.flatMap((r) => r.strings).find(isFakeValue);
  const holderIsFake = holderName !== undefined && isFakeHolderName(holderName);
  if (!sample && !holderIsFake) return undefined;
  return {
    records: recordLike.length,
    ...(sample !== undefined ? { sample } : {}),
    ...(holderName !== undefined ? { holderName } : {}),
  };
}

const FAKE_TEXT = /mock|fake|dummy|sample|stub|placeholder|hardcoded|seed|fixture|demo|bogus|\b(?:john|jane|johnny|janet|alice|bob|charlie|carol|dave|eve|mallory)\b|lorem|dolor sit|@(?:example|test|email|mail|domain|foo|acme)\.|acme|\b123 (?:main|fake|elm)|555-\d|(?:user|product|item|post|customer|order|task|todo|project) [1-9]|pravatar|picsum/i;

/**
 * Whole-file gate, run before any tree walk: every finding needs a fake holder name or a fake value,
 * and both appear literally in the file text.
 */
export function mayContainFakeData(text: string): boolean {
  return FAKE_TEXT.test(text);
}

/** The finding message. `route` is e.g. `GET /api/users` or `get_users`. */
export function fakeDataMessage(route: string | undefined, assessment: FakeAssessment): string {
  const where = route ? `The handler for \`${route}\`` : 'This request handler';
  const what = assessment.holderName ? `\`${assessment.holderName}\` (${String(assessment.records)} hardcoded records)` : `${String(assessment.records)} hardcoded records`;
  const sample = assessment.sample ? `, e.g. "${assessment.sample.length > 40 ? `${assessment.sample.slice(0, 40)}…` : assessment.sample}"` : '';
  return `${where} responds with mock data: ${what}${sample}. Load it from the database or the upstream service before shipping.`;
}
