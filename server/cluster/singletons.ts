import type { Logger } from '../platform/logger.ts';
import type { CopySettler } from './copies.ts';
import { listingsOf, roomIsLive } from './listings.ts';
import { createUnlessListed } from './locks.ts';
import { repeat } from './repeat.ts';

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
    private readonly copies: CopySettler,
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
    // Two copies (this node was taken for dead a moment, and another re-created its singletons):
    // this node's copy gives way to the listed one.
    const ids = this.singletons.map((s) => s.roomId);
    await this.copies.settle(await listingsOf(ids), ids, (roomId, owner) =>
      this.log.warn({ roomId, owner }, 'singleton room held elsewhere too: this copy hands over'),
    );
    for (const singleton of this.singletons) {
      if (!(await roomIsLive(singleton.roomId))) await this.create(singleton);
    }
  }

  private async create(singleton: Singleton): Promise<void> {
    const lock = { key: `singleton-lock:${singleton.roomId}`, seconds: CREATE_LOCK_SECONDS };
    const created = await createUnlessListed(lock, singleton.roomId, singleton.name, {
      ...singleton.options,
      serverKey: this.serverKey,
      singletonId: singleton.roomId,
    });
    if (created) this.log.info({ roomId: singleton.roomId }, 'singleton room created');
  }
}
