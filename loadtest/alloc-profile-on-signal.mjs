// Preloaded into the measured server by a bench given ALLOC_PROF (`--import`, with ALLOC_PROFILE
// naming the file to write): what the server allocates over a window the bench chooses. The first
// SIGUSR2 starts V8's sampling heap profiler, the objects it collects meanwhile counted too (by
// default the profiler keeps only what is still alive when it stops, which says what is kept, not
// what is allocated); the second stops it and writes the profile (a `.heapprofile`, which Chrome's
// DevTools opens: Memory, load). A sample every SAMPLING_BYTES allocated, so the figures are
// estimates; writing the profile stops the loop a moment.
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';

const SAMPLING_BYTES = 4096;
const file = process.env.ALLOC_PROFILE;
const session = new Session();
session.connect();
session.post('HeapProfiler.enable');
let sampling = false;

process.on('SIGUSR2', () => {
  if (!sampling) {
    sampling = true;
    session.post('HeapProfiler.startSampling', {
      samplingInterval: SAMPLING_BYTES,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    return;
  }
  sampling = false;
  session.post('HeapProfiler.stopSampling', (err, result) => {
    if (err) process.stderr.write(`allocation profile not written: ${err.message}\n`);
    else writeFileSync(file, JSON.stringify(result.profile));
  });
});
