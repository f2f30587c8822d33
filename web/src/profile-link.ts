import { h } from './dom.ts';

/** The path of a player's profile page. */
export const profilePath = (username: string) => `/@/${encodeURIComponent(username)}`;

/** A player's name as a link to their profile; the computer (no account) stays plain text. */
export function playerName(name: string, options: { bot?: boolean } = {}): HTMLElement {
  if (options.bot || !/^[A-Za-z][A-Za-z0-9_-]{2,31}$/.test(name)) return h('span', {}, name);
  return h('a', { href: profilePath(name), class: 'player-link' }, name);
}

/** A country's name and code (`FR` → "France (FR)"); empty for none. */
export function countryLabel(code: string | null): string {
  if (!code) return '';
  let name = code;
  try {
    name = new Intl.DisplayNames(['en'], { type: 'region' }).of(code) ?? code;
  } catch {}
  return name === code ? code : `${name} (${code})`;
}
