import { defineRoom, matchMaker, type RegisteredHandler } from '@colyseus/core';
import type { ChessEngine } from '../rooms/games/chess/engine.ts';
import { type GameRegistry, gameRegistry, type RegisteredGame } from '../rooms/games/registry.ts';
import { DEFAULT_LOBBY_SETTINGS } from '../rooms/lobby/deps.ts';
import { createLobbyRoom } from '../rooms/lobby/LobbyRoom.ts';
import { DEFAULT_MATCH_SETTINGS, type MatchRoomDeps } from '../rooms/match/deps.ts';
import type { AnyGameModule } from '../rooms/match/game-module.ts';
import { createMatchRoom } from '../rooms/match/MatchRoom.ts';
import { DEFAULT_PARTY_SETTINGS } from '../rooms/party/deps.ts';
import { createPartyRoom } from '../rooms/party/PartyRoom.ts';
import type { QueueRoomDeps } from '../rooms/queue/deps.ts';
import { createQueueRoom } from '../rooms/queue/QueueRoom.ts';
import type { LobbyCalls, QueueCalls } from '../rooms/shared/calls.ts';
import { GameEnds } from '../rooms/shared/game-ends.ts';
import { LiveGameAnnouncer } from '../rooms/shared/live-announcements.ts';
import type { LiveGameSummary, LiveGames, MatchFactory } from '../rooms/shared/matches.ts';
import type { PartyTicketAnswer } from '../rooms/shared/parties.ts';
import { DEFAULT_TOURNAMENT_SETTINGS } from '../rooms/tournament/deps.ts';
import { createTournamentRoom } from '../rooms/tournament/TournamentRoom.ts';
import { LOBBY_ROOM_ID } from '../schema/lobby.ts';
import { type QueueProfile, queueRoomId } from '../schema/queues.ts';
import type { App } from './app.ts';
import { callRoom } from './cluster/calls.ts';
import type { Cluster } from './cluster/cluster.ts';
import { listedElsewhere, listingsOfGames } from './cluster/listings.ts';
import type { Config } from './config.ts';
import type { Logger } from './platform/logger.ts';

export interface RoomTypes {
  definitions: Record<string, RegisteredHandler>;
  /** Creates matches with held seats, on whichever node the cluster chooses. */
  matches: MatchFactory;
  /** The games being played anywhere in the cluster. */
  liveGames: LiveGames;
  /** The node's announcements of games started and ended, published without waiting (it is going). */
  announcer: LiveGameAnnouncer;
}

/**
 * The games a node hosts: the release's, with their settings from the configuration, and any given
 * besides (a test's own game). Main makes it once and gives it to the cluster and the room types.
 */
export function hostedGames(
  config: Config,
  extraGames: readonly RegisteredGame[] = [],
  engine?: ChessEngine,
): GameRegistry {
  return gameRegistry(
    {
      chess: {
        firstMoveMs: config.chess.firstMoveMs,
        defaultTimeControl: config.chess.defaultTimeControl,
        engine,
      },
    },
    extraGames,
  );
}

/**
 * A queue profile's options as its game reads them: its clock, its own options, and for a queue
 * of tables each size it may seat (the game must seat that many). A profile that does not fit its
 * game stops the boot with the reason.
 */
function profileOptions(module: AnyGameModule, p: QueueProfile): unknown {
  const base = { ...(p.timeControl === undefined ? {} : { timeControl: p.timeControl }), ...p.options };
  const sizes: Array<number | undefined> = [];
  if (p.minSeats !== undefined && p.maxSeats !== undefined) {
    const table = module.table;
    if (!table || p.minSeats < table.minSeats || p.maxSeats > table.maxSeats) {
      const seats = table ? `${table.minSeats} to ${table.maxSeats}` : 'no tables';
      throw new Error(
        `queue profile ${p.id}: ${module.name} seats ${seats}, not ${p.minSeats} to ${p.maxSeats}`,
      );
    }
    for (let n = p.minSeats; n <= p.maxSeats; n++) sizes.push(n);
  } else sizes.push(undefined);
  let parsed: unknown;
  for (const n of sizes) {
    const options = module.parseOptions({ ...base, ...(n === undefined ? {} : module.table?.options(n)) });
    if (!options.ok) throw new Error(`queue profile ${p.id}: ${options.refusal.message}`);
    parsed ??= options.value;
  }
  return parsed;
}

/**
 * The room types of this release, each with its services: part of the composition root (main
 * and the tests build the same rooms from here). What keeps them alive across nodes is
 * `cluster`'s; `games` are the games hosted, a match room type for each.
 */
export function createRoomTypes(
  app: App,
  config: Config,
  log: Logger,
  cluster: Cluster,
  games: GameRegistry,
): RoomTypes {
  // Room options that only a server may give are honoured only when they carry this key.
  const { serverKey } = cluster;
  const announcer = new LiveGameAnnouncer(
    () => matchMaker.presence,
    (err) => log.warn({ err }, 'could not announce the games that started and ended'),
  );
  /** A match room's services: the same for every game, but for its log lines and metric labels. */
  const matchDeps = (game: string): MatchRoomDeps => ({
    tokens: app.services.tokens,
    records: app.services.matches,
    log: log.child({ room: game }),
    now: () => Date.now(),
    random: Math.random,
    settings: {
      ...DEFAULT_MATCH_SETTINGS,
      graceMs: config.chess.reconnectGraceMs,
      botDelayMs: config.chess.botDelayMs,
    },
    serverKey,
    trail: app.trail,
    tracing: app.tracing,
    announcer,
    metrics: {
      eventRecorded: (type, appendSeconds, commitSeconds) => {
        app.metrics.matchEvents.inc({ game, type });
        app.metrics.gameLogAppend.observe(appendSeconds);
        app.metrics.matchCommit.observe({ game }, commitSeconds);
      },
      gameEnded: (termination) => app.metrics.matchesEnded.inc({ game, termination }),
    },
  });
  const matches: MatchFactory = {
    async create(spec) {
      const size = spec.teams[0]?.length ?? 0;
      if (!games.has(spec.game) || size === 0 || spec.teams.some((team) => team.length !== size)) {
        throw new Error(`a ${spec.game} match is teams of the same size, of a registered game`);
      }
      const room = await matchMaker.createRoom(spec.game, {
        ...spec.options,
        rated: spec.rated,
        private: true,
        serverKey: serverKey.current,
        // A team of more than one plays one seat together: its first member is the captain.
        held: [...spec.teams.map((members) => ({ members })), ...(spec.bots ?? []).map((bot) => ({ bot }))],
        seatDeadlineMs: spec.seatDeadlineMs,
        reportTo: spec.reportTo,
        ...(spec.berserk ? { berserk: true } : {}),
      });
      log.info({ gameId: room.roomId, origin: spec.origin }, 'match created');
      return { roomId: room.roomId };
    },
    takeReport: (roomId) => app.services.matches.reportDelivered(roomId),
  };
  const liveGames: LiveGames = {
    async list() {
      const listings = await listingsOfGames(games.names());
      return listings
        .map((listing) => (listing.metadata as { live?: LiveGameSummary | null } | undefined)?.live)
        .filter((game): game is LiveGameSummary => !!game);
    },
  };
  const profiles = new Map(config.queues.profiles.map((p) => [p.id, p]));
  const module = (game: string) => games.get(game)!.module;
  // Each profile's rating pool and match options, as its game's module reads them (checked at boot).
  const pools = new Map(
    config.queues.profiles.map((p) => [p.id, module(p.game).pool(profileOptions(module(p.game), p))]),
  );
  const matchOptions = (p: QueueProfile, seats: number) => ({
    ...(p.timeControl === undefined ? {} : { timeControl: p.timeControl }),
    ...p.options,
    ...(p.maxSeats === undefined ? {} : module(p.game).table?.options(seats)),
  });
  const queueLabel = (queue: string) => ({ queue });
  const queue: QueueRoomDeps = {
    tokens: app.services.tokens,
    games: app.services.matches,
    matches,
    profiles,
    pools,
    matchOptions,
    log: log.child({ room: 'queue' }),
    now: () => Date.now(),
    serverKey,
    trail: app.trail,
    tracing: app.tracing,
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
      medianWait: (q, seconds) => app.metrics.queueMedianWait.set(queueLabel(q), seconds),
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
    trail: app.trail,
    tracing: app.tracing,
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
      const invitee = await app.services.games.profile(username).catch(() => undefined);
      if (!invitee) return 'unknown';
      if (await app.services.friends.blocks(invitee.id, invite.from.userId)) return 'blocked';
      const to = { userId: invitee.id, username: invitee.username };
      await app.services.notifications.notify(to, 'party_invite', { ...invite }).catch(() => undefined);
      const delivered = await callRoom<LobbyCalls>(LOBBY_ROOM_ID)
        .deliver(username, 'party:invite', invite)
        .catch(() => false);
      return delivered ? 'sent' : 'offline';
    },
    blockedByAny: (userId, memberIds) => app.services.friends.blockedByAny(userId, memberIds),
    parties: cluster.partyStore,
    gameStatus: async (gameId) => (await app.services.games.load(gameId))?.status ?? 'none',
    gameEnds: new GameEnds(() => matchMaker.presence),
    serverKey,
  });
  const lobby = createLobbyRoom({
    tokens: app.services.tokens,
    games: app.services.matches,
    matches,
    liveGames,
    catalog: games,
    log: log.child({ room: 'lobby' }),
    now: () => Date.now(),
    trail: app.trail,
    tracing: app.tracing,
    random: Math.random,
    serverKey,
    settings: DEFAULT_LOBBY_SETTINGS,
    standingsOf: (userIds) => app.services.friends.lobbyStandings(userIds),
  });
  const tournament = createTournamentRoom({
    tokens: app.services.tokens,
    log: log.child({ room: 'tournament' }),
    now: () => Date.now(),
    trail: app.trail,
    tracing: app.tracing,
    serverKey,
    records: app.services.tournaments,
    matches,
    ratingOf: async (userId, game, options) => {
      const module = games.get(game)?.module;
      const parsed = module?.parseOptions(options);
      if (!module || !parsed?.ok) throw new Error(`tournament of an unknown game ${game}`);
      const { rating, provisional } = await app.services.matches.ratingOf(userId, module.pool(parsed.value));
      return { rating, provisional };
    },
    gameStatus: async (gameId) => (await app.services.games.load(gameId))?.status ?? 'none',
    tableOptions: (game, seats) => games.get(game)?.module.table?.options(seats) ?? {},
    settings: DEFAULT_TOURNAMENT_SETTINGS,
  });
  return {
    matches,
    liveGames,
    announcer,
    definitions: {
      // A room type per game; joinOrCreate pairs players who ask for the same options and rating mode.
      ...Object.fromEntries(
        games
          .all()
          .map((g) => [
            g.module.name,
            defineRoom(createMatchRoom(g, matchDeps(g.module.name))).filterBy(['rated', ...g.module.pairBy]),
          ]),
      ),
      lobby: defineRoom(lobby),
      queue: defineRoom(createQueueRoom(queue)),
      party: defineRoom(party),
      tournament: defineRoom(tournament),
    },
  };
}
