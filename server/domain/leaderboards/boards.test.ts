import assert from 'node:assert/strict';
import {
  applyOperator,
  type Board,
  type BoardAccount,
  boardWrites,
  type EndedGame,
  gameMovesBoards,
} from './boards.ts';

const base = {
  game: 'chess',
  order: 'desc',
  timeZone: 'Europe/Berlin',
  partitionByCountry: true,
  ratedOnly: true,
  eligibility: { minGames: 0, noProvisional: false, noBanned: true, noGuests: true },
} as const;
const boards: Board[] = [
  {
    ...base,
    id: 'blitz',
    title: 'Blitz',
    pool: 'blitz',
    metric: 'rating',
    operator: 'set',
    reset: 'never',
    eligibility: { ...base.eligibility, minGames: 3, noProvisional: true },
  },
  {
    ...base,
    id: 'wins',
    title: 'Wins',
    pool: null,
    metric: 'wins',
    operator: 'increment',
    reset: 'weekly',
    ratedOnly: false,
  },
  {
    ...base,
    id: 'points',
    title: 'Points',
    pool: null,
    metric: 'points',
    operator: 'increment',
    reset: 'season',
  },
];
const seasons = [
  {
    id: 's1',
    name: 'S1',
    start: Date.parse('2026-12-01T00:00:00Z'),
    end: Date.parse('2027-01-01T00:00:00Z'),
  },
];
const account = (over: Partial<BoardAccount> = {}): BoardAccount => ({
  country: 'DE',
  guest: false,
  banned: false,
  games: 10,
  ...over,
});

function game(over: Partial<EndedGame> = {}): EndedGame {
  return {
    game: 'chess',
    pool: 'blitz',
    rated: true,
    endedAt: Date.parse('2026-12-06T22:59:59Z'), // Sunday 23:59:59 in Berlin
    seats: [
      { userId: 'w', team: 0, placing: 1, score: 1, rating: { after: 1530, provisional: false } },
      { userId: 'b', team: 1, placing: 2, score: 0, rating: { after: 1470, provisional: false } },
    ],
    ...over,
  };
}

describe('board writes of a finished game', () => {
  it("a rated win writes both ratings, one win for the winner, and both players' points, in their periods", () => {
    const writes = boardWrites(
      boards,
      seasons,
      game(),
      new Map([
        ['w', account()],
        ['b', account({ country: null })],
      ]),
    );
    assert.deepEqual(
      writes.map((w) => [w.boardId, w.period, w.userId, w.amount, w.country, w.eligible]),
      [
        ['blitz', 'all', 'w', 1530, 'DE', true],
        ['blitz', 'all', 'b', 1470, null, true],
        ['wins', '2026-11-30', 'w', 1, 'DE', true],
        ['points', 's1', 'w', 1, 'DE', true],
        ['points', 's1', 'b', 0, null, true],
      ],
    );
  });

  it("a draw is nobody's win; a casual game counts for wins only; a game between seasons for no season", () => {
    const draw = game({
      rated: false,
      endedAt: Date.parse('2027-02-01T10:00:00Z'),
      seats: [
        { userId: 'w', team: 0, placing: 1, score: 0.5, rating: null },
        { userId: 'b', team: 1, placing: 1, score: 0.5, rating: null },
      ],
    });
    assert.deepEqual(
      boardWrites(
        boards,
        seasons,
        draw,
        new Map([
          ['w', account()],
          ['b', account()],
        ]),
      ),
      [],
    );
  });

  it('guests, banned accounts and bots stay off; a provisional or new rating is kept but not shown', () => {
    const accounts = new Map([
      ['w', account({ guest: true })],
      ['b', account({ games: 2 })],
    ]);
    const writes = boardWrites(boards, seasons, game(), accounts);
    assert.deepEqual(
      writes.map((w) => [w.boardId, w.userId, w.eligible]),
      [
        ['blitz', 'b', false],
        ['points', 'b', true],
      ],
    );
    const banned = boardWrites(boards, seasons, game(), new Map([['w', account({ banned: true })]]));
    assert.deepEqual(banned, []);
  });

  it("a game of another pool or game leaves the pool's rating board alone", () => {
    const bullet = boardWrites(
      boards,
      seasons,
      game({ pool: 'bullet' }),
      new Map([
        ['w', account()],
        ['b', account()],
      ]),
    );
    assert.ok(bullet.every((w) => w.boardId !== 'blitz'));
    assert.deepEqual(boardWrites(boards, seasons, game({ game: 'golf' }), new Map([['w', account()]])), []);
  });

  it('an aborted game (no result, no rating) moves no board; a casual win still moves the wins board', () => {
    const aborted = game({
      rated: false,
      seats: [
        { userId: 'w', team: 0, placing: null, score: null, rating: null },
        { userId: 'b', team: 1, placing: null, score: null, rating: null },
      ],
    });
    assert.equal(gameMovesBoards(boards, aborted), false);
    assert.deepEqual(
      boardWrites(
        boards,
        seasons,
        aborted,
        new Map([
          ['w', account()],
          ['b', account()],
        ]),
      ),
      [],
    );
    const casualWin = game({ rated: false, seats: game().seats.map((s) => ({ ...s, rating: null })) });
    assert.equal(gameMovesBoards(boards, casualWin), true);
    // Bots have no account: a game of bots alone moves nothing.
    const bots = game({ seats: game().seats.map((s) => ({ ...s, userId: null })) });
    assert.equal(gameMovesBoards(boards, bots), false);
  });

  it('operators: best keeps the better by the board order, increment and decrement count from nothing', () => {
    assert.equal(applyOperator('best', 'desc', 10, 8), 10);
    assert.equal(applyOperator('best', 'asc', 10, 8), 8);
    assert.equal(applyOperator('set', 'desc', 10, 8), 8);
    assert.equal(applyOperator('increment', 'desc', 10, 2), 12);
    assert.equal(applyOperator('decrement', 'desc', null, 2), -2);
    assert.equal(applyOperator('increment', 'desc', null, 2), 2);
  });
});
