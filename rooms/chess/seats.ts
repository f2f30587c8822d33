import type { BotLevel, Color } from '../../schema/chess.ts';

/** A player the server seats by name (a rematch, a matchmade game), before they connect. */
export interface ReservedPlayer {
  userId: string;
  name: string;
  guest: boolean;
}

/** A consultation partner: moves for the side too, but the record names the side's captain. */
export interface Partner {
  userId: string;
  name: string;
  guest: boolean;
  sessionId: string | null;
}

/** One side of the board, as the room tracks it. */
export interface Seat {
  color: Color;
  /** null: free, or the bot's. */
  userId: string | null;
  name: string;
  guest: boolean;
  bot: BotLevel | null;
  /** The connection holding the seat; null before the player first connects or after a restart. */
  sessionId: string | null;
  /** Server time since which the player is gone; 0 while connected (and always for the bot). */
  goneSince: number;
  /** Held by the server for this player (rematch, matchmaker): never given to anyone else. */
  reserved: boolean;
  /** Team members who play this side with its captain (consultation); empty in a one-on-one. */
  partners: Partner[];
}

export function emptySeat(color: Color): Seat {
  return {
    color,
    userId: null,
    name: '',
    guest: false,
    bot: null,
    sessionId: null,
    goneSince: 0,
    reserved: false,
    partners: [],
  };
}

export function isTaken(seat: Seat): boolean {
  return seat.userId !== null || seat.bot !== null;
}

/** Whether a player is gone for longer than the grace period at `now`. */
export function goneTooLong(seat: Seat, now: number, graceMs: number): boolean {
  return seat.bot === null && seat.goneSince > 0 && now - seat.goneSince >= graceMs;
}

/**
 * The free seat a newcomer takes: the colour asked for if it is free, else the other one; both
 * free and no wish → `random` decides.
 */
export function chooseSeat(
  seats: Record<Color, Seat>,
  wish: Color | undefined,
  random: () => number,
): Seat | undefined {
  const free = (['white', 'black'] as const).filter((c) => !isTaken(seats[c]));
  if (free.length === 0) return undefined;
  if (wish && free.includes(wish)) return seats[wish];
  if (free.length === 2 && !wish) return seats[random() < 0.5 ? 'white' : 'black'];
  return seats[free[0]!];
}

/** Frees a seat before the game starts: a reserved one stays held for its player. */
export function vacate(seat: Seat): void {
  if (seat.reserved) seat.sessionId = null;
  else Object.assign(seat, emptySeat(seat.color));
}

/** Whether everyone who plays this side is connected (the bot always is). */
export function fullyPresent(seat: Seat): boolean {
  return seat.bot !== null || (seat.sessionId !== null && seat.partners.every((p) => p.sessionId !== null));
}

/** The players holding this side: its captain and partners, with whether each is connected. */
export function membersOf(seat: Seat): Array<{ userId: string; present: boolean }> {
  if (!seat.userId) return [];
  return [
    { userId: seat.userId, present: seat.sessionId !== null },
    ...seat.partners.map((p) => ({ userId: p.userId, present: p.sessionId !== null })),
  ];
}
