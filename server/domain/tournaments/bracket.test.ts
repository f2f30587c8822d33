import assert from 'node:assert/strict';
import { type Bracket, doubleElimination, singleElimination } from './bracket.ts';
import { placings, resolveBracket, type Side } from './bracket-state.ts';
import { bracketOrder, seedByRating } from './seeding.ts';

const ids = (n: number) => Array.from({ length: n }, (_, i) => `p${i + 1}`);

/** Plays a bracket to the end: the better seed wins unless `upset` says otherwise. */
function playOut(bracket: Bracket, seeded: string[], pick: (a: string, b: string, id: string) => Side) {
  const results: Record<string, Side> = {};
  for (let guard = 0; guard < 1000; guard++) {
    const state = resolveBracket(bracket, seeded, results);
    const ready = [...state.matches.values()].filter((v) => v.status === 'ready');
    if (ready.length === 0) return { state, results };
    for (const v of ready) results[v.match.id] = pick(v.a as string, v.b as string, v.match.id);
  }
  throw new Error('the bracket never finished');
}
const seedOf = (id: string) => Number(id.slice(1));
const favourite = (a: string, b: string): Side => (seedOf(a) < seedOf(b) ? 'a' : 'b');

describe('Knockout seeding', () => {
  it('orders a bracket so that every first-round pair sums to size + 1 and seeds 1 and 2 are in opposite halves', () => {
    assert.deepEqual(bracketOrder(8), [1, 8, 4, 5, 2, 7, 3, 6]);
    assert.deepEqual(bracketOrder(16), [1, 16, 8, 9, 4, 13, 5, 12, 2, 15, 7, 10, 3, 14, 6, 11]);
    for (let size = 2; size <= 64; size *= 2) {
      const order = bracketOrder(size);
      assert.deepEqual(
        [...order].sort((x, y) => x - y),
        Array.from({ length: size }, (_, i) => i + 1),
      );
      for (let i = 0; i < size; i += 2) assert.equal(order[i]! + order[i + 1]!, size + 1);
      if (size >= 4) {
        // Seeds 1..q sit in different quarters for q = 4: each quarter holds exactly one of them.
        const quarter = size / 4;
        const quarters = [1, 2, 3, 4].map((s) => Math.floor(order.indexOf(s) / quarter)).sort();
        assert.deepEqual(quarters, [0, 1, 2, 3]);
      }
    }
  });

  it('seeds by rating, highest first, keeping the given order between equal ratings', () => {
    const seeded = seedByRating([
      { id: 'x', rating: 1500 },
      { id: 'y', rating: 1700 },
      { id: 'z', rating: 1500 },
    ]);
    assert.deepEqual(
      seeded.map((e) => e.id),
      ['y', 'x', 'z'],
    );
  });
});

describe('Single elimination', () => {
  for (let n = 2; n <= 64; n++) {
    it(`with ${n} players: byes go to the top seeds, never two in a match, everyone placed once`, () => {
      const bracket = singleElimination(n, { thirdPlace: true });
      const seeded = ids(n);
      const byes = bracket.size - n;
      const first = bracket.matches.filter((m) => m.part === 'main' && m.round === 1);
      const state = resolveBracket(bracket, seeded, {});
      const walkovers = first.filter((m) => state.matches.get(m.id)!.status === 'walkover');
      assert.equal(walkovers.length, byes);
      assert.deepEqual(
        walkovers.map((m) => state.matches.get(m.id)!.winner).sort(),
        seeded.slice(0, byes).sort(),
      );
      // Every player is in exactly one first-round slot.
      const slots = first.flatMap((m) => [m.a, m.b]).map((s) => (s.kind === 'seed' ? s.seed : 0));
      assert.deepEqual(
        [...slots].sort((x, y) => x - y),
        Array.from({ length: bracket.size }, (_, i) => i + 1),
      );
      // Byes are spread: each half of the draw has as many as the other, or one more.
      const half = first.length / 2;
      if (half >= 1) {
        const top = walkovers.filter((m) => first.indexOf(m) < half).length;
        assert.ok(Math.abs(top - (byes - top)) <= 1, `byes ${top} / ${byes - top}`);
      }
      const { state: end } = playOut(bracket, seeded, favourite);
      assert.equal(end.champion, 'p1');
      const places = placings(bracket, end, seeded);
      assert.equal([...places.values()].filter((p) => p === null).length, 0);
      assert.equal(places.get('p1'), 1);
      if (n >= 2) assert.equal(places.get('p2'), 2, 'the top two seeds meet in the final');
      if (n >= 4) assert.deepEqual([places.get('p3'), places.get('p4')], [3, 4]);
    });
  }

  it('without a match for third place the two losing semi-finalists share third', () => {
    const bracket = singleElimination(8);
    const { state } = playOut(bracket, ids(8), favourite);
    const places = placings(bracket, state, ids(8));
    assert.deepEqual(
      ids(8).map((id) => places.get(id)),
      [1, 2, 3, 3, 5, 5, 5, 5],
    );
  });

  it('places the players out below those still in; a match neither won puts both out, the next is a walkover', () => {
    const bracket = singleElimination(8);
    const state = resolveBracket(bracket, ids(8), { 'W1-1': 'a', 'W1-2': 'neither' });
    assert.equal(state.matches.get('W1-2')!.status, 'done');
    assert.equal(state.matches.get('W2-1')!.status, 'walkover');
    assert.equal(state.matches.get('W2-1')!.winner, 'p1');
    const places = placings(bracket, state, ids(8));
    // Five players are still in: the three out share sixth place.
    assert.deepEqual(
      ids(8).map((id) => places.get(id)),
      [null, null, null, 6, 6, null, null, 6],
    );
  });

  it('shows a match as waiting until both of its players are known', () => {
    const bracket = singleElimination(4);
    const state = resolveBracket(bracket, ids(4), { 'W1-1': 'b' });
    assert.equal(state.matches.get('W2-1')!.status, 'waiting');
    assert.equal(state.matches.get('W2-1')!.a, 'p4');
    assert.equal(state.champion, null);
  });
});

describe('Double elimination', () => {
  for (let n = 2; n <= 64; n++) {
    it(`with ${n} players: a player is out after two losses, and the bracket ends with one champion`, () => {
      const bracket = doubleElimination(n);
      const seeded = ids(n);
      // Upsets everywhere: the worse seed wins every match it can.
      const { state, results } = playOut(bracket, seeded, (a, b) => (seedOf(a) > seedOf(b) ? 'a' : 'b'));
      const losses = new Map<string, number>();
      for (const v of state.matches.values())
        if (v.status === 'done') losses.set(v.loser as string, (losses.get(v.loser as string) ?? 0) + 1);
      assert.ok(state.champion, 'there is a champion');
      assert.ok((losses.get(state.champion) ?? 0) <= 1);
      for (const id of seeded)
        if (id !== state.champion) assert.equal(losses.get(id), 2, `${id} went out after two losses`);
      // Nobody plays two matches at once: within each bracket round, a player appears once.
      const seen = new Map<string, Set<string>>();
      for (const v of state.matches.values()) {
        const key = `${v.match.part}${v.match.round}`;
        const set = seen.get(key) ?? new Set<string>();
        for (const p of [v.a, v.b])
          if (p) {
            assert.ok(!set.has(p), `${p} twice in ${key}`);
            set.add(p);
          }
        seen.set(key, set);
      }
      assert.ok(Object.keys(results).length >= 2 * n - 2);
      const places = placings(bracket, state, seeded);
      assert.equal(places.get(state.champion), 1);
      assert.equal([...places.values()].filter((p) => p === 1).length, 1);
      assert.equal([...places.values()].filter((p) => p === null).length, 0);
    });
  }

  it('plays the reset only when the losers-bracket finalist wins the grand final', () => {
    const bracket = doubleElimination(4);
    const seeded = ids(4);
    const { state: straight } = playOut(bracket, seeded, favourite);
    assert.equal(straight.matches.get('GF2')!.status, 'void');
    assert.equal(straight.champion, 'p1');
    const { state: reset } = playOut(bracket, seeded, (a, b, id) => (id === 'GF' ? 'b' : favourite(a, b)));
    assert.equal(reset.matches.get('GF2')!.status, 'done');
    assert.equal(reset.champion, 'p1', 'the favourite wins the reset');
    const noReset = doubleElimination(4, { grandFinalReset: false });
    const { state: single } = playOut(noReset, seeded, (a, b, id) => (id === 'GF' ? 'b' : favourite(a, b)));
    assert.equal(single.champion, 'p2');
  });
});
