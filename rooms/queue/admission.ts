import type { QueueProfile } from '../../schema/queues.ts';
import type { PairingRules } from '../rules/matchmaking.ts';
import type { Refusal } from '../rules/refusal.ts';
import type { SeatedMember } from '../shared/matches.ts';

/** The pure pool's rules for a queue profile. */
export function pairingRulesOf(profile: QueueProfile): PairingRules {
  return {
    teams: profile.teams,
    teamSize: profile.teamSize,
    regions: profile.regions,
    widening: {
      initialBand: profile.widening.initialBand,
      growthPerSecond: profile.widening.growthPerSecond,
      maxBand: profile.widening.maxBand,
      relaxRegionAfterMs: profile.widening.relaxRegionAfterSeconds * 1000,
    },
    minQuality: profile.minQuality,
    ...(profile.maxSeats === undefined ? {} : { seats: tableSeatsOf(profile) }),
  };
}

/** The seats of a queue of tables. */
function tableSeatsOf(profile: QueueProfile) {
  const max = profile.maxSeats ?? 2;
  return { min: profile.minSeats ?? max, max, fillWaitMs: (profile.fillWaitSeconds ?? 0) * 1000 };
}

/**
 * What the profile itself says of a ticket (the players' other tickets are the room's to check):
 * the region it waits in (the profile's first when none is asked for), or why it may not enter.
 */
export function admit(
  profile: QueueProfile,
  members: readonly SeatedMember[],
  region: string | undefined,
): { ok: true; region: string } | { ok: false; refusal: Refusal } {
  const chosen = region ?? profile.regions[0]!;
  if (!profile.regions.includes(chosen)) {
    const message = `regions of this queue: ${profile.regions.join(', ')}`;
    return { ok: false, refusal: { code: 'UNKNOWN_REGION', message } };
  }
  if (profile.maxSeats !== undefined && members.length > profile.maxSeats) {
    const message = `this queue's tables seat at most ${profile.maxSeats}; the party has ${members.length}`;
    return { ok: false, refusal: { code: 'PARTY_TOO_LARGE', message } };
  }
  if (profile.maxSeats === undefined && members.length > profile.teamSize) {
    const message = `this queue seats teams of ${profile.teamSize}; the party has ${members.length}`;
    return { ok: false, refusal: { code: 'PARTY_TOO_LARGE', message } };
  }
  if (profile.rated && members.some((m) => m.guest)) {
    const message = 'rated queues are for registered players';
    return { ok: false, refusal: { code: 'RATED_NEEDS_ACCOUNT', message } };
  }
  return { ok: true, region: chosen };
}
