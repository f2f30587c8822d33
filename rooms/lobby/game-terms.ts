import type { GameTerms } from '../../schema/lobby.ts';
import type { AnyGameModule } from '../match/game-module.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';

/**
 * The game of a seek or a challenge other than chess, checked by that game's own module: its
 * options by the game's option schema, the seats of its table, its computer seats. Pure; the
 * lobby is given the games it may start (`GameCatalog`).
 */

/** The games the lobby may start, by name (the server's registry). */
export interface GameCatalog {
  get(name: string): { module: AnyGameModule } | undefined;
}

/** A game's terms, checked: what its match is created with, and who is rated in which pool. */
export interface TableTerms {
  game: string;
  /** The game's options as its module writes them (the table's size included): the match's options. */
  options: Record<string, unknown>;
  /** The rating pool, in which ranges and ratings are read. */
  pool: string;
  /** Seats at the table, people and computers. */
  seats: number;
  computers: number;
  /** The computer players' level. */
  level: string;
}

/**
 * Checks the terms of a game other than chess: a registered game, options its module accepts, a
 * table size it seats, computer seats that leave at least `people` seats to people, and no
 * computer at a rated table.
 *
 * @example tableTerms(catalog, { game: 'golf', seats: 3, computers: 1, options: { holes: 1 } }, false, 2)
 *   // accepted: a golf table of three, one of them a computer player, options with `players: 3`
 */
export function tableTerms(
  catalog: GameCatalog,
  ask: GameTerms,
  rated: boolean,
  people: number,
): Checked<TableTerms> {
  const name = ask.game ?? '';
  const module = catalog.get(name)?.module;
  if (!module) return refused('VALIDATION_FAILED', `no game "${name}" is played here`);
  const table = module.table;
  let seats = ask.seats ?? table?.minSeats;
  if (table && (seats! < table.minSeats || seats! > table.maxSeats)) {
    return refused('VALIDATION_FAILED', `${name} seats ${table.minSeats} to ${table.maxSeats} at a table`);
  }
  const parsed = module.parseOptions({ ...ask.options, ...(table ? table.options(seats!) : {}) });
  if (!parsed.ok) return parsed;
  const sides = module.seats(parsed.value).teams.length;
  if (seats !== undefined && seats !== sides) {
    return refused('VALIDATION_FAILED', `${name} is played by ${sides}, not ${seats}`);
  }
  seats = sides;
  const computers = ask.computers ?? 0;
  if (computers > seats - people) {
    return refused(
      'VALIDATION_FAILED',
      `computers: at most ${seats - people} of ${seats} seats, to leave ${people} to people`,
    );
  }
  if (computers > 0 && rated) return refused('VALIDATION_FAILED', 'a table with computer players is casual');
  const level = ask.level ?? module.bot.defaultLevel;
  if (!module.bot.levels.includes(level)) {
    return refused('VALIDATION_FAILED', `level: one of ${module.bot.levels.join(', ')}`);
  }
  return accepted({
    game: module.name,
    options: module.optionsJson(parsed.value),
    pool: module.pool(parsed.value),
    seats,
    computers,
    level,
  });
}

/** Whether the terms name a game besides chess (which is checked by its time control alone). */
export function otherGame(ask: GameTerms): boolean {
  return ask.game !== undefined && ask.game !== 'chess';
}
