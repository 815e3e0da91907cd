/** The extension-host entry of the integration tests (extensionTestsPath): runs the mocha suites in order. */
import path from 'node:path';
import Mocha from 'mocha';

const SUITES = ['diagnostics', 'code-actions', 'watcher', 'panel', 'settings', 'virtual'];

export function run(): Promise<void> {
  const grep = process.env.PRODREADY_TEST_GREP;
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 60_000, slow: 5_000, ...(grep ? { grep } : {}) });
  for (const suite of SUITES) mocha.addFile(path.join(__dirname, `${suite}.test.js`));
  return new Promise((resolve, reject) => {
    mocha.run((failures) => {
      if (failures > 0) reject(new Error(`${String(failures)} extension test(s) failed`));
      else resolve();
    });
  });
}
