import { defineRule, LANGUAGE_IDS, type LanguageCheck, type LanguageId } from '../../types';
import { checkEcmascript } from './ecmascript';
import { checkPython } from './python';
import { checkJava } from './java';
import { checkCsharp } from './csharp';
import { checkGo } from './go';
import { checkRuby } from './ruby';
import { checkPhp } from './php';

/**
 * One check per language. Adding a language is one import and one entry here: write
 * `<language>.ts` next to this file exporting a `LanguageCheck`. It finds the query calls of its
 * ecosystem, flattens the string-building expression that reaches them into `SqlPart`s and
 * reuses `../shared/sql.ts` for the language-agnostic work: SQL-likeness (`sqlShape`), where each
 * spliced value sits (`holeContexts`), which values are risky (`isReportableHole`), existing
 * placeholders (`hasBindPlaceholders`), the driver placeholder table (`SQL_DRIVERS`), the fix plan
 * (`planParameterization`) and the message (`sqlMessage`). `meta.languages` follows this map.
 */
const CHECKS: Partial<Record<LanguageId, LanguageCheck>> = {
  javascript: checkEcmascript,
  typescript: checkEcmascript,
  python: checkPython,
  java: checkJava,
  csharp: checkCsharp,
  go: checkGo,
  ruby: checkRuby,
  php: checkPhp,
};

export default defineRule({
  meta: {
    id: 'sql-concatenation',
    category: 'sql-concat',
    severity: 'error',
    languages: LANGUAGE_IDS.filter((id) => CHECKS[id] !== undefined),
    description: 'SQL is built from strings with concatenation, interpolation or formatting and then executed.',
    fixable: true,
  },
  check: CHECKS,
});
