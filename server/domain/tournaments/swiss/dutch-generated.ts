/**
 * Generated tournaments played out round by round, for tests that compare what the Dutch pairing
 * gives over many of them: each is a seed, its players (some joining late, some leaving, some
 * asking for a half-point bye) and random results, paired by the function under test.
 */
import { createHash } from 'node:crypto';
import { seededRandom } from '../../../../rooms/rules/random.ts';
import type { DutchRequest, DutchResult } from './dutch.ts';
import type { SwissEntrant, SwissRound } from './swiss-player.ts';

/** Plays tournament `seed` of `minPlayers`–`maxPlayers`; returns each round's pairing as one line of text. */
export function playGenerated(
  seed: number,
  minPlayers: number,
  maxPlayers: number,
  pair: (request: DutchRequest) => DutchResult,
): string[] {
  const random = seededRandom(seed);
  const players = minPlayers + Math.floor(random() * (maxPlayers - minPlayers + 1));
  const totalRounds = 3 + Math.floor(random() * 6);
  const joins = Array.from({ length: players }, () => (random() < 0.1 ? 1 + Math.floor(random() * 2) : 0));
  const leaves = Array.from({ length: players }, () =>
    random() < 0.08 ? 2 + Math.floor(random() * totalRounds) : 99,
  );
  const history = new Map<number, SwissRound[]>(Array.from({ length: players }, (_, i) => [i + 1, []]));
  const initialColour = random() < 0.5 ? 'white' : 'black';
  const lines: string[] = [];
  for (let round = 1; round <= totalRounds; round++) {
    const entrants: SwissEntrant[] = [];
    const halfBye = new Set<number>();
    for (let id = 1; id <= players; id++) {
      const gone = round <= joins[id - 1]! || round >= leaves[id - 1]!;
      const asks = !gone && random() < 0.04;
      if (asks) halfBye.add(id);
      entrants.push({ id, rating: 2000 - id, rounds: history.get(id)!, absent: gone || asks });
    }
    const result = pair({ entrants, round, totalRounds, initialColour });
    if (!result.ok) {
      lines.push(result.error);
      break;
    }
    const { boards, bye } = result.pairing;
    lines.push(`${boards.map((b) => `${b.white}-${b.black}`).join(' ')} bye ${bye ?? '-'}`);
    for (const e of entrants)
      if (e.absent)
        history.get(e.id)!.push({
          kind: halfBye.has(e.id) ? 'half-bye' : 'zero-bye',
          opponent: null,
          colour: null,
          points: halfBye.has(e.id) ? 0.5 : 0,
        });
    if (bye !== null)
      history.get(bye)!.push({ kind: 'pairing-bye', opponent: null, colour: null, points: 1 });
    for (const { white, black } of boards) {
      const r = random();
      if (r < 0.03) {
        history.get(white)!.push({ kind: 'forfeit-win', opponent: black, colour: 'white', points: 1 });
        history.get(black)!.push({ kind: 'forfeit-loss', opponent: white, colour: 'black', points: 0 });
        continue;
      }
      const w = r < 0.45 ? 1 : r < 0.7 ? 0.5 : 0;
      history.get(white)!.push({ kind: 'game', opponent: black, colour: 'white', points: w });
      history.get(black)!.push({ kind: 'game', opponent: white, colour: 'black', points: 1 - w });
    }
  }
  return lines;
}

/** A short digest of a tournament's pairings, to keep many of them in a small fixture. */
export const digest = (lines: readonly string[]) =>
  createHash('sha256').update(lines.join('\n')).digest('hex').slice(0, 16);
