/** Friends, blocks and the notification inbox, as the API shows them. */

/** What a notification is about (a closed set; later kinds are added here). */
export const NOTIFICATION_TYPES = [
  'friend_request',
  'friend_accepted',
  'challenge',
  'party_invite',
  'tournament_starting',
] as const;
export type NotificationType = (typeof NOTIFICATION_TYPES)[number];

/** The room message that carries a new notification to every lobby connection of its user. */
export const NOTIFICATION_MESSAGE = 'notification';

export interface NotificationDto {
  id: string;
  type: NotificationType;
  /** What happened: `{ from: { userId, name } }` and, per type, `challengeId`, `partyId`… */
  data: Record<string, unknown>;
  createdAt: string;
  readAt: string | null;
}

export interface InboxDto {
  notifications: NotificationDto[];
  unread: number;
  /** The `before` of the next page; null on the last. */
  next: string | null;
}

/** Another account in one of the caller's lists. */
export interface ListedUserDto {
  userId: string;
  username: string;
  since: string;
}

/** A friend with where they are now: offline, online, or playing (with the game to watch). */
export interface FriendDto extends ListedUserDto {
  online: boolean;
  /** The game they play now, if any, and the web app's path to watch it. */
  playing: { gameId: string; watch: string } | null;
}

export interface FriendsDto {
  friends: FriendDto[];
  /** Requests to the caller, to accept or decline. */
  incoming: ListedUserDto[];
  /** The caller's own requests, still unanswered. */
  outgoing: ListedUserDto[];
}
