import type { SqlEntityManager } from '@mikro-orm/sql';
import type { Orm } from './orm.ts';
import { AccountDataRepository } from './repositories/account-data.repository.ts';
import { AccountTokenRepository } from './repositories/account-token.repository.ts';
import { AuditRepository } from './repositories/audit.repository.ts';
import { CleanupRepository } from './repositories/cleanup.repository.ts';
import { GameRepository } from './repositories/game.repository.ts';
import { LeaderboardRepository } from './repositories/leaderboard.repository.ts';
import { ProfileRepository } from './repositories/profile.repository.ts';
import { RatingRepository } from './repositories/rating.repository.ts';
import { RefreshTokenFamilyRepository } from './repositories/refresh-token-family.repository.ts';
import { SocialRepository } from './repositories/social.repository.ts';
import { StaffRepository } from './repositories/staff.repository.ts';
import { TournamentRepository } from './repositories/tournament.repository.ts';
import { UserRepository } from './repositories/user.repository.ts';

/** The repositories, bound to one identity map (and, inside `transaction`, to one transaction). */
export interface Repositories {
  users: UserRepository;
  refreshFamilies: RefreshTokenFamilyRepository;
  audit: AuditRepository;
  games: GameRepository;
  ratings: RatingRepository;
  staff: StaffRepository;
  leaderboards: LeaderboardRepository;
  profiles: ProfileRepository;
  tokens: AccountTokenRepository;
  accountData: AccountDataRepository;
  cleanup: CleanupRepository;
  social: SocialRepository;
  tournaments: TournamentRepository;
}

function bind(em: SqlEntityManager): Repositories {
  return {
    users: new UserRepository(em),
    refreshFamilies: new RefreshTokenFamilyRepository(em),
    audit: new AuditRepository(em),
    games: new GameRepository(em),
    ratings: new RatingRepository(em),
    staff: new StaffRepository(em),
    leaderboards: new LeaderboardRepository(em),
    profiles: new ProfileRepository(em),
    tokens: new AccountTokenRepository(em),
    accountData: new AccountDataRepository(em),
    cleanup: new CleanupRepository(em),
    social: new SocialRepository(em),
    tournaments: new TournamentRepository(em),
  };
}

/**
 * The unit-of-work boundary the services use. Every call gets its own identity map (a fork of the
 * ORM's), so nothing leaks between requests or between rooms; `transaction` commits all or nothing.
 */
export class Database {
  /** The repositories of {@link statements}, on one fork made once. */
  private readonly forStatements: Repositories;

  constructor(private readonly orm: Orm) {
    this.forStatements = bind(orm.em.fork() as SqlEntityManager);
  }

  /** Runs `work` in one transaction: everything it writes commits together or not at all. */
  transaction<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return this.orm.em.fork().transactional((em) => work(bind(em as SqlEntityManager)));
  }

  /** Runs `work` on a fresh identity map, each statement on its own. */
  read<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(bind(this.orm.em.fork() as SqlEntityManager));
  }

  /**
   * Runs `work` whose statements read and write no entity (SQL of its own, as a log's append) on
   * one entity manager made once for all of them: no identity map is forked for each call. It is
   * a fork of its own, not the ORM's global manager, which would take up the transaction of
   * whatever work scheduled the call (the ORM finds it through async context) and run the
   * statement in it. Nothing that loads or persists entities may run here: its identity map would
   * be shared by every caller.
   */
  statements<T>(work: (repos: Repositories) => Promise<T>): Promise<T> {
    return work(this.forStatements);
  }

  /** Answers when the database answers a trivial query. */
  async ping(): Promise<void> {
    await this.orm.em.fork().getConnection().execute('select 1');
  }
}
