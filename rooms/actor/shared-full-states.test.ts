import assert from 'node:assert/strict';
import { ClientState, Room } from '@colyseus/core';
import { Decoder, StateView } from '@colyseus/schema';
import { LobbyState, LobbyUserState } from '../../schema/lobby.state.ts';
import { shareFullStates } from './shared-full-states.ts';

class PlainRoom extends Room {}

interface Serializer {
  getFullState(client?: { view?: StateView }): Uint8Array;
  applyPatches(clients: unknown[], state: unknown): boolean;
}

function user(i: number): LobbyUserState {
  return Object.assign(new LobbyUserState(), { userId: `user-${i}`, name: `Guest-${i}`, guest: true });
}

/** A room as the matchmaker sets one up, its lobby state holding `users`, all seen through `view`. */
/** Connections that were sent what changed for these views (nothing is kept of what they receive). */
function viewers(...views: StateView[]) {
  return views.map((view) => ({ state: ClientState.JOINED, view, raw: () => {}, enqueueRaw: () => {} }));
}

function lobbyRoom(view: StateView, users: number) {
  const room = new PlainRoom();
  (room as unknown as { __init(): void }).__init();
  const state = new LobbyState();
  room.state = state;
  for (let i = 0; i < users; i++) {
    state.online.set(`user-${i}`, user(i));
    view.add(state.online.get(`user-${i}`)!);
  }
  const serializer = (room as unknown as { _serializer: Serializer })._serializer;
  // The room's first pass: what is there now has been sent.
  serializer.applyPatches(viewers(view), state);
  return { room, state, serializer };
}

/** The online list a joiner decodes from a first state: user id → name. */
function onlineIn(bytes: Uint8Array): Record<string, string> {
  const decoded = new LobbyState();
  new Decoder(decoded).decode(bytes, { offset: 1 });
  return Object.fromEntries([...decoded.online.entries()].map(([id, u]) => [id, u.name]));
}

describe('shareFullStates', () => {
  it('sends joiners of one view the same bytes while nothing changes, as Colyseus would encode them', () => {
    const shared = new StateView();
    const { room, serializer } = lobbyRoom(shared, 3);
    const own = serializer.getFullState({ view: shared });
    shareFullStates(room);
    const first = serializer.getFullState({ view: shared });
    const second = serializer.getFullState({ view: shared });
    assert.equal(second, first, 'encoded once');
    assert.deepEqual(Buffer.from(first), Buffer.from(own));
    assert.deepEqual(onlineIn(first), { 'user-0': 'Guest-0', 'user-1': 'Guest-1', 'user-2': 'Guest-2' });
  });

  it('encodes anew once the state changes, before and after the pass that sends the change', () => {
    const shared = new StateView();
    const { room, state, serializer } = lobbyRoom(shared, 2);
    shareFullStates(room);
    const before = serializer.getFullState({ view: shared });
    state.online.get('user-1')!.name = 'Renamed';
    const waiting = serializer.getFullState({ view: shared });
    assert.notEqual(waiting, before);
    assert.equal(onlineIn(waiting)['user-1'], 'Renamed');
    serializer.applyPatches(viewers(shared), state);
    const after = serializer.getFullState({ view: shared });
    assert.notEqual(after, before);
    assert.equal(onlineIn(after)['user-1'], 'Renamed');
    assert.equal(serializer.getFullState({ view: shared }), after, 'kept again until the next change');
  });

  it('encodes anew when the view itself changes, and gives another view its own bytes', () => {
    const shared = new StateView();
    const { room, state, serializer } = lobbyRoom(shared, 2);
    const narrow = new StateView();
    narrow.add(state.online.get('user-0')!);
    serializer.applyPatches(viewers(shared, narrow), state);
    shareFullStates(room);
    const before = serializer.getFullState({ view: shared });
    assert.deepEqual(Object.keys(onlineIn(serializer.getFullState({ view: narrow }))), ['user-0']);

    // Added to the state and to the shared view: a joiner in between sees it at once.
    state.online.set('user-2', user(2));
    shared.add(state.online.get('user-2')!);
    assert.deepEqual(Object.keys(onlineIn(serializer.getFullState({ view: shared }))).sort(), [
      'user-0',
      'user-1',
      'user-2',
    ]);
    serializer.applyPatches(viewers(shared, narrow), state);
    // Taken out of the shared view only (the state keeps it).
    shared.remove(state.online.get('user-0')!);
    assert.deepEqual(Object.keys(onlineIn(serializer.getFullState({ view: shared }))).sort(), [
      'user-1',
      'user-2',
    ]);
    assert.deepEqual(Object.keys(onlineIn(serializer.getFullState({ view: narrow }))), ['user-0']);
    assert.notEqual(serializer.getFullState({ view: shared }), before);
  });

  it('throws for a room whose state is not encoded the way it reads', () => {
    assert.throws(() => shareFullStates(new PlainRoom()), /no full state to share/);
  });
});
