import type { IRoomCache } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import type { Redis } from 'ioredis';

/** The hash where `RedisDriver` keeps the room listings, one field per room id. */
const LISTINGS_KEY = 'roomcaches';

/** Deletes the listing `ARGV[1]` if it names the process `ARGV[2]`; 1 when deleted. */
const REMOVE_OWN = `
local listing = redis.call('HGET', KEYS[1], ARGV[1])
if not listing then return 0 end
local ok, parsed = pcall(cjson.decode, listing)
if ok and parsed.processId ~= ARGV[2] then return 0 end
return redis.call('HDEL', KEYS[1], ARGV[1])`;

/** Writes the listing `ARGV[3]` under `ARGV[1]` unless one of another process than `ARGV[2]` is there. */
const WRITE_OWN = `
local listing = redis.call('HGET', KEYS[1], ARGV[1])
if listing then
  local ok, parsed = pcall(cjson.decode, listing)
  if ok and parsed.processId ~= ARGV[2] then return 0 end
end
redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
return 1`;

/** How long a count-only change may wait to be written (see `writeLater`). */
const COUNTS_WRITE_MS = 1000;

/**
 * Whether a listing change touches only its client count: its lock set as it already is, if at
 * all (`joinById` reads the lock of any room, private or not, so a lock or unlock is written at
 * once).
 */
function countsOnly(operations: Partial<{ $set: object; $inc: object }>, locked: boolean): boolean {
  const set = (operations.$set ?? {}) as Record<string, unknown>;
  return (
    Object.keys(operations.$inc ?? {}).every((field) => field === 'clients') &&
    Object.entries(set).every(([field, value]) => field === 'locked' && value === locked)
  );
}

/**
 * Room listings in Redis where a process changes and removes only its own. Colyseus removes a
 * closing room's listing by id and rewrites it on every lock or metadata change, and a room
 * keeps its id when the cluster moves it: the copy left on a node that drains or wakes from a
 * stall would otherwise delete or overwrite the listing of the copy that replaced it, which the
 * others would then take for gone and create a third time. Each check and write is one script,
 * so no other node's write comes between them. Creating a listing (`persist`) stays as it is:
 * it is how a room is placed, and how a listing put at risk is put back.
 */
export class OwnListingsRedisDriver extends RedisDriver {
  /**
   * The scripts, sent once and then called by their digest (`defineCommand`): every seat taken or
   * left rewrites a listing, so the script's text would otherwise cross with each of them.
   */
  private readonly removeOwn: (key: string, roomId: string, processId: string) => Promise<unknown>;
  private readonly writeOwn: (
    key: string,
    roomId: string,
    processId: string,
    listing: string,
  ) => Promise<unknown>;

  /** Removals on their way, by room id. */
  private readonly removing = new Map<string, Promise<boolean>>();
  /** A listing whose count changed, to be written when its timer fires. */
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private readonly countsWriteMs: number;
  private readonly countRead: (listing: IRoomCache) => boolean;

  /**
   * @param processId this process's id in the matchmaker, read when it is needed.
   * @param options.countsWriteMs how long a count-only change may wait to be written.
   * @param options.countRead whether a query reads this listing's client count (sorts by it):
   *   its changes are written at once. Without it: every listing but a private room's.
   */
  constructor(
    redis: Redis,
    private readonly processId: () => string,
    options: { countsWriteMs?: number; countRead?: (listing: IRoomCache) => boolean } = {},
  ) {
    super(redis);
    this.countsWriteMs = options.countsWriteMs ?? COUNTS_WRITE_MS;
    this.countRead = options.countRead ?? ((listing) => !listing.private);
    const scripts = redis as unknown as Record<string, (...args: string[]) => Promise<unknown>>;
    if (!('listingRemoveOwn' in redis))
      redis.defineCommand('listingRemoveOwn', { numberOfKeys: 1, lua: REMOVE_OWN });
    if (!('listingWriteOwn' in redis))
      redis.defineCommand('listingWriteOwn', { numberOfKeys: 1, lua: WRITE_OWN });
    this.removeOwn = scripts.listingRemoveOwn!.bind(redis);
    this.writeOwn = scripts.listingWriteOwn!.bind(redis);
  }

  /**
   * A closing room's listing is removed twice at once by Colyseus (the room's disposal and the
   * matchmaker's, on the same event): a removal asked while one of the same listing is on its
   * way answers with it instead of sending a second.
   */
  override remove(roomId: string): Promise<boolean> {
    this.cancelPending(roomId);
    const pending = this.removing.get(roomId);
    if (pending) return pending;
    const removal = this.removeOwn(LISTINGS_KEY, roomId, this.processId())
      .then((removed) => removed === 1)
      .finally(() => this.removing.delete(roomId));
    this.removing.set(roomId, removal);
    return removal;
  }

  override async update(
    room: IRoomCache,
    operations: Partial<{ $set: Partial<IRoomCache>; $inc: Partial<IRoomCache> }>,
  ): Promise<boolean> {
    const fields = room as unknown as Record<string, unknown>;
    const countOnly = countsOnly(operations, room.locked === true) && !this.countRead(room);
    for (const [field, value] of Object.entries(operations.$set ?? {})) fields[field] = value;
    for (const [field, value] of Object.entries(operations.$inc ?? {}))
      fields[field] = (fields[field] as number) + (value as number);
    if (countOnly) {
      this.writeLater(room);
      return true;
    }
    this.cancelPending(room.roomId);
    return (await this.writeOwn(LISTINGS_KEY, room.roomId, room.processId, JSON.stringify(room))) === 1;
  }

  /** A whole listing written (a room placed, its metadata or visibility changed) carries its counts. */
  override persist(room: IRoomCache, create?: boolean): Promise<boolean> {
    this.cancelPending(room.roomId);
    return super.persist(room, create);
  }

  /**
   * A listing's client count is read by no query unless its room type sorts by it (`countRead`):
   * queries filter by name, lock and visibility, and a seat is reserved by the room's own process,
   * which counts its seats itself. So a change of the count alone is written once, `countsWriteMs`
   * after the first, with whatever the listing holds then (the room keeps changing the same
   * object), unless a write of the whole listing, a lock or unlock, or its removal comes first.
   * Every seat reserved and every client gone cost a script call on the way in and out of a room;
   * the listing still shows the count within that time.
   */
  private writeLater(room: IRoomCache): void {
    if (this.pending.has(room.roomId)) return;
    const timer = setTimeout(() => {
      this.pending.delete(room.roomId);
      // Nothing waits for this write: a failure leaves the counts to the listing's next write.
      this.writeOwn(LISTINGS_KEY, room.roomId, room.processId, JSON.stringify(room)).catch(() => undefined);
    }, this.countsWriteMs);
    timer.unref();
    this.pending.set(room.roomId, timer);
  }

  private cancelPending(roomId: string): void {
    const timer = this.pending.get(roomId);
    if (timer === undefined) return;
    clearTimeout(timer);
    this.pending.delete(roomId);
  }

  /** Removes the listings of the process `processId` (taken for dead), each only if still its. */
  override async cleanup(processId: string): Promise<void> {
    for (const listing of await this.query({ processId })) {
      await this.removeOwn(LISTINGS_KEY, listing.roomId, processId);
    }
  }
}
