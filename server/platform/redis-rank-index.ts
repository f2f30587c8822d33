import type { Redis } from 'ioredis';
import { type KeyedEntry, rankRun } from '../domain/leaderboards/ranking.ts';
import type { IndexWrite, RankedEntry, RankIndex, RankScope } from '../services/rank-index.ts';

/**
 * Versioned writes of one board period, in one step: each member's entry is replaced by the newest
 * write of the batch if that is newer than the version held; it leaves the country it had, and
 * leaves the orders when it is not visible. The versions held are read with one HMGET and the
 * changes made with one command per set (in slices of {@link SLICE}), not three commands an entry.
 * KEYS: held (hash member → "version|country"), whole order, periods of the board. ARGV: country
 * key prefix, period, then (member, key, version, country, visible) per write.
 */
const WRITE = `
local SLICE = 1000
local function each_slice(command, key, list, width)
  local step = SLICE * width
  for s = 1, #list, step do
    redis.call(command, key, unpack(list, s, math.min(#list, s + step - 1)))
  end
end
local members = {}
for i = 3, #ARGV, 5 do members[#members + 1] = ARGV[i] end
local held = {}
for s = 1, #members, SLICE do
  local part = redis.call('HMGET', KEYS[1], unpack(members, s, math.min(#members, s + SLICE - 1)))
  for j = 1, #part do
    local h = part[j]
    if h then
      local sep = string.find(h, '|', 1, true)
      held[members[s + j - 1]] = { tonumber(string.sub(h, 1, sep - 1)), string.sub(h, sep + 1) }
    end
  end
end
local order, last, was = {}, {}, {}
for i = 3, #ARGV, 5 do
  local member, version = ARGV[i], tonumber(ARGV[i+2])
  local h = held[member]
  if not h or h[1] < version then
    if was[member] == nil then
      was[member] = h and h[2] or ''
      order[#order + 1] = member
    end
    held[member] = { version, ARGV[i+3] }
    last[member] = i
  end
end
local fields, add, drop, cadd, cdrop = {}, {}, {}, {}, {}
local function list_of(lists, country)
  local list = lists[country]
  if not list then list = {}; lists[country] = list end
  return list
end
for _, member in ipairs(order) do
  local i = last[member]
  local key, version, country, visible = ARGV[i+1], ARGV[i+2], ARGV[i+3], ARGV[i+4] == '1'
  fields[#fields + 1] = member
  fields[#fields + 1] = version .. '|' .. country
  local old = was[member]
  if old ~= '' and old ~= country then table.insert(list_of(cdrop, old), member) end
  if visible then
    add[#add + 1] = key
    add[#add + 1] = member
    if country ~= '' then
      local list = list_of(cadd, country)
      list[#list + 1] = key
      list[#list + 1] = member
    end
  else
    drop[#drop + 1] = member
    if country ~= '' then table.insert(list_of(cdrop, country), member) end
  end
end
each_slice('HSET', KEYS[1], fields, 2)
each_slice('ZREM', KEYS[2], drop, 1)
each_slice('ZADD', KEYS[2], add, 2)
for country, list in pairs(cdrop) do each_slice('ZREM', ARGV[1] .. country, list, 1) end
for country, list in pairs(cadd) do each_slice('ZADD', ARGV[1] .. country, list, 2) end
redis.call('SADD', KEYS[3], ARGV[2])
return #order`;

/** Writes sent in one script call at most: a rebuild's page goes as several calls, pipelined. */
const WRITES_PER_CALL = 2000;

/**
 * Entries from a 0-based start, with the count of entries at or above the first's better bound
 * (none above the first page's first entry: the top page needs no count).
 */
const PAGE_TAIL = `
local page = redis.call('ZREVRANGE', KEYS[1], start, start + limit - 1, 'WITHSCORES')
local better = 0
if #page > 0 and start > 0 then
  local first = tonumber(page[2])
  local bound = (math.floor(first / 4294967296) + 1) * 4294967296
  better = redis.call('ZCOUNT', KEYS[1], string.format('%.0f', bound), '+inf')
end
return {start, better, page}`;

/** ARGV: offset, limit. */
const RANGE = `local start, limit = tonumber(ARGV[1]), tonumber(ARGV[2])${PAGE_TAIL}`;

/** ARGV: member, k (a standing is k = 0). */
const AROUND = `
local at = redis.call('ZREVRANK', KEYS[1], ARGV[1])
if not at then return false end
local k = tonumber(ARGV[2])
local start = math.max(0, at - k)
local limit = at - start + k + 1${PAGE_TAIL}`;

/** ARGV: cursor key, cursor member, limit: entries strictly after the cursor in board order. */
const AFTER = `
local key, member, limit = ARGV[1], ARGV[2], tonumber(ARGV[3])
local start = redis.call('ZCOUNT', KEYS[1], '(' .. key, '+inf')
for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], key, key)) do
  if m >= member then start = start + 1 end
end${PAGE_TAIL}`;

type PageReply = [number, number, string[]];

const SCRIPTS = { lbWrite: WRITE, lbRange: RANGE, lbAround: AROUND, lbAfter: AFTER };
type Script = keyof typeof SCRIPTS;

/**
 * The rank index in Redis sorted sets, under the deployment's key prefix: `<prefix>:lb:<board>:
 * <period>` holds the whole order, `…:c:<country>` a country's, `…:held` each member's version.
 * A key's score is the entry's sort key, exact as a double (`ranking.ts`). Each read is one script,
 * so an answer is consistent with itself while writes go on.
 */
export class RedisRankIndex implements RankIndex {
  /** The scripts, sent once and then called by their digest (`defineCommand`). */
  private readonly scripts: Record<Script, (...args: Array<string | number>) => Promise<unknown>>;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    const keys: Record<Script, number> = { lbWrite: 3, lbRange: 1, lbAround: 1, lbAfter: 1 };
    const scripts = {} as Record<Script, (...args: Array<string | number>) => Promise<unknown>>;
    for (const name of Object.keys(SCRIPTS) as Script[]) {
      if (!(name in redis)) redis.defineCommand(name, { numberOfKeys: keys[name], lua: SCRIPTS[name] });
      const command = (
        redis as unknown as Record<Script, (...args: Array<string | number>) => Promise<unknown>>
      )[name];
      scripts[name] = command.bind(redis);
    }
    this.scripts = scripts;
  }

  private base(board: string, period: string): string {
    return `${this.prefix}:lb:${board}:${period}`;
  }

  private keyOf(scope: RankScope): string {
    const base = this.base(scope.board, scope.period);
    return scope.country ? `${base}:c:${scope.country}` : base;
  }

  private static ranked(reply: PageReply | null): RankedEntry[] {
    if (!reply) return [];
    const [start, better, flat] = reply;
    const entries: KeyedEntry[] = [];
    for (let i = 0; i < flat.length; i += 2) entries.push({ member: flat[i]!, key: Number(flat[i + 1]) });
    if (entries.length === 0) return [];
    const ranks = rankRun(entries, start, 1 + better);
    return entries.map((e, i) => ({ ...e, position: start + i, rank: ranks[i]! }));
  }

  /**
   * A large batch goes as several script calls sent at once (one round trip's wait, and Redis
   * never busy with one call for long); each member's writes stay in one call, in their order.
   */
  async write(board: string, period: string, writes: readonly IndexWrite[]): Promise<void> {
    const base = this.base(board, period);
    const keys = [`${base}:held`, base, `${this.prefix}:lb-periods:${board}`];
    const calls: Array<Promise<unknown>> = [];
    for (const part of RedisRankIndex.split(writes)) {
      const argv: string[] = [`${base}:c:`, period];
      for (const w of part)
        argv.push(w.member, String(w.key), String(w.version), w.country ?? '', w.visible ? '1' : '0');
      calls.push(this.scripts.lbWrite(...keys, ...argv));
    }
    await Promise.all(calls);
  }

  /** Slices of at most {@link WRITES_PER_CALL} writes, a member's writes all in one slice. */
  private static split(writes: readonly IndexWrite[]): IndexWrite[][] {
    if (writes.length <= WRITES_PER_CALL) return [writes as IndexWrite[]];
    const slices = Math.ceil(writes.length / WRITES_PER_CALL);
    const parts: IndexWrite[][] = Array.from({ length: slices }, () => []);
    for (const w of writes) parts[RedisRankIndex.slot(w.member, slices)]!.push(w);
    return parts.filter((p) => p.length > 0);
  }

  private static slot(member: string, slices: number): number {
    let h = 0;
    for (let i = 0; i < member.length; i++) h = (h * 31 + member.charCodeAt(i)) | 0;
    return (h >>> 0) % slices;
  }

  async range(scope: RankScope, offset: number, limit: number): Promise<RankedEntry[]> {
    const reply = (await this.scripts.lbRange(this.keyOf(scope), offset, limit)) as PageReply;
    return RedisRankIndex.ranked(reply);
  }

  async after(scope: RankScope, cursor: KeyedEntry, limit: number): Promise<RankedEntry[]> {
    const key = String(cursor.key);
    const reply = (await this.scripts.lbAfter(this.keyOf(scope), key, cursor.member, limit)) as PageReply;
    return RedisRankIndex.ranked(reply);
  }

  async standing(scope: RankScope, member: string): Promise<RankedEntry | null> {
    return (await this.around(scope, member, 0))[0] ?? null;
  }

  async around(scope: RankScope, member: string, k: number): Promise<RankedEntry[]> {
    const reply = (await this.scripts.lbAround(this.keyOf(scope), member, k)) as PageReply | null;
    return RedisRankIndex.ranked(reply);
  }

  size(scope: RankScope): Promise<number> {
    return this.redis.zcard(this.keyOf(scope));
  }

  async periods(board: string): Promise<string[]> {
    return (await this.redis.smembers(`${this.prefix}:lb-periods:${board}`)).sort();
  }

  async isBuilt(): Promise<boolean> {
    return (await this.redis.exists(`${this.prefix}:lb-built`)) === 1;
  }

  async markBuilt(): Promise<void> {
    await this.redis.set(`${this.prefix}:lb-built`, new Date().toISOString());
  }

  async clear(): Promise<void> {
    for (const pattern of [`${this.prefix}:lb:*`, `${this.prefix}:lb-periods:*`, `${this.prefix}:lb-built`]) {
      let cursor = '0';
      do {
        const [next, keys] = await this.redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) await this.redis.unlink(...keys);
      } while (cursor !== '0');
    }
  }
}
