import express, { type Express } from 'express';
import type { Logger } from '../platform/logger.ts';
import type { Metrics } from '../platform/metrics.ts';
import type { AccountService } from '../services/account.service.ts';
import type { AccountDataService } from '../services/account-data.service.ts';
import type { AdminService } from '../services/admin.service.ts';
import type { AnalysisService } from '../services/analysis.service.ts';
import type { AuthService } from '../services/auth.service.ts';
import type { EmailVerificationService } from '../services/email-verification.service.ts';
import { AppError } from '../services/errors.ts';
import type { FriendsService } from '../services/friends.service.ts';
import type { GameService } from '../services/game.service.ts';
import type { GameExportService } from '../services/game-export.service.ts';
import type { LeaderboardService } from '../services/leaderboard.service.ts';
import type { ModerationService } from '../services/moderation.service.ts';
import type { NotificationsService } from '../services/notifications.service.ts';
import type { PasswordResetService } from '../services/password-reset.service.ts';
import type { AccessTokens, GameHosting, LogTrail, RateLimiter, Tracing } from '../services/ports.ts';
import type { SessionsService } from '../services/sessions.service.ts';
import type { StaffDirectoryService } from '../services/staff-directory.service.ts';
import type { TournamentService } from '../services/tournament.service.ts';
import type { TournamentStaffService } from '../services/tournament-staff.service.ts';
import type { ResponseCache } from './cache.ts';
import { requestContext } from './context.ts';
import { errorHandler, notFound } from './errors.ts';
import { accountMailRoutes } from './routes/account-mail.routes.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { analysisRoutes } from './routes/analysis.routes.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { challengesRoutes } from './routes/challenges.routes.ts';
import { gameImportRoutes, gameRecordsRoutes } from './routes/game-records.routes.ts';
import { gamesRoutes } from './routes/games.routes.ts';
import { leaderboardsRoutes } from './routes/leaderboards.routes.ts';
import { meRoutes } from './routes/me.routes.ts';
import { meAccountRoutes } from './routes/me-account.routes.ts';
import { opsRoutes, type ReadinessCheck } from './routes/ops.routes.ts';
import { queuesRoutes } from './routes/queues.routes.ts';
import { socialRoutes } from './routes/social.routes.ts';
import { tournamentsRoutes } from './routes/tournaments.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';

/** The largest JSON body the API reads; a larger one is answered 413 PAYLOAD_TOO_LARGE. */
export const BODY_LIMIT_BYTES = 16 * 1024;

export interface HttpDeps {
  log: Logger;
  metrics: Metrics;
  auth: AuthService;
  accounts: AccountService;
  verification: EmailVerificationService;
  passwordReset: PasswordResetService;
  sessions: SessionsService;
  accountData: AccountDataService;
  friends: FriendsService;
  notifications: NotificationsService;
  admin: AdminService;
  moderation: ModerationService;
  directory: StaffDirectoryService;
  games: GameService;
  /** Games as whole records: export, import, the public replay. */
  exports: GameExportService;
  analysis: AnalysisService;
  tokens: AccessTokens;
  ipLimiter: RateLimiter;
  leaderboards: LeaderboardService;
  /** What a signed-in player changes of their friends, blocks and inbox, and their exports, per user. */
  accountActionsLimiter: RateLimiter;
  tournaments: TournamentService;
  tournamentStaff: TournamentStaffService;
  /** Public reads (leaderboards) per IP address. */
  publicLimiter: RateLimiter;
  leaderboardCache: ResponseCache;
  readiness: ReadinessCheck[];
  isDraining: () => boolean;
  /** The rooms, once the game server runs. */
  hosting: () => GameHosting | undefined;
  jwks: object;
  trustProxy: boolean;
  production?: boolean;
  /** Request ids onto every log line of a request's work. */
  trail?: LogTrail;
  tracing?: Tracing;
}

const WITH_BODY = new Set(['POST', 'PUT', 'PATCH']);

/** The control plane: parse → service → DTO, errors mapped in one place. */
export function createHttpApp(deps: HttpDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', deps.trustProxy);
  app.set('query parser', 'simple');

  app.use(requestContext(deps.log, deps.metrics.httpDuration, deps));
  app.use(
    opsRoutes({
      registry: deps.metrics.registry,
      checks: deps.readiness,
      isDraining: deps.isDraining,
      jwks: deps.jwks,
    }),
  );

  const api = express.Router();
  // API answers carry tokens and personal data: no cache may keep them, no browser may sniff them.
  api.use((_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  api.use((req, _res, next) => {
    const hasBody = Number(req.get('content-length') ?? 0) > 0 || req.get('transfer-encoding') !== undefined;
    if (WITH_BODY.has(req.method) && hasBody && !req.is('application/json')) {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'send the body as JSON (Content-Type: application/json)');
    }
    next();
  });
  // A whole game is read with a limit of its own, before the API's small one applies.
  api.use('/games', gameImportRoutes(deps));
  api.use(express.json({ limit: BODY_LIMIT_BYTES, strict: true, type: 'application/json' }));
  api.use('/auth', authRoutes(deps));
  api.use('/auth', accountMailRoutes(deps));
  api.use('/me', meRoutes(deps));
  api.use('/me', meAccountRoutes(deps));
  api.use('/me', socialRoutes(deps));
  api.use('/admin', adminRoutes(deps));
  api.use('/games', gamesRoutes(deps));
  api.use('/games', analysisRoutes(deps));
  api.use('/games', gameRecordsRoutes(deps));
  api.use('/users', usersRoutes(deps));
  api.use('/challenges', challengesRoutes(deps));
  api.use('/queues', queuesRoutes(deps));
  api.use('/leaderboards', leaderboardsRoutes(deps));
  api.use('/tournaments', tournamentsRoutes(deps));
  app.use('/api', api);

  app.use(notFound);
  app.use(errorHandler);
  return app;
}
