import type { SeatedMember } from '../shared/matches.ts';

/** A team member who plays a seat with its captain (consultation); the record names the captain. */
export interface Partner extends SeatedMember {
  sessionId: string | null;
}

/** One seat of a match, as the room tracks it. */
export interface Seat {
  index: number;
  team: number;
  /** null: free, or a bot's. */
  userId: string | null;
  name: string;
  guest: boolean;
  /** The bot's level; null for a person or a free seat. */
  bot: string | null;
  /** The connection holding the seat; null before the player first connects or after a restart. */
  sessionId: string | null;
  /** Server time since which the player is gone; 0 while connected (and always for a bot). */
  goneSince: number;
  /** Held by the server for this player (rematch, matchmaker): never given to anyone else. */
  reserved: boolean;
  /** Members who play this seat with its captain (consultation); empty in most games. */
  partners: Partner[];
}

/** What the server may hold a seat for: named players (a captain first), or a bot. */
export type HeldSeat = { members: SeatedMember[] } | { bot: string };

export function emptySeat(index: number, team: number): Seat {
  return {
    index,
    team,
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

/** Holds a seat for named players or seats a bot in it. */
export function hold(seat: Seat, held: HeldSeat): void {
  if ('bot' in held) {
    Object.assign(seat, { bot: held.bot, name: `Bot (${held.bot})` });
    return;
  }
  const [captain, ...partners] = held.members;
  if (!captain) return;
  Object.assign(seat, captain, { reserved: true });
  seat.partners = partners.map((p) => ({ ...p, sessionId: null }));
  seat.name = held.members.map((p) => p.name).join(' & ');
}

/** Whether a player is gone for longer than the grace period at `now`. */
export function goneTooLong(seat: Seat, now: number, graceMs: number): boolean {
  return seat.bot === null && seat.goneSince > 0 && now - seat.goneSince >= graceMs;
}

/**
 * The free seat a newcomer takes: the one asked for if it is free, else the first free one; all
 * free and no wish → `random` decides.
 */
export function chooseSeat(seats: Seat[], wish: number | undefined, random: () => number): Seat | undefined {
  const free = seats.filter((s) => !isTaken(s));
  if (free.length === 0) return undefined;
  const wished = free.find((s) => s.index === wish);
  if (wished) return wished;
  if (free.length === seats.length && wish === undefined) return seats[Math.floor(random() * seats.length)];
  return free[0];
}

/** Frees a seat before the game starts: a held one stays held for its player. */
export function vacate(seat: Seat): void {
  if (seat.reserved) seat.sessionId = null;
  else Object.assign(seat, emptySeat(seat.index, seat.team));
}

/** Whether everyone who plays this seat is connected (a bot always is). */
export function fullyPresent(seat: Seat): boolean {
  return seat.bot !== null || (seat.sessionId !== null && seat.partners.every((p) => p.sessionId !== null));
}

/** The players holding this seat: its captain and partners, with whether each is connected. */
export function membersOf(seat: Seat): Array<{ userId: string; present: boolean }> {
  if (!seat.userId) return [];
  return [
    { userId: seat.userId, present: seat.sessionId !== null },
    ...seat.partners.map((p) => ({ userId: p.userId, present: p.sessionId !== null })),
  ];
}

/** Whether the seat's player may claim the win: every seat of another team is gone too long. */
export function mayClaim(seats: Seat[], by: Seat, now: number, graceMs: number): boolean {
  const others = seats.filter((s) => s.team !== by.team);
  return others.length > 0 && others.every((s) => goneTooLong(s, now, graceMs));
}
