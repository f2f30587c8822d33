import { z } from 'zod';
import {
  GOLF_DEFAULT_RULES,
  GOLF_FLIP_MODES,
  GOLF_HOUSE_RULES,
  type GolfHouseRule,
  type GolfOptions,
  type GolfRules,
} from '../../../schema/golf.ts';
import { accepted, type Checked, refused } from '../../rules/refusal.ts';

/** A table's options when it asks for nothing. */
export const DEFAULTS: GolfOptions = { players: 2, holes: 9, turnMs: 30_000, ...GOLF_DEFAULT_RULES };

const houseRules = Object.fromEntries(
  GOLF_HOUSE_RULES.map((rule) => [rule, z.boolean().optional()]),
) as Record<GolfHouseRule, z.ZodOptional<z.ZodBoolean>>;

/** Golf's join options, checked at the edge (loose: the room's own fields pass through). */
export const joinOptions = z
  .object({
    players: z.number().int().min(2).max(6).optional(),
    holes: z.number().int().min(1).max(18).optional(),
    initialFlips: z.number().int().min(0).max(2).optional(),
    jokers: z.boolean().optional(),
    flipMode: z.enum(GOLF_FLIP_MODES).optional(),
    turnMs: z.number().int().min(50).max(600_000).optional(),
    seat: z.number().int().min(0).max(5).optional(),
    ...houseRules,
  })
  .loose();

/** The rules of a table, without its size and pace. */
export function rulesOf(options: GolfOptions): GolfRules {
  const { players: _p, holes: _h, turnMs: _t, ...rules } = options;
  return rules;
}

/** Options from checked join options or a record's; a rule that needs another is refused clearly. */
export function parseOptions(given: Record<string, unknown>): Checked<GolfOptions> {
  const checked = joinOptions.safeParse(given);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue?.path.join('.') || 'options';
    return refused('VALIDATION_FAILED', `golf options: ${where}: ${issue?.message ?? 'invalid'}`);
  }
  const options: GolfOptions = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as Array<keyof GolfOptions>) {
    const v = checked.data[key];
    if (v !== undefined) (options as Record<string, unknown>)[key] = v;
  }
  if (options.luckySwing && !options.jokers)
    return refused('VALIDATION_FAILED', 'golf options: luckySwing changes the jokers: it needs jokers: true');
  if (options.eagleEye && !options.jokers)
    return refused('VALIDATION_FAILED', 'golf options: eagleEye changes the jokers: it needs jokers: true');
  if (options.luckySwing && options.eagleEye)
    return refused(
      'VALIDATION_FAILED',
      'golf options: luckySwing and eagleEye both set the joker: choose one',
    );
  return accepted(options);
}

/** The join options that pair players on `joinOrCreate`: every option of the table. */
export const PAIR_BY: readonly string[] = Object.keys(DEFAULTS);
