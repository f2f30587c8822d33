// The suite runs in three worker processes (`npm test`), each taking the next file when it is free.
// Most files spend much of their time waiting (a tournament's start, an arena's minutes, a
// restarted server), so a third worker on two cores finishes sooner without crowding out the
// rest: 10 min with two workers, 8.5 min with three, on the same machine.
// The longest files go first (LONG_FIRST: from half a minute to minutes each, measured with
// TEST_FILE_TIMES, see `test/support/run.ts`): a long file taken last would run alone while the
// other workers have nothing left, and short files at the end even out where the workers finish.
// The browser suites are spread among the others, one after every few, so that the workers
// rarely drive a browser each at the same time: chromiums and their servers at once are more
// than two cores take without slowing every timing of the run. The browser suites among the
// long files are the tournament pages, a file for each size, first and fourth: the non-browser
// long files between and after them keep the other workers busy. `test/support/run.ts` names the
// run and removes what its workers leave in PostgreSQL and Redis.
const fs = require('node:fs');
const path = require('node:path');

const ROOTS = ['server', 'rooms', 'test'];
const isTest = (file) => file.endsWith('.test.ts');
const isBrowser = (file) => file.endsWith('e2e.test.ts');

/** The longest files of a run, longest first; browser suites only at the head (see above). */
const LONG_FIRST = [
  'test/web-tournaments.e2e.test.ts',
  'test/tournament-arena.test.ts',
  'test/cluster.test.ts',
  'test/web-tournaments-phone.e2e.test.ts',
  'test/tournament-room.test.ts',
  'test/golf-hidden.test.ts',
  'test/tournament-restore.test.ts',
  'test/chess-room.test.ts',
  'test/tournament-knockout.test.ts',
  'test/tournament-groups.test.ts',
  'test/tournament-staff.test.ts',
  'test/lobby-room.test.ts',
  'test/server-process.test.ts',
  'test/chess-restore.test.ts',
  'test/sdk-examples.test.ts',
  'test/engine.test.ts',
  'test/tournament-cluster.test.ts',
  'test/queue-room.test.ts',
  'test/tournament-tables.test.ts',
  'test/first-run.test.ts',
  'test/match-restore.test.ts',
  'test/admin-create.test.ts',
  'server/domain/tournaments/swiss/dutch.generated.test.ts',
];

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

/** The long files first, then the others with the browser suites spread among them. */
function ordered(files) {
  const long = LONG_FIRST.filter((file) => files.includes(file));
  return [...long, ...interleaved(files.filter((file) => !long.includes(file)))];
}

// `npx mocha test/auth.test.ts …`: only the files named, in one process.
const named = process.argv.slice(2).filter((arg) => !arg.startsWith('-') && isTest(arg));

module.exports = {
  // Async context on frames, as every server process runs (server/platform/async-context.ts).
  'node-option': ['import=tsx', 'experimental-async-context-frame'],
  spec: named.length > 0 ? [] : ordered(testFiles()),
  timeout: 30000,
  exit: true,
  require: ['test/support/run.ts'],
  parallel: named.length === 0,
  jobs: 3,
};
