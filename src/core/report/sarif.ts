import type { Log, ReportingDescriptor, Result } from 'sarif';
import { RULES } from '../registry';
import type { ScanResult } from '../scan';
import type { Severity } from '../types';
import { ruleDocs } from '../rule-docs';

const LEVEL: Readonly<Record<Severity, Result.level>> = { error: 'error', warning: 'warning', info: 'note' };
export const DOCS_BASE_URL = 'https://github.com/prodready/prodready/blob/main/src/core/rules';

export function ruleHelpUri(ruleId: string): string {
  return `${DOCS_BASE_URL}/${ruleId}/docs.md`;
}

/** SARIF 2.1.0 as GitHub code scanning accepts it: rules from the catalogue metadata, 1-based regions. */
export function toSarif(result: ScanResult, toolVersion: string): Log {
  const rules: ReportingDescriptor[] = RULES.map((rule) => ({
    id: rule.meta.id,
    name: rule.meta.id.replace(/(^|-)([a-z])/g, (_m: string, _d: string, c: string) => c.toUpperCase()),
    shortDescription: { text: rule.meta.description },
    fullDescription: { text: rule.meta.description },
    helpUri: ruleHelpUri(rule.meta.id),
    help: { text: rule.meta.description, markdown: ruleDocs(rule.meta.id) ?? rule.meta.description },
    defaultConfiguration: { level: LEVEL[rule.meta.severity] },
    properties: { category: rule.meta.category, tags: [rule.meta.category, 'prodready', ...(rule.meta.category === 'sql-concat' || rule.meta.category === 'hardcoded-data' ? ['security'] : [])] },
  }));
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'ProdReady', version: toolVersion, informationUri: 'https://github.com/prodready/prodready', rules } },
        originalUriBaseIds: { SRCROOT: { uri: `file://${result.root.endsWith('/') ? result.root : `${result.root}/`}` } },
        results: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ...(index.has(finding.ruleId) ? { ruleIndex: index.get(finding.ruleId) } : {}),
          level: LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: encodeURI(finding.file), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: finding.range.start.line + 1,
                  startColumn: finding.range.start.column + 1,
                  endLine: finding.range.end.line + 1,
                  endColumn: finding.range.end.column + 1,
                },
              },
            },
          ],
          partialFingerprints: { primaryLocationLineHash: `${finding.ruleId}:${finding.file}:${String(finding.range.start.line + 1)}` },
        })),
      },
    ],
  };
}

export function formatSarif(result: ScanResult, toolVersion: string): string {
  return `${JSON.stringify(toSarif(result, toolVersion), null, 2)}\n`;
}
