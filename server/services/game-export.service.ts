import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { GameExportDto, GameImportDto, GameReplayDto, GameReplayStepDto } from '../../schema/games.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './errors.ts';
import { toLoggedEvent } from './match.dto.ts';
import { gameNotFound } from './match.service.ts';
import type { GameReplays, ReplayedGame } from './ports.ts';

/** JSON with every object's keys in order: the bytes a signature covers, whatever the key order sent. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

const tampered = (message: string) => new AppError('GAME_EXPORT_TAMPERED', message);

/**
 * A game's record as a whole: its export (the log and everything needed to play it again, signed),
 * its import (played again through its module and refused, with nothing written, unless it leads
 * to exactly the record it carries and its signature holds), and its public replay, step by step,
 * as a spectator saw it.
 */
export class GameExportService {
  constructor(
    private readonly db: Database,
    /** The server's secrets: the first signs, any verifies (a rotation keeps older exports good). */
    private readonly keys: readonly string[],
    private readonly newId: () => string = () => randomBytes(9).toString('base64url'),
  ) {
    if (keys.length === 0) throw new Error('an export needs a key to sign with');
  }

  private sign(doc: Omit<GameExportDto, 'signature'>, key: string): string {
    return createHmac('sha256', key)
      .update(`rookery-game-export\n${canonicalJson(doc)}`)
      .digest('base64url');
  }

  /** An ended game as JSON; GAME_NOT_FINISHED while it is played (its seed would tell every card). */
  async exportGame(id: string): Promise<GameExportDto> {
    return this.db.read(async (repos) => {
      const found = await repos.games.findWithPlayers(id);
      if (!found) throw gameNotFound(id);
      const { game, players } = found;
      if (game.status !== 'ended' || !game.endedAt)
        throw new AppError(
          'GAME_NOT_FINISHED',
          `game ${id} is still being played: it is exported once it ends`,
        );
      const events = (await repos.games.events(id)).map(toLoggedEvent);
      const seed = events[0]?.event.seed;
      const doc: Omit<GameExportDto, 'signature'> = {
        format: 'rookery-game',
        version: 1,
        id,
        game: game.game,
        options: game.options,
        pool: game.pool,
        rated: game.rated,
        startedAt: game.startedAt.toISOString(),
        endedAt: game.endedAt.toISOString(),
        seed: typeof seed === 'number' ? seed : null,
        seats: players.map((p) => ({ seat: p.seat, team: p.team, name: p.name, bot: p.bot ?? null })),
        events,
        termination: game.termination ?? '',
        results: players
          .filter((p) => p.score != null && p.place != null)
          .map((p) => ({ seat: p.seat, score: p.score!, placing: p.place! })),
        record: { ...(game.record ?? {}) } as Record<string, unknown>,
      };
      return { ...doc, signature: this.sign(doc, this.keys[0]!) };
    });
  }

  /**
   * Keeps an exported game under a new id, unrated, its seats without accounts. Refused with
   * GAME_EXPORT_TAMPERED, and nothing written, when an event cannot be played, when the events do
   * not lead to the seed, results and record it carries, or when its signature does not hold.
   */
  async importGame(doc: GameExportDto, replays: GameReplays): Promise<GameImportDto> {
    const replayed = replays.replay(doc.game, doc.options, doc.events, {
      gameId: doc.id,
      rated: doc.rated,
      pool: doc.pool,
      names: doc.seats.map((s) => s.name),
      ratings: doc.seats.map(() => undefined),
    });
    if (!replayed.ok) {
      if (replayed.seq === 0) throw new AppError('VALIDATION_FAILED', replayed.message);
      throw tampered(replayed.message);
    }
    this.checkAgainst(doc, replayed);
    const { signature, ...signed } = doc;
    if (!this.keys.some((key) => sameText(this.sign(signed, key), signature)))
      throw tampered('the signature does not match the game: it was changed, or exported by another server');
    const id = this.newId();
    const startedAt = new Date(doc.startedAt);
    await this.db.transaction(async (repos) => {
      if (
        !(await repos.games.insertGame({
          id,
          game: doc.game,
          options: doc.options,
          pool: doc.pool,
          rated: false,
          startedAt,
          reportTo: null,
        }))
      )
        throw new Error(`game id ${id} is taken`);
      await repos.games.insertPlayers(
        doc.seats.map((s) => ({ ...s, gameId: id, userId: null, guest: false, startedAt })),
      );
      for (const [i, logged] of doc.events.entries()) {
        const derived = replayed.derived[i] ?? null;
        const outcome = await repos.games.appendEvent({ gameId: id, ...logged, derived });
        if (outcome !== 'appended') throw new Error(`game ${id}: event ${logged.seq} was not written`);
      }
      const record = { ...doc.record, importedFrom: doc.id };
      await repos.games.end(id, { termination: doc.termination, record, endedAt: new Date(doc.endedAt) });
      await repos.games.setPlayerOutcomes(
        id,
        doc.results.map((r) => ({
          seat: r.seat,
          score: r.score,
          place: r.placing,
          ratingBefore: null,
          ratingAfter: null,
          ratingDiff: null,
          provisional: null,
        })),
      );
    });
    return { id, game: doc.game, importedFrom: doc.id };
  }

  /** What the events lead to must be what the export says they led to, field by field. */
  private checkAgainst(doc: GameExportDto, replayed: ReplayedGame): void {
    const start = doc.events[0]?.event;
    if ((typeof start?.seed === 'number' ? start.seed : null) !== doc.seed)
      throw tampered('the seed differs from the seed of the start event');
    if (doc.seats.some((s, i) => s.seat !== i)) throw tampered('the seats are not numbered in order');
    const ending = replayed.ending;
    if (replayed.status !== 'ended' || !ending) throw tampered('the events do not end the game');
    if (ending.termination !== doc.termination)
      throw tampered(`the events end the game by "${ending.termination}", not "${doc.termination}"`);
    const bySeat = (rs: GameExportDto['results']) =>
      [...rs].sort((a, b) => a.seat - b.seat).map(({ seat, score, placing }) => ({ seat, score, placing }));
    if (!isDeepStrictEqual(bySeat(ending.results), bySeat(doc.results)))
      throw tampered('the scores or placings differ from those the events lead to');
    if (new Date(ending.endedAt).toISOString() !== doc.endedAt)
      throw tampered('the end time differs from the time of the last event');
    if (canonicalJson(replayed.record) !== canonicalJson(doc.record))
      throw tampered('the record (its cards or scores) differs from the one the events lead to');
  }

  /** The replay's outline: who played, by which options, and how many steps there are. */
  async replay(id: string, replays: GameReplays): Promise<GameReplayDto> {
    const { game, players, frames } = await this.framesOf(id, replays);
    return {
      id,
      game: game.game,
      status: game.status,
      options: game.options,
      seats: players.map((p) => ({ seat: p.seat, name: p.name, bot: p.bot ?? null })),
      steps: frames.length,
    };
  }

  /** One step of the replay, alone: nothing of a later step is in it. */
  async replayStep(id: string, step: number, replays: GameReplays): Promise<GameReplayStepDto> {
    const { frames } = await this.framesOf(id, replays);
    const frame = frames[step];
    if (!frame) {
      throw new AppError(
        'VALIDATION_FAILED',
        `invalid path: step: game ${id} has steps 0 to ${frames.length - 1}`,
        [{ path: 'step', message: `0 to ${frames.length - 1}` }],
      );
    }
    return { step, steps: frames.length, ...frame, at: new Date(frame.at).toISOString() };
  }

  private async framesOf(id: string, replays: GameReplays) {
    const found = await this.db.read(async (repos) => {
      const stored = await repos.games.findWithPlayers(id);
      return stored && { ...stored, events: (await repos.games.events(id)).map(toLoggedEvent) };
    });
    if (!found) throw gameNotFound(id);
    const shown = replays.frames(found.game.game, found.game.options, found.events);
    if (!shown.ok) throw new Error(`game ${id} cannot be replayed: ${shown.message}`);
    return { ...found, frames: shown.frames };
  }
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
