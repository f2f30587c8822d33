// Preloaded into the measured server by a bench given CPU_PROFILE (a file name): the server's CPU
// profile from its start, written when it is told to stop (SIGTERM) or exits, whichever comes
// first. A server that is killed after its grace period would lose a profile that node's own
// `--cpu-prof` writes only on a clean exit. Open the file in Chrome's DevTools (Performance).
import { mkdirSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import path from 'node:path';

const file = process.env.CPU_PROFILE;
const session = new Session();
session.connect();
session.post('Profiler.enable');
session.post('Profiler.setSamplingInterval', { interval: 1000 });
session.post('Profiler.start');

let written = false;
function write() {
  if (written) return;
  written = true;
  // The main thread's session answers within the call: the profile is written before the
  // server's own handlers of the signal run.
  session.post('Profiler.stop', (err, result) => {
    if (err) process.stderr.write(`cpu profile not written: ${err.message}\n`);
    else {
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(result.profile));
    }
  });
}
process.prependListener('SIGTERM', write);
process.on('exit', write);
