import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import schema from '../../schemas/prodready.schema.json';
import { CATEGORIES, type Category, type Severity } from './types';

export type Level = 'off' | 'on' | Severity;

/** The user's `.prodready.json`, as written. */
export interface ConfigFile {
  readonly rules?: Readonly<Record<string, Level>>;
  readonly categories?: Readonly<Partial<Record<Category, Level>>>;
  readonly ignore?: readonly string[];
  readonly testPaths?: readonly string[];
  readonly maxFileSizeKb?: number;
}

/** Test, fixture, mock and example code: hardcoded data there is expected, not a smell. */
export const DEFAULT_TEST_PATHS: readonly string[] = [
  '**/test/**', '**/tests/**', '**/__tests__/**', '**/spec/**', '**/specs/**', '**/testdata/**',
  '**/fixture/**', '**/fixtures/**', '**/mock/**', '**/mocks/**', '**/__mocks__/**', '**/stubs/**',
  '**/example/**', '**/examples/**', '**/sample/**', '**/samples/**', '**/demo/**',
  '**/*.test.*', '**/*.spec.*', '**/*.stories.*', '**/test_*.py', '**/*_test.py', '**/conftest.py',
  '**/*_test.go', '**/src/test/**', '**/*Test.java', '**/*Tests.java', '**/*Tests.cs', '**/*Test.cs',
  '**/*Test.php', '**/*_spec.rb', '**/*_test.rb', '**/*IT.java', '**/src/testFixtures/**', '**/src/integrationTest/**',
  '**/*.Tests/**', '**/*.UnitTests/**', '**/*.IntegrationTests/**', '**/database/factories/**', '**/database/seeders/**', '**/db/seeds/**',
  '**/db/seeds.rb', '**/tests.py', '**/testutil/**', '**/testutils/**', '**/testhelpers/**',
];

export const DEFAULT_MAX_FILE_SIZE_KB = 1024;

export interface ResolvedConfig {
  readonly file: ConfigFile;
  readonly ignore: readonly string[];
  readonly testPaths: readonly string[];
  readonly maxFileSizeBytes: number;
}

export const DEFAULT_CONFIG: ResolvedConfig = resolveConfig({});

export function resolveConfig(file: ConfigFile): ResolvedConfig {
  return {
    file,
    ignore: file.ignore ?? [],
    testPaths: file.testPaths ?? DEFAULT_TEST_PATHS,
    maxFileSizeBytes: (file.maxFileSizeKb ?? DEFAULT_MAX_FILE_SIZE_KB) * 1024,
  };
}

/**
 * The effective severity of a rule, or `undefined` when it is off. A rule setting wins over its
 * category's; `on` keeps the rule's default severity.
 */
export function effectiveSeverity(
  config: ResolvedConfig,
  ruleId: string,
  category: Category,
  defaultSeverity: Severity,
): Severity | undefined {
  const level = config.file.rules?.[ruleId] ?? config.file.categories?.[category] ?? 'on';
  if (level === 'off') return undefined;
  return level === 'on' ? defaultSeverity : level;
}

export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: readonly string[],
  ) {
    super(`Invalid ProdReady configuration in ${source}:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

// Compiled on first use: compiling the schema costs ~50-200 ms of start-up, paid by the CLI and by
// every analysis worker (which import this module) even when there is no .prodready.json.
let compiled: ValidateFunction<ConfigFile> | undefined;
function validator(): ValidateFunction<ConfigFile> {
  compiled ??= new Ajv({ allErrors: true, strict: false }).compile<ConfigFile>(schema);
  return compiled;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replaceAll('/', '.') : '(top level)';
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `unknown key "${[where === '(top level)' ? '' : `${where}.`, String(params.additionalProperty)].join('')}"`;
    case 'enum':
      return `"${where}" must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'propertyNames':
      return `"${where}" has a key that is not a rule id (${String(params.propertyName)})`;
    default:
      return `"${where}" ${error.message ?? 'is invalid'}`;
  }
}

/** Parses and validates the text of a `.prodready.json`; throws ConfigError naming each bad key. */
export function parseConfig(text: string, source: string, knownRuleIds?: ReadonlySet<string>): ConfigFile {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(source, [`not valid JSON: ${(error as Error).message}`]);
  }
  const validate = validator();
  if (!validate(data)) {
    const problems = (validate.errors ?? [])
      .filter((e) => e.keyword !== 'if' && !(e.keyword === 'propertyNames' && e.params.propertyName === undefined))
      .map(describe);
    throw new ConfigError(source, [...new Set(problems)]);
  }
  if (knownRuleIds) {
    const unknown = Object.keys(data.rules ?? {}).filter((id) => !knownRuleIds.has(id));
    if (unknown.length > 0) {
      throw new ConfigError(source, unknown.map((id) => `unknown rule "rules.${id}"`));
    }
  }
  return data;
}

export { CATEGORIES };
