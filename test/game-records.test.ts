import assert from 'node:assert/strict';
import type { GameExportDto, GameReplayDto, GameReplayStepDto } from '../schema/games.ts';
import type { GolfReplayView } from '../schema/golf.ts';
import { GameExportService } from '../server/services/game-export.service.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { playedGolf, recordGolf } from './support/games/golf-record.ts';
import { seat } from './support/games/tap.ts';
import { waitUntil } from './support/wait.ts';

const NAMES = ['Ana', 'Ben', 'Cy'];
let counter = 0;
const uniqueId = (tag: string) => `${tag}${process.pid}x${++counter}`;

forEachBackend('golf games as records: export, import, public replay', (backend: Backend) => {
  let server: TestGameServer;
  let url: string;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { CHESS_BOT_DELAY_MS: '10' });
    url = server.url;
  });
  after(() => server?.close());

  const get = async (path: string) => {
    const res = await fetch(`${url}${path}`);
    return { status: res.status, body: await res.json() };
  };
  const importing = async (body: unknown, token?: string) => {
    const res = await fetch(`${url}/api/games/import`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  };
  const gameCount = async () =>
    Number((await backend.sql<{ n: number }>('select count(*)::int as n from games'))[0]!.n);

  /** A game of three computers, recorded, with house rules. */
  async function recorded(seed: number, options = {}) {
    const id = uniqueId('rec');
    const played = playedGolf(seed, { knockPenalty: true, tenPenny: true, ...options });
    await recordGolf(server.app.services.matches, id, played, NAMES);
    return { id, played };
  }

  it('a golf game played in a room is read, exported whole and imported again under a new id', async function () {
    this.timeout(60_000);
    const player = await newPlayer(url);
    const token = await player.rookery.accessToken();
    const rules = { players: 2, holes: 1, turnMs: 60_000, superKings: true, flipMode: 'always' };
    const human = await seat(url, token, { game: 'golf', options: { vsBot: true, seat: 0, ...rules } });
    const id = human.room.roomId;
    // The person plays as a computer would, until the hole is scored.
    const { playGolfSeat } = await import('./support/games/golf-player.ts');
    const views = playGolfSeat(human.room, 0, 7);
    await waitUntil(() => views.at(-1)?.status === 'ended', 30_000);
    await waitUntil(async () => (await get(`/api/games/${id}`)).body.status === 'ended');
    await human.room.leave();

    const read = await get(`/api/games/${id}`);
    assert.equal(read.status, 200);
    assert.equal(read.body.game, 'golf');
    assert.equal(read.body.termination, 'holes_played');
    assert.deepEqual(
      read.body.seats.map((s: { placing: number | null }) => typeof s.placing),
      ['number', 'number'],
    );

    const exported = await get(`/api/games/${id}/export`);
    assert.equal(exported.status, 200);
    const doc = exported.body as GameExportDto;
    assert.equal(doc.game, 'golf');
    assert.equal(doc.options.superKings, true, 'the house rules are in the export');
    assert.equal(doc.options.flipMode, 'always');
    assert.equal(doc.seed, doc.events[0]!.event.seed);
    assert.equal(doc.seats[1]!.bot, 'steady-player');
    assert.equal(doc.events.at(-1)!.seq, doc.events.length);

    const before = await gameCount();
    const imported = await importing(doc, token);
    assert.equal(imported.status, 201, JSON.stringify(imported.body));
    assert.equal(imported.body.importedFrom, id);
    assert.notEqual(imported.body.id, id);
    assert.equal(await gameCount(), before + 1);
    const copy = await get(`/api/games/${imported.body.id}`);
    assert.equal(copy.body.rated, false);
    assert.equal(copy.body.status, 'ended');
    assert.deepEqual(
      copy.body.seats.map((s: { score: number; placing: number; userId: string | null }) => [
        s.score,
        s.placing,
        s.userId,
      ]),
      read.body.seats.map((s: { score: number; placing: number }) => [s.score, s.placing, null]),
    );
    const again = (await get(`/api/games/${imported.body.id}/export`)).body as GameExportDto;
    assert.deepEqual(again.events, doc.events, 'the imported game keeps the very same log');
  });

  it('refuses a tampered export (an event, a card, the seed, a score, a name) with GAME_EXPORT_TAMPERED and writes nothing', async function () {
    this.timeout(60_000);
    const { id } = await recorded(11);
    const doc = (await get(`/api/games/${id}/export`)).body as GameExportDto;
    const token = await (await newPlayer(url)).rookery.accessToken();
    const copy = (): GameExportDto => structuredClone(doc);

    const swapAt = doc.events.findIndex((e) => e.event.type === 'swap');
    const changedEvent = copy();
    const swap = changedEvent.events[swapAt]!.event;
    swap.index = (Number(swap.index) + 1) % 6;
    const hole = (d: GameExportDto) =>
      (d.record.export as { holes: Array<{ grids: string[][]; scores: number[] }> }).holes[0]!;
    const changedCard = copy();
    hole(changedCard).grids[0]![0] = hole(changedCard).grids[0]![0] === 'SA' ? 'HA' : 'SA';
    const changedSeed = copy();
    changedSeed.seed = doc.seed! + 1;
    changedSeed.events[0]!.event.seed = doc.seed! + 1;
    const changedScore = copy();
    changedScore.results[0]!.score -= 5;
    const changedRecordScore = copy();
    hole(changedRecordScore).scores[1]! -= 3;
    const changedName = copy();
    changedName.seats[0]!.name = 'Mallory';
    const dropped = copy();
    dropped.events.splice(swapAt, 1);

    const before = await gameCount();
    const cases: Array<[string, GameExportDto, RegExp]> = [
      ['an event', changedEvent, /./],
      ['a card', changedCard, /record|cards/],
      ['the seed', changedSeed, /./],
      ['a score', changedScore, /scores/],
      ['a hole’s score', changedRecordScore, /record/],
      ['a name', changedName, /signature/],
      ['a dropped event', dropped, /event/],
    ];
    for (const [what, tampered, message] of cases) {
      const res = await importing(tampered, token);
      assert.equal(res.status, 422, `${what}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.error.code, 'GAME_EXPORT_TAMPERED', what);
      assert.match(res.body.error.message, message, what);
    }
    // An export of another server (signed with another key) is refused as well.
    const foreign = await new GameExportService(server.app.db, ['another server’s key']).exportGame(id);
    const elsewhere = await importing(foreign, token);
    assert.equal(elsewhere.body.error.code, 'GAME_EXPORT_TAMPERED');
    assert.match(elsewhere.body.error.message, /another server/);
    assert.equal(await gameCount(), before, 'nothing was written');

    // Shape, size and access are refused at the edge.
    assert.equal((await importing(doc)).body.error.code, 'UNAUTHENTICATED');
    assert.equal((await importing({ ...doc, extra: 1 }, token)).body.error.code, 'VALIDATION_FAILED');
    assert.equal((await importing('{"format":', token)).body.error.code, 'MALFORMED_JSON');
    const huge = { ...doc, record: { pad: 'x'.repeat(1024 * 1024) } };
    const tooLarge = await importing(huge, token);
    assert.equal(tooLarge.status, 413);
    assert.equal(tooLarge.body.error.code, 'PAYLOAD_TOO_LARGE');
    assert.equal(await gameCount(), before, 'still nothing written');
    // The untouched export goes in.
    assert.equal((await importing(doc, token)).status, 201);
  });

  it('does not export a game still being played, whose seed would tell every card', async function () {
    this.timeout(30_000);
    const token = await (await newPlayer(url)).rookery.accessToken();
    const human = await seat(url, token, { game: 'golf', options: { vsBot: true, seat: 0, holes: 1 } });
    await waitUntil(async () => (await get(`/api/games/${human.room.roomId}`)).status === 200);
    const res = await get(`/api/games/${human.room.roomId}/export`);
    assert.equal(res.status, 409);
    assert.equal(res.body.error.code, 'GAME_NOT_FINISHED');
    await human.room.leave();
    assert.equal((await get('/api/games/nosuchgame/export')).body.error.code, 'GAME_NOT_FOUND');
  });

  it('the public replay is sent step by step, and no step received carries a card face down at that step', async function () {
    this.timeout(120_000);
    for (const seed of [3, 4]) {
      const { id, played } = await recorded(seed);
      const outline = (await get(`/api/games/${id}/replay`)).body as GameReplayDto;
      assert.equal(outline.steps, played.events.length);
      assert.deepEqual(
        outline.seats.map((s) => s.name),
        NAMES,
      );
      let received = '';
      for (let step = 0; step < outline.steps; step++) {
        const res = await fetch(`${url}/api/games/${id}/replay/${step}`);
        const bytes = await res.text();
        received += bytes;
        const shown = JSON.parse(bytes) as GameReplayStepDto;
        const game = played.games[shown.seq - 1]!;
        assert.equal(shown.seq, step + 1);
        assert.ok(!('seed' in shown.move), 'the start event’s seed is not shown');
        const view = shown.view as GolfReplayView;
        assert.deepEqual(
          view.grids,
          game.grids.map((g, s) => g.map((c, i) => (game.up[s]![i] ? c : null))),
        );
        if (game.status !== 'playing') continue;
        const secret = game.grids.flatMap((g, s) => g.filter((_, i) => !game.up[s]![i]));
        if (game.phase === 'drawn' && game.drawn) secret.push(game.drawn);
        if (game.refills === 0) secret.push(...game.stock);
        for (const card of secret)
          assert.ok(
            !received.includes(JSON.stringify(card)),
            `step ${step}: ${card} was sent before it was turned`,
          );
      }
      const last = (await get(`/api/games/${id}/replay/${outline.steps - 1}`)).body.view as GolfReplayView;
      assert.equal(last.status, 'ended');
      assert.ok(
        last.grids.every((g) => g.every((c) => c !== null)),
        'every card is shown at the end',
      );
      assert.deepEqual(last.scores, [played.game.played[0]!.scores]);
      const past = await get(`/api/games/${id}/replay/${outline.steps}`);
      assert.equal(past.body.error.code, 'VALIDATION_FAILED');
    }
  });

  it('a replay of several holes shows each hole’s cards at its end, before the next deal', async function () {
    this.timeout(60_000);
    const { id, played } = await recorded(5, { holes: 2 });
    const outline = (await get(`/api/games/${id}/replay`)).body as GameReplayDto;
    assert.equal(outline.steps, played.events.length + 1, 'one frame more: the first hole revealed');
    const frames: GolfReplayView[] = [];
    for (let step = 0; step < outline.steps; step++)
      frames.push((await get(`/api/games/${id}/replay/${step}`)).body.view);
    const reveal = frames.findIndex((f) => f.reveal);
    assert.equal(frames[reveal]!.hole, 0);
    assert.deepEqual(frames[reveal]!.grids, played.game.played[0]!.grids);
    assert.equal(frames[reveal + 1]!.hole, 1);
    assert.ok(
      frames.every((f) => !('played' in f)),
      'no frame carries the cards of holes already played',
    );
  });
});
