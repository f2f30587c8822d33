import assert from 'node:assert/strict';
import type { ChessEvent, ClockPair } from '../schema/chess.ts';
import { AppError, SeqConflictError } from '../server/services/errors.ts';
import type { GameService } from '../server/services/game.service.ts';
import type { GameEnding, GameStart } from '../server/services/ports.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { client, expectUnchanged, startServer, type TestServer, uniqueName } from './support/server.ts';

const PASSWORD = 'correct horse battery';
const T0 = Date.UTC(2026, 10, 23, 12, 0, 0);
const MINUTES_3 = 180_000;

interface Account {
  id: string;
  username: string;
  accessToken: string;
}

/** Fool's mate at 3+2, as the room logs it: the move, its SAN, both clocks after it. */
const FOOLS_MATE: Array<{ event: ChessEvent; san?: string; clock: ClockPair }> = [
  {
    event: { type: 'move', at: T0 + 1_000, by: 'white', uci: 'f2f3' },
    san: 'f3',
    clock: { white: 180_000, black: 180_000 },
  },
  {
    event: { type: 'move', at: T0 + 2_500, by: 'black', uci: 'e7e5' },
    san: 'e5',
    clock: { white: 180_000, black: 180_000 },
  },
  {
    event: { type: 'move', at: T0 + 4_000, by: 'white', uci: 'g2g4' },
    san: 'g4',
    clock: { white: 180_500, black: 180_000 },
  },
  {
    event: { type: 'move', at: T0 + 6_000, by: 'black', uci: 'd8h4' },
    san: 'Qh4#',
    clock: { white: 180_500, black: 180_000 },
  },
];
const FOOLS_FEN = 'rnb1kbnr/pppp1ppp/8/4p3/6Pq/5P2/PPPPP2P/RNBQKBNR w KQkq - 1 3';

function foolsPgn(white: string, black: string): string {
  return [
    '[Event "Rated blitz game"]',
    '[Site "rookery"]',
    '[Date "2026.11.23"]',
    '[Round "-"]',
    `[White "${white}"]`,
    `[Black "${black}"]`,
    '[Result "0-1"]',
    '[TimeControl "180+2"]',
    '[Termination "Normal"]',
    '',
    // Wrapped at 80 columns, as the writer does: the clocks push the result onto a line of its own.
    '1. f3 { [%clk 0:03:00] } e5 { [%clk 0:03:00] } 2. g4 { [%clk 0:03:00] } Qh4#',
    '{ [%clk 0:03:00] } 0-1',
    '',
  ].join('\n');
}

forEachBackend('game records, ratings and history', (backend: Backend) => {
  let server: TestServer;
  let api: ReturnType<typeof client>;
  let games: GameService;

  before(async () => {
    server = await startServer(backend);
    api = client(server.url);
    games = server.app.services.games;
  });
  after(() => server?.close());

  const register = async (): Promise<Account> => {
    const username = uniqueName('g');
    const res = await api.post('/api/auth/register', { username, password: PASSWORD });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return { id: res.body.user.id, username, accessToken: res.body.accessToken };
  };

  const newGameId = () => uniqueName('G');

  const startOf = (
    id: string,
    white: Account | null,
    black: Account | null,
    options: { rated?: boolean; startedAt?: number } = {},
  ): GameStart => ({
    id,
    white: white
      ? { userId: white.id, name: white.username, bot: null }
      : { userId: null, name: 'Bot', bot: 'random' },
    black: black
      ? { userId: black.id, name: black.username, bot: null }
      : { userId: null, name: 'Bot', bot: 'greedy' },
    timeControl: '3+2',
    initialMs: MINUTES_3,
    incrementMs: 2_000,
    category: 'blitz',
    rated: options.rated ?? true,
    startedAt: options.startedAt ?? T0,
  });

  const foolsEnding = (white: string, black: string): GameEnding => ({
    result: '0-1',
    termination: 'checkmate',
    endedAt: T0 + 6_000,
    pgn: foolsPgn(white, black),
    fen: FOOLS_FEN,
  });

  /** A whole fool's mate through the record, as the room drives it. */
  const playFoolsMate = async (
    white: Account | null,
    black: Account | null,
    options: { rated?: boolean } = {},
  ) => {
    const id = newGameId();
    await games.create(startOf(id, white, black, options));
    for (const [i, step] of FOOLS_MATE.entries()) {
      await games.append(id, i + 2, step.event, { san: step.san, clock: step.clock });
    }
    const finished = await games.finish(id, foolsEnding(white?.username ?? 'Bot', black?.username ?? 'Bot'));
    return { id, finished };
  };

  const unchanged = (action: () => Promise<unknown>) => expectUnchanged(backend, action);

  describe('one game, from start to PGN', () => {
    it("records a fool's mate and shows it as JSON and PGN, with and without clocks", async () => {
      const [white, black] = [await register(), await register()];
      const id = newGameId();
      await games.create(startOf(id, white, black));
      await games.append(id, 2, FOOLS_MATE[0]!.event, { san: 'f3', clock: FOOLS_MATE[0]!.clock });

      const playing = await api.get(`/api/games/${id}`);
      assert.equal(playing.status, 200, JSON.stringify(playing.body));
      assert.equal(playing.body.status, 'playing');
      assert.equal(playing.body.fen, null);
      assert.equal(playing.body.result, null);
      assert.equal(playing.body.moves.length, 1);
      const early = await api.get(`/api/games/${id}/pgn`);
      assert.equal(early.status, 409);
      assert.equal(early.body.error.code, 'GAME_NOT_FINISHED');

      for (const [i, step] of FOOLS_MATE.slice(1).entries()) {
        await games.append(id, i + 3, step.event, { san: step.san, clock: step.clock });
      }
      const finished = await games.finish(id, foolsEnding(white.username, black.username));
      assert.equal(finished.result, '0-1');
      assert.equal(finished.termination, 'checkmate');

      const game = await api.get(`/api/games/${id}`);
      assert.equal(game.status, 200);
      assert.deepEqual(game.body, {
        id,
        game: 'chess',
        status: 'ended',
        rated: true,
        timeControl: '3+2',
        category: 'blitz',
        pool: 'blitz',
        seats: [
          {
            seat: 0,
            team: 0,
            userId: white.id,
            name: white.username,
            bot: null,
            guest: false,
            score: 0,
            placing: 2,
            rating: 1500,
            ratingDiff: finished.ratings.white!.diff,
          },
          {
            seat: 1,
            team: 1,
            userId: black.id,
            name: black.username,
            bot: null,
            guest: false,
            score: 1,
            placing: 1,
            rating: 1500,
            ratingDiff: finished.ratings.black!.diff,
          },
        ],
        players: {
          white: {
            userId: white.id,
            name: white.username,
            bot: null,
            rating: 1500,
            ratingDiff: finished.ratings.white!.diff,
            provisional: true,
          },
          black: {
            userId: black.id,
            name: black.username,
            bot: null,
            rating: 1500,
            ratingDiff: finished.ratings.black!.diff,
            provisional: true,
          },
        },
        moves: FOOLS_MATE.map((step) => ({
          uci: (step.event as { uci: string }).uci,
          san: step.san,
          at: new Date(step.event.at).toISOString(),
          clock: step.clock,
        })),
        result: '0-1',
        termination: 'checkmate',
        fen: FOOLS_FEN,
        tournamentId: null,
        startedAt: new Date(T0).toISOString(),
        endedAt: new Date(T0 + 6_000).toISOString(),
      });

      const pgn = await api.get(`/api/games/${id}/pgn`);
      assert.equal(pgn.status, 200);
      assert.equal(pgn.headers.get('content-type'), 'application/x-chess-pgn; charset=utf-8');
      const [headers, movetext] = (pgn.body as string).split('\n\n');
      assert.equal(headers, foolsPgn(white.username, black.username).split('\n\n')[0]);
      assert.equal(movetext, '1. f3 e5 2. g4 Qh4# 0-1\n');
      const withClocks = await api.get(`/api/games/${id}/pgn?clocks=true`);
      assert.equal(withClocks.body, foolsPgn(white.username, black.username));
      assert.equal((await api.get(`/api/games/${id}/pgn?clocks=false`)).body, pgn.body);
    });

    it('gives back the start and the log as the room wrote them, to rebuild the room', async () => {
      const [white, black] = [await register(), await register()];
      const id = newGameId();
      const start = startOf(id, white, black);
      await games.create(start);
      await games.append(id, 2, FOOLS_MATE[0]!.event, { san: 'f3', clock: FOOLS_MATE[0]!.clock });
      await games.append(
        id,
        3,
        { type: 'draw:offer', at: T0 + 1_500, by: 'black' },
        { clock: FOOLS_MATE[0]!.clock },
      );
      assert.ok((await games.unfinished()).includes(id));
      assert.deepEqual(await games.load(id), {
        start,
        status: 'playing',
        events: [
          { type: 'start', at: T0 },
          FOOLS_MATE[0]!.event,
          { type: 'draw:offer', at: T0 + 1_500, by: 'black' },
        ],
      });
      assert.equal(await games.load(newGameId()), null);
    });

    it('creates a game once: the same start again changes nothing, another start is refused', async () => {
      const [white, black] = [await register(), await register()];
      const id = newGameId();
      const start = startOf(id, white, black);
      await games.create(start);
      await unchanged(async () => {
        await games.create({ ...start });
        await assert.rejects(games.create({ ...start, rated: false }), /already recorded/);
        await assert.rejects(
          games.create({ ...start, black: { ...start.black, name: 'someone' } }),
          /already recorded/,
        );
      });
      assert.equal((await games.load(id))!.events.length, 1);
    });
  });

  describe('the event log', () => {
    it('refuses a taken event number with a SeqConflictError, changing nothing', async () => {
      const { id } = await playFoolsMate(await register(), await register(), { rated: false });
      await unchanged(async () => {
        for (const seq of [2, 5]) {
          await assert.rejects(
            games.append(
              id,
              seq,
              { type: 'resign', at: T0 + 9_000, by: 'white' },
              { clock: FOOLS_MATE[0]!.clock },
            ),
            (err) => err instanceof SeqConflictError && err.seq === seq && err.gameId === id,
          );
        }
        await assert.rejects(
          games.append(newGameId(), 2, { type: 'flag', at: T0 }, { clock: { white: 0, black: 1 } }),
          (err) => err instanceof AppError && err.code === 'GAME_NOT_FOUND',
        );
      });
    });

    it('lets only one of two writers take an event number', async () => {
      const id = newGameId();
      await games.create(startOf(id, await register(), await register(), { rated: false }));
      const outcomes = await Promise.allSettled([
        games.append(id, 2, FOOLS_MATE[0]!.event, { san: 'f3', clock: FOOLS_MATE[0]!.clock }),
        games.append(
          id,
          2,
          { type: 'move', at: T0 + 1_000, by: 'white', uci: 'e2e4' },
          { san: 'e4', clock: FOOLS_MATE[0]!.clock },
        ),
      ]);
      assert.deepEqual(outcomes.map((o) => o.status).sort(), ['fulfilled', 'rejected']);
      assert.equal((await games.load(id))!.events.length, 2);
    });

    it('is append-only: the database refuses to change it, and deleting a game takes its log along', async () => {
      const id = newGameId();
      await games.create(startOf(id, null, null, { rated: false }));
      for (const statement of [
        'update game_events set seq = 9 where game_id = $1',
        'delete from game_events where game_id = $1',
      ]) {
        await assert.rejects(backend.sql(statement, [id]), /append-only/);
      }
      await assert.rejects(backend.sql('truncate game_events cascade'), /append-only/);
      await backend.sql('delete from games where id = $1', [id]);
      const left = await backend.sql('select 1 from game_events where game_id = $1', [id]);
      assert.equal(left.length, 0);
    });
  });

  describe('ratings', () => {
    it('moves the winner up and the loser down once, and the game shows the same changes', async () => {
      const [white, black] = [await register(), await register()];
      const fresh = (await api.get(`/api/users/${white.username}`)).body;
      assert.deepEqual(Object.keys(fresh.ratings).sort(), ['blitz', 'bullet', 'classical', 'rapid']);
      for (const r of Object.values(fresh.ratings)) {
        assert.deepEqual(r, { rating: 1500, rd: 500, provisional: true, games: 0 });
      }

      const { id, finished } = await playFoolsMate(white, black);
      const { white: w, black: b } = finished.ratings;
      assert.ok(w && b);
      assert.ok(b.diff > 0 && w.diff < 0, `winner ${b.diff}, loser ${w.diff}`);
      assert.equal(b.diff, -w.diff, 'equal players, equal stakes');
      assert.deepEqual([w.before, b.before], [1500, 1500]);

      const [whiteAfter, blackAfter] = await Promise.all(
        [white, black].map(async (a) => (await api.get(`/api/users/${a.username}`)).body),
      );
      assert.equal(blackAfter.ratings.blitz.rating, 1500 + b.diff);
      assert.equal(whiteAfter.ratings.blitz.rating, 1500 + w.diff);
      assert.equal(blackAfter.ratings.blitz.games, 1);
      assert.equal(blackAfter.ratings.blitz.provisional, b.provisional);
      assert.deepEqual(blackAfter.ratings.rapid, { rating: 1500, rd: 500, provisional: true, games: 0 });
      assert.deepEqual(await games.ratingOf(black.id, 'blitz'), blackAfter.ratings.blitz);

      const game = (await api.get(`/api/games/${id}`)).body;
      assert.equal(game.players.black.ratingDiff, blackAfter.ratings.blitz.rating - 1500);
      assert.equal(game.players.white.ratingDiff, whiteAfter.ratings.blitz.rating - 1500);

      // The next game is rated from where the first one left both players.
      const second = await playFoolsMate(black, white);
      assert.equal(second.finished.ratings.white!.before, blackAfter.ratings.blitz.rating);
      assert.equal(second.finished.ratings.black!.before, whiteAfter.ratings.blitz.rating);
      const again = (await api.get(`/api/users/${black.username}`)).body.ratings.blitz;
      assert.equal(again.games, 2);
      assert.equal(again.rating, blackAfter.ratings.blitz.rating + second.finished.ratings.white!.diff);
    });

    it('leaves ratings alone after a casual game, a game against the bot and an aborted game', async () => {
      const [a, b] = [await register(), await register()];
      const casual = await playFoolsMate(a, b, { rated: false });
      assert.deepEqual(casual.finished.ratings, {});
      const bot = await playFoolsMate(a, null);
      assert.deepEqual(bot.finished.ratings, {});
      const abortedId = newGameId();
      await games.create(startOf(abortedId, a, b));
      const aborted = await games.finish(abortedId, {
        result: '*',
        termination: 'aborted',
        endedAt: T0 + 20_000,
        pgn: '[Result "*"]\n\n*\n',
        fen: 'rnbqkbnr/pppppppp/8/8/8/8/PPPPPPPP/RNBQKBNR w KQkq - 0 1',
      });
      assert.deepEqual(aborted.ratings, {});
      for (const account of [a, b]) {
        const profile = (await api.get(`/api/users/${account.username}`)).body;
        assert.deepEqual(profile.ratings.blitz, { rating: 1500, rd: 500, provisional: true, games: 0 });
      }
      const shown = (await api.get(`/api/games/${casual.id}`)).body.players;
      assert.deepEqual(
        [shown.white.rating, shown.white.ratingDiff, shown.white.provisional, shown.black.rating],
        [1500, null, true, 1500],
        'a casual game still shows the ratings the players had, provisional as they were',
      );
      const vsBot = (await api.get(`/api/games/${bot.id}`)).body.players.black;
      assert.deepEqual(vsBot, {
        userId: null,
        name: 'Bot',
        bot: 'greedy',
        rating: null,
        ratingDiff: null,
        provisional: false,
      });
    });

    it('finishes a game once: a second finish, even a concurrent one, changes nothing', async () => {
      const [white, black] = [await register(), await register()];
      const id = newGameId();
      await games.create(startOf(id, white, black));
      for (const [i, step] of FOOLS_MATE.entries()) {
        await games.append(id, i + 2, step.event, { san: step.san, clock: step.clock });
      }
      const ending = foolsEnding(white.username, black.username);
      const [first, second] = await Promise.all([games.finish(id, ending), games.finish(id, ending)]);
      assert.deepEqual(second, first);
      const profile = (await api.get(`/api/users/${black.username}`)).body;
      assert.equal(profile.ratings.blitz.games, 1);
      assert.equal(profile.ratings.blitz.rating, 1500 + first.ratings.black!.diff);

      await unchanged(async () => {
        assert.deepEqual(await games.finish(id, ending), first);
        // A late report of another ending is answered with what was recorded.
        const other = await games.finish(id, { ...ending, result: '1-0', termination: 'resignation' });
        assert.deepEqual(other, first);
      });
      await assert.rejects(
        games.finish(newGameId(), ending),
        (err) => err instanceof AppError && err.code === 'GAME_NOT_FOUND',
      );
    });
  });

  describe('HTTP reads', () => {
    it("lists a user's games newest first, page after page, without duplicates", async () => {
      const [me, other, third] = [await register(), await register(), await register()];
      const ids: Array<{ id: string; startedAt: number }> = [];
      // Seven games, two of them starting in the same millisecond (the id breaks the tie).
      for (let i = 0; i < 7; i++) {
        const id = newGameId();
        const startedAt = T0 + Math.min(i, 5) * 60_000;
        const [white, black] = i % 2 === 0 ? [me, other] : [other, me];
        await games.create(startOf(id, white, black, { rated: false, startedAt }));
        ids.push({ id, startedAt });
      }
      await games.create(startOf(newGameId(), other, third, { rated: false }));
      const expected = ids
        .sort((x, y) => y.startedAt - x.startedAt || (x.id < y.id ? 1 : x.id > y.id ? -1 : 0))
        .map((g) => g.id);

      const seen: string[] = [];
      let before: string | null = null;
      let pages = 0;
      do {
        const query: string = before ? `?limit=3&before=${before}` : '?limit=3';
        const page = await api.get(`/api/users/${me.username.toUpperCase()}/games${query}`);
        assert.equal(page.status, 200, JSON.stringify(page.body));
        seen.push(...page.body.games.map((g: { id: string }) => g.id));
        before = page.body.next;
        pages += 1;
      } while (before && pages < 10);
      assert.deepEqual(seen, expected);
      assert.equal(pages, 3);

      const all = (await api.get(`/api/users/${me.username}/games`)).body;
      assert.equal(all.games.length, 7);
      assert.equal(all.next, null);
      const summary = all.games[0];
      assert.deepEqual(Object.keys(summary).sort(), [
        'category',
        'endedAt',
        'game',
        'id',
        'moveCount',
        'players',
        'pool',
        'rated',
        'result',
        'seats',
        'startedAt',
        'status',
        'termination',
        'timeControl',
        'tournamentId',
      ]);
      assert.equal(summary.tournamentId, null, 'a game of no tournament');
    });

    it('counts the moves of games being played and of games that ended', async () => {
      const [a, b] = [await register(), await register()];
      const done = await playFoolsMate(a, b, { rated: false });
      const id = newGameId();
      await games.create(startOf(id, a, b, { rated: false, startedAt: T0 + 3_600_000 }));
      await games.append(id, 2, FOOLS_MATE[0]!.event, { san: 'f3', clock: FOOLS_MATE[0]!.clock });
      const list = (await api.get(`/api/users/${a.username}/games`)).body.games;
      assert.deepEqual(
        list.map((g: { id: string; moveCount: number }) => [g.id, g.moveCount]),
        [
          [id, 1],
          [done.id, 4],
        ],
      );
    });

    it('shows a public profile without email or roles', async () => {
      const username = uniqueName('g');
      const registered = await api.post('/api/auth/register', {
        username,
        password: PASSWORD,
        email: `${username}@example.org`,
      });
      await api.patch('/api/me', { country: 'NO' }, registered.body.accessToken);
      const profile = await api.get(`/api/users/${username.toLowerCase()}`);
      assert.equal(profile.status, 200);
      assert.deepEqual(Object.keys(profile.body).sort(), [
        'country',
        'createdAt',
        'displayName',
        'guest',
        'id',
        'ranks',
        'ratingHistory',
        'ratings',
        'recentResults',
        'username',
      ]);
      assert.equal(profile.body.username, username);
      assert.equal(profile.body.country, 'NO');
      assert.equal(JSON.stringify(profile.body).includes('example.org'), false);
    });

    it("lists the caller's unfinished games", async () => {
      const [me, other] = [await register(), await register()];
      await playFoolsMate(me, other);
      const asBlack = newGameId();
      const asWhite = newGameId();
      await games.create(startOf(asBlack, other, me, { startedAt: T0 + 1_000 }));
      await games.create(startOf(asWhite, me, null, { rated: false, startedAt: T0 + 2_000 }));
      const res = await api.get('/api/me/games/current', me.accessToken);
      assert.equal(res.status, 200, JSON.stringify(res.body));
      assert.deepEqual(res.body, {
        games: [
          {
            id: asWhite,
            game: 'chess',
            seat: 0,
            color: 'white',
            opponent: { userId: null, name: 'Bot', bot: 'greedy' },
            timeControl: '3+2',
            startedAt: new Date(T0 + 2_000).toISOString(),
          },
          {
            id: asBlack,
            game: 'chess',
            seat: 1,
            color: 'black',
            opponent: { userId: other.id, name: other.username, bot: null },
            timeControl: '3+2',
            startedAt: new Date(T0 + 1_000).toISOString(),
          },
        ],
      });
      const anonymous = await api.get('/api/me/games/current');
      assert.equal(anonymous.status, 401);
      assert.equal(anonymous.body.error.code, 'UNAUTHENTICATED');
    });

    it('answers 404 for what does not exist and 400 for what cannot exist, changing nothing', async () => {
      const someone = await register();
      const missing = newGameId();
      const cases: Array<[string, number, string]> = [
        [`/api/games/${missing}`, 404, 'GAME_NOT_FOUND'],
        [`/api/games/${missing}/pgn`, 404, 'GAME_NOT_FOUND'],
        [`/api/users/${uniqueName('nobody')}`, 404, 'USER_NOT_FOUND'],
        [`/api/users/${uniqueName('nobody')}/games`, 404, 'USER_NOT_FOUND'],
        [`/api/games/${'x'.repeat(33)}`, 400, 'VALIDATION_FAILED'],
        ['/api/games/bad%20id', 400, 'VALIDATION_FAILED'],
        [`/api/games/${missing}?extra=1`, 400, 'VALIDATION_FAILED'],
        [`/api/games/${missing}/pgn?clocks=yes`, 400, 'VALIDATION_FAILED'],
        ['/api/users/a%2Fb', 400, 'VALIDATION_FAILED'],
        [`/api/users/${someone.username}/games?limit=0`, 400, 'VALIDATION_FAILED'],
        [`/api/users/${someone.username}/games?limit=101`, 400, 'VALIDATION_FAILED'],
        [`/api/users/${someone.username}/games?limit=ten`, 400, 'VALIDATION_FAILED'],
        [`/api/users/${someone.username}/games?before=not-a-cursor`, 400, 'VALIDATION_FAILED'],
        [
          `/api/users/${someone.username}/games?before=${Buffer.from('yesterday|abc').toString('base64url')}`,
          400,
          'VALIDATION_FAILED',
        ],
        [`/api/users/${someone.username}/games?page=2`, 400, 'VALIDATION_FAILED'],
      ];
      await unchanged(async () => {
        for (const [path, status, code] of cases) {
          const res = await api.get(path);
          assert.equal(res.status, status, `${path}: ${JSON.stringify(res.body)}`);
          assert.equal(res.body.error.code, code, path);
        }
      });
    });
  });
});
