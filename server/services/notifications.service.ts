import {
  type InboxDto,
  NOTIFICATION_MESSAGE,
  type NotificationDto,
  type NotificationType,
} from '../../schema/social.ts';
import type { Database } from '../db/database.ts';
import type { AccessClaims, Clock, PlayerDirectory } from './ports.ts';

/** How many notifications a user keeps at most; older ones are pruned. */
export const INBOX_KEEP = 200;
/** Read notifications are pruned after this long. */
export const READ_KEEP_SECONDS = 30 * 86_400;

/**
 * A durable inbox per user: a notification is kept first, then sent live to every device of the
 * user in the lobby (on whichever node it runs); a user who is away finds it in the inbox.
 */
export class NotificationsService {
  constructor(
    private readonly db: Database,
    private readonly players: () => PlayerDirectory | undefined,
    private readonly clock: Clock,
    private readonly onDeliveryError: (err: unknown) => void,
  ) {}

  async notify(
    to: { userId: string; username: string },
    type: NotificationType,
    data: Record<string, unknown>,
  ) {
    const row = await this.db.transaction((repos) => repos.social.notify(to.userId, type, data));
    const dto = row as NotificationDto;
    await this.players()?.deliver(to.username, NOTIFICATION_MESSAGE, dto).catch(this.onDeliveryError);
    return dto;
  }

  async inbox(
    claims: AccessClaims,
    options: { before?: string; limit: number; unreadOnly: boolean },
  ): Promise<InboxDto> {
    return this.db.read(async (repos) => {
      const rows = await repos.social.inbox(claims.userId, { ...options, limit: options.limit + 1 });
      const page = rows.slice(0, options.limit) as NotificationDto[];
      return {
        notifications: page,
        unread: await repos.social.unreadCount(claims.userId),
        next: rows.length > options.limit ? (page.at(-1)?.id ?? null) : null,
      };
    });
  }

  async markRead(claims: AccessClaims, ids: string[] | 'all'): Promise<{ marked: number; unread: number }> {
    return this.db.transaction(async (repos) => {
      const marked = await repos.social.markRead(claims.userId, ids, this.clock());
      return { marked, unread: await repos.social.unreadCount(claims.userId) };
    });
  }

  /** Removes read notifications after {@link READ_KEEP_SECONDS} and any beyond {@link INBOX_KEEP} a user. */
  prune(limit: number): Promise<number> {
    const readBefore = new Date(this.clock().getTime() - READ_KEEP_SECONDS * 1000);
    return this.db.transaction((repos) => repos.social.prune(readBefore, INBOX_KEEP, limit));
  }
}
