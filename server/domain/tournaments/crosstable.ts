/**
 * A tournament's results as each player lived them, round by round: the shared input of the
 * tie-breaks, the standings and the swiss pairing. Scores use chess points (win 1, draw ½).
 */

export type Colour = 'white' | 'black';

/** Why a round gave points without a game. */
export type UnplayedKind =
  | 'pairing-bye' // the pairing-allocated bye: worth a win
  | 'full-bye' // a full-point bye granted by the organiser
  | 'half-bye' // a half-point bye requested in advance
  | 'zero-bye' // absent or not paired: nothing
  | 'forfeit-win'
  | 'forfeit-loss';

export type RoundEntry =
  | {
      readonly played: true;
      readonly opponent: string;
      readonly colour: Colour;
      /** 1, 0.5 or 0. */
      readonly points: number;
    }
  | {
      readonly played: false;
      readonly kind: UnplayedKind;
      /** The scheduled opponent of a forfeit; null for byes. */
      readonly opponent: string | null;
      readonly colour: Colour | null;
      readonly points: number;
    };

export interface PlayerRecord {
  readonly id: string;
  readonly rating: number;
  /** One entry per round so far; index 0 is round 1. */
  readonly rounds: readonly RoundEntry[];
}

export const UNPLAYED_POINTS: Readonly<Record<UnplayedKind, number>> = {
  'pairing-bye': 1,
  'full-bye': 1,
  'half-bye': 0.5,
  'zero-bye': 0,
  'forfeit-win': 1,
  'forfeit-loss': 0,
};

export const scoreOf = (p: PlayerRecord): number => p.rounds.reduce((s, r) => s + r.points, 0);

/** Index of records by id; an unknown id is a bug in the caller. */
export function byId(players: readonly PlayerRecord[]): (id: string) => PlayerRecord {
  const map = new Map(players.map((p) => [p.id, p]));
  return (id) => {
    const p = map.get(id);
    if (!p) throw new Error(`unknown player ${id}`);
    return p;
  };
}
