import type { StateBinding } from '../match/binding.ts';
import type { AnyGameModule } from '../match/game-module.ts';
import { jsonStateBinding } from '../match/json-state.ts';
import { type ChessModuleSettings, chessModule } from './chess/module.ts';
import { chessStateBinding } from './chess/state.ts';
import { golfModule } from './golf/module.ts';

/** A game the server hosts: its pure module and how its matches look on the wire. */
export interface RegisteredGame {
  module: AnyGameModule;
  // biome-ignore lint/suspicious/noExplicitAny: each game binds its own schema state
  binding: StateBinding<any>;
}

/** The settings of the games of this release, from the server's configuration. */
export interface GameSettings {
  chess: ChessModuleSettings;
}

/** The games of this release, by name. Adding a game: one folder under rooms/games and one line here. */
const GAMES = {
  chess: (settings: GameSettings) => ({ module: chessModule(settings.chess), binding: chessStateBinding }),
  golf: () => ({ module: golfModule, binding: jsonStateBinding('golf') }),
} satisfies Record<string, (settings: GameSettings) => RegisteredGame>;

/** The names of the games of this release (what a queue profile may name). */
export const GAME_NAMES: readonly string[] = Object.keys(GAMES);

/** The games a server hosts, keyed by name. */
export class GameRegistry {
  private readonly games = new Map<string, RegisteredGame>();

  constructor(games: readonly RegisteredGame[]) {
    for (const game of games) {
      if (this.games.has(game.module.name))
        throw new Error(`the game ${game.module.name} is registered twice`);
      this.games.set(game.module.name, game);
    }
  }

  get(name: string): RegisteredGame | undefined {
    return this.games.get(name);
  }

  has(name: string): boolean {
    return this.games.has(name);
  }

  names(): string[] {
    return [...this.games.keys()];
  }

  all(): RegisteredGame[] {
    return [...this.games.values()];
  }
}

/** The games of this release with their settings, and any given besides (tests register their own). */
export function gameRegistry(settings: GameSettings, extra: readonly RegisteredGame[] = []): GameRegistry {
  return new GameRegistry([...Object.values(GAMES).map((make) => make(settings)), ...extra]);
}
