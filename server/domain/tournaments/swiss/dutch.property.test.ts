import assert from 'node:assert/strict';
import { seededRandom } from '../../../../rooms/rules/random.ts';
import { type DutchPairing, pairDutch } from './dutch.ts';
import { type SwissEntrant, type SwissRound, swissStates } from './swiss-player.ts';

/** Whether any pairing of `ids` meets the absolute criteria (exhaustive; small brackets only). */
function anyValidPairing(
  ids: number[],
  allowed: (a: number, b: number) => boolean,
  byeOk: (a: number) => boolean,
): boolean {
  if (ids.length === 0) return true;
  if (ids.length % 2 === 1)
    return ids.some(
      (b) =>
        byeOk(b) &&
        anyValidPairing(
          ids.filter((x) => x !== b),
          allowed,
          byeOk,
        ),
    );
  const [first, ...rest] = ids;
  return rest.some(
    (q) =>
      allowed(first!, q) &&
      anyValidPairing(
        rest.filter((x) => x !== q),
        allowed,
        byeOk,
      ),
  );
}

describe('The Dutch system over thousands of generated tournaments', function () {
  this.timeout(600_000);
  it('never breaks an absolute criterion, pairs every present player once, and fails only when nothing is valid', () => {
    let pairedRounds = 0;
    let refused = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const random = seededRandom(seed);
      const players = 3 + Math.floor(random() * 12);
      const totalRounds = 3 + Math.floor(random() * Math.min(7, players));
      const joins = Array.from({ length: players }, () =>
        random() < 0.15 ? 1 + Math.floor(random() * 2) : 0,
      );
      const leaves = Array.from({ length: players }, () =>
        random() < 0.1 ? 2 + Math.floor(random() * totalRounds) : 99,
      );
      const history = new Map<number, SwissRound[]>(Array.from({ length: players }, (_, i) => [i + 1, []]));
      const initialColour = random() < 0.5 ? 'white' : 'black';
      for (let round = 1; round <= totalRounds; round++) {
        const entrants: SwissEntrant[] = [];
        const halfBye = new Set<number>();
        for (let id = 1; id <= players; id++) {
          const gone = round <= joins[id - 1]! || round >= leaves[id - 1]!;
          const asks = !gone && random() < 0.05;
          if (asks) halfBye.add(id);
          entrants.push({ id, rating: 2000 - id, rounds: history.get(id)!, absent: gone || asks });
        }
        const result = pairDutch({ entrants, round, totalRounds, initialColour });
        const states = swissStates(entrants);
        const present = entrants.filter((e) => !e.absent).map((e) => e.id);
        const topscorer = (id: number) => round === totalRounds && states.get(id)!.score > (round - 1) / 2;
        const allowed = (a: number, b: number) => {
          const [x, y] = [states.get(a)!, states.get(b)!];
          if (x.opponents.has(b)) return false;
          return !(
            x.strength === 3 &&
            y.strength === 3 &&
            x.preference === y.preference &&
            !topscorer(a) &&
            !topscorer(b)
          );
        };
        if (!result.ok) {
          refused++;
          assert.equal(
            present.length <= 16 && anyValidPairing(present, allowed, (b) => states.get(b)!.byeAllowed),
            false,
            `seed ${seed} round ${round}: a valid pairing exists`,
          );
          break;
        }
        pairedRounds++;
        checkRound(seed, round, result.pairing, present, states, topscorer);
        // Play the round: random results, now and then a forfeit.
        for (let id = 1; id <= players; id++) {
          if (!present.includes(id))
            history.get(id)!.push({
              kind: halfBye.has(id) ? 'half-bye' : 'zero-bye',
              opponent: null,
              colour: null,
              points: halfBye.has(id) ? 0.5 : 0,
            });
        }
        if (result.pairing.bye !== null)
          history
            .get(result.pairing.bye)!
            .push({ kind: 'pairing-bye', opponent: null, colour: null, points: 1 });
        for (const { white, black } of result.pairing.boards) {
          const r = random();
          if (r < 0.04) {
            history.get(white)!.push({ kind: 'forfeit-win', opponent: black, colour: 'white', points: 1 });
            history.get(black)!.push({ kind: 'forfeit-loss', opponent: white, colour: 'black', points: 0 });
            continue;
          }
          const w = r < 0.45 ? 1 : r < 0.7 ? 0.5 : 0;
          history.get(white)!.push({ kind: 'game', opponent: black, colour: 'white', points: w });
          history.get(black)!.push({ kind: 'game', opponent: white, colour: 'black', points: 1 - w });
        }
      }
    }
    assert.ok(pairedRounds > 5000, `${pairedRounds} rounds paired`);
    assert.ok(refused < pairedRounds / 10, `${refused} refused`);
  });

  it('keeps the absolute criteria in large brackets too (paired first on a sparse graph)', () => {
    for (const seed of [7, 8]) {
      const random = seededRandom(seed);
      const players = 100;
      const history = new Map<number, SwissRound[]>(Array.from({ length: players }, (_, i) => [i + 1, []]));
      for (let round = 1; round <= 4; round++) {
        const entrants = [...history].map(([id, rounds]) => ({
          id,
          rating: 2000 - id,
          rounds,
          absent: random() < 0.03,
        }));
        for (const e of entrants)
          if (e.absent)
            history.get(e.id)!.push({ kind: 'zero-bye', opponent: null, colour: null, points: 0 });
        const result = pairDutch({ entrants, round, totalRounds: 7, initialColour: 'white' });
        assert.ok(result.ok, `seed ${seed} round ${round}`);
        const states = swissStates(entrants);
        const present = entrants.filter((e) => !e.absent).map((e) => e.id);
        checkRound(seed, round, result.pairing, present, states, () => false);
        if (result.pairing.bye !== null)
          history
            .get(result.pairing.bye)!
            .push({ kind: 'pairing-bye', opponent: null, colour: null, points: 1 });
        for (const { white, black } of result.pairing.boards) {
          const w = random() < 0.45 ? 1 : random() < 0.5 ? 0.5 : 0;
          history.get(white)!.push({ kind: 'game', opponent: black, colour: 'white', points: w });
          history.get(black)!.push({ kind: 'game', opponent: white, colour: 'black', points: 1 - w });
        }
      }
    }
  });
});

function checkRound(
  seed: number,
  round: number,
  pairing: DutchPairing,
  present: number[],
  states: ReturnType<typeof swissStates>,
  topscorer: (id: number) => boolean,
) {
  const where = `seed ${seed} round ${round}`;
  const seen = pairing.boards
    .flatMap((b) => [b.white, b.black])
    .concat(pairing.bye === null ? [] : [pairing.bye]);
  assert.deepEqual(
    [...seen].sort((a, b) => a - b),
    [...present].sort((a, b) => a - b),
    `${where}: everyone present once`,
  );
  assert.equal(pairing.bye !== null, present.length % 2 === 1, `${where}: a bye only for an odd count`);
  if (pairing.bye !== null)
    assert.ok(states.get(pairing.bye)!.byeAllowed, `${where}: a second bye for ${pairing.bye}`);
  for (const { white, black } of pairing.boards) {
    assert.ok(!states.get(white)!.opponents.has(black), `${where}: ${white} and ${black} meet again`);
    for (const [id, colour] of [
      [white, 'white'],
      [black, 'black'],
    ] as const) {
      if (topscorer(white) || topscorer(black)) continue;
      const s = states.get(id)!;
      const cd = s.colourDifference + (colour === 'white' ? 1 : -1);
      assert.ok(Math.abs(cd) <= 2, `${where}: ${id} would have a colour difference of ${cd}`);
      const three = s.colours.length >= 2 && s.colours.at(-1) === colour && s.colours.at(-2) === colour;
      assert.ok(!three, `${where}: ${id} would have ${colour} three times running`);
    }
  }
}
