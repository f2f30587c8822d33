import assert from 'node:assert/strict';
import { LobbyPresence } from './presence.ts';

describe('lobby presence', () => {
  it('is per user: online from the first connection until the last one leaves', () => {
    const people = new LobbyPresence();
    assert.equal(people.connect('u', 's1'), true);
    assert.equal(people.connect('u', 's2'), false);
    assert.equal(people.onlineCount, 1);
    assert.equal(people.disconnect('u', 's1'), false);
    assert.equal(people.isOnline('u'), true);
    assert.equal(people.disconnect('u', 'unknown'), false);
    assert.equal(people.disconnect('u', 's2'), true);
    assert.equal(people.isOnline('u'), false);
    assert.equal(people.onlineCount, 0);
  });

  it('shows the latest game a user plays, and the one before when that ends', () => {
    const people = new LobbyPresence();
    people.startPlaying('u', 'g1');
    people.startPlaying('u', 'g2');
    assert.equal(people.gameOf('u'), 'g2');
    people.stopPlaying('u', 'g2');
    assert.equal(people.gameOf('u'), 'g1');
    people.stopPlaying('u', 'g1');
    assert.equal(people.gameOf('u'), undefined);
  });
});
