import { z } from 'zod';
import { GAME_NAMES } from '../rooms/games/registry.ts';
import { BOARD_METRICS, BOARD_OPERATORS, BOARD_ORDERS, BOARD_RESETS } from '../schema/leaderboards.ts';
import { readConfigDocument } from './config-file.ts';
import type { Board } from './domain/leaderboards/boards.ts';
import { checkSchedule, RESET_CRON, type Season } from './domain/leaderboards/periods.ts';
import shipped from './leaderboards.default.json' with { type: 'json' };

/**
 * Leaderboards are configuration: `server/leaderboards.default.json` ships the chess rating boards
 * (bullet, blitz, rapid, classical), weekly and monthly wins and season points, with the seasons;
 * `LEADERBOARDS_FILE` (a path) or `LEADERBOARDS` (inline JSON) replaces them. A file's `defaults`
 * are merged into each of its `boards` (a board's own `eligibility` replaces the default one).
 * docs/leaderboards.md describes every field.
 */
export interface LeaderboardConfig {
  boards: Board[];
  seasons: Season[];
}

const id = z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes, at most 40');

const board = z.strictObject({
  id,
  title: z.string().min(1).max(80),
  game: z.string().max(40),
  pool: z.string().min(1).max(40).nullable().default(null),
  metric: z.enum(BOARD_METRICS),
  operator: z.enum(BOARD_OPERATORS),
  order: z.enum(BOARD_ORDERS),
  reset: z.enum(BOARD_RESETS),
  cron: z.string().min(9).max(80).optional(),
  timeZone: z.string().min(1).max(64),
  partitionByCountry: z.boolean(),
  ratedOnly: z.boolean(),
  eligibility: z.strictObject({
    minGames: z.number().int().min(0).max(10_000),
    noProvisional: z.boolean(),
    noBanned: z.boolean(),
    noGuests: z.boolean(),
  }),
});

const season = z.strictObject({
  id,
  name: z.string().min(1).max(80),
  start: z.iso.datetime({ offset: true }),
  end: z.iso.datetime({ offset: true }),
});

const file = z.strictObject({
  defaults: z.record(z.string(), z.unknown()).optional(),
  seasons: z.array(season).max(1000).default([]),
  boards: z.array(z.record(z.string(), z.unknown())).min(1).max(200),
});

export type LeaderboardConfigResult =
  | { ok: true; value: LeaderboardConfig }
  | { ok: false; problems: string[] };

/** Reads, merges and checks the boards and seasons; every problem is named, none is fatal here. */
export function loadLeaderboardConfig(
  source: { json?: string | undefined; file?: string | undefined },
  games: readonly string[] = GAME_NAMES,
): LeaderboardConfigResult {
  const read = readConfigDocument(
    source,
    { variable: 'LEADERBOARDS', shippedPath: 'server/leaderboards.default.json' },
    shipped,
    file,
  );
  if (!read.ok) return read;
  const { value: document, where } = read;
  const problems: string[] = [];
  const seasons: Season[] = [];
  for (const s of document.seasons) {
    const start = Date.parse(s.start);
    const end = Date.parse(s.end);
    if (end <= start) problems.push(`${where}: season ${s.id}: it ends before it starts`);
    if (seasons.some((other) => other.id === s.id))
      problems.push(`${where}: season ${s.id}: the id is used twice`);
    if (seasons.some((other) => other.start < end && start < other.end))
      problems.push(`${where}: season ${s.id}: it overlaps another season`);
    seasons.push({ id: s.id, name: s.name, start, end });
  }

  const boards: Board[] = [];
  document.boards.forEach((given, index) => {
    const name = typeof given.id === 'string' ? given.id : `boards.${index}`;
    const merged = board.safeParse({ ...document.defaults, ...given });
    if (!merged.success) {
      for (const i of merged.error.issues)
        problems.push(`${where}: ${name}: ${i.path.join('.')}: ${i.message}`);
      return;
    }
    const b = merged.data;
    if (boards.some((other) => other.id === b.id)) problems.push(`${where}: ${name}: the id is used twice`);
    if (!games.includes(b.game)) problems.push(`${where}: ${name}: game: no game "${b.game}" is registered`);
    if ((b.reset === 'cron') !== (b.cron !== undefined))
      problems.push(`${where}: ${name}: cron: give a cron expression exactly when reset is "cron"`);
    const cron = b.reset === 'cron' ? b.cron : RESET_CRON[b.reset];
    const scheduleProblem = checkSchedule(cron ?? '0 0 * * *', b.timeZone);
    if (scheduleProblem) problems.push(`${where}: ${name}: ${scheduleProblem}`);
    if (b.metric === 'rating' && !['set', 'best'].includes(b.operator))
      problems.push(`${where}: ${name}: a rating board takes the operator "set" or "best"`);
    if (b.metric === 'rating' && b.pool === null)
      problems.push(`${where}: ${name}: a rating board needs a pool`);
    if (b.reset === 'season' && seasons.length === 0)
      problems.push(`${where}: ${name}: a season board needs seasons`);
    boards.push(b);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: { boards, seasons } };
}
