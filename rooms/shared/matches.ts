/**
 * How rooms hand players to a match and hear about games: the queue, the lobby and the control
 * plane create matches with seats held for named players; chess rooms announce the games they
 * start and end on a presence channel, so that any node's lobby can list them.
 */

import type { FinishedMatch } from '../../server/services/ports.ts';

/** A player the server seats by name, before they connect. */
export interface SeatedMember {
  userId: string;
  name: string;
  guest: boolean;
}

/** A match to create with every seat held for its player. */
export interface MatchSpec {
  /** A registered game's name (`rooms/games/registry.ts`). */
  game: string;
  /**
   * The game's own options, as a client creating its room would give them (chess:
   * `{ timeControl: '3+2' }`); the server's own (seats, rating, report) are added to them.
   */
  options: Record<string, unknown>;
  rated: boolean;
  /**
   * The teams in seating order; for chess `[white, black]`, each a team of one (the first
   * member of a larger team is its captain, the others may move for it: consultation).
   */
  teams: SeatedMember[][];
  /** Computer players in the seats after the teams, each at its level (a game of tables). */
  bots?: string[];
  /**
   * How long every player has to take the seat. When it passes with a seat not taken, the match
   * is cancelled: no game is recorded, the players who came are told and closed with
   * `CHESS_CLOSE_CODES.cancelled`.
   */
  seatDeadlineMs: number;
  /** A presence channel that is told how the seating went (a {@link MatchOutcome}). */
  reportTo?: string;
  /**
   * A game of an arena that allows berserk: each player may give up half their clock before
   * their first move, for an extra point on a win. Only the server gives it (never a client's
   * option); a game without a clock ignores it.
   */
  berserk?: boolean;
  /** Who made it: shown in logs and metrics. */
  origin: 'queue' | 'seek' | 'challenge' | 'rematch' | 'tournament';
}

/**
 * What a match room reports on its `reportTo` channel: how the seating went (`started` or
 * `cancelled`, once), then the result of a match that was played (`finished`). A `finished`
 * report is kept by the record until its receiver takes it (`MatchRecords.reportDelivered`), and
 * may come more than once (from the room, then from a keeper): a receiver treats a repeat as none.
 */
export type MatchOutcome = SeatingOutcome | ({ type: 'finished'; roomId: string } & FinishedMatch);

/** How the seating of a match went: reported once, when it started or was cancelled. */
export type SeatingOutcome =
  | { type: 'started'; roomId: string; seated: string[] }
  | { type: 'cancelled'; roomId: string; seated: string[]; absent: string[] };

/** Creates matches on whichever node the cluster chooses. */
export interface MatchFactory {
  create(spec: MatchSpec): Promise<{ roomId: string }>;
  /**
   * The creator took the `finished` report of the match `roomId`: true the first time, false for
   * a repeat (which the creator then ignores). Until it is taken, the report is sent again.
   */
  takeReport(roomId: string): Promise<boolean>;
}

/** The `finished` report of a match, as its room and the keeper of pending reports send it. */
export function finishedOutcome(roomId: string, finished: FinishedMatch): MatchOutcome {
  return { type: 'finished', roomId, ...finished };
}

/** The presence channel on which match rooms announce their games. */
export const LIVE_GAMES_CHANNEL = 'live-games';

export interface LivePlayer {
  userId: string;
  name: string;
  /** 0 for the bot and for unrated guests. */
  rating: number;
  provisional: boolean;
  bot: string;
}

/** A game being played, as the lobby lists it. */
export interface LiveGameSummary {
  gameId: string;
  /** The registered game's name (`chess`, `golf`). */
  game: string;
  /** Chess's clock; empty for other games. */
  timeControl: string;
  /** The rating pool (chess's category, `golf`). */
  category: string;
  rated: boolean;
  startedAt: number;
  /** In seat order (chess: white, then black); a seat not yet taken has an empty name. */
  players: LivePlayer[];
}

export type LiveGameEvent = { type: 'started'; game: LiveGameSummary } | { type: 'ended'; gameId: string };

/** The live games of the whole cluster, read from the rooms' listings (a lobby's first view). */
export interface LiveGames {
  list(): Promise<LiveGameSummary[]>;
}
