/**
 * How moderation ends a user's sessions. `banned` and `revoked` also refuse every access token
 * issued before that moment (the user's session epoch); `kicked` only closes the connections.
 */
export const SESSION_ENDINGS = ['banned', 'kicked', 'revoked'] as const;
export type SessionEnding = (typeof SESSION_ENDINGS)[number];

/**
 * The close code of every room connection that moderation ends, on every node at once. The SDK
 * does not reconnect after any of them; the web app shows {@link SESSION_CLOSE_MESSAGES}.
 */
export const SESSION_CLOSE_CODES = {
  /** The account was banned: every session ended, sign-in refused. */
  banned: 4430,
  /** A moderator removed the user from every room; they may come back. */
  kicked: 4431,
  /** Every session of the account was ended (by staff): sign in again. */
  revoked: 4432,
} as const satisfies Record<SessionEnding, number>;

/** What a closed connection tells its user, by ending. */
export const SESSION_CLOSE_MESSAGES = {
  banned: 'Your account has been banned.',
  kicked: 'A moderator removed you from the room.',
  revoked: 'Your sessions were ended: sign in again.',
} as const satisfies Record<SessionEnding, string>;

/** The ending a close code stands for, if it is one of {@link SESSION_CLOSE_CODES}. */
export function sessionEndingOf(code: number): SessionEnding | undefined {
  return SESSION_ENDINGS.find((why) => SESSION_CLOSE_CODES[why] === code);
}
