import assert from 'node:assert/strict';
import { Client } from '@colyseus/sdk';
import { applyGolf, createGolf, type Golf } from '../rooms/games/golf/game.ts';
import { DEFAULTS, type GolfView, golfModule, golfView } from '../rooms/games/golf/module.ts';
import type { MatchState } from '../schema/match.state.ts';
import type { MatchEvent } from '../server/services/ports.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { playGolfSeat } from './support/games/golf-player.ts';
import { bytesOf, type Seated, seat } from './support/games/tap.ts';
import { waitUntil } from './support/wait.ts';

const OPTIONS = { ...DEFAULTS, players: 2, holes: 1, initialFlips: 2, jokers: false, turnMs: 60_000 };

forEachBackend('a room of golf, with real clients', (backend: Backend) => {
  let server: TestGameServer;
  let url: string;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { CHESS_BOT_DELAY_MS: '10' });
    url = server.url;
  });
  after(() => server?.close());

  const tokenOf = async () => (await newPlayer(url)).rookery.accessToken();

  /** The game as the server holds it: its log, replayed. */
  async function replayed(gameId: string, options = OPTIONS): Promise<Golf> {
    const rows = await backend.sql<{ payload: MatchEvent }>(
      'select event as payload from game_events where game_id = $1 order by seq',
      [gameId],
    );
    return rows.reduce((game, { payload }) => {
      const next = applyGolf(game, typeof payload === 'string' ? JSON.parse(payload) : payload);
      assert.ok(next.ok);
      return next.value;
    }, createGolf(options));
  }

  const needle = (card: string) => Buffer.from(card);
  const latest = (s: Seated) => s.views.at(-1) as unknown as GolfView | undefined;
  /** The spectator's view, from the synced state. */
  const shown = (s: Seated) => s.shown() as unknown as GolfView;

  it('deals, plays a hole to its score, and no client receives a face-down card before it is turned', async function () {
    this.timeout(30_000);
    const [a, b] = await Promise.all([tokenOf(), tokenOf()]);
    const first = await seat(url, a, { game: 'golf', options: { private: true, seat: 0, ...OPTIONS } });
    const id = first.room.roomId;
    const second = await seat(url, b, { game: 'golf', roomId: id, options: { seat: 1 } });
    const watcher = await seat(url, '', { game: 'golf', roomId: id, options: { spectate: true } });
    const seats = [first, second];
    const clients = [first, second, watcher];

    /** Every client shows the server's game; no face-down card has reached any of them so far. */
    async function checkpoint(): Promise<Golf> {
      let game = await replayed(id);
      await waitUntil(async () => {
        game = await replayed(id);
        const seen = JSON.stringify(golfView(game, 'spectator').grids);
        return (
          JSON.stringify(shown(watcher).grids) === seen &&
          seats.every((s, i) => JSON.stringify(latest(s) && golfView(game, i)) === JSON.stringify(latest(s)))
        );
      });
      for (const [s, grid] of game.grids.entries())
        for (const [i, card] of grid.entries()) {
          if (game.up[s]![i] || game.status === 'ended') continue;
          for (const [j, client] of clients.entries())
            assert.ok(
              !bytesOf(client.room).includes(needle(card)),
              `client ${j} got seat ${s}'s face-down ${i}`,
            );
        }
      return game;
    }

    let game = await checkpoint();
    assert.equal(game.status, 'playing');
    assert.deepEqual(latest(first)?.grids[1], golfView(game, 'spectator').grids[1]);
    assert.equal(watcher.views.length, 0, 'a spectator is sent no seat view');

    // Out of turn: refused.
    const refusal = new Promise((resolve) => second.room.onMessage('error', resolve));
    second.room.send('draw');
    assert.equal(((await refusal) as { code: string }).code, 'NOT_YOUR_TURN');

    // The card drawn from the deck reaches its holder alone until it is swapped in.
    first.room.send('draw');
    await waitUntil(() => latest(first)?.phase === 'drawn');
    game = await checkpoint();
    const drawn = game.drawn!;
    assert.equal(latest(first)?.drawn, drawn);
    assert.ok(!bytesOf(second.room).includes(needle(drawn)));
    assert.ok(!bytesOf(watcher.room).includes(needle(drawn)));
    first.room.send('swap', { index: 1 });
    await waitUntil(() => latest(second)?.turn === 1);
    game = await checkpoint();
    assert.equal(shown(watcher).grids[0]![1], drawn);

    // Every turn swaps into the first face-down position until the hole is scored.
    while (game.status === 'playing') {
      const turn = game.turn;
      const player = seats[turn]!;
      player.room.send('draw');
      await waitUntil(() => latest(player)?.phase === 'drawn');
      game = await checkpoint();
      const down = game.up[turn]!.indexOf(false);
      if (down === -1) player.room.send('discard');
      else player.room.send('swap', { index: down });
      await waitUntil(async () => (await replayed(id)).phase === 'choose');
      game = await checkpoint();
    }

    await waitUntil(() => clients.every((c) => c.shown().status === 'ended'));
    const ended = shown(watcher);
    assert.equal(ended.termination, 'holes_played');
    assert.deepEqual(ended.played[0]!.grids, game.played[0]!.grids, 'every card of the scored hole is shown');
    assert.deepEqual(
      ended.results.map((r) => r.score),
      game.totals,
    );
    assert.deepEqual(golfModule.ending(game)?.results, ended.results);
    for (const c of clients) await c.room.leave();
  });

  it('plays against the server bot to the end of a hole', async function () {
    this.timeout(30_000);
    const token = await tokenOf();
    const human = await seat(url, token, { game: 'golf', options: { vsBot: true, seat: 0, ...OPTIONS } });
    const id = human.room.roomId;
    await waitUntil(() => latest(human)?.status === 'playing');
    while (latest(human)?.status === 'playing') {
      await waitUntil(() => latest(human)?.status !== 'playing' || latest(human)?.turn === 0);
      const view = latest(human)!;
      if (view.status !== 'playing') break;
      const count = human.views.length;
      human.room.send('draw');
      await waitUntil(() => latest(human)?.phase === 'drawn');
      const down = latest(human)!.grids[0]!.indexOf(null);
      if (down === -1) human.room.send('discard');
      else human.room.send('swap', { index: down });
      await waitUntil(() => human.views.length > count + 1 && latest(human)?.phase !== 'drawn');
    }
    const game = await replayed(id);
    assert.equal(game.status, 'ended');
    assert.equal(latest(human)?.termination, 'holes_played');
    assert.equal(latest(human)?.results.length, 2);
    await human.room.leave();
  });

  it('a private table with house rules, two people and a computer player, is played to its end; too many computers are refused', async function () {
    this.timeout(60_000);
    const [a, b] = await Promise.all([tokenOf(), tokenOf()]);
    const client = (token: string) => {
      const c = new Client(url);
      c.auth.token = token;
      return c;
    };
    const rules = {
      players: 3,
      holes: 1,
      jokers: true,
      superKings: true,
      flipMode: 'always',
      knockBonus: true,
    };
    await assert.rejects(
      client(a).create<MatchState>('golf', { ...rules, private: true, computers: 3 }),
      /computers/,
    );
    await assert.rejects(
      client(a).create<MatchState>('golf', { ...rules, luckySwing: true, eagleEye: true }),
      /choose one/,
    );
    const host = await client(a).create<MatchState>('golf', {
      ...rules,
      private: true,
      computers: 1,
      level: 'pair-hunter',
      seat: 0,
    });
    const mine = playGolfSeat(host, 0, 1);
    const guest = await client(b).joinById<MatchState>(host.roomId, { seat: 1 });
    const theirs = playGolfSeat(guest, 1, 2);
    assert.equal(host.state.seats.get('2')?.bot, 'pair-hunter', 'the last seat is the computer’s');
    await waitUntil(() => mine.at(-1)?.status === 'ended' && theirs.at(-1)?.status === 'ended', 45_000);
    const game = await replayed(host.roomId, { ...OPTIONS, ...rules } as typeof OPTIONS);
    assert.equal(game.termination, 'holes_played');
    assert.equal(game.options.superKings, true);
    assert.deepEqual(mine.at(-1)!.rules, {
      ...mine.at(-1)!.rules,
      jokers: true,
      superKings: true,
      flipMode: 'always',
      knockBonus: true,
    });
    assert.deepEqual(mine.at(-1)!.totals, game.totals);
    await host.leave();
    await guest.leave();
  });
});
