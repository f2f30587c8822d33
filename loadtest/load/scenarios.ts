import { setTimeout as sleep } from 'node:timers/promises';
import { type ChessGameClient, type PartyClient, type PartyState, Rookery } from '../../client-sdk/index.ts';
import { type ScenarioName, spectateGames } from './options.ts';
import {
  abortTogether,
  chooseQueue,
  playOut,
  queueAndSeat,
  type RunContext,
  signIn,
  WAIT_MS,
} from './play.ts';

/**
 * A scenario: what one simulated player does from start to end (`client`), and what the run
 * needs besides its clients (`background`: the games the spectate scenario's clients watch).
 */
export interface Scenario {
  client(ctx: RunContext, clientId: number): Promise<void>;
  background?(ctx: RunContext): Promise<void>;
}

/** Quick play, as fast as matchmaking goes: queue, be matched, take the seat, abort; again. */
const quickPlay: Scenario = {
  async client(ctx, clientId) {
    const rookery = new Rookery({ baseUrl: ctx.options.baseUrl });
    await signIn(ctx, rookery, clientId);
    const queue = await chooseQueue(rookery, ctx.options, 1);
    for (let round = 0; round < ctx.options.rounds; round++) {
      await abortTogether(ctx, await queueAndSeat(ctx, rookery, queue.id));
    }
  },
};

/** The lobby at a human pace: come in (the online list, seeks, games), post a seek, take it back, leave. */
const lobby: Scenario = {
  async client(ctx, clientId) {
    const rookery = new Rookery({ baseUrl: ctx.options.baseUrl });
    await signIn(ctx, rookery, clientId);
    for (let round = 0; round < ctx.options.rounds; round++) {
      const room = await ctx.steps.time('lobby join', () => rookery.lobby());
      await ctx.think();
      const seekId = await ctx.steps.time('seek post', () =>
        room.postSeek({ timeControl: '3+2', rated: false }),
      );
      await ctx.think();
      await ctx.steps.time('seek cancel', () => room.cancelSeek(seekId));
      await ctx.think();
      await ctx.steps.time('lobby leave', () => room.leave());
    }
  },
};

/** Resolves once the party's state satisfies `predicate`. */
function partyUntil(party: PartyClient, predicate: (state: PartyState) => boolean): Promise<void> {
  if (predicate(party.state)) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error('timed out waiting for the party'));
    }, WAIT_MS);
    const stop = party.onChange((state) => {
      if (!predicate(state)) return;
      clearTimeout(timer);
      stop();
      resolve();
    });
  });
}

/**
 * Parties of `--party-size`: the first client of each opens it, the others join by its code;
 * everyone gets ready, the leader queues the party, every member takes a seat in the same match,
 * the match is aborted and every member is told the result; again.
 */
const party: Scenario = {
  async client(ctx, clientId) {
    const { partySize, rounds } = ctx.options;
    const rookery = new Rookery({ baseUrl: ctx.options.baseUrl });
    await signIn(ctx, rookery, clientId);
    const queue = await chooseQueue(rookery, ctx.options, partySize);
    const leader = clientId % partySize === 0;
    let member: PartyClient;
    if (leader) {
      member = await ctx.steps.time('party create', () => rookery.matchmaking.createParty());
      ctx.slot<string>(`party:${Math.floor(clientId / partySize)}`).resolve(member.code);
    } else {
      const shared = await ctx.take<string>(`party:${Math.floor(clientId / partySize)}`);
      member = await ctx.steps.time('party join', () => rookery.matchmaking.joinParty(shared));
    }
    for (let round = 0; round < rounds; round++) {
      await ctx.steps.time('ready', () => member.setReady(true));
      if (leader) {
        await partyUntil(
          member,
          (s) => s.members.size === partySize && [...s.members.values()].every((m) => m.ready && m.connected),
        );
        await ctx.steps.time('party queue', () => member.queue(queue.id));
      }
      const game = await ctx.steps.time('party queue → match', async () => {
        const match = await member.nextMatch(WAIT_MS);
        const seated = await rookery.chess.joinGame(match.roomId);
        await seated.until((s) => s.status !== 'waiting', WAIT_MS);
        return seated;
      });
      await abortTogether(ctx, game);
      await ctx.steps.time('result', () => member.nextResult(WAIT_MS));
    }
    await ctx.steps.time('party leave', () => member.leave());
  },
};

/**
 * How many clients watch the games of `player`: of the clients and games of this process
 * (`--workers` gives each its own), the `i`-th client watches the games of player `i % games`.
 */
function watchersOf(ctx: RunContext, player: number): number {
  const games = spectateGames(ctx.options);
  return Math.floor(ctx.options.clients / games) + (player < ctx.options.clients % games ? 1 : 0);
}

/**
 * Spectators: `--games` players each play `--rounds` games against the server's bot at a human
 * pace (waiting for their spectators before the first move); each client watches one player's
 * games and times every move of the player from its sending until the spectator sees it.
 */
const spectate: Scenario = {
  async background(ctx) {
    const games = spectateGames(ctx.options);
    await Promise.all(
      Array.from({ length: games }, async (_, player) => {
        const rookery = new Rookery({ baseUrl: ctx.options.baseUrl });
        await signIn(ctx, rookery, -1 - (ctx.firstGame + player));
        for (let round = 0; round < ctx.options.rounds; round++) {
          const game = await ctx.steps.time('player: game create', async () => {
            const created = await rookery.chess.vsBot({ level: 'random', color: 'white' });
            await created.until((s) => s.status === 'playing', WAIT_MS);
            return created;
          });
          ctx.slot<string>(`watch:${player}:${round}`).resolve(game.gameId);
          if (watchersOf(ctx, player) > 0) {
            await Promise.race([ctx.slot<number>(`watching:${game.gameId}`).promise, sleep(WAIT_MS)]);
          }
          await playOut(ctx, game);
        }
      }),
    );
  },
  async client(ctx, clientId) {
    const games = spectateGames(ctx.options);
    const player = (clientId - ctx.firstClient) % games;
    const rookery = new Rookery({ baseUrl: ctx.options.baseUrl }); // spectators need no account
    for (let round = 0; round < ctx.options.rounds; round++) {
      const gameId = await ctx.take<string>(`watch:${player}:${round}`);
      const watching: ChessGameClient = await ctx.steps.time('spectate join', async () => {
        const joined = await rookery.chess.spectate(gameId);
        await joined.until(() => true, WAIT_MS);
        return joined;
      });
      // The last of this game's spectators to arrive lets its player start.
      const expected = watchersOf(ctx, player);
      if (ctx.count(`watchers:${gameId}`) >= expected)
        ctx.slot<number>(`watching:${gameId}`).resolve(expected);
      let seen = watching.state.moves.length;
      const sent = ctx.sentAt.get(gameId) ?? [];
      ctx.sentAt.set(gameId, sent);
      const pace = ctx.options.plies * (ctx.options.thinkMs.max + 1000);
      await ctx.steps.time(
        'watch to the end',
        () =>
          watching.until((s) => {
            for (; seen < s.moves.length; seen++) {
              const at = sent[seen];
              if (at !== undefined) ctx.steps.record('move seen by spectator', performance.now() - at);
            }
            return s.status === 'ended';
          }, WAIT_MS + pace),
        2 * WAIT_MS + pace,
      );
      await ctx.steps.time('spectate leave', () => watching.leave());
    }
  },
};

/**
 * The whole journey: sign in (a guest, or an account that logs in), come into the lobby, then
 * for each round queue, be matched, take the seat, play the game at a human pace to its end, and
 * queue again; finally leave the lobby and log out.
 */
const journey: Scenario = {
  async client(ctx, clientId) {
    const rookery = new Rookery({ baseUrl: ctx.options.baseUrl });
    await signIn(ctx, rookery, clientId);
    const queue = await chooseQueue(rookery, ctx.options, 1);
    const room = await ctx.steps.time('lobby join', () => rookery.lobby());
    for (let round = 0; round < ctx.options.rounds; round++) {
      const game = await queueAndSeat(ctx, rookery, queue.id);
      await playOut(ctx, game);
      await ctx.think();
    }
    await ctx.steps.time('lobby leave', () => room.leave());
    await ctx.steps.time('log out', () => rookery.rest.logout());
  },
};

export const SCENARIO_TABLE: Record<ScenarioName, Scenario> = {
  'quick-play': quickPlay,
  lobby,
  party,
  spectate,
  journey,
};
