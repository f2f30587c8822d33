import type { UserDto } from '../../../schema/accounts.ts';
import { CATEGORIES } from '../../../schema/chess.ts';
import type { ProfileDto } from '../../../schema/leaderboards.ts';
import type { AppContext } from '../context.ts';
import { h } from '../dom.ts';

/**
 * The signed-in player's rating beside their name in the header: the category they have played
 * most (blitz before any game), with "?" while provisional. Filled in once the profile answers.
 */
export function headerRating(ctx: AppContext, user: UserDto): HTMLElement {
  const el = h('span', { class: 'header-rating', 'data-testid': 'header-rating' });
  if (user.guest) return el;
  ctx
    .get<ProfileDto>(`/api/users/${encodeURIComponent(user.username)}`)
    .then((p) => {
      const best = [...CATEGORIES].sort((a, b) => p.ratings[b].games - p.ratings[a].games)[0]!;
      const chosen = p.ratings[best].games > 0 ? best : 'blitz';
      const r = p.ratings[chosen];
      el.textContent = `${r.rating}${r.provisional ? '?' : ''}`;
      el.title = `${chosen} rating`;
    })
    .catch(() => undefined);
  return el;
}
