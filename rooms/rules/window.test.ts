import assert from 'node:assert/strict';
import { admit } from './window.ts';

describe('a sliding window of moments', () => {
  it('admits `limit` events per window, and more once the oldest leave it', () => {
    let moments: number[] = [];
    for (const at of [0, 1000, 2000]) moments = admit(moments, at, 3, 10_000)!;
    assert.equal(admit(moments, 9_999, 3, 10_000), null);
    assert.deepEqual(admit(moments, 10_000, 3, 10_000), [1000, 2000, 10_000]);
  });
});
