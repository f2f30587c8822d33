/**
 * What a player chose for this browser (kept in `localStorage`): the colour scheme, the board's
 * colours, the pieces and whether moves make a sound. Each choice is a closed vocabulary; a
 * stored value that is not in it (an older version's, or edited by hand) counts as not chosen.
 * The page shows the choices through attributes of `<html>` (`data-theme`, `data-board`,
 * `data-pieces`), which the stylesheets read.
 */

export const THEMES = ['light', 'dark'] as const;
export const BOARDS = ['brown', 'blue', 'green', 'grey'] as const;
export const PIECE_SETS = ['cburnett', 'glyphs'] as const;

export type Theme = (typeof THEMES)[number];
export type BoardTheme = (typeof BOARDS)[number];
export type PieceSet = (typeof PIECE_SETS)[number];

export interface Prefs {
  theme: Theme;
  board: BoardTheme;
  pieces: PieceSet;
  sound: boolean;
}

export const BOARD_LABELS: Record<BoardTheme, string> = {
  brown: 'Brown',
  blue: 'Blue',
  green: 'Green',
  grey: 'Grey',
};

export const PIECE_LABELS: Record<PieceSet, string> = {
  cburnett: 'Classic (cburnett)',
  glyphs: 'Simple (letters of the font)',
};

const KEY = 'rookery.prefs';

function oneOf<T extends string>(list: readonly T[], value: unknown, fallback: T): T {
  return list.includes(value as T) ? (value as T) : fallback;
}

/** The stored choices; what was never chosen follows the system (dark mode) or the defaults. */
export function readPrefs(storage: Pick<Storage, 'getItem'>, systemDark: boolean): Prefs {
  let raw: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(storage.getItem(KEY) ?? '{}');
    if (parsed && typeof parsed === 'object') raw = parsed as Record<string, unknown>;
  } catch {
    // Unreadable: as if nothing was chosen.
  }
  return {
    theme: oneOf(THEMES, raw.theme, systemDark ? 'dark' : 'light'),
    board: oneOf(BOARDS, raw.board, 'brown'),
    pieces: oneOf(PIECE_SETS, raw.pieces, 'cburnett'),
    sound: typeof raw.sound === 'boolean' ? raw.sound : true,
  };
}

/** The choices with `change` applied, stored. */
export function writePrefs(storage: Pick<Storage, 'setItem'>, prefs: Prefs, change: Partial<Prefs>): Prefs {
  const next = { ...prefs, ...change };
  try {
    storage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Storage full or refused (private browsing): the choice holds for this page only.
  }
  return next;
}

/** Shows the choices on the page, through the attributes of `<html>`. */
export function applyPrefs(root: HTMLElement, prefs: Prefs): void {
  root.dataset.theme = prefs.theme;
  root.dataset.board = prefs.board;
  root.dataset.pieces = prefs.pieces;
  root.dataset.sound = prefs.sound ? 'on' : 'off';
}

/** The choices of this browser: read once, shown on the page, stored on every change. */
export class Preferences {
  private current: Prefs;

  constructor(
    private readonly storage: Storage,
    private readonly root: HTMLElement,
    systemDark: boolean,
  ) {
    this.current = readPrefs(storage, systemDark);
    applyPrefs(root, this.current);
  }

  get(): Prefs {
    return this.current;
  }

  set(change: Partial<Prefs>): void {
    this.current = writePrefs(this.storage, this.current, change);
    applyPrefs(this.root, this.current);
  }
}
