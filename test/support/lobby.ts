import type { Room } from '@colyseus/sdk';
import { LobbyClient, type LobbyState } from '../../client-sdk/index.ts';
import { newPlayer, type Player, sleep } from './chess.ts';

export interface LobbyPlayer extends Player {
  lobby: LobbyClient;
  userId: string;
}

/** A new player (registered, or a guest) in the lobby, once the lobby shows them online. */
export async function enterLobby(baseUrl: string, options: { guest?: boolean } = {}): Promise<LobbyPlayer> {
  const player = await newPlayer(baseUrl, options);
  const lobby = await LobbyClient.join(player.rookery, { chess: player.chess });
  await lobby.until((s) => s.online.has(lobby.userId));
  return { ...player, lobby, userId: lobby.userId };
}

export async function leaveAll(...players: LobbyPlayer[]): Promise<void> {
  await Promise.all(players.map((p) => p.lobby.leave().catch(() => undefined)));
}

/** The `error` messages a room sends, as they come. */
export function errorsOf(room: Room<LobbyState>): Array<{ code: string; request?: string }> {
  const errors: Array<{ code: string; request?: string }> = [];
  room.onMessage('error', (e: { code: string; request?: string }) => errors.push(e));
  return errors;
}

/** Waits until `list` holds `count` entries (or a few seconds passed). */
export async function collected<T>(list: T[], count: number, timeoutMs = 5_000): Promise<T[]> {
  const deadline = Date.now() + timeoutMs;
  while (list.length < count && Date.now() < deadline) await sleep(20);
  return list;
}

/** What a user sees of the seeks, for before/after comparisons. */
export function seeksSeen(state: LobbyState): string {
  return JSON.stringify(
    [...state.seeks.values()].map((s) => [s.id, s.userId, s.timeControl, s.rated]).sort(),
  );
}
