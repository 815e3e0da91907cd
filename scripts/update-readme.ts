/** Regenerates the README's rules table from the rule metadata: `npm run docs`. */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withRulesTable } from '../src/core/report/rules-table';

const readme = path.resolve(__dirname, '..', 'README.md');
writeFileSync(readme, withRulesTable(readFileSync(readme, 'utf8')));
