import type { Redis } from 'ioredis';
import { type KeyedEntry, rankRun } from '../domain/leaderboards/ranking.ts';
import type { IndexWrite, RankedEntry, RankIndex, RankScope } from '../services/rank-index.ts';

/**
 * Versioned writes of one board period, each in one step: an entry at a version at or below the
 * one held is skipped; otherwise it replaces the member in the whole order and in its country's
 * (leaving the country it had). KEYS: held (hash member → "version|country"), whole order,
 * periods of the board. ARGV: country key prefix, period, then (member, key, version, country,
 * visible) per write.
 */
const WRITE = `
local applied = 0
for i = 3, #ARGV, 5 do
  local member, key, version, country, visible = ARGV[i], ARGV[i+1], tonumber(ARGV[i+2]), ARGV[i+3], ARGV[i+4]
  local held = redis.call('HGET', KEYS[1], member)
  local skip = false
  local old = ''
  if held then
    local sep = string.find(held, '|', 1, true)
    if tonumber(string.sub(held, 1, sep - 1)) >= version then skip = true end
    old = string.sub(held, sep + 1)
  end
  if not skip then
    redis.call('HSET', KEYS[1], member, version .. '|' .. country)
    if old ~= '' and old ~= country then redis.call('ZREM', ARGV[1] .. old, member) end
    if visible == '1' then
      redis.call('ZADD', KEYS[2], key, member)
      if country ~= '' then redis.call('ZADD', ARGV[1] .. country, key, member) end
    else
      redis.call('ZREM', KEYS[2], member)
      if country ~= '' then redis.call('ZREM', ARGV[1] .. country, member) end
    end
    applied = applied + 1
  end
end
redis.call('SADD', KEYS[3], ARGV[2])
return applied`;

/** Entries from a 0-based start, with the count of entries at or above the first's better bound. */
const PAGE_TAIL = `
local page = redis.call('ZREVRANGE', KEYS[1], start, start + limit - 1, 'WITHSCORES')
local better = 0
if #page > 0 then
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

  async write(board: string, period: string, writes: readonly IndexWrite[]): Promise<void> {
    const base = this.base(board, period);
    const argv: string[] = [`${base}:c:`, period];
    for (const w of writes)
      argv.push(w.member, String(w.key), String(w.version), w.country ?? '', w.visible ? '1' : '0');
    await this.scripts.lbWrite(`${base}:held`, base, `${this.prefix}:lb-periods:${board}`, ...argv);
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
