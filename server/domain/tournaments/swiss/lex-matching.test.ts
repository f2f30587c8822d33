import assert from 'node:assert/strict';
import { maximumWeightMatching } from '../weighted-matching.ts';
import { type LexEdge, maximumLexMatching } from './lex-matching.ts';

/** A vector of words as one bigint, each word a digit far wider than any sum of a matching. */
const asBig = (words: number[]) => words.reduce((sum, w) => (sum << 40n) + BigInt(w), 0n);

function randomGraph(rand: () => number, trial: number) {
  const n = 2 + Math.floor(rand() * 11);
  const words = 1 + (trial % 4);
  const edges: { a: number; b: number; words: number[] }[] = [];
  const density = 0.3 + 0.7 * rand();
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++)
      if (rand() < density)
        // Few distinct values per word, so that ties in the top words are common.
        edges.push({
          a,
          b,
          words: Array.from(
            { length: words },
            (_, i) =>
              Math.floor(rand() * (i === 0 ? 3 : trial % 3 === 0 ? 1000 : 7)) - (i === words - 1 ? 2 : 0),
          ),
        });
  return { n, words, edges };
}

describe('Maximum-weight matching with lexicographic word vectors', () => {
  it('finds a matching as heavy as the bigint method on thousands of random graphs, and only tight pairs in it', () => {
    let seed = 4242;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 3000; trial++) {
      const { n, words, edges } = randomGraph(rand, trial);
      const data = new Float64Array(edges.flatMap((e) => e.words));
      const lex: LexEdge[] = edges.map((e, k) => ({ a: e.a, b: e.b, offset: k * words }));
      const result = maximumLexMatching(n, lex, data, words);
      const [mate, tight] = [result.mate, result.tight()];
      const big = edges.map((e) => ({ a: e.a, b: e.b, weight: asBig(e.words) }));
      const reference = maximumWeightMatching(n, big);
      const total = (m: number[]) => big.reduce((s, e) => (m[e.a] === e.b ? s + e.weight : s), 0n);
      for (let v = 0; v < n; v++) if (mate[v] !== -1) assert.equal(mate[mate[v]!], v, 'symmetric');
      assert.equal(total(mate), total(reference), `trial ${trial}`);
      edges.forEach((e, k) => {
        if (mate[e.a] === e.b) assert.equal(tight[k], 1, `trial ${trial}: a matched pair is tight`);
        if (reference[e.a] === e.b)
          assert.equal(tight[k], 1, `trial ${trial}: every best matching uses tight pairs`);
      });
    }
  });

  it('refuses words that would not stay exact', () => {
    const data = new Float64Array([2 ** 52, 1]);
    assert.throws(() => maximumLexMatching(2, [{ a: 0, b: 1, offset: 0 }], data, 2), RangeError);
  });
});
