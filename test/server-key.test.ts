import assert from 'node:assert/strict';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import { generateKeySetJson, parseKeySet } from '../server/platform/keys.ts';

describe('the server key of room options', () => {
  it('is derived from each signing key, the same on every node that has the key set', async () => {
    const first = JSON.parse(await generateKeySetJson()).keys[0];
    const second = JSON.parse(await generateKeySetJson()).keys[0];
    const json = JSON.stringify({ keys: [first, second] });
    const [nodeA, nodeB] = [await parseKeySet(json), await parseKeySet(json)];
    assert.equal(nodeA.roomKeys.length, 2);
    assert.deepEqual(nodeA.roomKeys, nodeB.roomKeys, 'two nodes with one key set agree');
    assert.notEqual(nodeA.roomKeys[0], nodeA.roomKeys[1]);
    for (const key of nodeA.roomKeys) {
      assert.ok(key.length >= 43, 'a 256-bit secret');
      assert.ok(![first.d, first.x, second.d, second.x].includes(key), 'not a key half itself');
    }
    const other = await parseKeySet(await generateKeySetJson());
    assert.ok(!other.roomKeys.includes(nodeA.roomKeys[0]!), 'another deployment has another key');
  });

  it('gives the first key and accepts any key of the set (rotation), nothing else', async () => {
    const rotated = serverKeyOf(['new', 'old']);
    assert.equal(rotated.current, 'new');
    assert.ok(rotated.accepts('new'));
    assert.ok(rotated.accepts('old'));
    for (const given of ['other', '', undefined, null, 42, ['new']])
      assert.equal(rotated.accepts(given), false);
    assert.throws(() => serverKeyOf([]), /at least one/);
  });
});
