import type { LobbyMatch, LobbyMatchOrigin } from '../../schema/lobby.ts';
import type { ChallengeParty } from '../../server/services/ports.ts';
import type { MatchFactory, MatchOutcome } from '../shared/matches.ts';
import type { LobbyRoomDeps } from './deps.ts';

/** What a match made in the lobby is played with: its game, options, rating mode and computers. */
export interface LobbyMatchTerms {
  game: string;
  options: Record<string, unknown>;
  /** Chess: the clock, told to the players; empty for other games. */
  timeControl: string;
  rated: boolean;
  computers: number;
  level: string;
}

/** What starting a lobby match needs from the lobby. */
export interface LobbyMatchHost {
  matches: MatchFactory;
  /** Uniform in [0, 1): who plays white. */
  random(): number;
  seatDeadlineMs: number;
  /** The lobby's channel, told each match's result. */
  reportTo: string;
  tell(userId: string, match: LobbyMatch): void;
}

/**
 * Creates the match of an accepted seek or challenge with every seat held, and tells each player
 * where to sit; its room id and the players' names in seat order. Chess draws who plays white;
 * a table seats the players in the order given, then its computer players.
 */
export async function startLobbyMatch(
  host: LobbyMatchHost,
  origin: LobbyMatchOrigin,
  terms: LobbyMatchTerms,
  players: readonly ChallengeParty[],
): Promise<{ roomId: string; seated: string[] }> {
  const chess = terms.game === 'chess';
  const seated = chess && host.random() >= 0.5 ? [...players].reverse() : [...players];
  const { roomId } = await host.matches.create({
    game: terms.game,
    options: terms.options,
    rated: terms.rated,
    teams: seated.map((p) => [p]),
    ...(terms.computers > 0 ? { bots: Array.from({ length: terms.computers }, () => terms.level) } : {}),
    seatDeadlineMs: host.seatDeadlineMs,
    reportTo: host.reportTo,
    origin,
  });
  const { game, timeControl, rated } = terms;
  seated.forEach((player, seat) => {
    const color = chess ? { color: seat === 0 ? ('white' as const) : ('black' as const) } : {};
    host.tell(player.userId, { roomId, game, seat, ...color, timeControl, rated, origin });
  });
  const bots = Array.from({ length: terms.computers }, () => `Bot (${terms.level})`);
  return { roomId, seated: [...seated.map((p) => p.name), ...bots] };
}

/**
 * Whether a lobby match's report is a result taken now: the record sends it until it is taken,
 * so a repeat is no news. How the seating went needs nothing: the players were told where to sit.
 */
export async function resultTaken(
  deps: Pick<LobbyRoomDeps, 'matches' | 'log'>,
  outcome: Extract<MatchOutcome, { type: 'finished' }>,
): Promise<boolean> {
  return deps.matches.takeReport(outcome.roomId).catch((err) => {
    deps.log.warn({ err, gameId: outcome.roomId }, 'could not take a match report; it comes again');
    return false;
  });
}
