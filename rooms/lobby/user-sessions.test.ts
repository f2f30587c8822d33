import assert from 'node:assert/strict';
import { UserSessions } from './user-sessions.ts';

describe('lobby user sessions', () => {
  it('tells the first connection and the last, through a second and third tab', () => {
    const sessions = new UserSessions();
    assert.equal(sessions.add('u', 's1'), true);
    assert.equal(sessions.add('u', 's1'), false, 'the same session again is not a new first');
    assert.deepEqual(sessions.of('u'), ['s1']);
    assert.equal(sessions.add('u', 's2'), false);
    assert.equal(sessions.add('u', 's3'), false);
    assert.deepEqual(sessions.of('u').sort(), ['s1', 's2', 's3']);
    assert.equal(sessions.delete('u', 's2'), false);
    assert.equal(sessions.delete('u', 's2'), false, 'gone already');
    assert.equal(sessions.delete('u', 's1'), false);
    assert.deepEqual(sessions.of('u'), ['s3']);
    assert.equal(sessions.delete('u', 'other'), false, "a session that is not the user's");
    assert.equal(sessions.has('u'), true);
    assert.equal(sessions.delete('u', 's3'), true);
    assert.equal(sessions.has('u'), false);
    assert.deepEqual(sessions.of('u'), []);
    assert.equal(sessions.delete('u', 's3'), false);
  });

  it('counts users, not connections, and keeps users apart', () => {
    const sessions = new UserSessions();
    sessions.add('a', 's1');
    sessions.add('a', 's2');
    sessions.add('b', 's3');
    assert.equal(sessions.size, 2);
    assert.equal(sessions.delete('b', 's1'), false);
    assert.deepEqual(sessions.of('a').sort(), ['s1', 's2']);
    assert.equal(sessions.delete('b', 's3'), true);
    assert.equal(sessions.size, 1);
  });
});
