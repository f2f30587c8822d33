import assert from 'node:assert/strict';
import type { MatchService } from '../../server/services/match.service.ts';
import type { MatchSeat, SeatResult } from '../../server/services/ports.ts';
import { client, uniqueName } from './server.ts';

export const PASSWORD = 'correct horse battery';

/** A suffix of its own for the boards and pools of one suite (the database is shared by the run). */
export function runTag(): string {
  return Math.random().toString(36).slice(2, 8);
}

/** A board of the test configuration, on golf (any registered game would do). */
export function testBoard(id: string, extra: Record<string, unknown>): Record<string, unknown> {
  return {
    id,
    title: id,
    game: 'golf',
    order: 'desc',
    timeZone: 'UTC',
    partitionByCountry: true,
    ratedOnly: false,
    eligibility: { minGames: 0, noProvisional: false, noBanned: true, noGuests: true },
    ...extra,
  };
}

export interface Account {
  id: string;
  name: string;
  token: string;
}

/** Registers an account (with a country, if given) over HTTP. */
export async function register(url: string, country?: string): Promise<Account> {
  const api = client(url);
  const username = uniqueName('lb');
  const res = await api.post('/api/auth/register', { username, password: PASSWORD });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  const token = res.body.accessToken as string;
  if (country) assert.equal((await api.patch('/api/me', { country }, token)).status, 200);
  return { id: res.body.user.id, name: username, token };
}

/**
 * Plays a two-seat match of `pool` through the record: created, then finished with `winner`
 * first (or a draw when null), ended at `endedAt`. Answers the game id.
 */
export async function playMatch(
  matches: MatchService,
  pool: string,
  a: Account,
  b: Account,
  winner: Account | null,
  endedAt: number,
  rated = true,
): Promise<string> {
  const id = uniqueName('L');
  const seats: MatchSeat[] = [a, b].map((p, seat) => ({
    seat,
    team: seat,
    userId: p.id,
    name: p.name,
    bot: null,
    guest: false,
  }));
  await matches.create(
    { id, game: 'golf', options: {}, pool, rated, startedAt: endedAt - 60_000, seats },
    { v: 1, event: { type: 'deal', at: endedAt - 60_000 } },
  );
  const results: SeatResult[] = [a, b].map((p, seat) => ({
    seat,
    score: winner === null ? 0.5 : winner === p ? 1 : 0,
    placing: winner === null || winner === p ? 1 : 2,
  }));
  await matches.finish(id, { termination: 'holes_played', results, endedAt, record: { result: 'scores' } });
  return id;
}
