import assert from 'node:assert/strict';
import type { ErrorCode } from '../../schema/errors.ts';
import { golfModule } from '../games/golf/module.ts';
import type { GameCatalog } from './game-terms.ts';
import { acceptRefusal, type Seek, seatsLeft, seekTerms } from './seeks.ts';

const catalog: GameCatalog = { get: (name) => (name === 'golf' ? { module: golfModule } : undefined) };

const account = { userId: 'acc', guest: false };
const guest = { userId: 'gst', guest: true };

function seek(overrides: Partial<Seek> = {}): Seek {
  return {
    id: 's1',
    userId: 'poster',
    name: 'poster',
    guest: false,
    rating: 1500,
    provisional: true,
    createdAt: 0,
    timeControl: '3+2',
    category: 'blitz',
    game: 'chess',
    options: { timeControl: '3+2' },
    seats: 2,
    computers: 0,
    level: '',
    joined: [],
    rated: true,
    ratingMin: null,
    ratingMax: null,
    ...overrides,
  };
}

describe('lobby seeks', () => {
  describe('posting', () => {
    it('normalises the time control and finds its category', () => {
      assert.deepEqual(seekTerms({ timeControl: ' 05+03 ', rated: true }, account, 0, 3, catalog), {
        ok: true,
        value: {
          game: 'chess',
          timeControl: '5+3',
          category: 'blitz',
          options: { timeControl: '5+3' },
          seats: 2,
          computers: 0,
          level: '',
          rated: true,
          ratingMin: null,
          ratingMax: null,
        },
      });
    });

    it('checks a golf seek by golf’s own options: its seats, house rules and computer seats', () => {
      const asked = {
        game: 'golf',
        seats: 4,
        computers: 1,
        options: { holes: 3, superKings: true },
        rated: false,
      };
      const checked = seekTerms(asked, account, 0, 3, catalog);
      assert.ok(checked.ok);
      const { game, seats, computers, level, category, timeControl, options } = checked.value;
      assert.deepEqual(
        [game, seats, computers, level, category, timeControl],
        ['golf', 4, 1, 'steady-player', 'golf', ''],
      );
      assert.deepEqual([options.players, options.holes, options.superKings], [4, 3, true]);
      assert.equal(
        seatsLeft({ ...seek(), ...checked.value, joined: [] }),
        2,
        'four seats: the poster, a computer, two open',
      );
    });

    const refusals: [
      string,
      Parameters<typeof seekTerms> extends [...infer A, GameCatalog] ? A : never,
      ErrorCode,
    ][] = [
      [
        'a time control the chess room would refuse',
        [{ timeControl: '3+999', rated: false }, account, 0, 3],
        'VALIDATION_FAILED',
      ],
      ['a rated seek by a guest', [{ timeControl: '3+2', rated: true }, guest, 0, 3], 'RATED_NEEDS_ACCOUNT'],
      [
        'a range upside down',
        [{ timeControl: '3+2', rated: true, ratingMin: 1600, ratingMax: 1500 }, account, 0, 3],
        'VALIDATION_FAILED',
      ],
      ['one seek more than allowed', [{ timeControl: '3+2', rated: true }, account, 3, 3], 'RATE_LIMITED'],
      ['a game nobody plays here', [{ game: 'go', rated: false }, account, 0, 3], 'VALIDATION_FAILED'],
      ['golf for seven', [{ game: 'golf', seats: 7, rated: false }, account, 0, 3], 'VALIDATION_FAILED'],
      [
        'a golf rule golf refuses (lucky swing without jokers)',
        [{ game: 'golf', options: { luckySwing: true }, rated: false }, account, 0, 3],
        'VALIDATION_FAILED',
      ],
      [
        'computers in every seat but the poster’s',
        [{ game: 'golf', seats: 3, computers: 2, rated: false }, account, 0, 3],
        'VALIDATION_FAILED',
      ],
      [
        'a rated table with a computer',
        [{ game: 'golf', seats: 3, computers: 1, rated: true }, account, 0, 3],
        'VALIDATION_FAILED',
      ],
      [
        'golf options on a chess seek',
        [{ timeControl: '3+2', seats: 3, rated: false }, account, 0, 3],
        'VALIDATION_FAILED',
      ],
      [
        'a clock on a golf seek',
        [{ game: 'golf', timeControl: '3+2', rated: false }, account, 0, 3],
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, args, code] of refusals) {
      it(`refuses ${what} with ${code}`, () => {
        const checked = seekTerms(...args, catalog);
        assert.equal(checked.ok, false);
        if (!checked.ok) assert.equal(checked.refusal.code, code);
      });
    }

    it('lets a guest post a casual seek, with a range (for others to fit)', () => {
      assert.equal(
        seekTerms({ timeControl: '1+0', rated: false, ratingMax: 1400 }, guest, 0, 3, catalog).ok,
        true,
      );
    });
  });

  describe('accepting', () => {
    const cases: [
      string,
      Seek | undefined,
      { userId: string; guest: boolean },
      number | null,
      ErrorCode | undefined,
    ][] = [
      ['a seek that is gone', undefined, account, 1500, 'SEEK_NOT_FOUND'],
      ['one’s own seek', seek({ userId: 'acc' }), account, 1500, 'OWN_SEEK'],
      ['a rated seek, by a guest', seek(), guest, null, 'RATED_NEEDS_ACCOUNT'],
      [
        'a casual seek with a range, by a guest (who has no rating)',
        seek({ rated: false, ratingMin: 1000 }),
        guest,
        null,
        'RATING_OUT_OF_RANGE',
      ],
      ['a seek above one’s rating', seek({ ratingMin: 1600 }), account, 1599, 'RATING_OUT_OF_RANGE'],
      ['a seek below one’s rating', seek({ ratingMax: 1400 }), account, 1401, 'RATING_OUT_OF_RANGE'],
      [
        'a seek whose bounds are one’s rating',
        seek({ ratingMin: 1500, ratingMax: 1500 }),
        account,
        1500,
        undefined,
      ],
      ['a seek without a range', seek(), account, null, undefined],
      ['a casual seek without a range, by a guest', seek({ rated: false }), guest, null, undefined],
    ];
    for (const [what, wanted, accepter, rating, code] of cases) {
      it(`${code ? `refuses ${code}` : 'allows'}: ${what}`, () => {
        assert.equal(acceptRefusal(wanted, accepter, rating)?.code, code);
      });
    }
  });
});
