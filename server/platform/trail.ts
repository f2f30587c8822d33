import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogTrail, TrailFields } from '../services/ports.ts';

/**
 * What the work in progress is about (a request id; a room, game and user), carried along its
 * asynchronous calls so that every log line of that work says so (`createLogger({ trail })`).
 * One per process, made by the composition root.
 *
 * @example
 * const trail = new Trail();
 * const log = createLogger({ level: 'info', pretty: false, trail });
 * trail.run({ reqId: 'abc' }, () => log.info('hello')); // {"reqId":"abc","msg":"hello",…}
 */
export class Trail implements LogTrail {
  private readonly storage = new AsyncLocalStorage<TrailFields>();

  /** Runs `work` with `fields` as the whole trail: nothing of the caller's trail carries over. */
  run<T>(fields: TrailFields, work: () => T): T {
    return this.storage.run(fields, work);
  }

  /** Adds `fields` to the trail of the work in progress (a no-op outside any). */
  annotate(fields: TrailFields): void {
    const current = this.storage.getStore();
    if (current) Object.assign(current, fields);
  }

  /** The fields of the work in progress, if any. */
  fields(): TrailFields | undefined {
    return this.storage.getStore();
  }
}
