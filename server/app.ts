import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Express } from 'express';
import { Redis } from 'ioredis';
import { SESSION_ENDINGS, type SessionEnding } from '../schema/moderation.ts';
import type { Config } from './config.ts';
import { Database } from './db/database.ts';
import { type DatabaseTarget, migrate, type Orm, openOrm, pendingMigrations } from './db/orm.ts';
import { EnginePool } from './engine/pool.ts';
import { createHttpApp } from './http/app.ts';
import { ResponseCache } from './http/cache.ts';
import type { ReadinessCheck } from './http/routes/ops.routes.ts';
import { staffPages } from './http/staff-pages.ts';
import { withWebApp } from './http/web.ts';
import { createLeaderboards, type Leaderboards } from './leaderboards.ts';
import { type AccountMetrics, createAccountMetrics } from './platform/account-metrics.ts';
import { Argon2PasswordHasher } from './platform/argon2.hasher.ts';
import { type DataDirLock, lockDataDir } from './platform/data-dir-lock.ts';
import { JoseAccessTokens } from './platform/jose.access-tokens.ts';
import { type KeySet, loadKeySet } from './platform/keys.ts';
import type { Logger } from './platform/logger.ts';
import { FolderMailer } from './platform/mail/folder.mailer.ts';
import { RetryingOutbox } from './platform/mail/outbox.ts';
import { SmtpMailer } from './platform/mail/smtp.mailer.ts';
import { createMetrics, type Metrics } from './platform/metrics.ts';
import { colyseusMonitor } from './platform/monitor.ts';
import { FlexibleRateLimiter } from './platform/rate-limiter.ts';
import { RedisChannels } from './platform/redis-channels.ts';
import {
  EpochCheckedTokens,
  LocalSessionBus,
  RedisSessionBus,
  SessionEpochs,
} from './platform/session-epochs.ts';
import {
  LocalSessionRevocations,
  RedisSessionRevocations,
  RevocationCheckingTokens,
} from './platform/session-revocations.ts';
import { traced } from './platform/tracing.ts';
import type { Trail } from './platform/trail.ts';
import { AccountService } from './services/account.service.ts';
import {
  AccountCleanupService,
  DEFAULT_ENDED_SESSION_KEEP_SECONDS,
} from './services/account-cleanup.service.ts';
import { AccountDataService } from './services/account-data.service.ts';
import { AdminService } from './services/admin.service.ts';
import { AnalysisService } from './services/analysis.service.ts';
import { AuthService } from './services/auth.service.ts';
import { EmailVerificationService } from './services/email-verification.service.ts';
import { FriendsService } from './services/friends.service.ts';
import { GameService } from './services/game.service.ts';
import { GameExportService } from './services/game-export.service.ts';
import type { LeaderboardService } from './services/leaderboard.service.ts';
import type { SeasonEndHook } from './services/leaderboard-record.ts';
import type { MatchService } from './services/match.service.ts';
import { ModerationService } from './services/moderation.service.ts';
import { NotificationsService } from './services/notifications.service.ts';
import { PasswordResetService } from './services/password-reset.service.ts';
import type {
  AccessTokens,
  Clock,
  GameHosting,
  SessionEnd,
  SessionGuard,
  SessionRevocations,
  Tracing,
} from './services/ports.ts';
import { SessionsService } from './services/sessions.service.ts';
import { StaffDirectoryService } from './services/staff-directory.service.ts';
import { TournamentService } from './services/tournament.service.ts';
import { TournamentStaffService } from './services/tournament-staff.service.ts';

export interface AppOptions {
  config: Config;
  log: Logger;
  /** Where the record lives; by default from the config (DATABASE_URL, else PGlite in DATA_DIR). */
  database?: DatabaseTarget;
  clock?: Clock;
  /** Prefix of every Redis key this app writes (tests give each run its own). */
  redisKeyPrefix?: string;
  /** The trail the logger reads (`createLogger({ trail })`): request ids onto every line. */
  trail?: Trail;
  /** Traces of requests, services and the database; none when tracing is off. */
  tracing?: Tracing;
  /** Called once, on one node, with a season board's final standings when its season has ended. */
  onSeasonEnd?: SeasonEndHook;
  /** How often the leaderboards' upkeep runs (rebuild a lost index, close ended periods); 5 s. */
  leaderboardUpkeepMs?: number;
}

export interface Services {
  auth: AuthService;
  accounts: AccountService;
  verification: EmailVerificationService;
  passwordReset: PasswordResetService;
  sessions: SessionsService;
  accountData: AccountDataService;
  /** Removes expired sessions, spent tokens and idle guests (run by one node at a time). */
  cleanup: AccountCleanupService;
  friends: FriendsService;
  notifications: NotificationsService;
  admin: AdminService;
  moderation: ModerationService;
  directory: StaffDirectoryService;
  tokens: AccessTokens;
  /**
   * The same tokens checked for signature, expiry and session epoch, without the revoked-session
   * list in Redis: enough to tell whose a request is (to count it against that user's rate
   * limit), never to let anyone in.
   */
  tokenOwners: AccessTokens;
  /** Users' session epochs: bans, kicks and revoked sessions reach every node at once. */
  epochs: SessionGuard;
  /** The chess reads of the history API, and the chess room's record (on top of `matches`). */
  games: GameService;
  /** The record of matches of any game, and ratings: match rooms write through it. */
  matches: MatchService;
  /** Games as whole records: export, import, the public replay. */
  exports: GameExportService;
  /** The engine's analyses of finished chess games. */
  analysis: AnalysisService;
  /** Boards, standings and the profile's ranks and history. */
  leaderboards: LeaderboardService;
  /** Tournaments: creation, reads of their logs, and the log their rooms keep. */
  tournaments: TournamentService;
  /** What staff do to tournaments. */
  tournamentStaff: TournamentStaffService;
}

/** The whole server but the rooms: what main serves, and what tests drive over real HTTP. */
export interface App {
  http: Express;
  services: Services;
  db: Database;
  metrics: Metrics;
  /** The chess engine's worker pool: the bots' and the analyses'. */
  engine: EnginePool;
  /** Mail and the accounts' cleanup. */
  accountMetrics: AccountMetrics;
  /** Where mails wait for delivery (`idle()` resolves once every posted mail is delivered or given up). */
  mail: RetryingOutbox;
  keys: KeySet;
  redis: Redis | undefined;
  /** The rank index, its writer and its record (rebuild, check, periods). */
  leaderboards: Leaderboards;
  /** Prefix of every Redis key of this deployment (rate limits, room presence). */
  redisKeyPrefix: string;
  trail: Trail | undefined;
  tracing: Tracing | undefined;
  /**
   * Connects the rooms that play games (the control plane can then restore a game on demand).
   * `/ready` reports `games` as failing until `restoring` (the boot's restore) has settled, so no
   * traffic comes before the node's games are back.
   */
  hostGames(hosting: GameHosting, restoring?: Promise<unknown>): void;
  /** Once set, `/ready` answers 503 "draining" so a load balancer stops sending traffic. */
  startDraining(): void;
  isDraining(): boolean;
  close(): Promise<void>;
}

/** The database the config names: PostgreSQL with DATABASE_URL, else PGlite in the data folder. */
export function databaseTargetOf(config: Config): DatabaseTarget {
  return config.databaseUrl
    ? { kind: 'postgres', url: config.databaseUrl }
    : { kind: 'pglite', dataDir: path.join(config.dataDir, 'pglite') };
}

export interface Store {
  orm: Orm;
  close(): Promise<void>;
}

/**
 * Opens the record. An embedded PGlite folder is first locked for this process alone, because a
 * second process on it would silently lose data; the lock is released when the store closes.
 */
export async function openStore(target: DatabaseTarget): Promise<Store> {
  let lock: DataDirLock | undefined;
  if (target.kind === 'pglite' && !target.dataDir.startsWith('memory:'))
    lock = await lockDataDir(target.dataDir);
  try {
    const orm = await openOrm(target);
    return {
      orm,
      close: async () => {
        await orm.close(true);
        await lock?.release();
      },
    };
  } catch (err) {
    await lock?.release();
    throw err;
  }
}

export async function buildApp(options: AppOptions): Promise<App> {
  const { config, log } = options;
  const clock = options.clock ?? (() => new Date());
  const metrics = createMetrics();

  const keys = await loadKeySet(
    { keysJson: config.auth.keysJson, keysFile: config.auth.keysFile, dataDir: config.dataDir },
    (file) =>
      log.warn({ file }, 'generated development signing keys; set AUTH_KEYS or AUTH_KEYS_FILE in production'),
  );

  const store = await openStore(options.database ?? databaseTargetOf(config));
  const cleanup: Array<() => Promise<unknown>> = [() => store.close()];
  const closeAll = async () => {
    for (const step of cleanup.reverse()) await step().catch(() => undefined);
  };
  // Bots and analyses share one engine pool per node, bounded by the configuration.
  const engine = new EnginePool(config.engine, log.child({ component: 'engine' }), metrics.registry);
  cleanup.push(() => engine.close());

  try {
    if (config.migrateOnBoot) {
      await migrate(store.orm, log);
    } else {
      const pending = await pendingMigrations(store.orm);
      if (pending.length > 0) {
        throw new Error(
          `the database is missing migrations (${pending.join(', ')}); run \`npm run db:migrate\``,
        );
      }
    }
    const { tracing } = options;
    const db = traced(new Database(store.orm), 'db', tracing);

    let redis: Redis | undefined;
    if (config.redisUrl) {
      const client = new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
      redis = client;
      client.on('error', (err) => log.warn({ err }, 'redis error'));
      cleanup.push(() => client.quit());
    }
    const prefix = options.redisKeyPrefix ?? config.redisKeyPrefix;
    // The node's one connection for the channels it listens to (ended sessions, revoked ones).
    const channels = redis
      ? new RedisChannels(redis, (err) => log.warn({ err }, 'redis channels: redis did not answer'))
      : undefined;
    if (channels) cleanup.push(() => channels.close());

    const accountMetrics = createAccountMetrics(metrics.registry);
    const smtp = config.mail.smtpUrl ? new SmtpMailer(config.mail.smtpUrl, config.mail.from) : undefined;
    const mail = new RetryingOutbox(
      smtp ?? new FolderMailer(path.join(config.dataDir, 'mail'), log),
      log,
      accountMetrics,
    );
    cleanup.push(async () => {
      await mail.close(5000);
      smtp?.close();
    });

    const hasher = new Argon2PasswordHasher(config.auth.hashConcurrency, config.auth.hashQueueLimit);
    const ttlMs = config.auth.accessTokenTtlSeconds * 1000;
    const epochs = new SessionEpochs(
      redis && channels ? new RedisSessionBus(redis, channels, prefix) : new LocalSessionBus(),
      ttlMs,
      clock,
    );
    cleanup.push(() => epochs.close());
    await epochs.start(() =>
      db.read(async (repos) =>
        (await repos.users.sessionEndsSince(new Date(clock().getTime() - ttlMs))).map(
          (end): SessionEnd => ({
            ...end,
            why: (SESSION_ENDINGS as readonly string[]).includes(end.why)
              ? (end.why as SessionEnding)
              : 'revoked',
          }),
        ),
      ),
    );
    const accessTtl = config.auth.accessTokenTtlSeconds;
    let revocations: SessionRevocations;
    if (redis && channels) {
      const shared = new RedisSessionRevocations(redis, channels, prefix, accessTtl, clock, (err) =>
        log.warn({ err }, 'session revocations: redis did not answer'),
      );
      await shared.start();
      revocations = shared;
    } else {
      revocations = new LocalSessionRevocations(accessTtl, clock);
    }
    const tokenOwners = new EpochCheckedTokens(
      new JoseAccessTokens(keys, config.auth.issuer, accessTtl, clock),
      epochs,
    );
    const tokens = new RevocationCheckingTokens(tokenOwners, revocations);
    const ipLimiter = new FlexibleRateLimiter('auth-ip', config.auth.ipLimit, redis, `${prefix}:rl`);
    const accountLimiter = new FlexibleRateLimiter(
      'login-account',
      config.auth.accountLimit,
      redis,
      `${prefix}:rl`,
    );

    const limiter = (name: string, points: number, windowSeconds: number) =>
      new FlexibleRateLimiter(name, { points, windowSeconds }, redis, `${prefix}:rl`);
    const sessions = new SessionsService(db, revocations, clock);
    const verification = new EmailVerificationService({
      db,
      outbox: mail,
      hasher,
      clock,
      publicUrl: config.mail.publicUrl,
      ttlSeconds: config.accounts.verifyTokenTtlSeconds,
      mailLimiter: limiter('verify-mail', 3, 3600),
    });
    const passwordReset = new PasswordResetService({
      db,
      outbox: mail,
      hasher,
      clock,
      publicUrl: config.mail.publicUrl,
      addressLimiter: limiter('reset-address', 3, 3600),
      accountLimiter,
      sessions,
      onBackgroundError: (err) => log.error({ err }, 'password reset request failed'),
    });
    cleanup.push(() => passwordReset.idle());

    let hosting: GameHosting | undefined;
    const players = () => hosting?.players;
    const notifications = new NotificationsService(db, players, clock, (err) =>
      log.warn({ err }, 'a notification could not be sent live; it waits in the inbox'),
    );
    const friends = new FriendsService(db, notifications, players);

    const leaderboards = createLeaderboards({
      db,
      config: config.leaderboards,
      redis,
      redisKeyPrefix: prefix,
      registry: metrics.registry,
      clock,
      log,
      onSeasonEnd: options.onSeasonEnd,
    });
    await leaderboards.record.ensureBuilt();
    leaderboards.start(options.leaderboardUpkeepMs ?? 5000);
    cleanup.push(() => leaderboards.stop());
    const accountActionsLimiter = new FlexibleRateLimiter(
      'account-actions',
      { points: 30, windowSeconds: 60 },
      redis,
      `${prefix}:rl`,
    );
    const publicLimiter = new FlexibleRateLimiter(
      'public-ip',
      { points: 600, windowSeconds: 60 },
      redis,
      `${prefix}:rl`,
    );

    const games = new GameService(db, {}, leaderboards.writer);
    const admin = traced(new AdminService({ db, hasher, clock }), 'AdminService', tracing);
    const tournaments = new TournamentService({
      db,
      now: () => clock().getTime(),
      newId: () => randomBytes(6).toString('base64url'),
      creators: config.tournaments.creators,
      seatDeadlineMs: config.tournaments.seatDeadlineMs,
      roundGapMs: config.tournaments.roundGapMs,
      desk: () => hosting?.tournaments,
      hasher,
    });
    const services: Services = {
      friends,
      notifications,
      verification,
      passwordReset,
      sessions,
      accountData: new AccountDataService({
        db,
        hasher,
        clock,
        sessions,
        accountLimiter,
        boards: leaderboards.accounts,
        parts: [
          { name: 'friends', read: async (repos, id) => repos.social.friends(id) },
          { name: 'blocked', read: async (repos, id) => repos.social.blocked(id) },
          {
            name: 'notifications',
            read: async (repos, id) => repos.social.inbox(id, { limit: 10_000, unreadOnly: false }),
          },
        ],
      }),
      cleanup: new AccountCleanupService(db, clock, notifications, {
        guestMaxAgeSeconds: config.accounts.guestMaxAgeSeconds,
        endedSessionKeepSeconds: DEFAULT_ENDED_SESSION_KEEP_SECONDS,
        batch: 1000,
      }),
      auth: traced(
        new AuthService({
          verification,
          outbox: mail,
          sessions,
          revocations,
          db,
          hasher,
          tokens,
          accountLimiter,
          clock,
          refreshTokenTtlSeconds: config.auth.refreshTokenTtlSeconds,
          onLoginFailed: (event) => {
            metrics.authFailures.inc({ reason: event.reason });
            log.warn({ username: event.username, reason: event.reason, ip: event.ip }, 'login failed');
          },
        }),
        'AuthService',
        tracing,
      ),
      accounts: traced(new AccountService(db), 'AccountService', tracing),
      admin,
      moderation: traced(
        new ModerationService({ db, clock, sessions: epochs, boards: leaderboards.accounts }),
        'ModerationService',
        tracing,
      ),
      directory: traced(new StaffDirectoryService({ db, clock }), 'StaffDirectoryService', tracing),
      tokens,
      tokenOwners,
      epochs,
      games: traced(games, 'GameService', tracing),
      matches: traced(games.matches, 'MatchService', tracing),
      exports: traced(new GameExportService(db, keys.roomKeys), 'GameExportService', tracing),
      analysis: traced(new AnalysisService(games, engine), 'AnalysisService', tracing),
      leaderboards: leaderboards.reads,
      tournaments,
      tournamentStaff: new TournamentStaffService({
        tournaments,
        matches: () => hosting?.matches,
        admin,
        log: log.child({ service: 'tournament-staff' }),
      }),
    };

    if (config.admin.username && config.admin.password) {
      const outcome = await services.admin.ensureAdmin(config.admin.username, config.admin.password);
      if (outcome.promoted)
        log.info({ username: config.admin.username, ...outcome }, 'admin account bootstrapped');
    }

    let draining = false;
    const readiness: ReadinessCheck[] = [{ name: 'database', check: () => db.ping() }];
    if (redis) {
      const client = redis;
      readiness.push({ name: 'redis', check: async () => void (await client.ping()) });
    }

    const api = createHttpApp({
      log,
      metrics,
      ...services,
      ipLimiter,
      accountActionsLimiter,
      publicLimiter,
      leaderboardCache: new ResponseCache(1500, 2000),
      readiness,
      isDraining: () => draining,
      hosting: () => hosting,
      jwks: keys.publicJwks,
      trustProxy: config.trustProxy,
      production: config.env === 'production',
      trail: options.trail,
      tracing,
    });
    // The browser app at `/`, in front of the API; its own paths only. The staff's pages (the
    // console and the Colyseus monitor) go through their session check first.
    const web = await withWebApp(api, {
      env: config.env,
      log,
      host: config.host,
      staff: staffPages({ tokens, monitor: colyseusMonitor() }),
    });
    cleanup.push(() => web.close());

    return {
      http: web.http,
      services,
      db,
      metrics,
      engine,
      accountMetrics,
      mail,
      keys,
      redis,
      leaderboards,
      redisKeyPrefix: prefix,
      trail: options.trail,
      tracing,
      hostGames: (rooms, restoring) => {
        hosting = rooms;
        if (!restoring) return;
        let settled = false;
        void restoring.finally(() => {
          settled = true;
        });
        readiness.push({
          name: 'games',
          check: async () => {
            if (!settled) throw new Error('restoring unfinished games');
          },
        });
      },
      startDraining: () => {
        draining = true;
      },
      isDraining: () => draining,
      close: closeAll,
    };
  } catch (err) {
    await closeAll();
    throw err;
  }
}
