import type { Band, PairingRules, Ticket, Widening } from './matchmaking.ts';

/**
 * The factor applied to a match's quality when its tickets do not all share a region. With it,
 * the lowest quality a match of mutually accepted tickets can have is 0.4 (see `matchQuality`).
 */
export const CROSS_REGION_QUALITY = 0.8;

/** The party's combined rating: the mean of its members' ratings (a solo player's own rating). */
export function ticketRating(ticket: Ticket): number {
  const members = ticket.members;
  if (members.length === 1) return members[0]!.rating;
  let sum = 0;
  for (const member of members) sum += member.rating;
  return sum / members.length;
}

/**
 * Half-width of the band of a ticket waiting since `since`, at `now`: `initialBand` plus
 * `growthPerSecond` for each second waited, capped at `maxBand`. Before `since`, `initialBand`.
 */
export function halfWidthAt(since: number, widening: Widening, now: number): number {
  const waitedSeconds = Math.max(0, now - since) / 1000;
  return Math.min(widening.maxBand, widening.initialBand + widening.growthPerSecond * waitedSeconds);
}

/**
 * The ratings a ticket accepts at `now`: its own rating ± its half-width (`halfWidthAt`).
 *
 * @example
 * // a ticket rated 1500, waiting since 0; initialBand 50, growthPerSecond 10, maxBand 400
 * bandAt(ticket, widening, 3_000) // { min: 1420, max: 1580 }
 */
export function bandAt(ticket: Ticket, widening: Widening, now: number): Band {
  const rating = ticketRating(ticket);
  const half = halfWidthAt(ticket.since, widening, now);
  return { min: rating - half, max: rating + half };
}

/** Whether `rating` lies in the band centred on `center` with half-width `half` (bounds included). */
export function inBand(rating: number, center: number, half: number): boolean {
  return rating >= center - half && rating <= center + half;
}

/** Whether each ticket's rating lies within the other's band at `now`. */
export function mutuallyAccepted(a: Ticket, b: Ticket, widening: Widening, now: number): boolean {
  const ra = ticketRating(a);
  const rb = ticketRating(b);
  return (
    inBand(rb, ra, halfWidthAt(a.since, widening, now)) && inBand(ra, rb, halfWidthAt(b.since, widening, now))
  );
}

/**
 * The region rule: two tickets may meet if they prefer the same region, or if either of them has
 * waited at least `relaxRegionAfterMs` (a ticket that has waited that long accepts any region, and
 * is accepted anywhere). "Either" rather than "both", so that a lone player in a quiet region is
 * matched once relaxed instead of waiting for someone elsewhere to wait as long.
 */
export function regionsAccepted(a: Ticket, b: Ticket, widening: Widening, now: number): boolean {
  return (
    a.region === b.region ||
    now - a.since >= widening.relaxRegionAfterMs ||
    now - b.since >= widening.relaxRegionAfterMs
  );
}

/**
 * The rating part of a match's quality: 1 - (spread + imbalance) / (4 × maxBand), in 0..1.
 * Shared by `matchQuality` and the pool's search so both compute the very same number.
 */
export function ratingQuality(spread: number, imbalance: number, maxBand: number): number {
  const off = spread + imbalance;
  if (off <= 0) return 1;
  if (maxBand <= 0) return 0;
  return Math.max(0, 1 - off / (4 * maxBand));
}

/**
 * The quality of a match, in 0..1:
 *
 *     quality = (1 - (spread + imbalance) / (4 × maxBand)) × (all in one region ? 1 : 0.8)
 *
 * where `spread` is the highest minus the lowest ticket rating in the match and `imbalance` the
 * highest minus the lowest team mean rating (each team's mean over its members). Clamped to 0..1.
 * Identical ratings in one region give 1. In a 1v1, a rating gap d gives 1 - d / (2 × maxBand).
 *
 * Tickets of a formed match accept one another, so spread ≤ maxBand and imbalance ≤ spread: a
 * formed match has quality ≥ 0.5 in one region and ≥ 0.4 across regions. A profile whose
 * `minQuality` is at most 0.4 therefore never refuses a match its bands allow, and nobody starves.
 */
export function matchQuality(teams: readonly (readonly Ticket[])[], rules: PairingRules): number {
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  let lowestTeam = Number.POSITIVE_INFINITY;
  let highestTeam = Number.NEGATIVE_INFINITY;
  let region: string | undefined;
  let mixed = false;
  for (const team of teams) {
    let sum = 0;
    let players = 0;
    for (const ticket of team) {
      const rating = ticketRating(ticket);
      if (rating < lowest) lowest = rating;
      if (rating > highest) highest = rating;
      sum += rating * ticket.members.length;
      players += ticket.members.length;
      if (region === undefined) region = ticket.region;
      else if (ticket.region !== region) mixed = true;
    }
    if (players === 0) continue;
    const mean = sum / players;
    if (mean < lowestTeam) lowestTeam = mean;
    if (mean > highestTeam) highestTeam = mean;
  }
  if (region === undefined) return 0;
  const imbalance = highestTeam - lowestTeam;
  const quality = ratingQuality(highest - lowest, imbalance, rules.widening.maxBand);
  return mixed ? quality * CROSS_REGION_QUALITY : quality;
}

/**
 * The earliest time at which a ticket waiting since `since` accepts a rating `distance` away:
 * -Infinity if it already did at `since`, Infinity if it never will (beyond `maxBand`).
 */
export function acceptsFrom(since: number, widening: Widening, distance: number): number {
  if (distance <= widening.initialBand) return Number.NEGATIVE_INFINITY;
  if (distance > widening.maxBand || widening.growthPerSecond <= 0) return Number.POSITIVE_INFINITY;
  return since + ((distance - widening.initialBand) / widening.growthPerSecond) * 1000;
}
