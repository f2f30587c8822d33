import type { LobbyMatch, LobbyMatchOrigin } from '../../schema/lobby.ts';
import type { ChallengeParty } from './challenges.ts';
import type { LobbyRoomDeps } from './deps.ts';

/** What the lobby does to start a match: who is told, and where its result is reported. */
export interface MatchStart {
  deps: Pick<LobbyRoomDeps, 'matches' | 'random' | 'settings'>;
  reportTo: string;
  sendToUser(userId: string, type: 'match', message: LobbyMatch): void;
}

/**
 * Creates the chess match of an accepted seek or challenge with both seats held (colours drawn),
 * and tells both players where to go; its room id and the players' names in seat order.
 */
export async function startLobbyMatch(
  how: MatchStart,
  origin: LobbyMatchOrigin,
  terms: { timeControl: string; rated: boolean },
  a: ChallengeParty,
  b: ChallengeParty,
): Promise<{ roomId: string; seated: string[] }> {
  const [white, black] = how.deps.random() < 0.5 ? [a, b] : [b, a];
  const { timeControl, rated } = terms;
  const { roomId } = await how.deps.matches.create({
    game: 'chess',
    options: { timeControl },
    rated,
    teams: [[white], [black]],
    seatDeadlineMs: how.deps.settings.seatDeadlineMs,
    reportTo: how.reportTo,
    origin,
  });
  const match = { roomId, timeControl, rated, origin };
  how.sendToUser(white.userId, 'match', { ...match, color: 'white' });
  how.sendToUser(black.userId, 'match', { ...match, color: 'black' });
  return { roomId, seated: [white.name, black.name] };
}
