import { z } from 'zod';
import type { TournamentStaffNotice } from '../../schema/tournaments.ts';
import type { Tournament } from '../../server/domain/tournaments/tournament.ts';
import type { Decision } from '../../server/domain/tournaments/tournament-rules.ts';
import {
  adjudicatedResult,
  disqualify,
  endEarly,
  pause,
  resume,
} from '../../server/domain/tournaments/tournament-staff.ts';
import type { TournamentStaffCommand } from '../../server/services/ports.ts';

const id = z.string().min(1).max(64);
const reason = z.string().min(1).max(500);
/** A tournament game's result: a win of one side or a draw. */
const score = z.union([z.literal(0), z.literal(0.5), z.literal(1)]);

/** A staff command as the control plane sends it (checked again here: it travels as JSON). */
export const StaffCommandSchema: z.ZodType<TournamentStaffCommand> = z.discriminatedUnion('type', [
  z.strictObject({ type: z.enum(['pause', 'resume', 'end']), by: id, reason }),
  z.strictObject({ type: z.literal('disqualify'), by: id, reason, userId: id }),
  z.strictObject({
    type: z.literal('adjudicated'),
    gameId: z.string().min(1).max(32),
    scores: z.tuple([score, score]).refine(([w, b]) => w + b === 1, 'the scores of a win or a draw'),
  }),
]);

/** The creator's invitations, as the control plane sends them. */
export const InvitationSchema = z.strictObject({
  by: id,
  invitees: z
    .array(z.strictObject({ userId: id, name: z.string().min(1).max(64) }))
    .min(1)
    .max(50),
});

/** What a staff command decides, by the rules of `tournament-staff.ts`. */
export function staffDecision(t: Tournament, command: TournamentStaffCommand, now: number): Decision {
  if (command.type === 'adjudicated') return adjudicatedResult(t, command.gameId, command.scores, now);
  const act = { by: command.by, reason: command.reason };
  if (command.type === 'pause') return pause(t, act, now);
  if (command.type === 'resume') return resume(t, act, now);
  if (command.type === 'disqualify') return disqualify(t, command.userId, act, now);
  return endEarly(t, act, now);
}

const ACTIONS = {
  pause: 'paused',
  resume: 'resumed',
  end: 'ended-early',
  disqualify: 'disqualified',
} as const;

/** What everyone watching the tournament is told of a command carried out (none for a result). */
export function staffNotice(command: TournamentStaffCommand, at: number): TournamentStaffNotice | null {
  if (command.type === 'adjudicated') return null;
  const notice: TournamentStaffNotice = { action: ACTIONS[command.type], reason: command.reason, at };
  return command.type === 'disqualify' ? { ...notice, userId: command.userId } : notice;
}
