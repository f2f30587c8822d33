/**
 * Ratings as the whole app shows them: the lobby, a live game and its replay use these, so a
 * rating reads the same everywhere (`1500?` while provisional, as Lichess writes it).
 */

/** `"1500?"`: a rating in whole points, `?` while provisional. */
export function ratingText(rating: number, provisional = false): string {
  return `${Math.round(rating)}${provisional ? '?' : ''}`;
}

/** `"alice (1500?)"`: a name with its rating; guests and the bot have none (0 or null). */
export function rated(name: string, rating: number | null, provisional = false): string {
  return rating ? `${name} (${ratingText(rating, provisional)})` : name;
}

/** `" +12"`, `" -8"`, or `""` when a game changed nothing (or was not rated). */
export function ratingDiffText(diff: number | null | undefined): string {
  if (!diff) return '';
  return diff > 0 ? ` +${diff}` : ` ${diff}`;
}
