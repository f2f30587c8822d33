import assert from 'node:assert/strict';
import type { Client } from '@colyseus/core';
import { Decoder, Encoder, type StateView } from '@colyseus/schema';
import { ChatLineState, LobbyState, LobbyUserState } from '../../schema/lobby.state.ts';
import { LobbyAudience } from './audience.ts';

/**
 * The lobby's audience as its connections receive it: each connection decodes, into a state of
 * its own, the first state and then every patch, encoded as the room's serializer does (the
 * shared part once, the part of each distinct view once, in the same buffer).
 */
interface Connection {
  client: Client;
  decoder: Decoder<LobbyState>;
  /** Every frame received, in order. */
  frames: Uint8Array[];
}

function stage() {
  const state = new LobbyState();
  const encoder = new Encoder(state);
  const blockers = new Map<string, string[]>();
  const audience = new LobbyAudience(async (userId) => ({
    blockers: blockers.get(userId) ?? [],
    mutedUntil: null,
  }));
  const online = audience.listing(state.online, (entry) => entry.userId);
  const connections: Connection[] = [];
  const viewOf = (c: Connection) => (c.client as unknown as { view: StateView }).view;

  /** One patch of the room: as `SchemaSerializer.applyPatches` sends it. */
  const patch = () => {
    if (encoder.hasChanges) {
      const it = { offset: 0 };
      encoder.encode(it);
      const sharedOffset = it.offset;
      const byView = new Map<StateView, Uint8Array>();
      for (const c of connections) {
        let frame = byView.get(viewOf(c));
        if (!frame) {
          frame = encoder.encodeView(viewOf(c), sharedOffset, it).slice();
          byView.set(viewOf(c), frame);
        }
        c.decoder.decode(frame);
        c.frames.push(frame);
      }
    } else {
      for (const c of connections.filter((c) => viewOf(c).changes.size > 0)) {
        const frame = encoder.encodeView(viewOf(c), 0, { offset: 0 }).slice();
        c.decoder.decode(frame);
        c.frames.push(frame);
      }
    }
    encoder.discardChanges();
  };

  /** A connection of `userId` comes in: read, admitted, listed, and sent its first state. */
  const join = async (userId: string): Promise<Connection> => {
    await audience.prepare(userId);
    const client = { sessionId: `s-${userId}-${connections.length}` } as unknown as Client;
    audience.admit(client, userId);
    if (!state.online.has(userId)) {
      online.set(userId, Object.assign(new LobbyUserState(), { userId, name: userId }));
    }
    const c: Connection = { client, decoder: new Decoder(new LobbyState()), frames: [] };
    const it = { offset: 0 };
    encoder.encodeAll(it);
    const first = encoder.encodeAllView(viewOf(c), it.offset, { ...it }).slice();
    c.decoder.decode(first);
    c.frames.push(first);
    connections.push(c);
    return c;
  };

  const say = (userId: string, text: string) => {
    const line = Object.assign(new ChatLineState(), {
      id: state.chat.length + 1,
      userId,
      name: userId,
      text,
    });
    state.chat.push(line);
    audience.show(line, userId);
  };

  return { state, audience, blockers, online, join, patch, say, viewOf };
}

/** What a connection's own copy of the state shows of `userId`: listed, and lines said. */
function traces(c: Connection, userId: string): string[] {
  const s = c.decoder.state;
  return [
    ...(s.online?.has(userId) ? ['online'] : []),
    ...(s.chat ?? []).filter((l) => l.userId === userId).map((l) => `line ${l.text}`),
  ];
}

const mentions = (frames: Uint8Array[], text: string) => Buffer.concat(frames).includes(text);

describe('lobby audience on the wire', () => {
  it('connections of users nobody blocks share one view, and each is sent every entry once', async () => {
    const { join, patch, say, viewOf } = stage();
    const ann = await join('ann');
    const ben = await join('ben');
    say('ann', 'hello');
    patch();
    const cleo = await join('cleo');
    patch();
    assert.equal(viewOf(ann), viewOf(ben));
    assert.equal(viewOf(ben), viewOf(cleo));
    for (const c of [ann, ben, cleo]) {
      assert.deepEqual(traces(c, 'ann'), ['online', 'line hello']);
      assert.deepEqual(traces(c, 'cleo'), ['online']);
    }
    // Cleo's first state had everything: the patches after it do not send Ann's entries again.
    assert.equal(mentions(cleo.frames.slice(1), 'hello'), false);
  });

  it('a connection whose user comes to be blocked loses the blocker from then on, and catches up with the rest; the others see all', async () => {
    const { state, audience, blockers, join, patch, say, online, viewOf } = stage();
    const ann = await join('ann');
    const ben = await join('ben');
    const cleo = await join('cleo');
    say('ann', 'before the block');
    // Eve's entry is put in the state in one tick and shown in the next.
    const eve = Object.assign(new LobbyUserState(), { userId: 'eve', name: 'eve' });
    state.online.set('eve', eve);
    patch();
    // In the same tick as the block, before any patch: Dan comes in, Eve is shown, Cleo speaks.
    online.set('dan', Object.assign(new LobbyUserState(), { userId: 'dan', name: 'dan' }));
    audience.show(eve, 'eve');
    say('cleo', 'same tick');
    blockers.set('ben', ['ann']);
    await audience.blocksChanged('ben');
    assert.notEqual(viewOf(ben), viewOf(cleo), 'Ben has a view of his own');
    assert.equal(viewOf(ann), viewOf(cleo), 'the others still share theirs');
    const fromBlock = ben.frames.length;
    patch();
    say('ann', 'after the block');
    patch();

    assert.deepEqual(traces(ben, 'ann'), [], 'Ben is shown nothing of Ann');
    assert.equal(mentions(ben.frames.slice(fromBlock), 'after the block'), false);
    for (const who of ['dan', 'eve']) {
      assert.equal(ben.decoder.state.online.has(who), true, `Ben is sent ${who}, pending in the shared view`);
    }
    assert.deepEqual(traces(ben, 'cleo'), ['online', 'line same tick']);
    assert.deepEqual(traces(ben, 'ben'), ['online']);
    for (const c of [ann, cleo]) {
      assert.deepEqual(traces(c, 'ann'), ['online', 'line before the block', 'line after the block']);
      assert.equal(c.decoder.state.online.has('dan') && c.decoder.state.online.has('eve'), true);
    }
    // Nothing Ben had was sent to him again.
    assert.equal(mentions(ben.frames.slice(fromBlock), 'before the block'), false);

    // A second tab of Ben's starts on a view of its own, without Ann.
    const benTab = await join('ben');
    assert.notEqual(viewOf(benTab), viewOf(cleo));
    assert.deepEqual(traces(benTab, 'ann'), []);

    // The block lifted: Ann's entries come back to both of Ben's tabs.
    blockers.set('ben', []);
    await audience.blocksChanged('ben');
    patch();
    for (const c of [ben, benTab]) {
      assert.deepEqual(traces(c, 'ann'), ['online', 'line before the block', 'line after the block']);
    }
  });

  it('a user blocked before coming in never gets the shared view, nor anything of the blocker', async () => {
    const { blockers, join, patch, say, viewOf } = stage();
    const ann = await join('ann');
    say('ann', 'hidden');
    patch();
    blockers.set('ben', ['ann']);
    const ben = await join('ben');
    patch();
    say('ann', 'still hidden');
    patch();
    assert.notEqual(viewOf(ben), viewOf(ann));
    assert.deepEqual(traces(ben, 'ann'), []);
    assert.equal(mentions(ben.frames, 'hidden'), false);
    assert.deepEqual(traces(ann, 'ben'), ['online'], 'the blocker still sees the blocked');
  });
});
