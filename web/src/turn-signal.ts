import type { Color } from '../../schema/chess.ts';

/** The rook of the favicon; when it is the player's move, the icon turns orange with a dot. */
const ROOK = 'M10 26h12v-3H10zm1-4h10l-1-8h2V9h-3v2h-2V9h-2v2h-2V9h-3v5h2z';

function icon(yourMove: boolean): string {
  const bg = yourMove ? '#c0561b' : '#2f3b2f';
  const dot = yourMove ? '<circle cx="26" cy="6" r="5" fill="#ffd23f"/>' : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="${bg}"/><path d="${ROOK}" fill="#f0d9b5"/>${dot}</svg>`;
  return `data:image/svg+xml,${encodeURIComponent(svg)}`;
}

export interface TurnView {
  status: string;
  turn: Color;
  /** The side this page plays; undefined when watching. */
  me: Color | undefined;
}

/** The tab's title for a game: whose move it is, so a player sees it from another tab. */
export function turnTitle({ status, turn, me }: TurnView): string {
  if (status === 'waiting') return 'Waiting for an opponent · Rookery';
  if (status !== 'playing') return 'Game over · Rookery';
  if (!me) return `${turn === 'white' ? 'White' : 'Black'} to move · Rookery`;
  return turn === me ? 'Your move · Rookery' : 'Waiting for the opponent · Rookery';
}

/**
 * Shows whose move it is in the tab: its title and its icon (marked while it is the player's
 * move). `reset` puts back the page's own title and icon.
 */
export class TurnSignal {
  private shown = '';

  show(view: TurnView): void {
    const title = turnTitle(view);
    if (title === this.shown) return;
    this.shown = title;
    document.title = title;
    const yourMove = view.status === 'playing' && view.me === view.turn;
    this.setIcon(icon(yourMove));
    document.documentElement.dataset.yourMove = String(yourMove);
  }

  reset(): void {
    this.shown = '';
    document.title = 'Rookery';
    this.setIcon('/favicon.svg');
    delete document.documentElement.dataset.yourMove;
  }

  private setIcon(href: string): void {
    const link = document.querySelector<HTMLLinkElement>('link[rel="icon"]');
    if (link && link.getAttribute('href') !== href) link.setAttribute('href', href);
  }
}
