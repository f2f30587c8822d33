import assert from 'node:assert/strict';
import { ChatWindow } from './chat.ts';

const limits = { chatMaxLength: 10, chatLines: 2, chatWindowMs: 10_000 };
const anyLine = () => undefined;

describe('a chat window', () => {
  it('counts each speaker’s lines apart, and forgets a speaker who left', () => {
    const chat = new ChatWindow(anyLine);
    assert.deepEqual(chat.say('ann', ' one ', 0, limits), { ok: true, value: 'one' });
    assert.ok(chat.say('ann', 'two', 1, limits).ok);
    const third = chat.say('ann', 'three', 2, limits);
    assert.equal(third.ok ? undefined : third.refusal.code, 'RATE_LIMITED');
    assert.ok(chat.say('bob', 'mine', 2, limits).ok, 'another speaker has lines of their own');
    chat.forget('ann');
    assert.ok(chat.say('ann', 'back', 3, limits).ok);
  });

  it('refuses what the room’s rule for a line refuses, and counts nothing for it', () => {
    const chat = new ChatWindow((text) =>
      text === 'no' ? { code: 'VALIDATION_FAILED', message: 'no' } : undefined,
    );
    const refused = chat.say('ann', 'no', 0, limits);
    assert.equal(refused.ok ? undefined : refused.refusal.code, 'VALIDATION_FAILED');
    assert.ok(chat.say('ann', 'yes', 1, limits).ok);
    assert.ok(chat.say('ann', 'yes', 2, limits).ok);
  });
});
