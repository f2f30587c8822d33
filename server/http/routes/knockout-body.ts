import { z } from 'zod';
import {
  KNOCKOUT_DECIDERS,
  KNOCKOUT_ELIMINATIONS,
  type KnockoutOptions,
} from '../../../schema/tournaments.ts';

/**
 * A knockout's options in `POST /api/tournaments` (`knockout`), every one optional: what is left
 * out takes its default; an option of the other kind of elimination is refused, not ignored.
 */
export const KnockoutBody = z
  .strictObject({
    elimination: z.enum(KNOCKOUT_ELIMINATIONS).default('single'),
    games: z.number().int().min(1).max(12).default(1),
    tieBreakGames: z.number().int().min(0).max(6).default(0),
    tieBreakSets: z.number().int().min(1).max(5).optional(),
    decider: z.enum(KNOCKOUT_DECIDERS).default('sudden-death'),
    thirdPlace: z.boolean().optional(),
    grandFinalReset: z.boolean().optional(),
  })
  .refine((k) => k.elimination === 'single' || k.thirdPlace === undefined, {
    path: ['thirdPlace'],
    message: 'a double elimination places its players by the losers’ bracket: no third-place match',
  })
  .refine((k) => k.elimination === 'double' || k.grandFinalReset === undefined, {
    path: ['grandFinalReset'],
    message: 'only a double elimination has a grand final to reset',
  })
  .refine((k) => k.tieBreakGames > 0 || k.tieBreakSets === undefined, {
    path: ['tieBreakSets'],
    message: 'tie-break sets need tieBreakGames',
  })
  .transform(
    (k): KnockoutOptions => ({
      elimination: k.elimination,
      games: k.games,
      tieBreakGames: k.tieBreakGames,
      tieBreakSets: k.tieBreakSets ?? 1,
      decider: k.decider,
      thirdPlace: k.thirdPlace ?? false,
      grandFinalReset: k.grandFinalReset ?? k.elimination === 'double',
    }),
  );
