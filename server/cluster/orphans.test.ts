import assert from 'node:assert/strict';
import { OrphanListings } from './orphans.ts';

const SELF = 'node-a';
const at = (iso: string) => new Date(iso);

describe('orphan listings (a listing naming this node for a room it does not hold)', () => {
  const holdsNothing = () => false;

  it('are dropped on the second round that sees the very same listing, not on the first', () => {
    const orphans = new OrphanListings();
    const listing = { roomId: 'q1', processId: SELF, createdAt: at('2026-12-05T10:00:00Z') };
    assert.equal(orphans.suspects('q1'), false);
    assert.deepEqual(orphans.sweep([listing], SELF, holdsNothing), [], 'it may be a room being created');
    assert.equal(orphans.suspects('q1'), true, 'the next round decides');
    assert.deepEqual(orphans.sweep([listing], SELF, holdsNothing), ['q1']);
    assert.equal(orphans.suspects('q1'), false);
  });

  it('are forgotten once dropped: a new listing of the room waits a round again', () => {
    const orphans = new OrphanListings();
    const listing = { roomId: 'q1', processId: SELF, createdAt: at('2026-12-05T10:00:00Z') };
    orphans.sweep([listing], SELF, holdsNothing);
    orphans.sweep([listing], SELF, holdsNothing);
    assert.deepEqual(orphans.sweep([listing], SELF, holdsNothing), []);
  });

  it('wait another round when the room was listed anew (another creation time) meanwhile', () => {
    const orphans = new OrphanListings();
    const first = { roomId: 'g1', processId: SELF, createdAt: at('2026-12-05T10:00:00Z') };
    const again = { ...first, createdAt: at('2026-12-05T10:00:01Z') };
    orphans.sweep([first], SELF, holdsNothing);
    assert.deepEqual(orphans.sweep([again], SELF, holdsNothing), []);
    assert.deepEqual(orphans.sweep([again], SELF, holdsNothing), ['g1']);
  });

  it('are not orphans when this node holds the room, or the listing names another node', () => {
    const orphans = new OrphanListings();
    const held = { roomId: 'lobby', processId: SELF, createdAt: at('2026-12-05T10:00:00Z') };
    const elsewhere = { roomId: 'p1', processId: 'node-b', createdAt: at('2026-12-05T10:00:00Z') };
    for (let round = 0; round < 3; round++) {
      assert.deepEqual(
        orphans.sweep([held, elsewhere], SELF, (id) => id === 'lobby'),
        [],
      );
    }
  });

  it('start over when a round finds the room held in between', () => {
    const orphans = new OrphanListings();
    const listing = { roomId: 'q1', processId: SELF, createdAt: at('2026-12-05T10:00:00Z') };
    orphans.sweep([listing], SELF, holdsNothing);
    orphans.sweep([listing], SELF, () => true);
    assert.deepEqual(orphans.sweep([listing], SELF, holdsNothing), []);
    assert.deepEqual(orphans.sweep([listing], SELF, holdsNothing), ['q1']);
  });

  it('read a listing without a creation time, or with one as text, the same way', () => {
    const orphans = new OrphanListings();
    const bare = { roomId: 'a', processId: SELF };
    const text = { roomId: 'b', processId: SELF, createdAt: '2026-12-05T10:00:00.000Z' };
    assert.deepEqual(orphans.sweep([bare, text], SELF, holdsNothing), []);
    assert.deepEqual(orphans.sweep([bare, text], SELF, holdsNothing), ['a', 'b']);
  });
});
