import assert from 'node:assert/strict';
import type { Client } from '@colyseus/core';
import { Encoder, type StateView } from '@colyseus/schema';
import { LobbyState, SeekState } from '../../schema/lobby.state.ts';
import { LobbyAudience } from './audience.ts';
import type { LobbyStanding } from './deps.ts';

/** Reads of who blocks a user (with no mute), answered when the test says. */
function reads() {
  const pending: Array<{ userId: string; answer: (blockers: string[]) => void }> = [];
  const read = (userId: string) =>
    new Promise<LobbyStanding>((resolve) =>
      pending.push({ userId, answer: (blockers) => resolve({ blockers, mutedUntil: null }) }),
    );
  return { pending, read };
}

const connection = (sessionId: string) => ({ sessionId }) as unknown as Client;

describe('lobby audience', () => {
  it('a read started later wins over an older one that ends after it', async () => {
    const { pending, read } = reads();
    const audience = new LobbyAudience(read);
    const joining = audience.prepare('ben');
    const changed = audience.blocksChanged('ben');
    assert.equal(pending.length, 2);
    // The newer read (after Ann's block was committed) ends first; the join's older read after.
    pending[1]!.answer(['ann']);
    await changed;
    pending[0]!.answer([]);
    await joining;
    audience.admit(connection('s1'), 'ben');
    assert.equal(audience.sees('ben', 'ann'), false);
    assert.equal(audience.sees('ben', 'cleo'), true);
    assert.equal(audience.sees('ann', 'ben'), true, 'the blocker still sees the blocked');
  });

  it('reads nothing for a user who is not here, and forgets a user once their last connection leaves', async () => {
    const { pending, read } = reads();
    const audience = new LobbyAudience(read);
    await audience.blocksChanged('ben');
    assert.equal(pending.length, 0);

    const joining = audience.prepare('ben');
    pending[0]!.answer(['ann']);
    await joining;
    audience.admit(connection('s1'), 'ben');
    audience.admit(connection('s2'), 'ben');
    audience.leave('s1');
    assert.equal(audience.sees('ben', 'ann'), false, 'one tab is still open');
    audience.leave('s2');
    assert.equal(audience.sees('ben', 'ann'), true, 'forgotten');
    // A read that ends after the user left changes nothing.
    const back = audience.prepare('ben');
    const again = audience.blocksChanged('ben');
    pending[1]!.answer([]);
    await back;
    audience.admit(connection('s3'), 'ben');
    audience.leave('s3');
    pending[2]!.answer(['ann']);
    await again;
    assert.equal(audience.sees('ben', 'ann'), true);
  });

  it('a failed read fails the join', async () => {
    let calls = 0;
    const audience = new LobbyAudience(() => {
      calls += 1;
      return Promise.reject(new Error('database down'));
    });
    await assert.rejects(audience.prepare('ben'), /database down/);
    // The failed join left nobody behind to read for.
    await audience.blocksChanged('ben');
    assert.equal(calls, 1);
  });
});

describe('lobby audience over the synced state', () => {
  it('an entry replaced under its key (a seek whose seats fill) leaves the views, so a later join sees only the new one', async () => {
    const state = new LobbyState();
    const encoder = new Encoder(state);
    const audience = new LobbyAudience(async () => ({ blockers: [], mutedUntil: null }));
    const seeks = audience.listing(state.seeks, (seek) => seek.userId);
    const seekOf = (joined: string[]) => {
      const seek = new SeekState();
      seek.id = 's1';
      seek.userId = 'ann';
      seek.joined.push(...joined);
      return seek;
    };
    // Each change goes out in a patch before the next, as in the room.
    seeks.set('s1', seekOf(['ann']));
    encoder.encode();
    encoder.discardChanges();
    const filled = seekOf(['ann', 'ben']);
    seeks.set('s1', filled);
    encoder.encode();
    encoder.discardChanges();
    await audience.prepare('cleo');
    const cleo = connection('s-cleo');
    audience.admit(cleo, 'cleo');
    const view = (cleo as unknown as { view: StateView }).view;
    assert.equal(view.has(filled), true);
    assert.equal([...state.seeks.values()].length, 1);
  });
});
