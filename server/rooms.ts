import { defineRoom, matchMaker, type RegisteredHandler } from '@colyseus/core';
import { createChessRoom } from '../rooms/chess/ChessRoom.ts';
import { type ChessRoomDeps, DEFAULT_CHESS_SETTINGS } from '../rooms/chess/deps.ts';
import { DEFAULT_LOBBY_SETTINGS } from '../rooms/lobby/deps.ts';
import { createLobbyRoom } from '../rooms/lobby/LobbyRoom.ts';
import { DEFAULT_PARTY_SETTINGS } from '../rooms/party/deps.ts';
import { createPartyRoom } from '../rooms/party/PartyRoom.ts';
import type { QueueRoomDeps } from '../rooms/queue/deps.ts';
import { createQueueRoom } from '../rooms/queue/QueueRoom.ts';
import type { LobbyCalls, QueueCalls } from '../rooms/shared/calls.ts';
import type { LiveGameSummary, LiveGames, MatchFactory } from '../rooms/shared/matches.ts';
import type { PartyTicketAnswer } from '../rooms/shared/parties.ts';
import { LOBBY_ROOM_ID } from '../schema/lobby.ts';
import { queueRoomId } from '../schema/queues.ts';
import type { App } from './app.ts';
import { callRoom } from './cluster/calls.ts';
import type { Cluster } from './cluster/cluster.ts';
import { listedElsewhere } from './cluster/listings.ts';
import type { Config } from './config.ts';
import type { Logger } from './platform/logger.ts';

export interface RoomTypes {
  definitions: Record<string, RegisteredHandler>;
  /** Creates matches with held seats, on whichever node the cluster chooses. */
  matches: MatchFactory;
  /** The games being played anywhere in the cluster. */
  liveGames: LiveGames;
}

/**
 * The room types of this release, each with its services: part of the composition root (main
 * and the tests build the same rooms from here). What keeps them alive across nodes is
 * `cluster`'s.
 */
export function createRoomTypes(app: App, config: Config, log: Logger, cluster: Cluster): RoomTypes {
  // Room options that only a server may give are honoured only when they carry this key.
  const { serverKey } = cluster;
  const chess: ChessRoomDeps = {
    tokens: app.services.tokens,
    games: app.services.games,
    log: log.child({ room: 'chess' }),
    now: () => Date.now(),
    random: Math.random,
    settings: {
      ...DEFAULT_CHESS_SETTINGS,
      graceMs: config.chess.reconnectGraceMs,
      firstMoveMs: config.chess.firstMoveMs,
      botDelayMs: config.chess.botDelayMs,
      defaultTimeControl: config.chess.defaultTimeControl,
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
  const matches: MatchFactory = {
    async create(spec) {
      const [white, black] = spec.teams;
      if (
        spec.game !== 'chess' ||
        spec.teams.length !== 2 ||
        !white?.length ||
        white.length !== black?.length
      ) {
        throw new Error('a chess match is two teams of the same size');
      }
      const room = await matchMaker.createRoom('chess', {
        timeControl: spec.timeControl,
        rated: spec.rated,
        private: true,
        serverKey: serverKey.current,
        // A team of more than one plays consultation chess: its first member is the captain.
        seats: { white: white[0], black: black[0] },
        partners: { white: white.slice(1), black: black.slice(1) },
        seatDeadlineMs: spec.seatDeadlineMs,
        reportTo: spec.reportTo,
      });
      log.info({ gameId: room.roomId, origin: spec.origin }, 'match created');
      return { roomId: room.roomId };
    },
  };
  const liveGames: LiveGames = {
    async list() {
      const listings = await matchMaker.query({ name: 'chess' });
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
      callRoom<QueueCalls>(roomId)
        .holds(userId)
        .then(
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
      callRoom<QueueCalls>(queueRoomId(q))
        .enqueueParty(request)
        .catch(
          (): PartyTicketAnswer => ({ ok: false, code: 'SERVER_BUSY', message: 'the queue did not answer' }),
        ),
    dequeue: async (q, partyId) => {
      await callRoom<QueueCalls>(queueRoomId(q)).dequeueParty(partyId);
    },
    invite: async (username, invite) => {
      const delivered = await callRoom<LobbyCalls>(LOBBY_ROOM_ID)
        .deliver(username, 'party:invite', invite)
        .catch(() => false);
      if (delivered) return 'sent';
      return app.services.games.profile(username).then(
        () => 'offline' as const,
        () => 'unknown' as const,
      );
    },
    parties: cluster.partyStore,
    gameStatus: async (gameId) => (await app.services.games.load(gameId))?.status ?? 'none',
    serverKey,
  });
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
  return {
    matches,
    liveGames,
    definitions: {
      // joinOrCreate pairs players who ask for the same time control and rating mode.
      chess: defineRoom(createChessRoom(chess)).filterBy(['timeControl', 'rated']),
      lobby: defineRoom(lobby),
      queue: defineRoom(createQueueRoom(queue)),
      party: defineRoom(party),
    },
  };
}
