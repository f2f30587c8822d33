import assert from 'node:assert/strict';
import { GLICKO2_DEFAULTS, rateByPlacing } from '../server/domain/rating.glicko2.ts';
import { AppError, SeqConflictError } from '../server/services/errors.ts';
import type { MatchService } from '../server/services/match.service.ts';
import type { MatchEnding, MatchSeat, MatchStart, SeatResult } from '../server/services/ports.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { client, expectUnchanged, startServer, type TestServer, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';
const T0 = Date.UTC(2026, 11, 5, 12, 0, 0);

interface Person {
  id: string;
  name: string;
  guest: boolean;
}

/** The record of matches of any game, over every backend: a card game of up to six stands in. */
forEachBackend('the record of matches (MatchRecords)', (backend: Backend) => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  let matches: MatchService;

  before(async () => {
    server = await startServer(backend);
    api = client(server.url);
    matches = server.app.services.matches;
  });
  after(() => server?.close());

  const account = async (): Promise<Person> => {
    const username = uniqueName('m');
    const res = await api.post('/api/auth/register', { username, password: PASSWORD });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.user.id, name: username, guest: false };
  };
  const guest = async (): Promise<Person> => {
    const res = await api.post('/api/auth/guest');
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.user.id, name: res.body.user.username, guest: true };
  };
  const seatOf = (p: Person | 'bot', seat: number, team = seat): MatchSeat =>
    p === 'bot'
      ? { seat, team, userId: null, name: 'Bot', bot: 'careful', guest: false }
      : { seat, team, userId: p.id, name: p.name, bot: null, guest: p.guest };

  /** A match of golf (the card game) with these seats, in a pool of its own unless told. */
  const startOf = (seats: MatchSeat[], extra: Partial<MatchStart> = {}): MatchStart => ({
    id: uniqueName('M'),
    game: 'golf',
    options: { holes: 9, deck: { jokers: 2 } },
    pool: uniqueName('golf'),
    rated: true,
    startedAt: T0,
    seats,
    ...extra,
  });
  const deal = { v: 1, event: { type: 'deal', at: T0, seed: 42 } };
  const ending = (results: SeatResult[], termination = 'holes_played'): MatchEnding => ({
    termination,
    results,
    endedAt: T0 + 60_000,
    record: { result: 'scores', export: { totals: results.map((r) => r.score) } },
  });
  const unchanged = (action: () => Promise<unknown>) => expectUnchanged(backend, action);
  /** A rated match of two accounts in `pool`, the first winning: both get a rating row there. */
  const ratedGame = async (pool: string, first: Person, second: Person) => {
    const start = startOf([seatOf(first, 0), seatOf(second, 1)], { pool });
    await matches.create(start, deal);
    await matches.finish(
      start.id,
      ending([
        { seat: 0, score: 1, placing: 1 },
        { seat: 1, score: 9, placing: 2 },
      ]),
    );
  };

  describe('starting and logging a match', () => {
    it('gives back the start of a match of four (teams, a guest, a bot) and its first event as written', async () => {
      const [a, b, g] = [await account(), await account(), await guest()];
      const start = startOf([seatOf(a, 0, 0), seatOf(g, 1, 1), seatOf(b, 2, 0), seatOf('bot', 3, 1)], {
        reportTo: 'queue:golf',
        rated: false,
      });
      await matches.create(start, deal);
      const stored = await matches.load(start.id);
      assert.deepEqual(stored, {
        start,
        status: 'playing',
        events: [{ seq: 1, ...deal }],
        lastSeq: 1,
      });
      assert.ok((await matches.unfinished()).includes(start.id));
    });

    it('creates a match once: the same start again changes nothing, another start is refused', async () => {
      const a = await account();
      const start = startOf([seatOf(a, 0), seatOf('bot', 1)]);
      await matches.create(start, deal);
      await unchanged(() => matches.create({ ...start, seats: start.seats.map((s) => ({ ...s })) }, deal));
      await unchanged(() =>
        assert.rejects(matches.create({ ...start, options: { holes: 18 } }, deal), /another start/),
      );
      await assert.rejects(
        matches.create({ ...start, id: uniqueName('M'), seats: [seatOf(a, 1), seatOf('bot', 0)] }, deal),
        /seat 0 is numbered 1/,
      );
    });

    it('keeps each event with its format version and what was derived, and refuses a taken number', async () => {
      const start = startOf([seatOf(await account(), 0), seatOf(await account(), 1)]);
      await matches.create(start, deal);
      const draw = { type: 'draw', at: T0 + 1_000, by: 0, pile: 'stock' };
      const swap = { type: 'swap', at: T0 + 2_000, by: 0, card: { row: 1, col: 2 } };
      await matches.append(start.id, 2, { v: 1, event: draw, derived: { shown: 'K♠' } });
      await matches.append(start.id, 3, { v: 2, event: swap });
      await unchanged(() =>
        assert.rejects(
          matches.append(start.id, 3, { v: 2, event: { ...swap, by: 1 } }),
          (err) => err instanceof SeqConflictError,
        ),
      );
      await assert.rejects(
        matches.append(uniqueName('M'), 2, { v: 1, event: draw }),
        (err) => err instanceof AppError && err.code === 'GAME_NOT_FOUND',
      );
      const stored = await matches.load(start.id);
      assert.deepEqual(stored!.events, [
        { seq: 1, ...deal },
        { seq: 2, v: 1, event: draw },
        { seq: 3, v: 2, event: swap },
      ]);
      assert.equal(stored!.lastSeq, 3);
      const rows = await backend.sql(
        'select seq, v, type, derived from game_events where game_id = $1 order by seq',
        [start.id],
      );
      assert.deepEqual(rows, [
        { seq: 1, v: 1, type: 'deal', derived: null },
        { seq: 2, v: 1, type: 'draw', derived: { shown: 'K♠' } },
        { seq: 3, v: 2, type: 'swap', derived: null },
      ]);
    });

    it('writes appends arriving together in one statement, each answered as if written alone', async () => {
      const people = await Promise.all([account(), account(), account(), account()]);
      const starts = [
        startOf([seatOf(people[0]!, 0), seatOf(people[1]!, 1)]),
        startOf([seatOf(people[2]!, 0), seatOf(people[3]!, 1)]),
      ];
      for (const start of starts) await matches.create(start, deal);
      const [a, b] = starts.map((s) => s.id) as [string, string];
      const draw = (by: number, at: number) => ({
        v: 1,
        event: { type: 'draw', at: T0 + at, by, pile: 'stock' },
      });
      await matches.append(b, 2, draw(1, 1_000));
      const before = { ...matches.appends.written };
      // In one turn: two games' next events, a number taken by the first of two equal ones, and a
      // number the log already holds.
      const outcomes = await Promise.allSettled([
        matches.append(a, 2, draw(0, 1_000)),
        matches.append(b, 3, draw(0, 2_000)),
        matches.append(a, 3, draw(1, 2_000)),
        matches.append(a, 3, draw(0, 2_500)),
        matches.append(b, 2, draw(0, 3_000)),
      ]);
      assert.deepEqual(
        outcomes.map((o) =>
          o.status === 'fulfilled' ? 'ok' : o.reason instanceof SeqConflictError ? 'taken' : o.reason,
        ),
        ['ok', 'ok', 'ok', 'taken', 'taken'],
      );
      assert.deepEqual(matches.appends.written, {
        statements: before.statements + 1,
        items: before.items + 5,
      });
      // An unknown game among them fails the statement: each is then written alone, and only the
      // unknown game's append is refused.
      const mixed = await Promise.allSettled([
        matches.append(uniqueName('M'), 2, draw(0, 4_000)),
        matches.append(a, 4, draw(0, 4_000)),
        matches.append(b, 4, draw(1, 4_000)),
      ]);
      assert.deepEqual(
        mixed.map((o) =>
          o.status === 'fulfilled' ? 'ok' : o.reason instanceof AppError ? o.reason.code : o.reason,
        ),
        ['GAME_NOT_FOUND', 'ok', 'ok'],
      );
      const logOf = async (id: string) =>
        (await matches.load(id))!.events.map((e) => [
          e.seq,
          (e.event as { by?: number }).by,
          e.event.at - T0,
        ]);
      assert.deepEqual(await logOf(a), [
        [1, undefined, 0],
        [2, 0, 1_000],
        [3, 1, 2_000],
        [4, 0, 4_000],
      ]);
      assert.deepEqual(await logOf(b), [
        [1, undefined, 0],
        [2, 1, 1_000],
        [3, 0, 2_000],
        [4, 1, 4_000],
      ]);
    });

    it('writes an append apart from the transaction of the work that asked for it', async () => {
      const people = await Promise.all([account(), account()]);
      const start = startOf([seatOf(people[0]!, 0), seatOf(people[1]!, 1)]);
      await matches.create(start, deal);
      const db = server.app.db;
      const event = {
        gameId: start.id,
        seq: 2,
        v: 1,
        event: { type: 'draw', at: T0 + 1_000, by: 0, pile: 'stock' },
        derived: { card: 7 },
      };
      // Asked for from inside a transaction that then rolls back: the append is not part of it.
      let append: Promise<unknown> | undefined;
      await assert.rejects(
        db.transaction(async () => {
          append = db.statements((repos) => repos.games.appendEvents([event]));
          throw new Error('the transaction rolls back');
        }),
        /rolls back/,
      );
      assert.deepEqual(await append, ['appended']);
      const log = (await matches.load(start.id))!.events;
      assert.deepEqual(
        log.map((e) => [e.seq, e.event]),
        [
          [1, deal.event],
          [2, event.event],
        ],
      );
    });

    it('restores from the newest snapshot and the events after it; a snapshot is taken once', async () => {
      const start = startOf([seatOf(await account(), 0), seatOf('bot', 1)]);
      await matches.create(start, deal);
      for (let seq = 2; seq <= 6; seq++)
        await matches.append(start.id, seq, { v: 1, event: { type: 'turn', at: T0 + seq, n: seq } });
      await matches.snapshot(start.id, 3, { v: 1, state: { hands: [[1, 2]], turn: 3 } });
      await matches.snapshot(start.id, 5, { v: 2, state: { hands: [[3]], turn: 5 } });
      await unchanged(() => matches.snapshot(start.id, 5, { v: 2, state: { other: true } }));
      await assert.rejects(matches.snapshot(start.id, 9, { v: 1, state: {} }), /no event 9/);
      await assert.rejects(
        matches.snapshot(uniqueName('M'), 1, { v: 1, state: {} }),
        (err) => err instanceof AppError && err.code === 'GAME_NOT_FOUND',
      );
      const stored = await matches.load(start.id);
      assert.deepEqual(stored!.snapshot, { seq: 5, v: 2, state: { hands: [[3]], turn: 5 } });
      assert.deepEqual(
        stored!.events.map((e) => e.seq),
        [6],
      );
      assert.equal(stored!.lastSeq, 6);
      await matches.snapshot(start.id, 6, { v: 2, state: { turn: 6 } });
      const atEnd = await matches.load(start.id);
      assert.deepEqual([atEnd!.events, atEnd!.lastSeq], [[], 6]);
    });
  });

  describe('ending a match', () => {
    it('rates every account of a rated match against every other by placing, once, in its pool', async () => {
      const [a, b, c] = [await account(), await account(), await account()];
      const start = startOf([seatOf(a, 0), seatOf(b, 1), seatOf(c, 2)]);
      await matches.create(start, deal);
      const results = [
        { seat: 0, score: 12, placing: 2 },
        { seat: 1, score: 30, placing: 3 },
        { seat: 2, score: 12, placing: 2 },
      ];
      // Rated from the initial ratings, in one period, as the pure rule says.
      const initial = GLICKO2_DEFAULTS.initial;
      const expected = rateByPlacing(
        results.map((r) => ({ rating: initial, placing: r.placing, team: r.seat })),
      ).map((after) => Math.round(after.rating));

      const [first, concurrent] = await Promise.all([
        matches.finish(start.id, ending(results)),
        matches.finish(start.id, ending(results)),
      ]);
      assert.deepEqual(concurrent, first);
      assert.equal(first.termination, 'holes_played');
      assert.deepEqual(
        first.results.map((r) => [r.seat, r.score, r.placing, r.rating?.before, r.rating?.after]),
        results.map((r, i) => [r.seat, r.score, r.placing, 1500, expected[i]]),
      );
      assert.equal(first.results[0]!.rating!.diff, first.results[2]!.rating!.diff, 'a tie moves both alike');
      assert.ok(first.results[1]!.rating!.diff < 0);
      for (const [i, p] of [a, b, c].entries()) {
        const view = await matches.ratingOf(p.id, start.pool);
        assert.deepEqual([view.rating, view.games], [expected[i], 1]);
        assert.deepEqual(await matches.ratingOf(p.id, uniqueName('other')), {
          rating: 1500,
          rd: 500,
          provisional: true,
          games: 0,
        });
      }
      await unchanged(async () => {
        const again = await matches.finish(start.id, ending([], 'aborted'));
        assert.deepEqual(again, first, 'a second finish answers what the first did');
      });
      const stored = await matches.load(start.id);
      assert.equal(stored!.status, 'ended');
      assert.ok(!(await matches.unfinished()).includes(start.id));
    });

    it('moves no rating with a bot at the table, in a casual match, or without a result, but keeps each seat’s result', async () => {
      const [a, b] = [await account(), await account()];
      const pool = uniqueName('golf');
      const cases: Array<[MatchStart, SeatResult[]]> = [
        [
          startOf([seatOf(a, 0), seatOf(b, 1), seatOf('bot', 2)], { pool }),
          [0, 1, 2].map((seat) => ({ seat, score: seat, placing: seat + 1 })),
        ],
        [
          startOf([seatOf(a, 0), seatOf(b, 1)], { pool, rated: false }),
          [
            { seat: 0, score: 1, placing: 1 },
            { seat: 1, score: 2, placing: 2 },
          ],
        ],
        [startOf([seatOf(a, 0), seatOf(b, 1)], { pool }), []],
      ];
      for (const [start, results] of cases) {
        await matches.create(start, deal);
        const finished = await matches.finish(start.id, ending(results));
        assert.deepEqual(finished.results, results);
        const seats = await backend.sql(
          'select seat, score, place, rating_before, rating_diff from game_players where game_id = $1 order by seat',
          [start.id],
        );
        assert.deepEqual(
          seats.map((s) => [s.score, s.place, s.rating_before, s.rating_diff]),
          start.seats.map((s) => {
            const r = results.find((x) => x.seat === s.seat);
            return [r?.score ?? null, r?.placing ?? null, s.userId ? 1500 : null, null];
          }),
        );
      }
      assert.equal((await matches.ratingOf(a.id, pool)).games, 0);
    });

    it('ends a match without a result once: seats forfeited as told, each account shown its rating in the pool then', async () => {
      const [a, b, c] = [await account(), await account(), await account()];
      const g = await guest();
      const pool = uniqueName('golf');
      // a and b get rating rows in the pool (a settled below provisional, b not); c has none.
      await ratedGame(pool, a, b);
      await backend.sql('update ratings set rating = 1612.5, rd = 44 where user_id = $1 and pool = $2', [
        a.id,
        pool,
      ]);
      await backend.sql('update ratings set rating = 1387.49, rd = 120 where user_id = $1 and pool = $2', [
        b.id,
        pool,
      ]);

      const start = startOf([seatOf(a, 0), seatOf(b, 1), seatOf(c, 2), seatOf(g, 3), seatOf('bot', 4)], {
        pool,
      });
      await matches.create(start, deal);
      const called = { ...ending([], 'aborted'), forfeited: [3, 1] };
      const [first, concurrent] = await Promise.all([
        matches.finish(start.id, called),
        matches.finish(start.id, called),
      ]);
      assert.deepEqual(first, { termination: 'aborted', results: [], forfeited: [1, 3] });
      assert.deepEqual(concurrent, first, 'the call that found it ended answers what is stored');
      const seats = await backend.sql(
        'select score, place, rating_before, rating_after, rating_diff, provisional, forfeited from game_players where game_id = $1 order by seat',
        [start.id],
      );
      const provisionalRd = GLICKO2_DEFAULTS.provisionalRd;
      assert.deepEqual(
        seats.map((s) => [
          s.score,
          s.place,
          s.rating_before,
          s.rating_after,
          s.rating_diff,
          s.provisional,
          s.forfeited,
        ]),
        [
          [null, null, 1613, null, null, 44 >= provisionalRd, false],
          [null, null, 1387, null, null, 120 >= provisionalRd, true],
          [null, null, 1500, null, null, true, false],
          [null, null, 1500, null, null, true, true],
          [null, null, null, null, null, null, false],
        ],
      );
      const stored = await matches.load(start.id);
      assert.equal(stored!.status, 'ended');
      assert.equal(
        (await backend.sql('select termination from games where id = $1', [start.id]))[0]!.termination,
        'aborted',
      );
      await unchanged(async () => {
        assert.deepEqual(await matches.finish(start.id, ending([], 'aborted')), first);
      });
      assert.deepEqual(
        [(await matches.ratingOf(a.id, pool)).games, (await matches.ratingOf(c.id, pool)).games],
        [1, 0],
        'no rating moved',
      );
      assert.deepEqual(
        await matches.ratingOf(g.id, pool, true),
        { rating: 1500, rd: GLICKO2_DEFAULTS.initial.rd, provisional: true, games: 0 },
        'a guest has the initial rating',
      );
    });

    it('ends a casual match once with each seat’s result, moves and berserk, and the ratings shown then', async () => {
      const [a, b] = [await account(), await account()];
      const pool = uniqueName('golf');
      await ratedGame(pool, a, b);
      const [ratingA, ratingB] = [await matches.ratingOf(a.id, pool), await matches.ratingOf(b.id, pool)];
      const start = startOf([seatOf(a, 0), seatOf(b, 1), seatOf('bot', 2)], { pool, rated: false });
      await matches.create(start, deal);
      const results: SeatResult[] = [
        { seat: 2, score: 3, placing: 1 },
        { seat: 0, score: 7, placing: 2, moves: 12, berserk: true },
        { seat: 1, score: 7, placing: 2, moves: 11, berserk: false },
      ];
      const [first, concurrent] = await Promise.all([
        matches.finish(start.id, ending(results)),
        matches.finish(start.id, ending(results)),
      ]);
      assert.deepEqual(first, {
        termination: 'holes_played',
        results: [...results].sort((x, y) => x.seat - y.seat),
      });
      assert.deepEqual(concurrent, first, 'the call that found it ended answers what is stored');
      const seats = await backend.sql(
        'select score, place, rating_before, rating_after, provisional, moves, berserk, forfeited from game_players where game_id = $1 order by seat',
        [start.id],
      );
      assert.deepEqual(
        seats.map((s) => [
          Number(s.score),
          s.place,
          s.rating_before,
          s.rating_after,
          s.provisional,
          s.moves,
          s.berserk,
          s.forfeited,
        ]),
        [
          [7, 2, ratingA.rating, null, ratingA.provisional, 12, true, false],
          [7, 2, ratingB.rating, null, ratingB.provisional, 11, false, false],
          [3, 1, null, null, null, null, null, false],
        ],
      );
      assert.equal((await matches.ratingOf(a.id, pool)).games, 1, 'no rating moved');
      await unchanged(async () => {
        assert.deepEqual(await matches.finish(start.id, ending(results)), first);
      });
    });

    it('refuses results that leave a seat out, changing nothing', async () => {
      const start = startOf([seatOf(await account(), 0), seatOf(await account(), 1)]);
      await matches.create(start, deal);
      await unchanged(() =>
        assert.rejects(
          matches.finish(start.id, ending([{ seat: 0, score: 1, placing: 1 }])),
          /each of its 2 seats/,
        ),
      );
      assert.equal((await matches.load(start.id))!.status, 'playing');
    });
  });

  describe('reading a match of another game over HTTP', () => {
    it('shows it in each player’s history and by id, with every seat, its score and placing', async () => {
      const [a, b, g] = [await account(), await account(), await guest()];
      const start = startOf([seatOf(a, 0), seatOf(g, 1), seatOf(b, 2), seatOf('bot', 3)], { rated: false });
      await matches.create(start, deal);
      await matches.append(start.id, 2, { v: 1, event: { type: 'move', at: T0 + 1, card: 3 } });
      const results = [
        { seat: 0, score: 20, placing: 2 },
        { seat: 1, score: 35, placing: 4 },
        { seat: 2, score: 20, placing: 2 },
        { seat: 3, score: 11, placing: 1 },
      ];
      await matches.finish(start.id, ending(results));
      const byId = await api.get(`/api/games/${start.id}`);
      assert.equal(byId.status, 200, JSON.stringify(byId.body));
      assert.deepEqual(
        byId.body.seats,
        start.seats.map((s, i) => ({
          ...s,
          score: results[i]!.score,
          placing: results[i]!.placing,
          rating: s.userId ? 1500 : null,
          ratingDiff: null,
        })),
      );
      assert.deepEqual(
        [byId.body.game, byId.body.pool, byId.body.timeControl, byId.body.moves, byId.body.result],
        ['golf', start.pool, '', [], 'scores'],
      );
      for (const p of [a, b, g]) {
        const page = await api.get(`/api/users/${p.name}/games`);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        assert.deepEqual(
          page.body.games.map((x: { id: string; game: string; seats: unknown[] }) => [
            x.id,
            x.game,
            x.seats.length,
          ]),
          [[start.id, 'golf', 4]],
        );
      }
      assert.equal(
        (await api.get(`/api/games/${start.id}/pgn`)).status,
        404,
        'no PGN for a game that is not chess',
      );
    });
  });

  describe('the report to whoever created the match', () => {
    it('keeps the result until it is taken, and says it was taken exactly once', async () => {
      const [a, b] = [await account(), await account()];
      const start = startOf([seatOf(a, 0), seatOf(b, 1)], { reportTo: `party:${uniqueName('p')}` });
      await matches.create(start, deal);
      const pendingOf = async () => (await matches.pendingReports(1000)).filter((r) => r.gameId === start.id);
      assert.deepEqual(await pendingOf(), [], 'nothing to report while it is played');
      assert.equal(await matches.reportDelivered(start.id), false);
      const finished = await matches.finish(
        start.id,
        ending([
          { seat: 0, score: 3, placing: 1 },
          { seat: 1, score: 9, placing: 2 },
        ]),
      );
      assert.deepEqual(await pendingOf(), [{ gameId: start.id, reportTo: start.reportTo, finished }]);
      const taken = await Promise.all([matches.reportDelivered(start.id), matches.reportDelivered(start.id)]);
      assert.deepEqual(taken.sort(), [false, true]);
      assert.deepEqual(await pendingOf(), []);
      assert.equal(await matches.reportDelivered(start.id), false);
    });

    it('sends an arena game’s moves and berserk again from the record exactly as the room first reported them', async () => {
      const [a, b] = [await account(), await account()];
      const start = startOf([seatOf(a, 0), seatOf(b, 1)], { reportTo: `tournament:${uniqueName('t')}` });
      await matches.create(start, deal);
      const results = [
        { seat: 0, score: 1, placing: 1, moves: 7, berserk: true },
        { seat: 1, score: 0, placing: 2, moves: 6, berserk: false },
      ];
      const finished = await matches.finish(start.id, ending(results));
      assert.deepEqual(
        finished.results.map(({ rating: _rating, ...r }) => r),
        results,
      );
      // A repeat answers from the rows; so does the keeper of reports not yet taken.
      assert.deepEqual(await matches.finish(start.id, ending(results)), finished);
      const pending = (await matches.pendingReports(1000)).filter((r) => r.gameId === start.id);
      assert.deepEqual(pending, [{ gameId: start.id, reportTo: start.reportTo, finished }]);
      assert.equal(await matches.reportDelivered(start.id), true);
    });

    it('has nothing to report for a match nobody asked about', async () => {
      const start = startOf([seatOf(await account(), 0), seatOf('bot', 1)]);
      await matches.create(start, deal);
      await matches.finish(start.id, ending([], 'aborted'));
      assert.deepEqual(
        (await matches.pendingReports(1000)).filter((r) => r.gameId === start.id),
        [],
      );
      assert.equal(await matches.reportDelivered(start.id), false);
    });
  });
});
