// `npm run scan [-- <folder> [options]]`: builds, then scans the folder (default: the bundled
// example workspace). Exits 0 on findings unless --fail-on is given, so npm adds no error noise.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const build = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], { stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

const valueFlags = new Set(['--format', '--fail-on', '--config', '--output', '-o']);
const hasPath = args.some((arg, i) => !arg.startsWith('-') && !valueFlags.has(args[i - 1] ?? ''));
const scanArgs = [...(hasPath ? [] : [path.join(root, 'examples/prototype-shop')]), ...args];
if (!args.some((arg) => arg === '--fail-on' || arg.startsWith('--fail-on='))) scanArgs.push('--fail-on', 'none');
const scan = spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), 'scan', ...scanArgs], { stdio: 'inherit' });
process.exit(scan.status ?? 1);
