import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { Counter, Gauge, type Registry } from 'prom-client';
import {
  type ChessEngine,
  type EngineAnswer,
  EngineError,
  type EngineFailure,
  type EngineSearch,
} from '../../rooms/games/chess/engine.ts';
import type { Logger } from '../platform/logger.ts';
import { nextShare, roomsWaitMs } from './rooms-wait.ts';
import type { EnginePoolSettings } from './settings.ts';
import { readUciLine, type SearchProgress } from './uci.ts';
import { ENGINE_WORKER_SOURCE } from './worker-source.ts';

interface Job {
  request: EngineSearch;
  resolve(answer: EngineAnswer): void;
  reject(err: EngineError): void;
  /** Refuses the search if no worker has taken it by its `waitMs`. */
  deadline?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  state: 'starting' | 'idle' | 'busy' | 'resting';
  job?: Job;
  progress?: SearchProgress;
  startedAt?: number;
  timer?: NodeJS.Timeout;
}

/** The engine's figures in `/metrics`. */
function engineMetrics(
  registry: Registry | undefined,
  pool: () => { queued: number; workers: number; nice: number; share: number },
) {
  const registers = registry ? [registry] : [];
  return {
    searches: new Counter({
      name: 'rookery_engine_searches_total',
      help: 'Engine searches, by outcome (ok, timeout, crashed, busy, closed)',
      labelNames: ['outcome'],
      registers,
    }),
    cpu: new Counter({
      name: 'rookery_engine_cpu_seconds_total',
      help: 'Time the engine workers spent searching (each search runs one thread flat out)',
      registers,
    }),
    fallbacks: new Counter({
      name: 'rookery_engine_fallback_moves_total',
      help: "Bot moves or answers that came from the fallback instead of the engine, by the engine's failure",
      labelNames: ['reason'],
      registers,
    }),
    queue: new Gauge({
      name: 'rookery_engine_queue_length',
      help: 'Engine searches waiting for a worker',
      registers,
      collect() {
        this.set(pool().queued);
      },
    }),
    share: new Gauge({
      name: 'rookery_engine_cpu_share',
      help: "Each engine worker's share of a core now: the configured share, halved while the rooms wait for a core",
      registers,
      collect() {
        this.set(pool().share);
      },
    }),
    nice: new Gauge({
      name: 'rookery_engine_thread_nice',
      help: "The OS scheduling nice value of the engine's worker threads (19 = yield to everything else)",
      registers,
      collect() {
        this.set(pool().nice);
      },
    }),
    workers: new Gauge({
      name: 'rookery_engine_workers',
      help: 'Engine worker threads running',
      registers,
      collect() {
        this.set(pool().workers);
      },
    }),
  };
}

/** The nice value a worker is to give itself: on Linux only (see {@link EnginePoolSettings.nice}). */
export function threadNice(settings: EnginePoolSettings, platform = process.platform): number | undefined {
  return platform === 'linux' && settings.nice !== null ? settings.nice : undefined;
}

/**
 * Stockfish (WebAssembly, single-threaded) in worker threads, off the event loop: a bounded pool
 * with a bounded queue, bot moves before analyses, a share of a core per worker, and (on Linux)
 * the lowest scheduling priority, so a room waiting for a core gets it first. Workers start
 * on the first search, not at boot. A worker that fails or overruns is ended and replaced; its
 * search is refused with the reason, and the caller plays on without it.
 */
export class EnginePool implements ChessEngine {
  private readonly slots = new Set<Slot>();
  private readonly queues: Record<EngineSearch['priority'], Job[]> = { move: [], analysis: [] };
  private readonly metrics: ReturnType<typeof engineMetrics>;
  private readonly entry = createRequire(import.meta.url).resolve('stockfish');
  private closed = false;
  /** The nice value the workers run at, as the last one reported it. */
  private niceness = 0;
  /** Each worker's share of a core now: the configured one, less while the rooms wait for a core. */
  private share: number;
  /** The rooms' wait for a core (ms) and the time, at the last look. */
  private lastLook: { waitMs: number; at: number } | undefined;

  constructor(
    private readonly settings: EnginePoolSettings,
    private readonly log: Logger,
    registry?: Registry,
    /** The rooms' wait for a core so far, in ms (undefined: unknown, the share stays as configured). */
    private readonly roomsWaited: () => number | undefined = roomsWaitMs,
  ) {
    this.share = Math.min(1, Math.max(0.05, settings.cpuShare));
    this.metrics = engineMetrics(registry, () => ({
      queued: this.queued(),
      workers: this.slots.size,
      nice: this.niceness,
      share: this.share,
    }));
  }

  search(request: EngineSearch): Promise<EngineAnswer> {
    if (this.closed) return Promise.reject(this.refuse('closed', 'the engine is shut down'));
    if (this.queued() >= this.settings.queueLimit) {
      return Promise.reject(this.refuse('busy', 'the engine has too many searches waiting'));
    }
    return new Promise<EngineAnswer>((resolve, reject) => {
      const job: Job = { request, resolve, reject };
      this.armDeadline(job);
      this.queues[request.priority].push(job);
      this.pump();
    });
  }

  fellBack(reason: string): void {
    this.metrics.fallbacks.inc({ reason });
  }

  /** Searches waiting for a worker. */
  queued(): number {
    return this.queues.move.length + this.queues.analysis.length;
  }

  /**
   * Ends every worker at once, as a crash would: their searches are refused (`crashed`) and the
   * next search starts new ones. The operator's last resort, and the tests' way to break it.
   */
  killWorkers(): void {
    for (const slot of [...this.slots]) this.fail(slot, 'crashed', 'the worker was ended');
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of [...this.queues.move, ...this.queues.analysis]) {
      job.reject(this.refuse('closed', 'the engine is shut down'));
    }
    this.queues.move = [];
    this.queues.analysis = [];
    const workers = [...this.slots].map((slot) => slot.worker);
    for (const slot of [...this.slots]) this.fail(slot, 'closed', 'the engine is shut down');
    await Promise.all(workers.map((w) => w.terminate().catch(() => undefined)));
  }

  /** Gives up `job` (see {@link giveUp}) `waitMs` from now, if its search has a `waitMs`. */
  private armDeadline(job: Job): void {
    const { waitMs } = job.request;
    if (waitMs === undefined) return;
    job.deadline = setTimeout(() => this.giveUp(job), Math.max(0, waitMs));
    job.deadline.unref();
  }

  /**
   * A search still waiting for a worker at its `waitMs` is taken out of the queue and refused;
   * while the pool's only workers are still loading the engine, it waits another `waitMs` (a node's
   * first searches wait for the engine to load, not for a turn).
   */
  private giveUp(job: Job): void {
    const queue = this.queues[job.request.priority];
    const at = queue.indexOf(job);
    if (at < 0) return;
    const loading = this.slots.size > 0 && [...this.slots].every((slot) => slot.state === 'starting');
    if (loading) {
      this.armDeadline(job);
      return;
    }
    queue.splice(at, 1);
    job.reject(this.refuse('busy', `no engine worker was free within ${job.request.waitMs} ms`));
  }

  private refuse(reason: EngineFailure, message: string): EngineError {
    this.metrics.searches.inc({ outcome: reason });
    return new EngineError(reason, message);
  }

  /** Gives waiting searches to idle workers, starting workers while the pool has room. */
  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.state !== 'idle') continue;
      const job = this.queues.move.shift() ?? this.queues.analysis.shift();
      if (!job) return;
      this.run(slot, job);
    }
    const starting = [...this.slots].filter((s) => s.state === 'starting').length;
    if (this.queued() > starting && this.slots.size < this.settings.workers) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(ENGINE_WORKER_SOURCE, {
      eval: true,
      workerData: { entry: this.entry, flavour: 'lite-single', nice: threadNice(this.settings) },
      // The engine greets on its standard output before it is told where to write: dropped.
      stdout: true,
    });
    worker.stdout.resume();
    worker.unref();
    const slot: Slot = { worker, state: 'starting' };
    this.slots.add(slot);
    slot.timer = setTimeout(
      () => this.fail(slot, 'crashed', 'the engine did not load in time'),
      this.settings.bootTimeoutMs,
    );
    worker.on('message', (line: string) => this.hear(slot, line));
    worker.on('error', (err) => {
      this.log.warn({ err }, 'an engine worker failed');
      this.fail(slot, 'crashed', 'the engine worker failed');
    });
    worker.on('exit', () => this.fail(slot, 'crashed', 'the engine worker exited'));
  }

  private hear(slot: Slot, line: string): void {
    if (line.startsWith('priority')) {
      if (line.startsWith('priority-failed'))
        this.log.warn({ reason: line.slice(16) }, 'an engine worker keeps the normal priority');
      else this.niceness = Number(line.slice(9));
      return;
    }
    if (slot.state === 'starting') {
      if (line === 'ready') {
        for (const command of ['uci', 'setoption name Hash value 16', 'isready'])
          slot.worker.postMessage(command);
      } else if (line === 'readyok') {
        clearTimeout(slot.timer);
        slot.state = 'idle';
        this.pump();
      }
      return;
    }
    if (slot.state !== 'busy' || !slot.job || !slot.progress) return;
    slot.progress = readUciLine(slot.progress, line);
    if (slot.progress.bestMove === undefined) return;
    const { job, progress } = slot;
    const busyMs = performance.now() - (slot.startedAt ?? performance.now());
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.progress = undefined;
    this.metrics.cpu.inc(busyMs / 1000);
    this.metrics.searches.inc({ outcome: 'ok' });
    job.resolve({ bestMove: progress.bestMove ?? null, score: progress.score ?? { cp: 0 } });
    const share = this.adapt();
    const restMs = (busyMs * (1 - share)) / share;
    slot.state = 'resting';
    slot.timer = setTimeout(() => {
      slot.state = 'idle';
      this.pump();
    }, restMs);
  }

  /** The share for the next rest, after a look at how long the rooms waited for a core. */
  private adapt(): number {
    const waitMs = this.roomsWaited();
    const at = performance.now();
    if (waitMs === undefined) return this.share;
    const last = this.lastLook;
    this.lastLook = { waitMs, at };
    if (!last || at <= last.at) return this.share;
    const configured = Math.min(1, Math.max(0.05, this.settings.cpuShare));
    const waited = (waitMs - last.waitMs) / (at - last.at);
    this.share = nextShare(this.share, configured, waited, this.settings.roomsWaitLimit);
    return this.share;
  }

  private run(slot: Slot, job: Job): void {
    clearTimeout(job.deadline);
    const { fen, skill, depth, movetimeMs } = job.request;
    slot.state = 'busy';
    slot.job = job;
    slot.progress = { score: null };
    slot.startedAt = performance.now();
    slot.timer = setTimeout(
      () => this.fail(slot, 'timeout', `no answer within ${movetimeMs + this.settings.timeoutMs} ms`),
      movetimeMs + this.settings.timeoutMs,
    );
    slot.worker.postMessage(`setoption name Skill Level value ${skill}`);
    slot.worker.postMessage(`position fen ${fen}`);
    slot.worker.postMessage(`go depth ${depth} movetime ${movetimeMs}`);
  }

  /** The worker is ended and forgotten; its search (if any) is refused with `reason`. */
  private fail(slot: Slot, reason: EngineFailure, message: string): void {
    if (!this.slots.delete(slot)) return;
    clearTimeout(slot.timer);
    void slot.worker.terminate().catch(() => undefined);
    if (slot.job) {
      if (slot.startedAt !== undefined) this.metrics.cpu.inc((performance.now() - slot.startedAt) / 1000);
      slot.job.reject(this.refuse(reason, message));
    } else if (slot.state === 'starting') {
      // An engine that cannot load would leave every search waiting: they are refused instead.
      for (const job of [...this.queues.move, ...this.queues.analysis])
        job.reject(this.refuse(reason, message));
      this.queues.move = [];
      this.queues.analysis = [];
    }
    if (reason !== 'closed') this.log.warn({ reason }, `engine worker replaced: ${message}`);
    this.pump();
  }
}
