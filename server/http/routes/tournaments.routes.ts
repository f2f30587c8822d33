import { type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import {
  TOURNAMENT_FORMATS,
  TOURNAMENT_STATUSES,
  TOURNAMENT_TIE_BREAKS,
  type TournamentFormat,
  type TournamentListDto,
  type TournamentTieBreak,
} from '../../../schema/tournaments.ts';
import { AppError } from '../../services/errors.ts';
import type { AccessTokens, RateLimiter } from '../../services/ports.ts';
import { LIST_CURSOR, LIST_PAGE_MAX, type TournamentService } from '../../services/tournament.service.ts';
import { claimsOf, optionalAuth, optionalClaims, requireAuth } from '../auth.ts';
import { limitByIp, limitByUser } from '../cache.ts';
import { parse } from '../validate.ts';
import { ArenaBody, arenaRefinements } from './arena-body.ts';
import { GroupsBody, groupsRefinements } from './groups-body.ts';
import { KnockoutBody } from './knockout-body.ts';
import { TablesBody, tablesRefinements } from './tables-body.ts';

const DEFAULT_TIE_BREAKS: TournamentTieBreak[] = ['buchholz-cut1', 'buchholz', 'sonneborn-berger'];

/** A rating limit, in the pool of the tournament's game (as the lobby's seeks take them). */
const RatingLimit = z.number().int().min(0).max(4000);

const Username = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a username');
/** A private tournament's password, as typed (kept only as a hash). */
const Password = z.string().min(4).max(128);

const TournamentBody = z
  .strictObject({
    name: z.string().trim().min(3).max(80),
    game: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a game name'),
    /** The game's own options, checked by the game (chess: `{ "timeControl": "3+2" }`). */
    options: z.record(z.string(), z.unknown()).default({}),
    rated: z.boolean().default(false),
    format: z.enum(TOURNAMENT_FORMATS),
    rounds: z.number().int().min(1).max(30).optional(),
    double: z.boolean().default(false),
    /**
     * ms since the epoch (a time passed means now); null: no start time, the creator starts it
     * by hand (`POST /api/tournaments/:id/start`).
     */
    startsAt: z.number().int().min(0).nullable(),
    capacity: z.number().int().min(2).max(256).default(64),
    /** Swiss and round robin (a knockout ranks by the stage reached). */
    tieBreaks: z.array(z.enum(TOURNAMENT_TIE_BREAKS)).max(5).optional(),
    /** Knockout, and a groups-knockout's bracket: the elimination and the matches (defaults for what is left out). */
    knockout: KnockoutBody.optional(),
    /** Groups then knockout: the groups' number or size, and how many of each go on. */
    groups: GroupsBody.optional(),
    /** Arena: its duration in minutes, the wave interval, berserk (instead of rounds). */
    arena: ArenaBody.optional(),
    /** Tables (golf): the table size and the points by place (instead of tie-breaks). */
    tables: TablesBody.optional(),
    /** Listed only for its creator and its invited and entered players; entered as below. */
    private: z.boolean().default(false),
    /** A private tournament entered with this password; without one, by invitation only. */
    password: Password.optional(),
    /** An invitation-only tournament's first invited players, by name. */
    invite: z.array(Username).max(50).optional(),
    /** The lowest and highest rating a player may have to enter (guests and provisional ratings may not). */
    ratingMin: RatingLimit.optional(),
    ratingMax: RatingLimit.optional(),
  })
  .refine((t) => t.ratingMin === undefined || t.ratingMax === undefined || t.ratingMin <= t.ratingMax, {
    path: ['ratingMax'],
    message: 'the highest rating must not be below the lowest',
  })
  .refine((t) => t.private || (t.password === undefined && t.invite === undefined), {
    path: ['private'],
    message: 'a password or invitations are for a private tournament: give "private": true',
  })
  .refine((t) => t.password === undefined || t.invite === undefined, {
    path: ['invite'],
    message: 'a tournament entered with a password takes no invitations',
  })
  .refine((t) => t.format !== 'swiss' || t.rounds !== undefined, {
    path: ['rounds'],
    message: 'a swiss needs its number of rounds',
  })
  .refine((t) => t.format !== 'round-robin' || t.rounds === undefined, {
    path: ['rounds'],
    message: 'a round robin plays its table: give no rounds',
  })
  .refine((t) => t.format !== 'knockout' || t.rounds === undefined, {
    path: ['rounds'],
    message: 'a knockout plays its bracket: give no rounds',
  })
  .refine((t) => t.format !== 'knockout' || !t.double, {
    path: ['double'],
    message: 'a knockout says its elimination in knockout.elimination',
  })
  .refine((t) => t.format !== 'knockout' || t.tieBreaks === undefined || t.tieBreaks.length === 0, {
    path: ['tieBreaks'],
    message: 'a knockout ranks by the stage reached: give no tie-breaks',
  })
  .refine((t) => t.format === 'knockout' || t.format === 'groups-knockout' || t.knockout === undefined, {
    path: ['knockout'],
    message: 'knockout options are for a knockout or a groups-knockout',
  })
  .superRefine(arenaRefinements)
  .superRefine(groupsRefinements)
  .superRefine(tablesRefinements)
  .transform(({ knockout, arena, groups, tables, tieBreaks, ...t }) => ({
    ...t,
    tieBreaks: tieBreaks ?? defaultTieBreaks(t.format),
    ...(t.format === 'knockout' || t.format === 'groups-knockout'
      ? { knockout: knockout ?? KnockoutBody.parse({}) }
      : {}),
    ...(t.format === 'arena' && arena ? { arena } : {}),
    ...(t.format === 'groups-knockout' && groups ? { groups } : {}),
    ...(t.format === 'tables' && tables ? { tables } : {}),
  }));

/** A knockout and an arena have tie-breaks of their own; tables are broken by tables won. */
function defaultTieBreaks(format: TournamentFormat): TournamentTieBreak[] {
  if (format === 'knockout' || format === 'arena') return [];
  return format === 'tables' ? ['wins'] : DEFAULT_TIE_BREAKS;
}

/** A page of a list: `after` a position a page gave as `next`, `limit` 1–50. */
export const ListPageQuery = {
  after: z.string().regex(LIST_CURSOR, 'a position a page of the list gave as `next`').optional(),
  limit: z.coerce.number().int().min(1).max(LIST_PAGE_MAX).optional(),
};

const ListQuery = z.strictObject({
  status: z.enum(TOURNAMENT_STATUSES).optional(),
  game: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,31}$/, 'a game name')
    .optional(),
  ...ListPageQuery,
});

const IdParams = z.strictObject({ id: z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a tournament id') });
const ByeBody = z.strictObject({ round: z.number().int().min(1).max(30) });
const JoinBody = z.strictObject({ password: Password.optional() });
const InviteBody = z.strictObject({ usernames: z.array(Username).min(1).max(50) });
const Empty = z.strictObject({});

const isStaff = (roles: readonly string[]) => roles.includes('admin') || roles.includes('moderator');

/**
 * `/api/tournaments`: reads are public (limited per address; the list leaves out private
 * tournaments but for their creator and their invited and entered players); creating, joining,
 * withdrawing, asking for a bye, inviting and starting by hand need a signed-in player. The
 * tournament's own room decides every entry and the start; a private tournament's password is
 * checked here, against its hash.
 */
export function tournamentsRoutes(deps: {
  tournaments: TournamentService;
  tokens: AccessTokens;
  publicLimiter: RateLimiter;
  /** Each player's allowance of changes: guesses at a private tournament's password count on it. */
  accountActionsLimiter: RateLimiter;
}): Router {
  const router = Router();
  router.use(limitByIp(deps.publicLimiter));
  const auth = requireAuth(deps.tokens);
  const reader = optionalAuth(deps.tokens);
  const perPlayer = limitByUser(deps.accountActionsLimiter);
  const passwordTries: RequestHandler = (req, res, next) =>
    (req.body as { password?: unknown } | undefined)?.password === undefined
      ? next()
      : perPlayer(req, res, next);
  const readerOf = (res: Response) => {
    const claims = optionalClaims(res);
    return claims && { userId: claims.userId, staff: isStaff(claims.roles) };
  };

  router.get('/', reader, async (req, res) => {
    const { after, limit, ...filter } = parse(ListQuery, req.query, 'query');
    const page = await deps.tournaments.list(filter, readerOf(res), { after, limit });
    res.json({ ...page, creators: deps.tournaments.creators } satisfies TournamentListDto);
  });
  router.get('/:id', reader, async (req, res) => {
    const { id } = parse(IdParams, req.params, 'path');
    res.json(await deps.tournaments.get(id, readerOf(res)));
  });
  router.get('/:id/trf', async (req, res) => {
    const { id } = parse(IdParams, req.params, 'path');
    const trf = await deps.tournaments.trf(id);
    res.type('text/plain').send(trf);
  });

  router.post('/', auth, async (req, res) => {
    const body = parse(TournamentBody, req.body);
    const claims = claimsOf(res);
    if (claims.guest) throw new AppError('FORBIDDEN', 'a guest cannot create tournaments');
    const { private: _private, password, invite, ...settings } = body;
    const access = !body.private ? undefined : password === undefined ? 'invitation' : 'password';
    const created = await deps.tournaments.create(
      { ...settings, rounds: body.rounds ?? null, ...(access ? { access } : {}) },
      { userId: claims.userId, staff: isStaff(claims.roles) },
      { ...(password === undefined ? {} : { password }), ...(invite === undefined ? {} : { invite }) },
    );
    res.status(201).json(created);
  });
  router.post('/:id/join', auth, passwordTries, async (req, res) => {
    const { id } = parse(IdParams, req.params, 'path');
    const { password } = parse(JoinBody, req.body ?? {});
    const { userId, username, guest } = claimsOf(res);
    res.json(await deps.tournaments.enter(id, { userId, name: username, guest }, password));
  });
  router.post('/:id/withdraw', auth, async (req, res) => {
    const { id } = parse(IdParams, req.params, 'path');
    parse(Empty, req.body ?? {});
    res.json(await deps.tournaments.withdraw(id, claimsOf(res).userId));
  });
  router.post('/:id/bye', auth, async (req, res) => {
    const { id } = parse(IdParams, req.params, 'path');
    const { round } = parse(ByeBody, req.body);
    res.json(await deps.tournaments.requestBye(id, claimsOf(res).userId, round));
  });
  // The creator of a tournament without a start time (or staff) starts it now.
  router.post('/:id/start', auth, async (req, res) => {
    const { id } = parse(IdParams, req.params, 'path');
    parse(Empty, req.body ?? {});
    const claims = claimsOf(res);
    res.json(await deps.tournaments.start(id, { userId: claims.userId, staff: isStaff(claims.roles) }));
  });
  router.post('/:id/invite', auth, perPlayer, async (req, res) => {
    const { id } = parse(IdParams, req.params, 'path');
    const { usernames } = parse(InviteBody, req.body);
    res.json(await deps.tournaments.invite(id, { userId: claimsOf(res).userId }, usernames));
  });
  return router;
}
