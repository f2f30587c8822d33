import assert from 'node:assert/strict';
import { LobbyState } from '../../schema/lobby.state.ts';
import type { LiveGameSummary } from '../shared/matches.ts';
import { LobbyAudience } from './audience.ts';
import { LobbyRoster } from './roster.ts';

const user = (name: string) => ({ userId: `id-${name}`, name, guest: false });

/** A game of `names` started at `startedAt`. */
const liveGame = (gameId: string, startedAt: number, names: string[], game = 'chess'): LiveGameSummary => ({
  gameId,
  game,
  timeControl: game === 'chess' ? '3+2' : '',
  category: game === 'chess' ? 'blitz' : game,
  rated: false,
  startedAt,
  players: names.map((name) => ({ userId: `id-${name}`, name, rating: 0, provisional: false, bot: '' })),
});

describe('lobby roster', () => {
  const setUp = (games = { gamesShown: 2, gamesRefillPerTick: 2 }) => {
    const state = new LobbyState();
    const roster = new LobbyRoster(
      state,
      new LobbyAudience(async () => ({ blockers: [], mutedUntil: null })),
      {
        shown: 2,
        page: 2,
        countPerTick: 2,
        refillPerTick: 1,
        ...games,
      },
    );
    return { state, roster };
  };

  it('lists the first users online in the state; the rest wait for a place, longest waiting first', () => {
    const { state, roster } = setUp();
    for (const [i, name] of ['Cleo', 'ann', 'Ben', 'dora'].entries()) roster.connect(user(name), `s${i}`);
    assert.deepEqual([...state.online.keys()], ['id-Cleo', 'id-ann']);
    // A full list: the count follows in batches, not with every join.
    assert.equal(state.onlineCount, 2);
    // Four online, two connections a tick: every second tick.
    roster.syncCount(true);
    assert.equal(state.onlineCount, 2);
    roster.syncCount(true);
    assert.equal(state.onlineCount, 4);

    // A second tab changes nothing; the places that listed users leave are filled on the ticks,
    // one a tick here, by who came first.
    roster.connect(user('Cleo'), 's9');
    assert.equal(roster.disconnect(user('ann'), 's1'), true);
    assert.equal(roster.disconnect(user('Cleo'), 's0'), false);
    assert.equal(roster.disconnect(user('Cleo'), 's9'), true);
    assert.deepEqual([...state.online.keys()], []);
    roster.syncCount(true);
    assert.deepEqual([...state.online.keys()], ['id-Ben']);
    assert.equal(state.online.get('id-Ben')!.name, 'Ben');
    roster.syncCount(true);
    assert.deepEqual([...state.online.keys()].sort(), ['id-Ben', 'id-dora']);
    // Everyone online listed, the count follows at once; eve finds the list full, and waits.
    assert.equal(state.onlineCount, 2);
    roster.connect(user('eve'), 's4');
    assert.equal(state.onlineCount, 2);
    assert.equal(roster.disconnect(user('dora'), 's3'), true);
    roster.syncCount(true);
    assert.deepEqual([[...state.online.keys()].sort(), state.onlineCount], [['id-Ben', 'id-eve'], 2]);
  });

  it('pages everyone online by name, filtered by a query and by who may see whom', () => {
    const { roster } = setUp();
    for (const [i, name] of ['Cleo', 'ann', 'Ben', 'dora', 'Annika'].entries())
      roster.connect(user(name), `s${i}`);
    roster.follow({
      type: 'started',
      game: {
        gameId: 'g1',
        game: 'chess',
        timeControl: '3+2',
        category: 'blitz',
        rated: false,
        startedAt: 0,
        players: [
          { userId: 'id-Ben', name: 'Ben', rating: 0, provisional: false, bot: '' },
          { userId: '', name: 'Computer', rating: 0, provisional: false, bot: 'random' },
        ],
      },
    });
    const everyone = () => true;
    const first = roster.page({}, everyone);
    assert.deepEqual(
      first.players.map((p) => p.name),
      ['ann', 'Annika'],
    );
    const second = roster.page({ after: first.next! }, everyone);
    assert.deepEqual(second.players, [
      { userId: 'id-Ben', name: 'Ben', guest: false, status: 'playing', gameId: 'g1', game: 'chess' },
      { userId: 'id-Cleo', name: 'Cleo', guest: false, status: 'idle', gameId: '', game: '' },
    ]);
    const last = roster.page({ after: second.next! }, everyone);
    assert.deepEqual([last.players.map((p) => p.name), last.next], [['dora'], null]);

    assert.deepEqual(
      roster.page({ query: 'ANN' }, everyone).players.map((p) => p.name),
      ['ann', 'Annika'],
    );
    const notAnn = roster.page({ query: 'ann' }, (owner) => owner !== 'id-ann');
    assert.deepEqual([notAnn.players.map((p) => p.name), notAnn.next], [['Annika'], null]);
  });

  it('lists the most recently started live games on its ticks, counts them all, and fills a place an ending frees with the newest not listed', () => {
    const { state, roster } = setUp();
    roster.connect(user('ann'), 's0');
    // The first listing: an older game arrives when the list is full, and is counted, not listed.
    roster.listed([liveGame('g2', 2_000, ['bo', 'cy']), liveGame('g3', 3_000, ['di', 'ed'])]);
    roster.follow({ type: 'started', game: liveGame('g1', 1_000, ['ann', 'fay', 'gus'], 'golf') });
    // The list follows on the room's tick; a player's entry at once.
    assert.deepEqual([[...state.games.keys()].sort(), state.gamesCount], [['g2', 'g3'], 2]);
    roster.syncCount(true);
    assert.deepEqual([[...state.games.keys()].sort(), state.gamesCount], [['g2', 'g3'], 3]);
    // A player's entry says which game they play, listed or not, and so does their page entry.
    const ann = state.online.get('id-ann')!;
    assert.deepEqual([ann.status, ann.gameId, ann.game], ['playing', 'g1', 'golf']);
    assert.deepEqual(roster.page({}, () => true).players[0], {
      userId: 'id-ann',
      name: 'ann',
      guest: false,
      status: 'playing',
      gameId: 'g1',
      game: 'golf',
    });
    // A newer game takes the place of the oldest listed.
    roster.follow({ type: 'started', game: liveGame('g4', 4_000, ['hal', 'ivy']) });
    roster.syncCount(true);
    assert.deepEqual([[...state.games.keys()].sort(), state.gamesCount], [['g3', 'g4'], 4]);
    // A listed game ends: the newest of those not listed (g2, not g1) is listed in its place.
    roster.follow({ type: 'ended', gameId: 'g4' });
    roster.syncCount(true);
    assert.deepEqual([[...state.games.keys()].sort(), state.gamesCount], [['g2', 'g3'], 3]);
    // An unlisted game ends: the list does not change; its players are idle again.
    roster.follow({ type: 'ended', gameId: 'g1' });
    roster.syncCount(true);
    assert.deepEqual([[...state.games.keys()].sort(), state.gamesCount], [['g2', 'g3'], 2]);
    assert.deepEqual([ann.status, ann.gameId, ann.game], ['idle', '', '']);
    roster.follow({ type: 'ended', gameId: 'g3' });
    roster.follow({ type: 'ended', gameId: 'g2' });
    roster.syncCount(true);
    assert.deepEqual([[...state.games.keys()], state.gamesCount], [[], 0]);
    // A fuller lobby hears of the games as seldom as of its count: five online, two connections a
    // tick, so every third tick.
    for (const [i, name] of ['jo', 'kim', 'lu', 'max'].entries()) roster.connect(user(name), `t${i}`);
    roster.follow({ type: 'started', game: liveGame('g5', 5_000, ['ned', 'ola']) });
    roster.syncCount(true);
    roster.syncCount(true);
    assert.deepEqual([[...state.games.keys()], state.gamesCount], [[], 0]);
    roster.syncCount(true);
    assert.deepEqual([[...state.games.keys()], state.gamesCount], [['g5'], 1]);
  });

  it('takes in at most gamesRefillPerTick newer games a tick, in the places of the oldest listed, so a burst of starts reaches the list over several ticks', () => {
    const { state, roster } = setUp({ gamesShown: 3, gamesRefillPerTick: 2 });
    const listed = () => [...state.games.keys()].sort();
    roster.listed([1, 2, 3].map((i) => liveGame(`g${i}`, i * 1_000, [`p${i}`, `q${i}`])));
    // The first listing is bounded too: the two newest now, the third on the next tick.
    assert.deepEqual([listed(), state.gamesCount], [['g2', 'g3'], 3]);
    roster.syncCount(true);
    assert.deepEqual(listed(), ['g1', 'g2', 'g3']);
    for (const i of [4, 5, 6, 7])
      roster.follow({ type: 'started', game: liveGame(`g${i}`, i * 1_000, [`p${i}`, `q${i}`]) });
    roster.syncCount(true);
    // The two newest take the places of the two oldest; the count is whole at once.
    assert.deepEqual([listed(), state.gamesCount], [['g3', 'g6', 'g7'], 7]);
    roster.syncCount(true);
    assert.deepEqual(listed(), ['g5', 'g6', 'g7']);
    // g4 is not among the three newest: it is counted, never listed.
    roster.syncCount(true);
    assert.deepEqual([listed(), state.gamesCount], [['g5', 'g6', 'g7'], 7]);
    // An ending frees a place for the newest not listed.
    roster.follow({ type: 'ended', gameId: 'g6' });
    roster.syncCount(true);
    assert.deepEqual([listed(), state.gamesCount], [['g4', 'g5', 'g7'], 6]);
  });
});
