import { matchMaker } from '@colyseus/core';
import { repeat, roomIsLive, withLock } from './cluster.ts';
import type { Logger } from './platform/logger.ts';

/** A room type the cluster holds exactly one of, under `roomId`. */
export interface Singleton {
  name: string;
  roomId: string;
  options: Record<string, unknown>;
}

/** How long a node's right to create a missing singleton lasts: one creation at a time. */
const CREATE_LOCK_SECONDS = 10;

/**
 * Keeps the cluster's singleton rooms (the lobby, one queue per profile) in existence: creates
 * the missing ones, and re-creates one whose node stopped answering (its stale listing is
 * removed first). Two nodes never create the same singleton at once: the first to raise a
 * short-lived lock in presence does it.
 */
export class SingletonKeeper {
  private running: Promise<void> | undefined;

  constructor(
    private readonly singletons: readonly Singleton[],
    private readonly serverKey: string,
    private readonly log: Logger,
  ) {}

  /** Creates every missing singleton; resolves once each exists somewhere in the cluster. */
  async ensureAll(): Promise<void> {
    this.running ??= this.sweep().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Looks again every `intervalMs` (a node that died takes its singletons with it); returns stop. */
  keep(intervalMs: number): () => void {
    return repeat(
      intervalMs,
      () => this.ensureAll(),
      (err) => this.log.error({ err }, 'could not check the singleton rooms'),
    );
  }

  private async sweep(): Promise<void> {
    for (const singleton of this.singletons) {
      if (!(await roomIsLive(singleton.roomId))) await this.create(singleton);
    }
  }

  private async create(singleton: Singleton): Promise<void> {
    await withLock(`singleton-lock:${singleton.roomId}`, CREATE_LOCK_SECONDS, async () => {
      if ((await matchMaker.query({ roomId: singleton.roomId })).length > 0) return;
      await matchMaker.createRoom(singleton.name, {
        ...singleton.options,
        serverKey: this.serverKey,
        singletonId: singleton.roomId,
      });
      this.log.info({ roomId: singleton.roomId }, 'singleton room created');
    });
  }
}
