/**
 * A tournament as its event log makes it. The log is the tournament: `applyEvent` folds one event
 * into a new tournament and never mutates, so the actor that writes the log, a node that rebuilds
 * it after its owner died, and the control plane that reads it all hold the same tournament.
 * What may happen next is decided in `tournament-rules.ts`; this module only records.
 */
import type {
  ArenaOptions,
  GroupsOptions,
  KnockoutOptions,
  TablesOptions,
  TournamentFormat,
  TournamentStatus,
} from '../../../schema/tournaments.ts';
import type { UnplayedKind } from './crosstable.ts';
import type { TableResult } from './tables-rules.ts';
import type { TieBreak } from './tie-breaks.ts';
import { type AccessEvent, foldAccess, type Invitee, type PrivateAccess } from './tournament-access.ts';
import { foldStaff, NO_STAFF, type StaffEvent, type TournamentStaff } from './tournament-staff.ts';

export interface TournamentSettings {
  name: string;
  /** A registered game's name and its own options (chess: `{ timeControl: '3+2' }`). */
  game: string;
  options: Record<string, unknown>;
  rated: boolean;
  format: TournamentFormat;
  /** Swiss: rounds to play. A round robin plays its Berger table. */
  rounds: number | null;
  /** Round robin: twice, colours reversed. */
  double: boolean;
  /** Knockout, and the knockout stage after groups: the bracket and its matches (absent for the other formats). */
  knockout?: KnockoutOptions;
  /** Groups then knockout: how the groups are made and how many go on (absent for the other formats). */
  groups?: GroupsOptions;
  /** Arena: its duration, waves and berserk (absent for the other formats). */
  arena?: ArenaOptions;
  /** Tables: the table size and the points by place (absent for the other formats). */
  tables?: TablesOptions;
  /** ms since the epoch; null for a tournament its creator starts by hand (`startByHand`). */
  startsAt: number | null;
  capacity: number;
  tieBreaks: TieBreak[];
  /** How long a player has to take the seat of a game before losing it by forfeit. */
  seatDeadlineMs: number;
  /** The pause between a round's last result and the next round's pairing. */
  roundGapMs: number;
  /** A private tournament's entry; absent for a public one. */
  access?: PrivateAccess;
  /**
   * The lowest and highest rating, in the pool of the tournament's game and options, a player
   * may have to enter (absent: no limit). See `ratingRefusal` for provisional ratings and guests.
   */
  ratingMin?: number;
  ratingMax?: number;
}

export interface GameResult {
  white: number;
  black: number;
  /** Not played: a no-show, or a game without result. */
  forfeit: boolean;
  /** Arena: who halved their own clock, and the moves each side made (for the berserk point). */
  berserk?: { white: boolean; black: boolean };
  moves?: { white: number; black: number };
  /** A table (format `tables`): each seat's place and points; `white` and `black` are its first two. */
  table?: TableResult;
}

export type TournamentEvent =
  | { type: 'created'; at: number; id: string; settings: TournamentSettings; createdBy: string }
  | { type: 'joined'; at: number; userId: string; name: string; guest: boolean; rating: number }
  | { type: 'withdrew'; at: number; userId: string }
  | { type: 'bye-requested'; at: number; userId: string; round: number }
  /**
   * Players seeded by rating; `totalRounds` fixed (null: as many as a knockout's matches need).
   * A start by hand says who gave it, and `staff` when that was staff and not the creator.
   */
  | {
      type: 'started';
      at: number;
      seeds: string[];
      totalRounds: number | null;
      by?: string;
      staff?: boolean;
    }
  | {
      type: 'round-paired';
      at: number;
      round: number;
      boards: Array<{
        white: string;
        black: string;
        result?: GameResult;
        match?: MatchGame;
        /** A table's players in seat order (format `tables`; white and black are its first two). */
        seats?: string[];
      }>;
      byes: Array<{ userId: string; kind: UnplayedKind }>;
    }
  | { type: 'game-started'; at: number; round: number; board: number; gameId: string }
  | { type: 'result'; at: number; round: number; board: number; gameId: string | null; result: GameResult }
  | { type: 'round-ended'; at: number; round: number }
  /** Groups then knockout: the groups drawn at the start, each in seed order. */
  | { type: 'groups-drawn'; at: number; groups: string[][] }
  /** Groups then knockout: the group stage is over and these players are the knockout's seeds. */
  | { type: 'knockout-seeded'; at: number; seeds: string[] }
  /** Tables: `absent` did not take their seats; the others are seated again without them. */
  | { type: 'table-reseated'; at: number; round: number; board: number; absent: string[] }
  | { type: 'finished'; at: number; reason: 'completed' | 'too-few-players' | 'ended-early' }
  /** Arena: a player is not paired until they come back (`player-returned`). */
  | { type: 'player-paused'; at: number; userId: string }
  | { type: 'player-returned'; at: number; userId: string }
  | StaffEvent
  | AccessEvent;

export interface TournamentPlayer {
  readonly userId: string;
  readonly name: string;
  readonly guest: boolean;
  readonly rating: number;
  readonly joinedAt: number;
  readonly withdrawn: boolean;
  /** Rounds for which a half-point bye was asked in advance. */
  readonly byes: readonly number[];
  /** Arena: paused (not paired), and when the player last came back. */
  readonly paused?: boolean;
  readonly returnedAt?: number;
}

/** A knockout's game: its match in the bracket, and its number in that match from 1. */
export interface MatchGame {
  readonly id: string;
  readonly game: number;
}

export interface Board {
  readonly white: string;
  readonly black: string;
  readonly gameId: string | null;
  /** When the game's match was made (its seating deadline counts from here). */
  readonly startedAt: number | null;
  /** How many matches were made for this board (a seating lost with its node is made again once). */
  readonly sets: number;
  readonly result: GameResult | null;
  /** Knockout: the match this game belongs to. */
  readonly match?: MatchGame;
  /** When the result came in. */
  readonly resultAt?: number;
  /** A table (format `tables`): its players in seat order, and those who did not come to it. */
  readonly seats?: readonly string[];
  readonly absent?: readonly string[];
}

export interface Round {
  readonly round: number;
  readonly pairedAt: number;
  readonly boards: readonly Board[];
  readonly byes: ReadonlyArray<{ userId: string; kind: UnplayedKind }>;
  readonly ended: boolean;
  readonly endedAt: number | null;
}

export interface Tournament {
  readonly id: string;
  readonly settings: TournamentSettings;
  readonly createdBy: string;
  readonly status: TournamentStatus;
  /** In order of entry. */
  readonly players: readonly TournamentPlayer[];
  /** Pairing order: by rating at the start, late entries after. Empty before the start. */
  readonly seeds: readonly string[];
  readonly totalRounds: number | null;
  readonly rounds: readonly Round[];
  /** When the `started` event came (null before). */
  readonly startedAt: number | null;
  readonly finishedAt: number | null;
  /** The number of events folded in: the next event's number is `seq + 1`. */
  readonly seq: number;
  /** What staff did: paused, ended early, players disqualified. */
  readonly staff: TournamentStaff;
  /** An invitation-only tournament's invited players, in order. */
  readonly invited: readonly Invitee[];
  /** Groups then knockout: the groups, once drawn. */
  readonly groups?: readonly (readonly string[])[];
  /** Groups then knockout: the knockout's seeds, once the group stage is over. */
  readonly knockoutSeeds?: readonly string[];
}

/** Folds `event` into `t` (undefined before `created`). A log that does not fit is a bug: it throws. */
export function applyEvent(t: Tournament | undefined, event: TournamentEvent): Tournament {
  if (event.type === 'created') {
    if (t) throw new Error('a tournament is created once');
    const { id, settings, createdBy } = event;
    const base = {
      players: [],
      seeds: [],
      rounds: [],
      startedAt: null,
      finishedAt: null,
      seq: 1,
      staff: NO_STAFF,
      invited: [],
    };
    return { ...base, id, settings, createdBy, status: 'upcoming', totalRounds: settings.rounds };
  }
  if (!t) throw new Error(`"${event.type}" before the tournament was created`);
  const next = { ...fold(t, event), seq: t.seq + 1 };
  return next;
}

/** Folds a whole log, in order. */
export function replay(events: readonly TournamentEvent[]): Tournament {
  let t: Tournament | undefined;
  for (const event of events) t = applyEvent(t, event);
  if (!t) throw new Error('an empty tournament log');
  return t;
}

function fold(t: Tournament, e: Exclude<TournamentEvent, { type: 'created' }>): Tournament {
  switch (e.type) {
    case 'joined': {
      const { userId, name, guest, rating } = e;
      const player = { userId, name, guest, rating, joinedAt: e.at, withdrawn: false };
      const players = [...t.players.filter((p) => p.userId !== e.userId), { ...player, byes: [] }];
      const seeds = t.status === 'running' && !t.seeds.includes(e.userId) ? [...t.seeds, e.userId] : t.seeds;
      return { ...t, players, seeds };
    }
    case 'withdrew':
      // Before the start a withdrawal takes the entry back; after, the player stays in the table.
      if (t.status === 'upcoming') return { ...t, players: t.players.filter((p) => p.userId !== e.userId) };
      return { ...t, players: t.players.map((p) => (p.userId === e.userId ? { ...p, withdrawn: true } : p)) };
    case 'bye-requested':
      return {
        ...t,
        players: t.players.map((p) => (p.userId === e.userId ? { ...p, byes: [...p.byes, e.round] } : p)),
      };
    case 'started':
      return { ...t, status: 'running', seeds: e.seeds, totalRounds: e.totalRounds, startedAt: e.at };
    case 'round-paired': {
      const boards = e.boards.map((b) => ({
        ...b,
        gameId: null,
        startedAt: null,
        sets: 0,
        result: b.result ?? null,
      }));
      const round = { round: e.round, pairedAt: e.at, boards, byes: e.byes, ended: false, endedAt: null };
      return { ...t, rounds: [...t.rounds, round] };
    }
    case 'game-started':
      return withBoard(t, e.round, e.board, (b) => ({
        ...b,
        gameId: e.gameId,
        startedAt: e.at,
        sets: b.sets + 1,
      }));
    case 'result':
      return withBoard(t, e.round, e.board, (b) => ({
        ...b,
        gameId: e.gameId ?? b.gameId,
        result: e.result,
        resultAt: e.at,
      }));
    case 'table-reseated':
      // The match the absent players did not come to is gone: the next one seats the others.
      return withBoard(t, e.round, e.board, (b) => ({
        ...b,
        absent: [...(b.absent ?? []), ...e.absent],
        gameId: null,
        startedAt: null,
        sets: 0,
      }));
    case 'round-ended':
      return {
        ...t,
        rounds: t.rounds.map((r) => (r.round === e.round ? { ...r, ended: true, endedAt: e.at } : r)),
      };
    case 'groups-drawn':
      return { ...t, groups: e.groups };
    case 'knockout-seeded':
      return { ...t, knockoutSeeds: e.seeds };
    case 'finished':
      return { ...t, status: 'finished', finishedAt: e.at };
    case 'paused':
    case 'resumed':
    case 'ended-early':
    case 'disqualified':
      return foldStaff(t, e);
    case 'invited':
      return foldAccess(t, e);
    case 'player-paused':
    case 'player-returned': {
      const paused = e.type === 'player-paused';
      const change = (p: TournamentPlayer) =>
        paused ? { ...p, paused } : { ...p, paused, returnedAt: e.at };
      return { ...t, players: t.players.map((p) => (p.userId === e.userId ? change(p) : p)) };
    }
  }
}

function withBoard(t: Tournament, round: number, board: number, change: (b: Board) => Board): Tournament {
  const rounds = t.rounds.map((r) => {
    if (r.round !== round) return r;
    const boards = r.boards.map((b, i) => (i === board ? change(b) : b));
    return { ...r, boards };
  });
  return { ...t, rounds };
}

/** Everyone seated at a board: a table's players in seat order, else white and black. */
export const boardPlayers = (b: Board): readonly string[] => b.seats ?? [b.white, b.black];

/** The round being played (or the last played), if any. */
export const currentRound = (t: Tournament): Round | undefined => t.rounds.at(-1);

export const playerOf = (t: Tournament, userId: string): TournamentPlayer | undefined =>
  t.players.find((p) => p.userId === userId);
