import os from 'node:os';
import path from 'node:path';
import { z } from 'zod';
import type { QueueProfile } from '../schema/queues.ts';
import { TOURNAMENT_CREATORS, type TournamentCreators } from '../schema/tournaments.ts';
import { DEFAULT_ENGINE_SETTINGS, type EnginePoolSettings } from './engine/settings.ts';
import { type LeaderboardConfig, loadLeaderboardConfig } from './leaderboards-config.ts';
import { loadQueueProfiles } from './queue-profiles.ts';

/**
 * Every setting of the server, read from the environment once at boot and validated.
 * README.md lists each variable; a wrong value stops the boot with a message naming it.
 */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  /** `host:port` (or a URL) by which clients reach this node directly; required in a cluster. */
  publicAddress: string | undefined;
  /** Folder of the embedded database and the development signing keys. */
  dataDir: string;
  databaseUrl: string | undefined;
  redisUrl: string | undefined;
  /** Prefix of every Redis key of this deployment: deployments sharing a Redis server never meet. */
  redisKeyPrefix: string;
  migrateOnBoot: boolean;
  auth: {
    /** A JSON Web Key Set of private signing keys; the first key signs, all keys verify. */
    keysJson: string | undefined;
    keysFile: string | undefined;
    issuer: string;
    accessTokenTtlSeconds: number;
    refreshTokenTtlSeconds: number;
    /** How many password hashes may be computed at once (the rest wait in a bounded queue). */
    hashConcurrency: number;
    hashQueueLimit: number;
    /** Requests to /api/auth/* per IP address per window. */
    ipLimit: { points: number; windowSeconds: number };
    /** Failed logins per account per window. */
    accountLimit: { points: number; windowSeconds: number };
  };
  matchmake: {
    /** Requests to /matchmake/* per IP address per window. */
    ipLimit: { points: number; windowSeconds: number };
    /** Requests to /matchmake/* per signed-in user per window. */
    userLimit: { points: number; windowSeconds: number };
  };
  admin: { username: string | undefined; password: string | undefined };
  trustProxy: boolean;
  log: { level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'; pretty: boolean };
  shutdownTimeoutSeconds: number;
  chess: {
    /** How long a player who left keeps the seat while the clock runs. */
    reconnectGraceMs: number;
    /** How long each side has for its first move before the game is aborted. */
    firstMoveMs: number;
    /** How long the server bot thinks before it moves. */
    botDelayMs: number;
    defaultTimeControl: string;
  };
  /** The chess engine's pool (`server/engine/pool.ts`): what bots and analyses may use of the node. */
  engine: EnginePoolSettings;
  queues: {
    /** The queue profiles, validated (`server/queue-profiles.ts`). */
    profiles: QueueProfile[];
  };
  /** The leaderboards and seasons, validated (`server/leaderboards-config.ts`). */
  leaderboards: LeaderboardConfig;
  party: {
    /** How long a member who lost the connection keeps their place. */
    reconnectGraceMs: number;
    maxSize: number;
  };
  tournaments: {
    /** Who may create tournaments. */
    creators: TournamentCreators;
    /** How long a player has to take the seat of a tournament game before losing it by forfeit. */
    seatDeadlineMs: number;
    /** The pause between the end of a round and the pairing of the next. */
    roundGapMs: number;
  };
  mail: {
    /** `smtp://user:pass@host:587` or `smtps://…`; without it each mail is written to `DATA_DIR/mail`. */
    smtpUrl: string | undefined;
    /** The sender of every mail, `Rookery <no-reply@example.org>`. */
    from: string;
    /** Where the web app is reached, without a trailing slash: the base of every link in a mail. */
    publicUrl: string;
  };
  accounts: {
    /** How long an email verification link stays good. */
    verifyTokenTtlSeconds: number;
    /** Guest accounts without any game are removed this long after their creation. */
    guestMaxAgeSeconds: number;
    /** How often the cluster removes expired sessions, unused tokens and idle guests. */
    cleanupIntervalSeconds: number;
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: optionalString,
  PORT: int(0, 65535).default(2567),
  PUBLIC_ADDRESS: optionalString,
  DATA_DIR: z.string().default('.data'),
  DATABASE_URL: optionalString.refine((v) => v === undefined || /^postgres(ql)?:\/\//.test(v), {
    message: 'must be a postgres:// or postgresql:// URL',
  }),
  REDIS_URL: optionalString.refine((v) => v === undefined || /^rediss?:\/\//.test(v), {
    message: 'must be a redis:// or rediss:// URL',
  }),
  MIGRATE_ON_BOOT: bool.default(true),
  AUTH_KEYS: optionalString,
  AUTH_KEYS_FILE: optionalString,
  AUTH_ISSUER: z.string().min(1).default('rookery'),
  ACCESS_TOKEN_TTL: int(30, 86_400).default(900),
  REFRESH_TOKEN_TTL: int(300, 365 * 86_400).default(30 * 86_400),
  HASH_CONCURRENCY: int(1, 64).default(Math.max(1, Math.floor(os.availableParallelism() / 2))),
  HASH_QUEUE_LIMIT: int(1, 100_000).default(200),
  AUTH_RATE_IP_POINTS: int(1, 1_000_000).default(60),
  AUTH_RATE_IP_WINDOW: int(1, 86_400).default(60),
  AUTH_RATE_ACCOUNT_POINTS: int(1, 1_000_000).default(10),
  AUTH_RATE_ACCOUNT_WINDOW: int(1, 86_400).default(900),
  MATCHMAKE_RATE_IP_POINTS: int(1, 1_000_000).default(300),
  MATCHMAKE_RATE_IP_WINDOW: int(1, 86_400).default(60),
  MATCHMAKE_RATE_USER_POINTS: int(1, 1_000_000).default(60),
  MATCHMAKE_RATE_USER_WINDOW: int(1, 86_400).default(60),
  ADMIN_USERNAME: optionalString,
  ADMIN_PASSWORD: optionalString,
  TRUST_PROXY: bool.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  SHUTDOWN_TIMEOUT: int(1, 3600).default(30),
  CHESS_RECONNECT_GRACE: z.coerce.number().min(0.1).max(3600).default(60),
  CHESS_FIRST_MOVE_TIMEOUT: z.coerce.number().min(0.1).max(3600).default(30),
  CHESS_BOT_DELAY_MS: int(0, 60_000).default(500),
  ENGINE_WORKERS: int(1, 64).default(1),
  ENGINE_QUEUE_LIMIT: int(1, 10_000).default(DEFAULT_ENGINE_SETTINGS.queueLimit),
  ENGINE_CPU_SHARE: z.coerce.number().min(0.05).max(1).default(DEFAULT_ENGINE_SETTINGS.cpuShare),
  ENGINE_ROOMS_WAIT_LIMIT: z.coerce.number().min(0).max(1).default(DEFAULT_ENGINE_SETTINGS.roomsWaitLimit),
  ENGINE_NICE: z
    .union([z.literal('off'), z.coerce.number().int().min(0).max(19)])
    .default(DEFAULT_ENGINE_SETTINGS.nice ?? 'off'),
  ENGINE_TIMEOUT_MS: int(10, 600_000).default(DEFAULT_ENGINE_SETTINGS.timeoutMs),
  CHESS_DEFAULT_TIME_CONTROL: z
    .string()
    .regex(/^\d+(\.\d+)?\+\d+$/, 'must look like 5+3 (minutes + increment seconds)')
    .default('5+3'),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,40}$/, '1 to 40 letters, digits, "_" or "-"')
    .default('rookery'),
  QUEUE_PROFILES: optionalString,
  QUEUE_PROFILES_FILE: optionalString,
  LEADERBOARDS: optionalString,
  LEADERBOARDS_FILE: optionalString,
  PARTY_RECONNECT_GRACE: z.coerce.number().min(0.1).max(3600).default(60),
  PARTY_MAX_SIZE: int(2, 16).default(4),
  TOURNAMENT_CREATORS: z.enum(TOURNAMENT_CREATORS).default('anyone'),
  TOURNAMENT_SEAT_DEADLINE: z.coerce.number().min(1).max(3600).default(60),
  TOURNAMENT_ROUND_GAP: z.coerce.number().min(0).max(3600).default(10),
  SMTP_URL: optionalString.refine((v) => v === undefined || smtpUrlProblem(v) === undefined, {
    message: 'must be an smtp:// or smtps:// URL with a host, such as smtp://user:pass@mail.example.org:587',
  }),
  MAIL_FROM: optionalString.refine((v) => v === undefined || MAIL_FROM_PATTERN.test(v), {
    message: 'must be an address, or a name and an address: Rookery <no-reply@example.org>',
  }),
  PUBLIC_URL: optionalString.refine((v) => v === undefined || httpUrlProblem(v) === undefined, {
    message: 'must be an http:// or https:// URL without query or fragment, such as https://play.example.org',
  }),
  EMAIL_VERIFY_TTL: int(300, 30 * 86_400).default(2 * 86_400),
  GUEST_MAX_AGE: int(3600, 3650 * 86_400).default(30 * 86_400),
  ACCOUNT_CLEANUP_INTERVAL: int(10, 86_400).default(3600),
});

/** `Name <a@b.c>` or `a@b.c`; no line breaks (a header value). */
const MAIL_FROM_PATTERN =
  /^(?:[^<>\r\n]{0,80}<[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+\.[^\s<>@]+)$/;

function smtpUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') return 'protocol';
    if (!url.hostname) return 'host';
    return undefined;
  } catch {
    return 'not a URL';
  }
}

function httpUrlProblem(value: string): string | undefined {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'protocol';
    if (url.search || url.hash) return 'query or fragment';
    return undefined;
  } catch {
    return 'not a URL';
  }
}

/**
 * Parses and checks the environment. Throws a `ConfigError` that lists every problem at once.
 *
 * @example
 *   const config = loadConfig(process.env);
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.NODE_ENV === 'production') {
    if (!e.DATABASE_URL) problems.push('DATABASE_URL is required in production (PGlite is for development)');
    if (!e.AUTH_KEYS && !e.AUTH_KEYS_FILE) {
      problems.push(
        'AUTH_KEYS or AUTH_KEYS_FILE is required in production (generate with `npm run keys:generate`)',
      );
    }
  }
  if (e.AUTH_KEYS && e.AUTH_KEYS_FILE) problems.push('set AUTH_KEYS or AUTH_KEYS_FILE, not both');
  if (e.REDIS_URL) {
    if (!e.DATABASE_URL) {
      problems.push('REDIS_URL (cluster mode) requires DATABASE_URL: PGlite cannot be shared between nodes');
    }
    if (!e.PUBLIC_ADDRESS) {
      problems.push(
        'REDIS_URL (cluster mode) requires PUBLIC_ADDRESS: clients connect to the owning node directly',
      );
    }
  }
  if (e.QUEUE_PROFILES && e.QUEUE_PROFILES_FILE)
    problems.push('set QUEUE_PROFILES or QUEUE_PROFILES_FILE, not both');
  const profiles = loadQueueProfiles({ json: e.QUEUE_PROFILES, file: e.QUEUE_PROFILES_FILE });
  if (!profiles.ok) problems.push(...profiles.problems);
  if (e.LEADERBOARDS && e.LEADERBOARDS_FILE) problems.push('set LEADERBOARDS or LEADERBOARDS_FILE, not both');
  const leaderboards = loadLeaderboardConfig({ json: e.LEADERBOARDS, file: e.LEADERBOARDS_FILE });
  if (!leaderboards.ok) problems.push(...leaderboards.problems);
  if ((e.ADMIN_USERNAME === undefined) !== (e.ADMIN_PASSWORD === undefined)) {
    problems.push('ADMIN_USERNAME and ADMIN_PASSWORD go together');
  }
  if (e.NODE_ENV === 'production' && e.SMTP_URL && !e.PUBLIC_URL) {
    problems.push('SMTP_URL requires PUBLIC_URL in production: the links in mails must reach the web app');
  }
  if (problems.length > 0) {
    throw new ConfigError(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
  return {
    env: e.NODE_ENV,
    // A development server is for this machine only unless HOST opens it; a production one
    // (a container behind its port mapping) listens on every interface.
    host: e.HOST ?? (e.NODE_ENV === 'production' ? '0.0.0.0' : '127.0.0.1'),
    port: e.PORT,
    publicAddress: e.PUBLIC_ADDRESS,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    redisUrl: e.REDIS_URL,
    redisKeyPrefix: e.REDIS_KEY_PREFIX,
    migrateOnBoot: e.MIGRATE_ON_BOOT,
    auth: {
      keysJson: e.AUTH_KEYS,
      keysFile: e.AUTH_KEYS_FILE,
      issuer: e.AUTH_ISSUER,
      accessTokenTtlSeconds: e.ACCESS_TOKEN_TTL,
      refreshTokenTtlSeconds: e.REFRESH_TOKEN_TTL,
      hashConcurrency: e.HASH_CONCURRENCY,
      hashQueueLimit: e.HASH_QUEUE_LIMIT,
      ipLimit: { points: e.AUTH_RATE_IP_POINTS, windowSeconds: e.AUTH_RATE_IP_WINDOW },
      accountLimit: { points: e.AUTH_RATE_ACCOUNT_POINTS, windowSeconds: e.AUTH_RATE_ACCOUNT_WINDOW },
    },
    matchmake: {
      ipLimit: { points: e.MATCHMAKE_RATE_IP_POINTS, windowSeconds: e.MATCHMAKE_RATE_IP_WINDOW },
      userLimit: { points: e.MATCHMAKE_RATE_USER_POINTS, windowSeconds: e.MATCHMAKE_RATE_USER_WINDOW },
    },
    admin: { username: e.ADMIN_USERNAME, password: e.ADMIN_PASSWORD },
    trustProxy: e.TRUST_PROXY,
    log: {
      level: e.LOG_LEVEL,
      pretty: (e.LOG_FORMAT ?? (e.NODE_ENV === 'development' ? 'pretty' : 'json')) === 'pretty',
    },
    shutdownTimeoutSeconds: e.SHUTDOWN_TIMEOUT,
    chess: {
      reconnectGraceMs: Math.round(e.CHESS_RECONNECT_GRACE * 1000),
      firstMoveMs: Math.round(e.CHESS_FIRST_MOVE_TIMEOUT * 1000),
      botDelayMs: e.CHESS_BOT_DELAY_MS,
      defaultTimeControl: e.CHESS_DEFAULT_TIME_CONTROL,
    },
    engine: {
      ...DEFAULT_ENGINE_SETTINGS,
      workers: e.ENGINE_WORKERS,
      queueLimit: e.ENGINE_QUEUE_LIMIT,
      cpuShare: e.ENGINE_CPU_SHARE,
      roomsWaitLimit: e.ENGINE_ROOMS_WAIT_LIMIT,
      nice: e.ENGINE_NICE === 'off' ? null : e.ENGINE_NICE,
      timeoutMs: e.ENGINE_TIMEOUT_MS,
    },
    queues: { profiles: profiles.ok ? profiles.value : [] },
    leaderboards: leaderboards.ok ? leaderboards.value : { boards: [], seasons: [] },
    party: { reconnectGraceMs: Math.round(e.PARTY_RECONNECT_GRACE * 1000), maxSize: e.PARTY_MAX_SIZE },
    tournaments: {
      creators: e.TOURNAMENT_CREATORS,
      seatDeadlineMs: Math.round(e.TOURNAMENT_SEAT_DEADLINE * 1000),
      roundGapMs: Math.round(e.TOURNAMENT_ROUND_GAP * 1000),
    },
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? 'Rookery <no-reply@localhost>',
      publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    },
    accounts: {
      verifyTokenTtlSeconds: e.EMAIL_VERIFY_TTL,
      guestMaxAgeSeconds: e.GUEST_MAX_AGE,
      cleanupIntervalSeconds: e.ACCOUNT_CLEANUP_INTERVAL,
    },
  };
}
