// Preloaded into a measured process (`node --expose-gc --import …/gc-on-signal.mjs`): SIGUSR2 runs
// a full garbage collection, so a bench can read the resident memory of live objects only.
process.on('SIGUSR2', () => globalThis.gc?.());
