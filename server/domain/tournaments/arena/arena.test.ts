import assert from 'node:assert/strict';
import { type Arena, createArena, finishGame, join, nextWaveAt, pause, standings, wave } from './arena.ts';
import { pairWave } from './arena-pairing.ts';
import { type ArenaGameResult, type ArenaOutcome, scoreGames } from './arena-scoring.ts';

const g = (outcome: ArenaOutcome, berserk = false, moves = 30): ArenaGameResult => ({
  outcome,
  berserk,
  moves,
});

describe('Arena scoring', () => {
  it('counts 2 for a win, 1 for a draw, 0 for a loss', () => {
    assert.equal(scoreGames([g('win'), g('draw'), g('loss'), g('draw')]).points, 4);
  });

  it('doubles every game after two wins in a row until the player fails to win', () => {
    // W W | W(4) D(2, ends the streak) | W W | L(0) W
    const sheet = scoreGames([
      g('win'),
      g('win'),
      g('win'),
      g('draw'),
      g('win'),
      g('win'),
      g('loss'),
      g('win'),
    ]);
    assert.deepEqual(
      sheet.entries.map((e) => [e.points, e.onFire]),
      [
        [2, false],
        [2, false],
        [4, true],
        [2, true],
        [2, false],
        [2, false],
        [0, true],
        [2, false],
      ],
    );
    assert.equal(sheet.points, 16);
    assert.equal(sheet.onFire, false);
  });

  it('adds a point for a berserk win of a game long enough, on fire or not', () => {
    assert.equal(scoreGames([g('win', true, 7)]).points, 3);
    assert.equal(scoreGames([g('win', true, 6)]).points, 2, 'too short');
    assert.equal(scoreGames([g('draw', true), g('loss', true)]).points, 1, 'only a win earns it');
    assert.equal(scoreGames([g('win'), g('win'), g('win', true)]).points, 2 + 2 + 5);
    assert.equal(scoreGames([g('win', true, 10)], 12).points, 2, 'the minimum is a setting');
  });
});

describe('Arena pairing waves', () => {
  const free = (id: string, rank: number, lastOpponent: string | null = null, freeSince = 0) => ({
    id,
    rank,
    rating: 1500 - rank * 10,
    lastOpponent,
    freeSince,
  });

  it('pairs neighbours in the standings', () => {
    const pairs = pairWave([free('a', 0), free('b', 1), free('c', 2), free('d', 3)]);
    assert.deepEqual(pairs, [
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('does not pair two players who just met while a third is free', () => {
    const pairs = pairWave([free('a', 0, 'b'), free('b', 1, 'a'), free('c', 2), free('d', 3)]);
    assert.ok(!pairs.some(([x, y]) => (x === 'a' && y === 'b') || (x === 'b' && y === 'a')));
    assert.equal(pairs.length, 2);
  });

  it('leaves out the latest arrival of an odd wave', () => {
    const pairs = pairWave([free('a', 0, null, 5), free('b', 1, null, 9), free('c', 2, null, 1)]);
    assert.deepEqual(pairs, [['a', 'c']]);
  });

  it('pairs a wave of a thousand players, everyone once, no immediate rematch', () => {
    const players = Array.from({ length: 1000 }, (_, i) => free(`p${i}`, i, `p${i ^ 1}`));
    const pairs = pairWave(players);
    assert.equal(pairs.length, 500);
    assert.equal(new Set(pairs.flat()).size, 1000);
    for (const [x, y] of pairs) assert.notEqual(Number(x.slice(1)) ^ 1, Number(y.slice(1)));
  });
});

/** A deterministic generator for the scripted hour. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('An arena played for an hour by scripted players', () => {
  it('scores, streaks and berserk exactly as specified; no immediate rematch while three are free; a free player is paired by the next wave', () => {
    const minute = 60_000;
    const waveMs = 10_000;
    let arena: Arena = createArena({ startsAt: 0, endsAt: 60 * minute, waveMs });
    const random = rng(42);
    const ids = Array.from({ length: 12 }, (_, i) => `p${i + 1}`);
    const games: {
      white: string;
      black: string;
      results: { white: ArenaGameResult; black: ArenaGameResult };
    }[] = [];
    const playing = new Map<string, { endsAt: number; white: ArenaGameResult; black: ArenaGameResult }>();
    const pausedUntil = new Map<string, number>();
    let leftOut = new Set<string>();
    let leftOutTwice = 0;
    for (const [i, id] of ids.entries()) {
      const r = join(arena, id, 1400 + i * 40, i < 10 ? 0 : 7 * minute);
      if (!r.ok) throw new Error(r.error);
      arena = r.arena;
    }
    for (let now = 0; now < 60 * minute; now += 1000) {
      // Late entries, a pause and a rejoin, on script.
      if (now === 20 * minute) arena = (pause(arena, 'p3') as { arena: Arena }).arena;
      if (now === 20 * minute) pausedUntil.set('p3', 30 * minute);
      if (pausedUntil.get('p3') === now) arena = (join(arena, 'p3', 0, now) as { arena: Arena }).arena;
      for (const [gameId, game] of [...playing]) {
        if (game.endsAt > now) continue;
        const done = finishGame(arena, gameId, { white: game.white, black: game.black }, now);
        if (!done.ok) throw new Error(done.error);
        arena = done.arena;
        playing.delete(gameId);
      }
      if (now === nextWaveAt(arena, now)) {
        const free = [...arena.players.values()].filter((p) => p.status === 'free');
        const { arena: next, started } = wave(arena, now);
        if (free.length >= 3)
          for (const s of started) {
            const w = arena.players.get(s.white)!;
            assert.notEqual(w.lastOpponent, s.black, `${s.white} meets ${s.black} twice in a row`);
          }
        // A free player left out of a wave (an odd count) is paired at the next one when others are free.
        const paired = new Set(started.flatMap((s) => [s.white, s.black]));
        const waiting = new Set(free.map((p) => p.id).filter((id) => !paired.has(id)));
        if (free.length >= 3) for (const id of waiting) if (leftOut.has(id)) leftOutTwice++;
        leftOut = waiting;
        arena = next;
        for (const s of started) {
          const roll = random();
          const outcome: [ArenaGameResult['outcome'], ArenaGameResult['outcome']] =
            roll < 0.45 ? ['win', 'loss'] : roll < 0.6 ? ['draw', 'draw'] : ['loss', 'win'];
          const moves = 3 + Math.floor(random() * 40);
          const white = { outcome: outcome[0], berserk: random() < 0.3, moves };
          const black = { outcome: outcome[1], berserk: random() < 0.3, moves };
          playing.set(s.id, { endsAt: now + (1 + Math.floor(random() * 4)) * minute, white, black });
          games.push({ white: s.white, black: s.black, results: { white, black } });
        }
      }
    }
    assert.ok(games.length > 100, `${games.length} games`);
    // Every sheet equals the rules applied by hand to that player's games, in order.
    for (const id of ids) {
      let points = 0;
      let wins = 0;
      let fire = false;
      const mine = games
        .filter((x) => arena.players.get(id)!.sheet.entries.length > 0 && (x.white === id || x.black === id))
        .map((x) => (x.white === id ? x.results.white : x.results.black))
        .slice(0, arena.players.get(id)!.sheet.entries.length);
      for (const r of mine) {
        const base = r.outcome === 'win' ? 2 : r.outcome === 'draw' ? 1 : 0;
        points += (fire ? base * 2 : base) + (r.berserk && r.outcome === 'win' && r.moves >= 7 ? 1 : 0);
        wins = r.outcome === 'win' ? wins + 1 : 0;
        fire = r.outcome === 'win' && (fire || wins >= 2);
      }
      assert.equal(arena.players.get(id)!.sheet.points, points, `${id}'s score`);
    }
    assert.equal(leftOutTwice, 0, 'a free player waited more than one wave while others were free');
    const table = standings(arena);
    assert.ok(table.every((p, i) => i === 0 || table[i - 1]!.sheet.points >= p.sheet.points));
    assert.equal(games.filter((x) => x.white === 'p3' || x.black === 'p3').length > 0, true);
  });
});
