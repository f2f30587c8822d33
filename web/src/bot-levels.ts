import { BOT_LEVEL_NAMES, BOT_LEVELS, type BotLevel } from '../../schema/chess.ts';

/** Words for the computer's levels the app knows; any other level gets a label made from its name. */
const LABELS: Record<string, string> = BOT_LEVEL_NAMES;

/**
 * The label of a level: a known one's words, else `Level 3` for a name ending in a number
 * (`stockfish-3`), else the name with a capital.
 */
export function botLevelLabel(level: string): string {
  const known = LABELS[level];
  if (known) return known;
  const numbered = /(\d+)$/.exec(level);
  if (numbered) return `Level ${numbered[1]}`;
  return level.charAt(0).toUpperCase() + level.slice(1).replaceAll(/[-_]/g, ' ');
}

/**
 * The levels offered, as the server lists them (`BOT_LEVELS`), each with its label; the first
 * level that is neither the random nor the greedy mover is chosen first, when there is one.
 */
export function botLevelChoices(levels: readonly string[] = BOT_LEVELS): {
  options: [BotLevel, string][];
  chosen: BotLevel;
} {
  const options = levels.map((l) => [l as BotLevel, botLevelLabel(l)] as [BotLevel, string]);
  const engine = levels.find((l) => l !== 'random' && l !== 'greedy');
  const chosen = (engine ?? (levels.includes('greedy') ? 'greedy' : levels[0])) as BotLevel;
  return { options, chosen };
}
