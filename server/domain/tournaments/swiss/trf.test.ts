import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pairDutch } from './dutch.ts';
import { makeTrf, parseTrf } from './trf.ts';
import { dutchRequestOf, formatPairing, roundToPair } from './trf-swiss.ts';

const fixture = (name: string) =>
  readFileSync(path.resolve(import.meta.dirname, '../../../../test/fixtures/swiss-dutch', name), 'utf8');

describe('TRF16 files', () => {
  it('reads players, rounds, XXR, and lines ending in CR only', () => {
    const t = parseTrf(fixture('issue_7.input'));
    assert.ok(t.ok);
    assert.equal(t.value.players.length, 60);
    assert.equal(t.value.totalRounds, 15);
    const first = t.value.players[0]!;
    assert.deepEqual([first.number, first.rating, first.points], [1, 2720, 10.5]);
    assert.deepEqual(first.rounds[0], { opponent: 31, colour: 'b', result: '1' });
    assert.deepEqual(t.value.players[3]!.rounds[0], { opponent: 34, colour: 'w', result: '+' });
    assert.equal(roundToPair(t.value), 15);
  });

  it('reads a pending zero-point bye as an absence from the round to pair', () => {
    const t = parseTrf(fixture('dutch_2025_C5.input'));
    assert.ok(t.ok);
    assert.equal(roundToPair(t.value), 3);
    const request = dutchRequestOf(t.value);
    assert.ok(request.ok);
    assert.deepEqual(
      request.value.entrants.filter((e) => e.absent).map((e) => e.id),
      [4],
    );
    assert.equal(request.value.initialColour, 'white', 'from the round-1 colour of player 1');
  });

  it('writes what it reads: parse ∘ make is the identity on the model', () => {
    for (const name of ['issue_7.input', 'dutch_2025_C5.input', 'dutch_2025_C9.input']) {
      const t = parseTrf(fixture(name));
      assert.ok(t.ok);
      const again = parseTrf(makeTrf(t.value));
      assert.ok(again.ok);
      const strip = (x: typeof t.value) => ({ ...x, players: x.players.map(({ line: _, ...p }) => p) });
      assert.deepEqual(strip(again.value), strip(t.value));
    }
  });

  it('takes the initial colour from XXC and refuses round 1 without it', () => {
    const lines = [1, 2, 3, 4].map(
      (n) => `${`001 ${String(n).padStart(4)}      Player${n}`.padEnd(80, ' ')} 0.0`,
    );
    const none = parseTrf([...lines, 'XXR 3'].join('\n'));
    assert.ok(none.ok);
    const refused = dutchRequestOf(none.value);
    assert.equal(refused.ok, false);
    const black = parseTrf([...lines, 'XXR 3', 'XXC black1'].join('\n'));
    assert.ok(black.ok);
    const request = dutchRequestOf(black.value);
    assert.ok(request.ok);
    const result = pairDutch(request.value);
    assert.ok(result.ok);
    // Round 1: S1 = 1, 2 against S2 = 3, 4; player 1 gets the initial colour, board 2 the other.
    assert.equal(formatPairing(result.pairing, request.value.numbering, false), '2\n3 1\n2 4\n');
  });

  it('refuses malformed lines with a reason', () => {
    assert.deepEqual(parseTrf('001    1 short'), {
      ok: false,
      error: 'line 1: a player line is at least 84 characters long',
    });
    const bad = `${'001    1      A'.padEnd(80, ' ')} 1.0    1     9 w 1`;
    assert.equal(parseTrf(`${bad}\nXXR 2`).ok, false);
  });
});
