import assert from 'node:assert/strict';
import { nextShare, roomsWaitMs } from './rooms-wait.ts';

describe("the engine's yield to the rooms", () => {
  it('halves the share while the rooms wait for a core, to a floor, and grows it back to the configured share', () => {
    let share = 0.5;
    const seen: number[] = [];
    for (const waited of [0.05, 0.05, 0.05, 0.05, 0, 0, 0, 0, 0, 0]) {
      share = nextShare(share, 0.5, waited, 0.02);
      seen.push(Math.round(share * 1000) / 1000);
    }
    assert.deepEqual(seen, [0.25, 0.125, 0.1, 0.1, 0.2, 0.3, 0.4, 0.5, 0.5, 0.5]);
    // A configured share below the floor is kept, and waiting at the limit is not yet too long.
    assert.equal(nextShare(0.05, 0.05, 1, 0.02), 0.05);
    assert.equal(nextShare(0.3, 0.5, 0.02, 0.02), 0.4);
  });

  it("reads the rooms' thread's wait from the kernel on Linux, and nothing elsewhere", function () {
    assert.equal(roomsWaitMs('/proc/no-such-file'), undefined);
    if (process.platform !== 'linux') this.skip();
    const first = roomsWaitMs();
    assert.ok(first !== undefined && first >= 0, String(first));
    const later = roomsWaitMs();
    assert.ok(later !== undefined && later >= first);
  });
});
