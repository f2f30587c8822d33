/**
 * Who may enter a tournament. A public one takes anyone; a private one is entered with its
 * password (checked by the control plane, which keeps its hash: the log never holds it) or by the
 * creator's invitation only (the invitations are events of the log). A disqualified player never
 * enters again. Pure, like the rest of the log.
 */
import type { ErrorCode } from '../../../schema/errors.ts';
import type { TournamentAccess } from '../../../schema/tournaments.ts';
import type { Tournament, TournamentEvent } from './tournament.ts';
import type { Decision } from './tournament-rules.ts';

/** A private tournament's entry. */
export type PrivateAccess = Exclude<TournamentAccess, 'public'>;

export interface Invitee {
  readonly userId: string;
  readonly name: string;
}

export type AccessEvent = { type: 'invited'; at: number; userId: string; name: string };

export function foldAccess(t: Tournament, e: AccessEvent): Tournament {
  return { ...t, invited: [...t.invited, { userId: e.userId, name: e.name }] };
}

export const accessOf = (t: Tournament): TournamentAccess => t.settings.access ?? 'public';

const no = (code: ErrorCode, message: string): Decision => ({ ok: false, code, message });

/**
 * Why `userId` may not enter, before the rules of entry are asked (`join`): disqualified, or not
 * invited to an invitation-only tournament (its creator needs no invitation). Null: go on.
 */
export function refusedEntry(t: Tournament, userId: string): Decision | null {
  if (t.staff.disqualified.includes(userId))
    return no('PLAYER_DISQUALIFIED', 'staff disqualified you from this tournament');
  const invited = t.invited.some((i) => i.userId === userId);
  if (accessOf(t) === 'invitation' && userId !== t.createdBy && !invited)
    return no('NOT_INVITED', 'this tournament is by invitation only');
  return null;
}

/** The creator invites players to an invitation-only tournament; those already invited are skipped. */
export function invite(t: Tournament, by: string, invitees: readonly Invitee[], at: number): Decision {
  if (accessOf(t) !== 'invitation')
    return no('VALIDATION_FAILED', 'only an invitation-only tournament takes invitations');
  if (by !== t.createdBy) return no('FORBIDDEN', "only the tournament's creator invites players");
  if (t.status === 'finished') return no('TOURNAMENT_FINISHED', 'the tournament is over');
  const events: TournamentEvent[] = [];
  const seen = new Set(t.invited.map((i) => i.userId));
  for (const { userId, name } of invitees) {
    if (seen.has(userId)) continue;
    seen.add(userId);
    events.push({ type: 'invited', at, userId, name });
  }
  return { ok: true, events };
}
