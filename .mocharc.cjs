// The suite runs in two worker processes (`npm test`), each taking the next file when it is free.
// The browser suites are spread among the others, one after every few, so that the two workers
// rarely drive a browser each at the same time: two chromiums and their servers at once are more
// than two cores take without slowing every timing of the run. `test/support/run.ts` names the
// run and removes what its workers leave in PostgreSQL and Redis.
const fs = require('node:fs');
const path = require('node:path');

const ROOTS = ['server', 'rooms', 'test'];
const isTest = (file) => file.endsWith('.test.ts');
const isBrowser = (file) => file.endsWith('.e2e.test.ts');

function testFiles() {
  const files = [];
  for (const root of ROOTS) {
    for (const entry of fs.readdirSync(path.join(__dirname, root), { recursive: true })) {
      const file = path.join(root, String(entry)).split(path.sep).join('/');
      if (isTest(file) && !file.includes('node_modules')) files.push(file);
    }
  }
  return files.sort();
}

/** The other files, with the browser suites spread evenly among them. */
function interleaved(files) {
  const browser = files.filter(isBrowser);
  const rest = files.filter((f) => !isBrowser(f));
  const every = Math.max(1, Math.floor(rest.length / (browser.length + 1)));
  const out = [];
  rest.forEach((file, i) => {
    if (i > 0 && i % every === 0 && browser.length > 0) out.push(browser.shift());
    out.push(file);
  });
  return [...out, ...browser];
}

// `npx mocha test/auth.test.ts …`: only the files named, in one process.
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && isTest(arg));

module.exports = {
  'node-option': ['import=tsx'],
  spec: named.length > 0 ? [] : interleaved(testFiles()),
  timeout: 30000,
  exit: true,
  require: ['test/support/run.ts'],
  parallel: named.length === 0,
  jobs: 2,
};
