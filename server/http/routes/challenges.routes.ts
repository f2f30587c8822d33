import { Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../services/errors.ts';
import type { FriendsService } from '../../services/friends.service.ts';
import type { GameService } from '../../services/game.service.ts';
import type { NotificationsService } from '../../services/notifications.service.ts';
import type { AccessTokens, ChallengeDesk, GameHosting } from '../../services/ports.ts';
import { claimsOf, requireAuth } from '../auth.ts';
import { parse } from '../validate.ts';

const ChallengeBody = z.strictObject({
  /** Usernames and guest names (`Guest-xxxxxxxx`). */
  opponent: z.string().regex(/^[A-Za-z][A-Za-z0-9_-]{2,31}$/, 'a username'),
  /** Chess: checked by the lobby as the chess room reads it (`"3+2"`). */
  timeControl: z.string().min(1).max(16).optional(),
  rated: z.boolean(),
  /** Any other game (`golf`): its options, checked by the lobby with the game's own schema. */
  game: z.string().min(1).max(40).optional(),
  options: z.record(z.string().max(40), z.unknown()).optional(),
  /** Computer seats at the table besides the two players, and their level. */
  computers: z.number().int().min(0).max(15).optional(),
  level: z.string().max(32).optional(),
});

const ChallengeIdParam = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'a challenge id');

/**
 * `/api/challenges`: challenge a named player directly. The opponent must be in the lobby, where
 * the challenge reaches them and they answer it; both players can follow it here.
 */
export function challengesRoutes(deps: {
  games: GameService;
  tokens: AccessTokens;
  hosting: () => GameHosting | undefined;
  friends: FriendsService;
  notifications: NotificationsService;
}): Router {
  const router = Router();
  router.use(requireAuth(deps.tokens));
  const desk = (): ChallengeDesk => {
    const hosting = deps.hosting();
    if (!hosting) throw new AppError('NOT_READY', 'this node does not host games yet');
    return hosting.challenges;
  };

  router.post('/', async (req, res) => {
    const body = parse(ChallengeBody, req.body);
    const claims = claimsOf(res);
    const opponent = await deps.games.profile(body.opponent);
    if (opponent.id === claims.userId) {
      throw new AppError('VALIDATION_FAILED', 'you cannot challenge yourself', [
        { path: 'opponent', message: 'you cannot challenge yourself' },
      ]);
    }
    if (await deps.friends.blocks(opponent.id, claims.userId)) {
      throw new AppError('BLOCKED', `${opponent.username} does not take challenges from you`);
    }
    const { opponent: _named, ...terms } = body;
    const challenge = await desk().create({
      from: { userId: claims.userId, name: claims.username, guest: claims.guest },
      to: { userId: opponent.id, name: opponent.username, guest: opponent.guest },
      ...terms,
    });
    // Kept in the opponent's inbox too, for when they come back.
    await deps.notifications
      .notify({ userId: opponent.id, username: opponent.username }, 'challenge', {
        from: { userId: claims.userId, name: claims.username },
        challengeId: challenge.id,
        game: challenge.game,
        timeControl: challenge.timeControl,
        rated: body.rated,
      })
      .catch(() => undefined);
    res.status(201).json(challenge);
  });

  router.get('/:id', async (req, res) => {
    const id = parse(ChallengeIdParam, req.params.id, 'id');
    res.json(await desk().get(id, claimsOf(res).userId));
  });
  return router;
}
