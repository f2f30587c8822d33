import type { ChessRooms } from '../../client-sdk/chess.ts';
import type { RookeryClient } from '../../client-sdk/rest.ts';
import { type TournamentClient, Tournaments } from '../../client-sdk/tournaments.ts';
import type { TournamentGameNotice } from '../../schema/tournaments.ts';
import { livePath } from './router.ts';

const GAMES_KEY = 'rookery.tournament-games';

/** The games of tournaments this tab was told, per tab (`sessionStorage`): game id → tournament id. */
function gameBook() {
  const read = (): Record<string, string> => {
    try {
      return JSON.parse(sessionStorage.getItem(GAMES_KEY) ?? '{}') as Record<string, string>;
    } catch {
      return {};
    }
  };
  return {
    get: (gameId: string): string | undefined => read()[gameId],
    set: (gameId: string, tournamentId: string) => {
      const kept = Object.entries({ ...read(), [gameId]: tournamentId }).slice(-50);
      sessionStorage.setItem(GAMES_KEY, JSON.stringify(Object.fromEntries(kept)));
    },
  };
}

interface Followed {
  client: Promise<TournamentClient>;
  /** Pages showing it now. */
  viewers: number;
  /** The player plays in it (entered, not withdrawn, not finished): kept between its pages. */
  playing: boolean;
  /** The last game this player was told, while it may still be played. */
  notice: TournamentGameNotice | undefined;
  listeners: Set<() => void>;
}

export interface TournamentSessionHooks {
  rookery: RookeryClient;
  chess: ChessRooms;
  navigate(path: string): void;
}

/**
 * The tournaments this visit follows: the one a page shows, and those the player plays in, kept
 * open between pages (as the lobby's matches, a tournament's game is for the whole visit). When
 * the room says the player's game is ready, the game opens by itself wherever the player is but
 * in another game, and only the first time this tab hears of that game: a player who went back
 * to the tournament's page during a game is not sent back to it (the page links to it).
 */
export class TournamentSession {
  readonly api: Tournaments;
  private readonly followed = new Map<string, Followed>();
  private readonly games = gameBook();

  constructor(private readonly hooks: TournamentSessionHooks) {
    this.api = new Tournaments(hooks.rookery);
  }

  /** Follows `id` while a page shows it; `release` when the page goes. */
  watch(id: string): { client: Promise<TournamentClient>; release: () => void } {
    let entry = this.followed.get(id);
    if (!entry) {
      const client = this.api.follow(id, { chess: this.hooks.chess });
      entry = { client, viewers: 0, playing: false, notice: undefined, listeners: new Set() };
      this.followed.set(id, entry);
      void this.hear(id, entry);
    }
    const followed = entry;
    followed.viewers += 1;
    let released = false;
    return {
      client: followed.client,
      release: () => {
        if (released) return;
        released = true;
        followed.viewers -= 1;
        this.settle(id, followed);
      },
    };
  }

  /** Whether the player plays in `id` now: the page says so from what the room shows. */
  playing(id: string, playing: boolean): void {
    const entry = this.followed.get(id);
    if (!entry || entry.playing === playing) return;
    entry.playing = playing;
    this.settle(id, entry);
  }

  /** The player's game in `id` that the room told last (the page checks it is still played). */
  notice(id: string): TournamentGameNotice | undefined {
    return this.followed.get(id)?.notice;
  }

  /** Calls `listener` whenever the player is told a game of `id`; returns the unsubscriber. */
  onNotice(id: string, listener: () => void): () => void {
    const listeners = this.followed.get(id)?.listeners;
    listeners?.add(listener);
    return () => listeners?.delete(listener);
  }

  /** The tournament a game of this player belongs to, if this tab was told it. */
  tournamentOf(gameId: string): string | undefined {
    return this.games.get(gameId);
  }

  /** Another player signed in (or nobody): nothing of the last one is followed any more. */
  sessionChanged(): void {
    for (const [id, entry] of this.followed) {
      this.followed.delete(id);
      void entry.client.then((c) => c.leave()).catch(() => undefined);
    }
  }

  private async hear(id: string, entry: Followed): Promise<void> {
    try {
      const client = await entry.client;
      for (;;) {
        const notice = await client.nextGame();
        if (this.followed.get(id) !== entry) return;
        entry.notice = notice;
        const told = this.games.get(notice.gameId) !== undefined;
        this.games.set(notice.gameId, id);
        if (!told && this.mayOpen(id)) this.hooks.navigate(livePath(notice.game, notice.gameId));
        for (const listener of [...entry.listeners]) listener();
      }
    } catch {
      // The room closed for good (finished, or the connection is gone): nothing more to hear.
      if (this.followed.get(id) === entry) this.followed.delete(id);
    }
  }

  /** Any page may give way to the game, but that of another game (one the player may be playing). */
  private mayOpen(id: string): boolean {
    const game = /^\/(?:play|golf)\/([A-Za-z0-9_-]+)\/?$/.exec(location.pathname)?.[1];
    return game === undefined || this.games.get(game) === id;
  }

  private settle(id: string, entry: Followed): void {
    if (entry.viewers > 0 || entry.playing || this.followed.get(id) !== entry) return;
    this.followed.delete(id);
    void entry.client.then((c) => c.leave()).catch(() => undefined);
  }
}
