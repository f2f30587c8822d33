import assert from 'node:assert/strict';
import { maximumWeightMatching, type WeightedEdge } from './weighted-matching.ts';

/** Exhaustive search for the best total weight, to check the algorithm on small random graphs. */
function bruteForce(n: number, edges: WeightedEdge[]): bigint {
  const adj = new Map<string, bigint>();
  for (const e of edges) adj.set(`${Math.min(e.a, e.b)}-${Math.max(e.a, e.b)}`, BigInt(e.weight));
  const best = (used: number): bigint => {
    let v = 0;
    while (v < n && used & (1 << v)) v++;
    if (v >= n) return 0n;
    let result = best(used | (1 << v));
    for (let w = v + 1; w < n; w++) {
      const weight = adj.get(`${v}-${w}`);
      if (weight !== undefined && !(used & (1 << w))) {
        const r = weight + best(used | (1 << v) | (1 << w));
        if (r > result) result = r;
      }
    }
    return result;
  };
  return best(0);
}

function total(mate: number[], edges: WeightedEdge[]): bigint {
  let sum = 0n;
  for (const e of edges) if (mate[e.a] === e.b) sum += BigInt(e.weight);
  return sum;
}

describe('Maximum-weight matching', () => {
  it('solves the small cases of the literature', () => {
    assert.deepEqual(maximumWeightMatching(0, []), []);
    assert.deepEqual(maximumWeightMatching(2, [{ a: 0, b: 1, weight: 1n }]), [1, 0]);
    // A path 1-2-3-4 whose middle edge is heaviest alone but lighter than the two ends together.
    const path = [
      { a: 0, b: 1, weight: 5n },
      { a: 1, b: 2, weight: 11n },
      { a: 2, b: 3, weight: 7n },
    ];
    assert.deepEqual(maximumWeightMatching(4, path), [1, 0, 3, 2]);
    // An odd cycle (a blossom) with a pendant edge.
    const blossom = [
      { a: 0, b: 1, weight: 8n },
      { a: 0, b: 2, weight: 9n },
      { a: 1, b: 2, weight: 10n },
      { a: 2, b: 3, weight: 7n },
    ];
    assert.deepEqual(maximumWeightMatching(4, blossom), [1, 0, 3, 2]);
  });

  it('agrees with an exhaustive search on thousands of random graphs, blossoms included', () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 3000; trial++) {
      const n = 2 + Math.floor(rand() * 9);
      const edges: WeightedEdge[] = [];
      const density = rand();
      for (let a = 0; a < n; a++)
        for (let b = a + 1; b < n; b++)
          if (rand() < density)
            edges.push({ a, b, weight: BigInt(1 + Math.floor(rand() * (trial % 2 ? 5 : 1000))) });
      const mate = maximumWeightMatching(n, edges);
      for (let v = 0; v < n; v++)
        if (mate[v] !== -1) assert.equal(mate[mate[v]!], v, 'the matching is symmetric');
      assert.equal(total(mate, edges), bruteForce(n, edges), `trial ${trial}`);
    }
  });

  it('refuses a mix of number and bigint weights', () => {
    assert.throws(() =>
      maximumWeightMatching(3, [
        { a: 0, b: 1, weight: 1 },
        { a: 1, b: 2, weight: 2n },
      ]),
    );
  });

  it('handles weights far beyond 2^53', () => {
    const big = 1n << 200n;
    const edges = [
      { a: 0, b: 1, weight: big + 1n },
      { a: 1, b: 2, weight: big + 3n },
      { a: 2, b: 3, weight: big + 1n },
    ];
    assert.deepEqual(maximumWeightMatching(4, edges), [1, 0, 3, 2]);
  });
});
