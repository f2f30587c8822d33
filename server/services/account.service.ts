import type { UserDto } from '../../schema/accounts.ts';
import type { Database } from '../db/database.ts';
import { AppError } from './errors.ts';
import type { AccessClaims } from './ports.ts';
import { accountRowToUserDto, toUserDto } from './user.dto.ts';

/** A signed-in user's own account. */
export class AccountService {
  constructor(private readonly db: Database) {}

  async me(claims: AccessClaims): Promise<UserDto> {
    const row = await this.db.read((repos) => repos.users.findAccountRow(claims.userId));
    if (!row) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
    if (row.banned) throw new AppError('ACCOUNT_BANNED', 'this account is banned');
    return accountRowToUserDto(row);
  }

  /** Changes the display name and country; `null` clears a field, an absent field stays. */
  async updateMe(
    claims: AccessClaims,
    patch: { displayName?: string | null | undefined; country?: string | null | undefined },
  ): Promise<UserDto> {
    return this.db.transaction(async (repos) => {
      const user = await repos.users.findById(claims.userId);
      if (!user) throw new AppError('USER_NOT_FOUND', 'this account no longer exists');
      if (user.bannedAt) throw new AppError('ACCOUNT_BANNED', 'this account is banned');
      const changed: Record<string, unknown> = {};
      if (patch.displayName !== undefined && patch.displayName !== (user.displayName ?? null)) {
        changed.displayName = patch.displayName;
        user.displayName = patch.displayName;
      }
      if (patch.country !== undefined && patch.country !== (user.country ?? null)) {
        changed.country = patch.country;
        user.country = patch.country;
      }
      if (Object.keys(changed).length > 0) {
        await repos.users.flush();
        await repos.audit.append({
          action: 'user.profile_updated',
          actorId: user.id,
          targetId: user.id,
          details: changed,
        });
      }
      return toUserDto(user);
    });
  }
}
