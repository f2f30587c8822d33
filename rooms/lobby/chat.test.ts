import assert from 'node:assert/strict';
import { chatLine as line } from '../rules/chat.ts';
import { lobbyLine } from './chat.ts';

const limits = { chatMaxLength: 5, chatLines: 2, chatWindowMs: 10_000 };
const chatLine = (raw: string, moments: number[], now: number, given: typeof limits) =>
  line(raw, moments, now, given, lobbyLine);

describe('a lobby chat line', () => {
  it('is shown trimmed, and its moment kept', () => {
    assert.deepEqual(chatLine('  hi ', [], 100, limits), { ok: true, value: { text: 'hi', moments: [100] } });
  });

  for (const [what, raw] of [
    ['an empty line', '   '],
    ['a line longer than the limit in characters', 'ééééé!'],
    ['a line break', 'a\nb'],
  ] as const) {
    it(`refuses ${what} with VALIDATION_FAILED`, () => {
      const checked = chatLine(raw, [], 0, limits);
      assert.equal(checked.ok ? undefined : checked.refusal.code, 'VALIDATION_FAILED');
    });
  }

  it('counts characters, not UTF-16 units', () => {
    assert.ok(chatLine('♞♞♞♞🐦', [], 0, limits).ok);
  });

  it('refuses a line beyond the rate with RATE_LIMITED, and allows it once the window moved on', () => {
    const checked = chatLine('again', [0, 1_000], 9_000, limits);
    assert.equal(checked.ok ? undefined : checked.refusal.code, 'RATE_LIMITED');
    assert.ok(chatLine('again', [0, 1_000], 10_000, limits).ok);
  });
});
