import type { FormedMatch, PairingRules, Widening } from './matchmaking.ts';
import { EntryBuffer } from './matchmaking-buffer.ts';
import { ageOrder, type Entry, Outward, type RatingIndex } from './matchmaking-index.ts';
import {
  acceptsFrom,
  CROSS_REGION_QUALITY,
  halfWidthAt,
  inBand,
  matchQuality,
  ratingQuality,
} from './matchmaking-quality.ts';
import { balanceTeams } from './matchmaking-teams.ts';

/** Subsets of candidates tried around one anchor of a team profile before settling for the best. */
const SEARCH_NODES = 2_000;
/** Complete (full-size) groups evaluated around one anchor of a team profile before settling. */
const SEARCH_GROUPS = 16;
/** Times computed for `Entry.nextCheck` are moved this much earlier, so rounding never delays a match. */
const EARLY_MS = 1;

/**
 * The pool's questions about tickets under one profile's rules: who accepts whom now, the best
 * match around a ticket, and the earliest time a ticket that failed could succeed. The entries
 * are read from the pool's rating index of the waiting tickets.
 */
export class MatchSearch {
  private readonly widening: Widening;
  private readonly playersPerMatch: number;
  private readonly walk = new Outward();
  /** The entries of the match the last `find` returned (anchor first); emptied by the next `find`. */
  readonly found = new EntryBuffer();
  /** `earliest`'s times found so far, ascending, and the players each brings; reused call to call. */
  private readonly times: number[] = [];
  private readonly sizes: number[] = [];

  constructor(private readonly rules: PairingRules) {
    this.widening = rules.widening;
    this.playersPerMatch = rules.teams * rules.teamSize;
  }

  /**
   * Whether `a` and `b` accept each other at `now`: each one's rating within the other's band,
   * and the region rule of `regionsAccepted`. Symmetric.
   */
  accepts(a: Entry, b: Entry, now: number): boolean {
    const relaxAfter = this.widening.relaxRegionAfterMs;
    return (
      inBand(b.rating, a.rating, halfWidthAt(a.since, this.widening, now)) &&
      inBand(a.rating, b.rating, halfWidthAt(b.since, this.widening, now)) &&
      (a.region === b.region || now - a.since >= relaxAfter || now - b.since >= relaxAfter)
    );
  }

  /**
   * The highest quality a match holding two tickets `distance` apart can have: exact for a 1v1
   * (the two of them), an upper bound otherwise (their gap is part of the spread; the imbalance
   * may be 0). Never increases with the distance.
   */
  ceiling(distance: number, sameRegion: boolean): number {
    const imbalance = this.playersPerMatch === 2 ? distance : 0;
    const quality = ratingQuality(distance, imbalance, this.widening.maxBand);
    return sameRegion ? quality : quality * CROSS_REGION_QUALITY;
  }

  /** Whether `a` and `b` accept each other now and could be in a match of enough quality. */
  couldMeet(a: Entry, b: Entry, now: number): boolean {
    return (
      this.accepts(a, b, now) &&
      this.ceiling(Math.abs(a.rating - b.rating), a.region === b.region) >= this.rules.minQuality
    );
  }

  /**
   * The best match `anchor` can form at `now`, or undefined. Its tickets' entries are left in
   * `found` until the next call.
   */
  find(anchor: Entry, items: RatingIndex, now: number): FormedMatch | undefined {
    this.found.clear();
    return this.playersPerMatch === 2 ? this.pair(anchor, items, now) : this.group(anchor, items, now);
  }

  /**
   * The earliest time at which `entry`, having just failed to match, could anchor a match: when
   * enough players to fill the match (parties counted whole) accept it and are accepted by it, as
   * bands grow and regions relax, among the tickets waiting now. A lower bound (those players
   * must also accept each other and fit the teams), and never later than the truth while nobody
   * arrives; the pool wakes tickets for those who arrive later. Not before `now`.
   */
  earliest(entry: Entry, items: RatingIndex, now: number): number {
    const need = this.playersPerMatch - entry.size;
    const relaxAfter = this.widening.relaxRegionAfterMs;
    const times = this.times;
    const sizes = this.sizes;
    let count = 0;
    let bound = Number.POSITIVE_INFINITY;
    const walk = this.walk.start(items, entry);
    for (let other = walk.next(); other; other = walk.next()) {
      const distance = Math.abs(other.rating - entry.rating);
      const own = acceptsFrom(entry.since, this.widening, distance);
      // Distances only grow along the walk, and with them `own`: nobody further can do better.
      if (own >= bound || own === Number.POSITIVE_INFINITY) break;
      if (this.ceiling(distance, true) < this.rules.minQuality) break;
      if (other.dead) continue;
      let at = Math.max(own, acceptsFrom(other.since, this.widening, distance));
      if (other.region !== entry.region) {
        if (this.ceiling(distance, false) < this.rules.minQuality) continue;
        at = Math.max(at, Math.min(entry.since, other.since) + relaxAfter);
      }
      if (at >= bound) continue;
      if (need === 1) {
        bound = at;
        continue;
      }
      let i = count;
      for (; i > 0 && times[i - 1]! > at; i--) {
        times[i] = times[i - 1]!;
        sizes[i] = sizes[i - 1]!;
      }
      times[i] = at;
      sizes[i] = other.size;
      count++;
      let players = 0;
      for (let k = 0; k < count; k++) {
        players += sizes[k]!;
        if (players >= need) {
          bound = times[k]!;
          count = k + 1;
          break;
        }
      }
    }
    return Math.max(now, bound - EARLY_MS);
  }

  /**
   * 1v1: the partner of highest quality, ties to the longer-waiting; nearest ratings first. The
   * walk stays within the anchor's band, so only the partner's band and the region rule are left
   * to check; it stops at the first rating too far to beat the best found, read from the index
   * without touching that entry. When the nearest live neighbour in the region accepts the
   * anchor, that is one more read.
   */
  private pair(anchor: Entry, items: RatingIndex, now: number): FormedMatch | undefined {
    const widening = this.widening;
    const rating = anchor.rating;
    const half = halfWidthAt(anchor.since, widening, now);
    const relaxAfter = widening.relaxRegionAfterMs;
    const anchorRelaxed = now - anchor.since >= relaxAfter;
    const walk = this.walk.start(items, anchor, rating - half, rating + half);
    let best: Entry | undefined;
    let bestQuality = -1;
    for (let other = walk.next(); other; other = walk.next()) {
      const distance = Math.abs(walk.lastRating() - rating);
      const ceiling = ratingQuality(distance, distance, widening.maxBand);
      if (ceiling < bestQuality) break;
      if (other.dead) continue;
      const sameRegion = other.region === anchor.region;
      if (!sameRegion && !anchorRelaxed && now - other.since < relaxAfter) continue;
      if (!inBand(rating, other.rating, halfWidthAt(other.since, widening, now))) continue;
      const quality = sameRegion ? ceiling : ceiling * CROSS_REGION_QUALITY;
      if (quality < this.rules.minQuality) continue;
      if (quality > bestQuality || (quality === bestQuality && ageOrder(other, best!) < 0)) {
        best = other;
        bestQuality = quality;
      }
    }
    if (!best) return undefined;
    this.found.push(anchor);
    this.found.push(best);
    return { teams: [[anchor.ticket], [best.ticket]], quality: bestQuality };
  }

  /**
   * Team profiles: among the nearest tickets that accept the anchor and that it accepts, a group
   * that with the anchor makes exactly `teams × teamSize` players, every two of them accepting each
   * other, split into balanced teams (`balanceTeams`), of the highest quality not below
   * `minQuality`. Groups are tried nearest-first within bounds (`SEARCH_NODES`, `SEARCH_GROUPS`,
   * four candidates a player), so in a crowded band it is the best of the closest groups.
   */
  private group(anchor: Entry, items: RatingIndex, now: number): FormedMatch | undefined {
    const half = halfWidthAt(anchor.since, this.widening, now);
    const walk = this.walk.start(items, anchor, anchor.rating - half, anchor.rating + half);
    const candidates: Entry[] = [];
    const limit = 4 * this.playersPerMatch;
    const need = this.playersPerMatch - anchor.size;
    let available = 0;
    for (let other = walk.next(); other && candidates.length < limit; other = walk.next()) {
      if (other.dead || !this.couldMeet(anchor, other, now)) continue;
      candidates.push(other);
      available += other.size;
    }
    if (available < need) return undefined;

    const chosen: Entry[] = [];
    let best: FormedMatch | undefined;
    let bestEntries: Entry[] = [];
    let nodes = 0;
    let groups = 0;
    const visit = (start: number, players: number): void => {
      nodes++;
      if (players === need) {
        groups++;
        const entries = [anchor, ...chosen];
        const teams = balanceTeams(
          entries.map((entry) => entry.ticket),
          this.rules.teams,
          this.rules.teamSize,
        );
        if (!teams) return;
        const quality = matchQuality(teams, this.rules);
        if (quality >= this.rules.minQuality && (!best || quality > best.quality)) {
          best = { teams, quality };
          bestEntries = entries;
        }
        return;
      }
      for (let k = start; k < candidates.length && nodes < SEARCH_NODES && groups < SEARCH_GROUPS; k++) {
        const candidate = candidates[k]!;
        if (players + candidate.size > need) continue;
        if (!chosen.every((other) => this.accepts(other, candidate, now))) continue;
        chosen.push(candidate);
        visit(k + 1, players + candidate.size);
        chosen.pop();
      }
    };
    visit(0, 0);
    for (const entry of bestEntries) this.found.push(entry);
    return best;
  }
}
