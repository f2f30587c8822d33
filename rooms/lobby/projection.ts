import { LiveGamePlayerState, LiveGameState, SeekState } from '../../schema/lobby.state.ts';
import type { LiveGameSummary, LivePlayer } from '../shared/matches.ts';
import type { Seek } from './seeks.ts';

/** The lobby's own records, as the synced state shows them. */

export function seekState(seek: Seek): SeekState {
  const state = new SeekState();
  state.id = seek.id;
  state.game = seek.game;
  state.options = seek.game === 'chess' ? '{}' : JSON.stringify(seek.options);
  state.seats = seek.seats;
  state.computers = seek.computers;
  state.joined.push(...seek.joined.map((p) => p.name));
  state.userId = seek.userId;
  state.name = seek.name;
  state.guest = seek.guest;
  state.rating = seek.rating;
  state.provisional = seek.provisional;
  state.timeControl = seek.timeControl;
  state.category = seek.category;
  state.rated = seek.rated;
  state.ratingMin = seek.ratingMin ?? 0;
  state.ratingMax = seek.ratingMax ?? 0;
  state.createdAt = seek.createdAt;
  return state;
}

function playerState(player: LivePlayer): LiveGamePlayerState {
  const state = new LiveGamePlayerState();
  state.userId = player.userId;
  state.name = player.name;
  state.rating = player.rating;
  state.provisional = player.provisional;
  state.bot = player.bot;
  return state;
}

export function liveGameState(game: LiveGameSummary): LiveGameState {
  const state = new LiveGameState();
  state.gameId = game.gameId;
  state.game = game.game;
  state.timeControl = game.timeControl;
  state.category = game.category;
  state.rated = game.rated;
  state.startedAt = game.startedAt;
  state.players.push(...game.players.map(playerState));
  if (game.players[0]) state.white = playerState(game.players[0]);
  if (game.players[1]) state.black = playerState(game.players[1]);
  return state;
}

/** The people (not the computer players) a live game seats. */
export function playersOf(game: LiveGameSummary): string[] {
  return game.players.map((p) => p.userId).filter((id) => id !== '');
}
