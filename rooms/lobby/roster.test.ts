import assert from 'node:assert/strict';
import { LobbyState } from '../../schema/lobby.state.ts';
import { LobbyAudience } from './audience.ts';
import { LobbyRoster } from './roster.ts';

const user = (name: string) => ({ userId: `id-${name}`, name, guest: false });

describe('lobby roster', () => {
  const setUp = () => {
    const state = new LobbyState();
    const roster = new LobbyRoster(
      state,
      new LobbyAudience(async () => ({ blockers: [], mutedUntil: null })),
      {
        shown: 2,
        page: 2,
        countPerTick: 2,
        refillPerTick: 1,
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
      { userId: 'id-Ben', name: 'Ben', guest: false, status: 'playing', gameId: 'g1' },
      { userId: 'id-Cleo', name: 'Cleo', guest: false, status: 'idle', gameId: '' },
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
});
