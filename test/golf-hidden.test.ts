import assert from 'node:assert/strict';
import { Client } from '@colyseus/sdk';
import { computerChoice } from '../rooms/games/golf/bot.ts';
import { applyGolf, createGolf, type Golf } from '../rooms/games/golf/game.ts';
import { golfModule } from '../rooms/games/golf/module.ts';
import { DEFAULTS } from '../rooms/games/golf/options.ts';
import { PERSONALITIES, PERSONALITY_NAMES } from '../rooms/games/golf/personalities.ts';
import { type GolfView, golfView } from '../rooms/games/golf/view.ts';
import type { Viewer } from '../rooms/match/game-module.ts';
import { seededRandom } from '../rooms/rules/random.ts';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import type { GolfOptions } from '../schema/golf.ts';
import type { MatchState } from '../schema/match.state.ts';
import { parseKeySet } from '../server/platform/keys.ts';
import type { MatchEvent } from '../server/services/ports.ts';
import { type Backend, forEachBackend } from './support/backends.ts';
import { memberOf, newPlayer } from './support/chess.ts';
import { startGameStack, type TestGameServer } from './support/game.ts';
import { checkFrames, checkView } from './support/games/golf-secrets.ts';
import { framesOf } from './support/games/tap.ts';
import { testKeys } from './support/server.ts';
import { waitUntil } from './support/wait.ts';

/**
 * No face-down card's identity reaches any client before it is turned, proven over thousands of
 * seeded games: the bulk through the pure module (every view of every state to every seat and a
 * late spectator, checked against the game itself), and games through real rooms and the real SDK
 * (humans and computer players, a reconnect, a late spectator), every byte each client received
 * checked. Each game's log replays to the same states, bit for bit.
 */

/** The tables played, in turn: plain, jokers with flips, the scoring rules, everything that moves. */
const TABLES: Array<Partial<GolfOptions>> = [
  {},
  { jokers: true, flipMode: 'always', initialFlips: 1 },
  { jokers: true, luckySwing: true, superKings: true, knockPenalty: true, knockBonus: true, tiedShame: true },
  { flipMode: 'endgame', flipAsAction: true, knockEarly: true, initialFlips: 0 },
];

const must = (game: Golf, event: MatchEvent): Golf => {
  const next = applyGolf(game, event);
  if (!next.ok) throw new Error(`${event.type}: ${next.refusal.message}`);
  return next.value;
};

/** Every state of a log, from the game before its start. */
function statesOf(options: GolfOptions, log: readonly MatchEvent[]): Golf[] {
  const states = [createGolf(options)];
  for (const event of log) states.push(must(states.at(-1)!, event));
  return states;
}

describe('golf hidden information: 2,000 seeded games through the pure module', function () {
  this.timeout(300_000);

  it('shows no viewer a face-down card in any view of any state, and every log replays bit for bit', () => {
    const GAMES = 2_000;
    let views = 0;
    for (let g = 0; g < GAMES; g++) {
      const players = 2 + (g % 5);
      const options: GolfOptions = { ...DEFAULTS, players, holes: 1 + (g % 2), ...TABLES[g % TABLES.length] };
      const random = seededRandom(g * 7919 + 1);
      const log: MatchEvent[] = [{ type: 'start', at: 0, seed: g }];
      const live: Golf[] = [createGolf(options)];
      live.push(must(live[0]!, log[0]!));
      // A spectator comes late; seat 0 is gone for a while and comes back (it is sent nothing meanwhile).
      const lateFrom = 5 + (g % 20);
      const away = [10 + (g % 7), 20 + (g % 11)];
      let at = 0;
      while (live.at(-1)!.status === 'playing') {
        const game = live.at(-1)!;
        const seat = game.turn;
        const level = PERSONALITY_NAMES[(g + seat) % PERSONALITY_NAMES.length]!;
        const command = computerChoice(golfView(game, seat), seat, PERSONALITIES[level], random);
        assert.ok(command);
        const events = golfModule.command(game, seat, command, ++at);
        assert.ok(events.ok, JSON.stringify(command));
        for (const event of events.value) {
          log.push(event);
          live.push(must(live.at(-1)!, event));
        }
        const now = live.at(-1)!;
        const k = live.length - 1;
        const viewers: Viewer[] = [...Array.from({ length: players }, (_, s) => s), 'spectator'];
        for (const viewer of viewers) {
          if (viewer === 'spectator' && k < lateFrom) continue;
          if (viewer === 0 && k > away[0]! && k < away[1]!) continue;
          checkView(now, viewer, JSON.stringify(golfView(now, viewer)), `game ${g} state ${k}`);
          views += 1;
        }
        assert.ok(at < 20_000, `game ${g} ends`);
      }
      const replayed = statesOf(options, log);
      assert.equal(JSON.stringify(replayed), JSON.stringify(live), `game ${g}: the log replays bit for bit`);
    }
    assert.ok(views > GAMES * 50, `${views} views checked`);
  });
});

forEachBackend('golf hidden information through real rooms and the real SDK', (backend: Backend) => {
  let server: TestGameServer;
  let serverKey: string;

  before(async function () {
    this.timeout(60_000);
    server = await startGameStack(backend, { CHESS_BOT_DELAY_MS: '1' });
    serverKey = serverKeyOf((await parseKeySet(await testKeys())).roomKeys).current;
  });
  after(() => server?.close());

  /** A human at the table: plays its seat's views as a steady player would, through the SDK. */
  class Human {
    rooms: Array<import('@colyseus/sdk').Room<MatchState>> = [];
    private acted = '';
    private readonly random: () => number;

    constructor(
      readonly seat: number,
      seed: number,
    ) {
      this.random = seededRandom(seed);
    }

    get room() {
      return this.rooms.at(-1)!;
    }

    attach(room: import('@colyseus/sdk').Room<MatchState>): void {
      this.rooms.push(room);
      room.onMessage('view', (view: GolfView) => this.act(room, view));
      for (const type of ['time', 'error', 'rematch']) room.onMessage(type, () => undefined);
    }

    act(room: import('@colyseus/sdk').Room<MatchState>, view: GolfView): void {
      const key = `${view.hole}:${view.turns}:${view.phase}`;
      if (view.status !== 'playing' || view.turn !== this.seat || key === this.acted || room !== this.room)
        return;
      const command = computerChoice(view, this.seat, PERSONALITIES['steady-player'], this.random);
      if (!command) return;
      this.acted = key;
      room.send(command.type, command.payload);
    }
  }

  const spectatorView = (room: import('@colyseus/sdk').Room<MatchState>) =>
    JSON.parse(room.state.view || '{}') as GolfView;

  async function playRoomGame(g: number, url: string): Promise<number> {
    const players = 2 + (g % 5);
    const humans = 1 + (g % Math.min(3, players));
    const options: GolfOptions = {
      ...DEFAULTS,
      players,
      holes: 1,
      turnMs: 60_000,
      ...TABLES[g % TABLES.length],
    };
    const accounts = await Promise.all(Array.from({ length: humans }, () => newPlayer(url)));
    const members = await Promise.all(accounts.map(memberOf));
    const tokens = await Promise.all(accounts.map((a) => a.rookery.accessToken()));
    const held = Array.from({ length: players }, (_, s) =>
      s < humans
        ? { members: [members[s]!] }
        : { bot: PERSONALITY_NAMES[(g + s) % PERSONALITY_NAMES.length]! },
    );
    const people = members.map((_, s) => new Human(s, g * 31 + s));
    const client = (token: string) => {
      const c = new Client(url);
      c.auth.token = token;
      return c;
    };
    people[0]!.attach(
      await client(tokens[0]!).create<MatchState>('golf', { ...options, serverKey, held, seat: 0 }),
    );
    const id = people[0]!.room.roomId;
    for (let s = 1; s < humans; s++)
      people[s]!.attach(await client(tokens[s]!).joinById<MatchState>(id, { seat: s }));

    // A spectator comes late; seat 0's connection drops once and it comes back.
    await waitUntil(
      () =>
        (spectatorView(people[0]!.room).turns ?? 0) >= 2 + (g % 4) ||
        spectatorView(people[0]!.room).status === 'ended',
    );
    const late = await new Client(url).joinById<MatchState>(id, { spectate: true });
    for (const type of ['time', 'error', 'rematch']) late.onMessage(type, () => undefined);
    if (g % 2 === 0 && spectatorView(people[0]!.room).status === 'playing') {
      const token = people[0]!.room.reconnectionToken;
      people[0]!.room.connection.close(3000, 'network gone');
      const back = await new Client(url).reconnect<MatchState>(token);
      people[0]!.attach(back);
      const view = (framesOf(back)
        .flatMap((f) => f.messages)
        .filter((m) => m.type === 'view')
        .at(-1)?.message ?? null) as GolfView | null;
      if (view) people[0]!.act(back, view);
    }
    await waitUntil(
      () =>
        spectatorView(late).status === 'ended' &&
        people.every((p) => spectatorView(p.room).status === 'ended'),
      60_000,
    );

    const rows = await backend.sql<{ payload: MatchEvent }>(
      'select event as payload from game_events where game_id = $1 order by seq',
      [id],
    );
    const log = rows.map(
      ({ payload }) => (typeof payload === 'string' ? JSON.parse(payload) : payload) as MatchEvent,
    );
    const states = statesOf(options, log);
    assert.equal(
      JSON.stringify(statesOf(options, log)),
      JSON.stringify(states),
      'the log replays bit for bit',
    );
    assert.equal(states.at(-1)!.status, 'ended');
    assert.equal(
      late.state.view,
      JSON.stringify(golfView(states.at(-1)!, 'spectator')),
      'the last state shown is the replay’s',
    );

    let bytes = 0;
    for (const person of people)
      for (const [n, room] of person.rooms.entries())
        bytes += checkFrames(
          states,
          person.seat,
          framesOf(room),
          `game ${g} seat ${person.seat} connection ${n}`,
        );
    bytes += checkFrames(states, 'spectator', framesOf(late), `game ${g} spectator`);
    for (const person of people) await person.room.leave();
    await late.leave();
    return bytes;
  }

  it('plays games of 2–6 seats with humans and computer players, a reconnect and a late spectator; no byte any client receives holds a card before it is shown', async function () {
    this.timeout(240_000);
    const GAMES = Number(process.env.GOLF_ROOM_GAMES ?? 40);
    const AT_ONCE = 4;
    let bytes = 0;
    for (let from = 0; from < GAMES; from += AT_ONCE) {
      const batch = Array.from({ length: Math.min(AT_ONCE, GAMES - from) }, (_, i) =>
        playRoomGame(from + i, server.url),
      );
      for (const b of await Promise.all(batch)) bytes += b;
    }
    assert.ok(bytes > GAMES * 10_000, `${bytes} bytes checked`);
  });
});
