import { z } from 'zod';
import { parseTimeControl } from '../rooms/games/chess/time-control.ts';
import { GAME_NAMES } from '../rooms/games/registry.ts';
import type { QueueProfile } from '../schema/queues.ts';
import { readConfigDocument } from './config-file.ts';
import shipped from './queue-profiles.default.json' with { type: 'json' };

/**
 * Queue profiles are configuration: `server/queue-profiles.default.json` ships the chess queues
 * (bullet, blitz, rapid, classical; rated and casual) and golf's tables (casual and rated), and `QUEUE_PROFILES_FILE` (a path) or
 * `QUEUE_PROFILES` (inline JSON) replaces them. A file has `defaults` merged into each of its
 * `profiles` (a profile's own `widening` replaces the default one as a whole).
 */
const widening = z.strictObject({
  initialBand: z.number().min(0).max(5000),
  growthPerSecond: z.number().min(0).max(5000),
  maxBand: z.number().min(0).max(5000),
  relaxRegionAfterSeconds: z.number().min(0).max(86_400),
});

const profile = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40'),
  label: z.string().min(1).max(80),
  game: z.string().max(40),
  timeControl: z.string().max(16).optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  rated: z.boolean(),
  teams: z.literal(2),
  teamSize: z.number().int().min(1).max(4),
  minSeats: z.number().int().min(2).max(16).optional(),
  maxSeats: z.number().int().min(2).max(16).optional(),
  fillWaitSeconds: z.number().min(0).max(3600).optional(),
  regions: z
    .array(z.string().regex(/^[a-z0-9-]{1,16}$/))
    .min(1)
    .max(32),
  widening,
  minQuality: z.number().min(0).max(1),
  tickMs: z.number().int().min(10).max(60_000),
  seatTimeoutSeconds: z.number().min(0.5).max(300),
});

const file = z.strictObject({
  defaults: z.record(z.string(), z.unknown()).optional(),
  profiles: z.array(z.record(z.string(), z.unknown())).min(1),
});

/**
 * A queue of tables: `minSeats` and `maxSeats` both, one player a side (`teams` becomes the most
 * sides, `maxSeats`), and a fill wait (20 s unless given). A queue of teams has none of the three.
 */
function tableOf(
  p: z.infer<typeof profile>,
): { ok: true; value: Partial<QueueProfile> } | { ok: false; problem: string } {
  const { minSeats, maxSeats, fillWaitSeconds } = p;
  if (minSeats === undefined && maxSeats === undefined) {
    return fillWaitSeconds === undefined
      ? { ok: true, value: {} }
      : { ok: false, problem: 'fillWaitSeconds: only a queue of tables (minSeats, maxSeats) waits to fill' };
  }
  if (minSeats === undefined || maxSeats === undefined)
    return { ok: false, problem: 'minSeats and maxSeats: a queue of tables names both' };
  if (minSeats > maxSeats) return { ok: false, problem: 'minSeats is larger than maxSeats' };
  if (p.teamSize !== 1)
    return { ok: false, problem: 'teamSize: at a table every player is a side of their own (teamSize 1)' };
  return { ok: true, value: { teams: maxSeats, fillWaitSeconds: fillWaitSeconds ?? 20 } };
}

export type ProfilesResult = { ok: true; value: QueueProfile[] } | { ok: false; problems: string[] };

/** Reads, merges and checks the queue profiles; every problem is named, none is fatal here. */
export function loadQueueProfiles(
  source: { json?: string; file?: string },
  games: readonly string[] = GAME_NAMES,
): ProfilesResult {
  const read = readConfigDocument(
    source,
    { variable: 'QUEUE_PROFILES', shippedPath: 'server/queue-profiles.default.json' },
    shipped,
    file,
  );
  if (!read.ok) return read;
  const { value: document, where } = read;
  const problems: string[] = [];
  const profiles: QueueProfile[] = [];
  const ids = new Set<string>();
  document.profiles.forEach((given, index) => {
    const merged = profile.safeParse({ ...document.defaults, ...given });
    const name = typeof given.id === 'string' ? given.id : `profiles.${index}`;
    if (!merged.success) {
      for (const i of merged.error.issues)
        problems.push(`${where}: ${name}: ${i.path.join('.')}: ${i.message}`);
      return;
    }
    const p = merged.data;
    if (ids.has(p.id)) problems.push(`${where}: ${name}: the id is used twice`);
    ids.add(p.id);
    if (!games.includes(p.game)) problems.push(`${where}: ${name}: game: no game "${p.game}" is registered`);
    if (p.timeControl !== undefined) {
      const tc = parseTimeControl(p.timeControl);
      if (!tc.ok) problems.push(`${where}: ${name}: timeControl: ${tc.message}`);
    }
    const table = tableOf(p);
    if (!table.ok) problems.push(`${where}: ${name}: ${table.problem}`);
    else Object.assign(p, table.value);
    if (p.teamSize > 1 && p.rated) {
      problems.push(`${where}: ${name}: teams of more than one play consultation chess, which is not rated`);
    }
    if (p.widening.maxBand < p.widening.initialBand) {
      problems.push(`${where}: ${name}: widening.maxBand is smaller than widening.initialBand`);
    }
    profiles.push(p as QueueProfile);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: profiles };
}
