import { ChatLineState, type LobbyState } from '../../schema/lobby.state.ts';
import { ChatWindow } from '../rules/chat.ts';
import { accepted, type Checked, refused } from '../rules/refusal.ts';
import type { Showcase } from './audience.ts';
import type { ChallengeParty } from './challenges.ts';
import { lobbyLine } from './chat.ts';
import type { LobbySettings } from './deps.ts';

/**
 * The lobby's chat: who may say what (the flood window, staff mutes), the lines the state shows
 * (numbered, the oldest dropping off past `chatHistory`), and staff deleting a line.
 */
export class ChatBoard {
  private readonly window = new ChatWindow(lobbyLine);
  private serial = 0;
  /** Users muted by staff, until when (ms since the epoch). */
  private readonly muted = new Map<string, number>();

  constructor(
    private readonly lines: LobbyState['chat'],
    private readonly settings: LobbySettings,
    private readonly showcase: Showcase,
  ) {}

  /** Staff calls heard so far, and the number of the latest about each user they concerned. */
  private calls = 0;
  private readonly lastCall = new Map<string, number>();

  /** Staff muted `userId` until `untilMs` (a time past, or none, lifts it). */
  mute(userId: string, untilMs: number | null, now: number): void {
    this.calls += 1;
    this.lastCall.set(userId, this.calls);
    this.set(userId, untilMs, now);
  }

  /** How many staff calls were heard so far: what a read of the record starts after. */
  get staffCalls(): number {
    return this.calls;
  }

  /**
   * The record's mute of a user coming in, read after `asOf` staff calls. A staff call about them
   * heard since is newer than the read, and stands.
   */
  recorded(userId: string, untilMs: number | null, now: number, asOf: number): void {
    if ((this.lastCall.get(userId) ?? 0) > asOf) return;
    this.set(userId, untilMs, now);
  }

  private set(userId: string, untilMs: number | null, now: number): void {
    if (untilMs !== null && untilMs > now) this.muted.set(userId, untilMs);
    else this.muted.delete(userId);
  }

  /** The user left for good: their flood window goes (a mute stays). */
  forget(userId: string): void {
    this.window.forget(userId);
  }

  /** Removes line `id`: what it said, or null when no line has that id (any more). */
  deleteLine(id: unknown): { userId: string; name: string; text: string } | null {
    const index = this.lines.findIndex((line) => line.id === id);
    if (index < 0) return null;
    this.showcase.drop(this.lines[index]!);
    const [line] = this.lines.splice(index, 1);
    return { userId: line!.userId, name: line!.name, text: line!.text };
  }

  /** Adds the user's line, or says why not (muted, too long, too many) and changes nothing. */
  say(user: ChallengeParty, raw: string, now: number): Checked<object> {
    const mutedUntil = this.muted.get(user.userId);
    if (mutedUntil !== undefined && mutedUntil > now) {
      return refused('MUTED', `you are muted in chats until ${new Date(mutedUntil).toISOString()}`);
    }
    const text = this.window.say(user.userId, raw, now, this.settings);
    if (!text.ok) return text;
    this.serial += 1;
    const { userId, name } = user;
    const line = Object.assign(new ChatLineState(), {
      id: this.serial,
      userId,
      name,
      text: text.value,
      at: now,
    });
    this.lines.push(line);
    this.showcase.show(line, userId);
    while (this.lines.length > this.settings.chatHistory) this.showcase.drop(this.lines.shift()!);
    return accepted({});
  }
}
