import { defineRoom, matchMaker, type RegisteredHandler } from '@colyseus/core';
import { gameRegistry, type RegisteredGame } from '../rooms/games/registry.ts';
import type { ChallengeReply } from '../rooms/lobby/challenges.ts';
import { DEFAULT_LOBBY_SETTINGS } from '../rooms/lobby/deps.ts';
import { createLobbyRoom, type LobbyRoom } from '../rooms/lobby/LobbyRoom.ts';
import { DEFAULT_MATCH_SETTINGS, type MatchRoomDeps } from '../rooms/match/deps.ts';
import { createMatchRoom } from '../rooms/match/MatchRoom.ts';
import { DEFAULT_PARTY_SETTINGS } from '../rooms/party/deps.ts';
import { createPartyRoom } from '../rooms/party/PartyRoom.ts';
import type { QueueRoomDeps } from '../rooms/queue/deps.ts';
import { createQueueRoom } from '../rooms/queue/QueueRoom.ts';
import {
  finishedOutcome,
  type LiveGameSummary,
  type LiveGames,
  type MatchFactory,
} from '../rooms/shared/matches.ts';
import type { PartyTicketAnswer } from '../rooms/shared/parties.ts';
import { serverKeyOf } from '../rooms/shared/server-key.ts';
import { type ChallengeDto, LOBBY_ROOM_ID } from '../schema/lobby.ts';
import { type QueueInfo, queueRoomId } from '../schema/queues.ts';
import type { App } from './app.ts';
import {
  createUnlessListed,
  listedElsewhere,
  liveRooms,
  repeat,
  roomIsLive,
  settleCopies,
} from './cluster.ts';
import type { Config } from './config.ts';
import { presencePartyStore } from './parties.ts';
import type { Logger } from './platform/logger.ts';
import { AppError } from './services/errors.ts';
import type { ChallengeDesk, GameHosting } from './services/ports.ts';
import { type Singleton, SingletonKeeper } from './singletons.ts';

/** How long one node has to rebuild a game before another may try. */
const RESTORE_LOCK_SECONDS = 10;
/** How many untaken match reports one round of the keeper sends again. */
const REPORTS_A_ROUND = 100;

/** Calls a method of a room wherever it runs in the cluster. */
function remote<T>(roomId: string, method: string, args: unknown[] = []): Promise<T> {
  return matchMaker.remoteRoomCall(roomId, method as never, args) as Promise<T>;
}

export interface RoomTypes extends GameHosting {
  definitions: Record<string, RegisteredHandler>;
  /** Creates matches with held seats, on whichever node the cluster chooses. */
  matches: MatchFactory;
  /** The games being played anywhere in the cluster. */
  liveGames: LiveGames;
  /**
   * Creates the rooms the cluster holds exactly one of (the lobby, one queue per profile) where
   * they are missing. Called once the game server listens.
   */
  startSingletons(): Promise<void>;
  /** Checks the singletons every `intervalMs` and re-creates one whose node is gone; returns stop. */
  keepSingletons(intervalMs: number): () => void;
  /** The queue profiles with their live figures. */
  queues(): Promise<QueueInfo[]>;
  /**
   * Every `intervalMs`, rebuilds each unfinished game that no live node holds (its node died, or
   * drained): failover. Returns the function that stops it.
   */
  keepGames(intervalMs: number): () => void;
  /**
   * Every `intervalMs`, rebuilds each party whose room is gone with its node (from the snapshot
   * the room kept in presence). Returns the function that stops it.
   */
  keepParties(intervalMs: number): () => void;
  /**
   * Every `intervalMs`, tells each match's creator the result it has not taken yet (the match's
   * node may have died before its room told it). Returns the function that stops it.
   */
  keepReports(intervalMs: number): () => void;
  /** Rebuilds every unfinished game from its log into a room under its own id. */
  restoreGames(): Promise<{ restored: string[]; failed: string[] }>;
}

/**
 * The room types of this release, each with its services: part of the composition root (main
 * and the tests build the same rooms from here).
 */
export function createRoomTypes(
  app: App,
  config: Config,
  log: Logger,
  extraGames: readonly RegisteredGame[] = [],
): RoomTypes {
  // Room options that only a server may give (restoring a game, holding seats, a singleton's
  // fixed id) are honoured only when they carry this key. Every node derives it from the shared
  // signing keys, because the room a node asks for may be created by another node.
  const serverKey = serverKeyOf(app.keys.roomKeys);
  const games = gameRegistry(
    {
      chess: { firstMoveMs: config.chess.firstMoveMs, defaultTimeControl: config.chess.defaultTimeControl },
    },
    extraGames,
  );
  const match: MatchRoomDeps = {
    tokens: app.services.tokens,
    records: app.services.matches,
    log,
    now: () => Date.now(),
    random: Math.random,
    settings: {
      ...DEFAULT_MATCH_SETTINGS,
      graceMs: config.chess.reconnectGraceMs,
      botDelayMs: config.chess.botDelayMs,
    },
    serverKey,
    metrics: {
      eventRecorded: (type, seconds) => {
        app.metrics.chessEvents.inc({ type });
        app.metrics.gameLogAppend.observe(seconds);
      },
      gameEnded: (termination) => app.metrics.chessGamesEnded.inc({ termination }),
    },
  };
  /** The listings of the matches of every game. */
  const matchListings = async () =>
    (await Promise.all(games.names().map((name) => matchMaker.query({ name })))).flat();
  /**
   * Brings an unfinished game back into a room, unless a node that still answers holds it. One
   * node at a time tries (a short lock); should two ever rebuild the same game, the second append
   * of its `resume` event is refused and that copy closes (4410).
   */
  const restore = async (gameId: string): Promise<'restored' | 'running' | 'ended'> => {
    const stored = await app.services.matches.load(gameId);
    if (!stored) throw new AppError('GAME_NOT_FOUND', `no game ${gameId}`);
    if (stored.status === 'ended') return 'ended';
    if (!games.has(stored.start.game))
      throw new AppError('GAME_NOT_FOUND', `game ${gameId} is of ${stored.start.game}, not hosted here`);
    if (await roomIsLive(gameId)) return 'running';
    const lock = { key: `game-restore:${gameId}`, seconds: RESTORE_LOCK_SECONDS };
    const options = { restore: gameId, serverKey: serverKey.current };
    return (await createUnlessListed(lock, gameId, stored.start.game, options)) ? 'restored' : 'running';
  };
  const matches: MatchFactory = {
    async create(spec) {
      const game = games.get(spec.game);
      const size = spec.teams[0]?.length ?? 0;
      if (!game || size === 0 || spec.teams.some((team) => team.length !== size)) {
        throw new Error(`a ${spec.game} match is teams of the same size, of a registered game`);
      }
      const room = await matchMaker.createRoom(spec.game, {
        timeControl: spec.timeControl,
        rated: spec.rated,
        private: true,
        serverKey: serverKey.current,
        // A team of more than one plays one seat together: its first member is the captain.
        held: spec.teams.map((members) => ({ members })),
        seatDeadlineMs: spec.seatDeadlineMs,
        reportTo: spec.reportTo,
      });
      log.info({ gameId: room.roomId, origin: spec.origin }, 'match created');
      return { roomId: room.roomId };
    },
    takeReport: (roomId) => app.services.matches.reportDelivered(roomId),
  };
  const liveGames: LiveGames = {
    async list() {
      const listings = await matchListings();
      return listings
        .map((listing) => (listing.metadata as { live?: LiveGameSummary | null } | undefined)?.live)
        .filter((game): game is LiveGameSummary => !!game);
    },
  };
  const profiles = new Map(config.queues.profiles.map((p) => [p.id, p]));
  const queueLabel = (queue: string) => ({ queue });
  const queue: QueueRoomDeps = {
    tokens: app.services.tokens,
    games: app.services.games,
    matches,
    profiles,
    log: log.child({ room: 'queue' }),
    now: () => Date.now(),
    serverKey,
    reconnectGraceSeconds: 10,
    listedElsewhere,
    holds: (roomId, userId) =>
      remote<boolean>(roomId, 'holds', [userId]).then(
        (held) => held === true,
        () => false,
      ),
    metrics: {
      players: (q, count) => app.metrics.queuePlayers.set(queueLabel(q), count),
      matched: (q, waited, quality) => {
        for (const seconds of waited) app.metrics.queueTimeToMatch.observe(queueLabel(q), seconds);
        app.metrics.queueMatchQuality.observe(queueLabel(q), quality);
      },
      tick: (q, seconds) => app.metrics.queueTick.observe(queueLabel(q), seconds),
      seatsExpired: (q, count) => app.metrics.queueSeatsExpired.inc(queueLabel(q), count),
    },
  };
  const parties = presencePartyStore(() => matchMaker.presence);
  const party = createPartyRoom({
    tokens: app.services.tokens,
    log: log.child({ room: 'party' }),
    now: () => Date.now(),
    random: Math.random,
    settings: {
      ...DEFAULT_PARTY_SETTINGS,
      graceMs: config.party.reconnectGraceMs,
      maxSize: config.party.maxSize,
    },
    profiles,
    enqueue: (q, request) =>
      remote<PartyTicketAnswer>(queueRoomId(q), 'enqueueParty', [request]).catch(
        (): PartyTicketAnswer => ({ ok: false, code: 'SERVER_BUSY', message: 'the queue did not answer' }),
      ),
    dequeue: async (q, partyId) => {
      await remote(queueRoomId(q), 'dequeueParty', [partyId]);
    },
    invite: async (username, invite) => {
      const delivered = await remote<boolean>('lobby', 'deliver', [username, 'party:invite', invite]).catch(
        () => false,
      );
      if (delivered) return 'sent';
      return app.services.games.profile(username).then(
        () => 'offline' as const,
        () => 'unknown' as const,
      );
    },
    parties,
    gameStatus: async (gameId) => (await app.services.games.load(gameId))?.status ?? 'none',
    serverKey,
  });
  /**
   * Rebuilds each party that has a snapshot but no room on a node that answers (its node died
   * or drained). One node at a time per party (a short lock), and never over a live listing.
   */
  const restoreParties = async () => {
    // The ids first, then the listings: a party saves its first snapshot only once it is listed.
    const ids = await parties.ids();
    const listings = await matchMaker.query({ name: 'party' });
    await settleCopies(listings, ids, (partyId, owner) =>
      log.warn({ partyId, owner }, 'party held elsewhere too: this copy hands over'),
    );
    const held = await liveRooms(listings);
    const restored: string[] = [];
    for (const id of ids) {
      if (held.has(id)) continue;
      const lock = { key: `party-restore:${id}`, seconds: RESTORE_LOCK_SECONDS };
      await createUnlessListed(lock, id, 'party', { restore: id, serverKey: serverKey.current }).then(
        (created) => created && restored.push(id),
        (err) => log.error({ err, partyId: id }, 'could not rebuild a party'),
      );
    }
    return restored;
  };
  const queues = async (): Promise<QueueInfo[]> =>
    Promise.all(
      [...profiles.values()].map(async (profile) => {
        const stats = await remote<{ players: number; tickets: number; medianWaitMs: number | null }>(
          queueRoomId(profile.id),
          'stats',
        ).catch(() => null);
        return {
          ...profile,
          players: stats?.players ?? null,
          tickets: stats?.tickets ?? null,
          medianWaitMs: stats?.medianWaitMs ?? null,
        };
      }),
    );
  const lobby = createLobbyRoom({
    tokens: app.services.tokens,
    games: app.services.games,
    matches,
    liveGames,
    log: log.child({ room: 'lobby' }),
    now: () => Date.now(),
    random: Math.random,
    serverKey,
    settings: DEFAULT_LOBBY_SETTINGS,
  });
  /** Asks the lobby, wherever it runs in the cluster; its refusals become `AppError`s. */
  const askLobby = async (method: 'createChallenge' | 'challengeStatus', args: unknown[]) => {
    let reply: ChallengeReply;
    try {
      reply = await matchMaker.remoteRoomCall<LobbyRoom, typeof method>(LOBBY_ROOM_ID, method, args, 5_000);
    } catch (err) {
      log.warn({ err, method }, 'the lobby did not answer');
      throw new AppError('NOT_READY', 'the lobby does not answer; try again shortly');
    }
    if (!reply.ok) throw new AppError(reply.code, reply.message);
    return reply.challenge;
  };
  const challenges: ChallengeDesk = {
    create: (challenge): Promise<ChallengeDto> => askLobby('createChallenge', [challenge]),
    get: (id, userId): Promise<ChallengeDto> => askLobby('challengeStatus', [id, userId]),
  };
  /** Rooms the cluster holds exactly one of, under a fixed id that clients join by. */
  const singletons: Singleton[] = [...profiles.values()].map((p) => ({
    name: 'queue',
    roomId: queueRoomId(p.id),
    options: { profile: p.id },
  }));
  singletons.push({ name: 'lobby', roomId: LOBBY_ROOM_ID, options: {} });
  const keeper = new SingletonKeeper(singletons, serverKey.current, log);
  const restoreGames = async () => {
    const restored: string[] = [];
    const failed: string[] = [];
    const unfinished = await app.services.matches.unfinished();
    // One read of the listings and one ping per node for the whole round, not one per game.
    const listings = await matchListings();
    await settleCopies(listings, unfinished, (gameId, owner) =>
      log.warn({ gameId, owner }, 'game held elsewhere too, with a longer log: this copy closed'),
    );
    const held = await liveRooms(listings);
    for (const id of unfinished) {
      if (held.has(id)) continue;
      try {
        if ((await restore(id)) === 'restored') restored.push(id);
      } catch (err) {
        failed.push(id);
        log.error({ err, gameId: id }, 'could not restore a game');
      }
    }
    return { restored, failed };
  };
  return {
    matches,
    liveGames,
    challenges,
    startSingletons: () => keeper.ensureAll(),
    keepSingletons: (intervalMs) => keeper.keep(intervalMs),
    queues,
    definitions: {
      // A room type per game; joinOrCreate pairs players who ask for the same options and rating mode.
      ...Object.fromEntries(
        games
          .all()
          .map((g) => [
            g.module.name,
            defineRoom(createMatchRoom(g, { ...match, log: log.child({ room: g.module.name }) })).filterBy([
              'rated',
              ...g.module.pairBy,
            ]),
          ]),
      ),
      lobby: defineRoom(lobby),
      queue: defineRoom(createQueueRoom(queue)),
      party: defineRoom(party),
    },
    restore,
    restoreGames,
    keepParties: (intervalMs) =>
      repeat(
        intervalMs,
        async () => {
          const restored = await restoreParties();
          if (restored.length > 0) log.info({ parties: restored }, 'parties of a node that is gone rebuilt');
        },
        (err) => log.error({ err }, 'could not check the parties'),
      ),
    keepReports: (intervalMs) =>
      repeat(
        intervalMs,
        async () => {
          for (const report of await app.services.matches.pendingReports(REPORTS_A_ROUND)) {
            await matchMaker.presence.publish(
              report.reportTo,
              finishedOutcome(report.gameId, report.finished),
            );
          }
        },
        (err) => log.error({ err }, 'could not send the pending match reports'),
      ),
    keepGames: (intervalMs) =>
      repeat(
        intervalMs,
        async () => {
          const { restored } = await restoreGames();
          if (restored.length > 0) log.info({ games: restored }, 'games of a node that is gone taken over');
        },
        (err) => log.error({ err }, 'could not check the unfinished games'),
      ),
  };
}
