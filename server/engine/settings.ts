/** What the chess engine may use of a node; from the configuration (`ENGINE_*`). */
export interface EnginePoolSettings {
  /** Worker threads at most, each one search at a time. */
  workers: number;
  /** Searches that may wait; more are refused at once (`busy`) and the bot plays its fallback. */
  queueLimit: number;
  /**
   * The share of one core each worker may use, 0 to 1: after a search of t ms a worker rests
   * t·(1 − share)/share ms before the next, so bots never take the cores human games need.
   */
  cpuShare: number;
  /**
   * The share of time the rooms' thread may wait for a core before the engine yields: above it,
   * each search halves the workers' share (see `rooms-wait.ts`); below, it grows back.
   */
  roomsWaitLimit: number;
  /**
   * The nice value (0 to 19) each worker thread gives itself, or null to leave it as the process's.
   * Used only on Linux, where a nice value is a thread's own; elsewhere it would lower the whole
   * process, rooms included, so there only `cpuShare` holds the engine back.
   */
  nice: number | null;
  /** How long past its own time a search may run before its worker is ended (`timeout`). */
  timeoutMs: number;
  /** How long a new worker may take to load the engine. */
  bootTimeoutMs: number;
}

export const DEFAULT_ENGINE_SETTINGS: EnginePoolSettings = {
  workers: 1,
  queueLimit: 32,
  cpuShare: 0.5,
  nice: 19,
  roomsWaitLimit: 0.02,
  timeoutMs: 3000,
  bootTimeoutMs: 60_000,
};
