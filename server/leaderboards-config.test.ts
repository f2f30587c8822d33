import assert from 'node:assert/strict';
import { loadLeaderboardConfig } from './leaderboards-config.ts';

const one = (board: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    defaults: {
      game: 'chess',
      order: 'desc',
      timeZone: 'UTC',
      partitionByCountry: false,
      ratedOnly: true,
      eligibility: { minGames: 0, noProvisional: false, noBanned: true, noGuests: true },
    },
    boards: [{ id: 'b', title: 'B', metric: 'wins', operator: 'increment', reset: 'never', ...board }],
    ...extra,
  });

describe('leaderboard configuration', () => {
  it('the shipped file has the four chess rating boards, weekly and monthly wins and a season board', () => {
    const loaded = loadLeaderboardConfig({});
    assert.ok(loaded.ok, JSON.stringify(!loaded.ok && loaded.problems));
    const ids = loaded.value.boards.map((b) => b.id);
    for (const id of [
      'chess-bullet',
      'chess-blitz',
      'chess-rapid',
      'chess-classical',
      'chess-wins-weekly',
      'chess-wins-monthly',
      'chess-season',
    ])
      assert.ok(ids.includes(id), id);
    assert.ok(loaded.value.seasons.length > 0);
  });

  it('LEADERBOARDS replaces the shipped boards, with defaults merged', () => {
    const loaded = loadLeaderboardConfig({
      json: one({ reset: 'cron', cron: '0 6 * * 1', timeZone: 'Europe/Paris' }),
    });
    assert.ok(loaded.ok);
    assert.equal(loaded.value.boards.length, 1);
    assert.equal(loaded.value.boards[0]!.timeZone, 'Europe/Paris');
    assert.equal(loaded.value.boards[0]!.pool, null);
  });

  it('names every problem: a bad zone, a bad cron, an unknown game, a season board without seasons', () => {
    const cases: Array<[Record<string, unknown>, RegExp]> = [
      [{ timeZone: 'Mars/Olympus' }, /unknown time zone/],
      [{ reset: 'cron', cron: '99 * * * * * *' }, /bad cron expression/],
      [{ reset: 'cron' }, /give a cron expression/],
      [{ game: 'checkers' }, /no game "checkers"/],
      [{ reset: 'season' }, /needs seasons/],
      [{ metric: 'rating', operator: 'increment', pool: 'blitz' }, /"set" or "best"/],
      [{ metric: 'likes' }, /metric/],
    ];
    for (const [board, problem] of cases) {
      const loaded = loadLeaderboardConfig({ json: one(board) });
      assert.ok(
        !loaded.ok && loaded.problems.some((p) => problem.test(p)),
        `${JSON.stringify(board)}: ${JSON.stringify(loaded)}`,
      );
    }
  });

  it('refuses seasons that end before they start or overlap', () => {
    const seasons = [
      { id: 'a', name: 'A', start: '2027-01-01T00:00:00Z', end: '2027-02-01T00:00:00Z' },
      { id: 'b', name: 'B', start: '2027-01-15T00:00:00Z', end: '2027-03-01T00:00:00Z' },
      { id: 'c', name: 'C', start: '2027-05-01T00:00:00Z', end: '2027-04-01T00:00:00Z' },
    ];
    const loaded = loadLeaderboardConfig({ json: one({}, { seasons }) });
    assert.ok(!loaded.ok);
    assert.ok(loaded.problems.some((p) => /season b: it overlaps/.test(p)));
    assert.ok(loaded.problems.some((p) => /season c: it ends before/.test(p)));
  });
});
