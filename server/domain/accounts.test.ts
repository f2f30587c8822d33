import assert from 'node:assert/strict';
import {
  isReservedUsername,
  makeGuestName,
  makeRefreshToken,
  parseRefreshToken,
  USERNAME_PATTERN,
} from './accounts.ts';

describe('account rules', () => {
  const names: Array<[string, boolean]> = [
    ['alice', true],
    ['Al1ce_', true],
    ['ab', false],
    ['a'.repeat(20), true],
    ['a'.repeat(21), false],
    ['1alice', false],
    ['_alice', false],
    ['al-ice', false],
    ['al ice', false],
    ['alïce', false],
  ];
  for (const [name, ok] of names) {
    it(`${ok ? 'accepts' : 'refuses'} the username ${JSON.stringify(name)}`, () => {
      assert.equal(USERNAME_PATTERN.test(name), ok);
    });
  }

  it('reserves staff and system names whatever their case', () => {
    assert.equal(isReservedUsername('Admin'), true);
    assert.equal(isReservedUsername('ROOKERY'), true);
    assert.equal(isReservedUsername('alice'), false);
  });

  it('names guests outside the registrable space, from the given randomness', () => {
    const name = makeGuestName(() => 0);
    assert.equal(name, 'Guest-aaaaaaaa');
    assert.equal(USERNAME_PATTERN.test(name), false);
    let i = 0;
    assert.notEqual(
      makeGuestName(() => i++ % 32),
      name,
    );
  });

  it('reads back the refresh tokens it makes, and nothing else', () => {
    const parts = { familyId: '0b7c6a2e-4a4f-4c1e-9d55-3c2f7e9b1a00', secret: 'A'.repeat(43) };
    assert.deepEqual(parseRefreshToken(makeRefreshToken(parts)), parts);
    for (const bad of ['', 'x', `${parts.familyId}`, `${parts.familyId}.short`, `nope.${'A'.repeat(43)}`]) {
      assert.equal(parseRefreshToken(bad), undefined, bad);
    }
  });
});
