import { matchMaker } from '@colyseus/core';
import type { GameRegistry } from '../../rooms/games/registry.ts';
import { gameReplays } from '../../rooms/match/replay.ts';
import type { PartyStore } from '../../rooms/shared/parties.ts';
import { type ServerKey, serverKeyOf } from '../../rooms/shared/server-key.ts';
import { LOBBY_ROOM_ID } from '../../schema/lobby.ts';
import { queueRoomId } from '../../schema/queues.ts';
import type { App } from '../app.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../platform/logger.ts';
import type { GameHosting } from '../services/ports.ts';
import { CopySettler } from './copies.ts';
import { lobbyChallengeDesk, lobbyChatModeration, lobbyPlayers, queueFigures } from './desks.ts';
import { GameKeeper, type GameKeeperDeps } from './games.ts';
import { matchModeration } from './match-staff.ts';
import { PartyKeeper } from './parties.ts';
import { presencePartyStore } from './party-store.ts';
import { ReportKeeper } from './reports.ts';
import { closeLocalSessions } from './sessions.ts';
import { type Singleton, SingletonKeeper } from './singletons.ts';
import { TournamentKeeper, tournamentDesk } from './tournaments.ts';

/**
 * The names under which `server/rooms.ts` registers the room types the cluster keeps; each game's
 * matches are a room type of the game's own name.
 */
const ROOM_NAMES = { party: 'party', queue: 'queue', lobby: 'lobby', tournament: 'tournament' } as const;

/** This node's part in the cluster: what keeps the cluster's rooms in existence, and its state. */
export interface Cluster {
  /**
   * Marks room options that only a server may give (restoring a game, holding seats, a
   * singleton's fixed id). Every node derives it from the shared keys, because the room a node
   * asks for may be created by another node.
   */
  serverKey: ServerKey;
  /** Where party rooms keep their snapshots, for another node to rebuild them. */
  partyStore: PartyStore;
  /** The rooms the cluster holds exactly one of: the lobby, one queue per profile. */
  singletons: SingletonKeeper;
  /** Failover of unfinished games. */
  games: GameKeeper;
  /** Failover of parties. */
  parties: PartyKeeper;
  /** Results sent again to match creators that have not taken them. */
  reports: ReportKeeper;
  /** Failover of tournaments: each one not finished has its room. */
  tournaments: TournamentKeeper;
  /** What the control plane asks of the rooms, wherever they run. */
  hosting: GameHosting;
}

/**
 * Made once per node by the composition root; the keepers share one {@link CopySettler}. The
 * server key derives from the deployment's room keys, the same on every node.
 */
export function createCluster(
  app: Pick<App, 'services' | 'keys' | 'metrics'>,
  config: Pick<Config, 'queues'>,
  log: Logger,
  hosted: GameKeeperDeps['hosted'] & Pick<GameRegistry, 'get'>,
): Cluster {
  const { matches } = app.services;
  const { profiles } = config.queues;
  const serverKey = serverKeyOf(app.keys.roomKeys);
  const copies = new CopySettler();
  // The matchmaker's presence exists once the game server is set up, after the rooms are defined.
  const partyStore = presencePartyStore(() => matchMaker.presence);
  const singletons: Singleton[] = profiles.map((p) => ({
    name: ROOM_NAMES.queue,
    roomId: queueRoomId(p.id),
    options: { profile: p.id },
  }));
  singletons.push({ name: ROOM_NAMES.lobby, roomId: LOBBY_ROOM_ID, options: {} });
  // Every node hears every ending of sessions and closes its own connections of that user.
  app.services.epochs.onEnded((end) => {
    closeLocalSessions(end, log).catch((err) =>
      log.error({ err, userId: end.userId }, 'closing sessions failed'),
    );
  });
  const gameKeeper = new GameKeeper({
    games: matches,
    hosted,
    serverKey,
    copies,
    log,
    onRestored: (cause, seconds) => app.metrics.gameFailover.observe({ cause }, seconds),
  });
  const challenges = lobbyChallengeDesk(log);
  const tournaments = new TournamentKeeper({
    unfinished: () => app.services.tournaments.unfinished(),
    roomName: ROOM_NAMES.tournament,
    serverKey,
    log,
  });
  return {
    serverKey,
    partyStore,
    singletons: new SingletonKeeper(singletons, serverKey.current, copies, log),
    games: gameKeeper,
    parties: new PartyKeeper({ parties: partyStore, roomName: ROOM_NAMES.party, serverKey, copies, log }),
    reports: new ReportKeeper(matches, log),
    tournaments,
    hosting: {
      restore: (gameId) => gameKeeper.restore(gameId),
      queues: () => queueFigures(profiles),
      challenges,
      chat: lobbyChatModeration(log),
      matches: matchModeration(() => hosted.names(), log),
      nodes: async () =>
        (await matchMaker.stats.fetchAll()).map((s) => ({
          node: s.processId,
          ccu: s.ccu,
          rooms: s.roomCount,
          self: s.processId === matchMaker.processId,
        })),
      players: lobbyPlayers(log),
      replays: gameReplays(hosted),
      tournaments: tournamentDesk(tournaments, hosted),
    },
  };
}
