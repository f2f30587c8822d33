import { matchMaker } from '@colyseus/core';
import type { TournamentState } from '../../client-sdk/index.ts';
import type { Backend } from './backends.ts';
import { PASSWORD, sleep } from './chess.ts';
import type { TestGameServer } from './game.ts';
import { type client, uniqueName } from './server.ts';
import { type StaffStack, staffStack } from './staff.ts';

/** A new account made a moderator by `admin`: its id and access token. */
export async function newModerator(
  api: ReturnType<typeof client>,
  admin: string,
): Promise<{ id: string; token: string }> {
  const name = uniqueName('mod');
  await api.post('/api/auth/register', { username: name, password: PASSWORD });
  await api.post(`/api/admin/users/${name}/roles`, { roles: ['moderator'], reason: 'new staff' }, admin);
  const login = (await api.post('/api/auth/login', { username: name, password: PASSWORD })).body;
  return { id: login.user.id, token: login.accessToken };
}

/** A server with an admin (`staffStack`) and a moderator the admin made, handed to `started`. */
export function staffWithModerator(
  backend: Backend,
  env: Record<string, string>,
  started: (stack: StaffStack & { moderator: { id: string; token: string } }) => void,
): void {
  let stack: StaffStack;
  staffStack(
    backend,
    uniqueName('root'),
    (s) => {
      stack = s;
    },
    env,
  );
  before(async () => {
    started({ ...stack, moderator: await newModerator(stack.api, stack.admin) });
  });
}

/**
 * Closes the tournament's room (as when its node goes) and has the keeper build it again from
 * its log, as it does for a tournament no node holds.
 */
export async function rebuildTournamentRoom(server: TestGameServer, id: string): Promise<void> {
  await matchMaker.getLocalRoomById(id)!.disconnect();
  while ((await matchMaker.query({ roomId: id })).length > 0) await sleep(20);
  await server.cluster.tournaments.open(id);
}

/** What a watcher sees of a tournament, to compare two rooms of it. */
export function seen(state: TournamentState): unknown {
  return JSON.parse(JSON.stringify(state.toJSON()));
}

/** The audit entries of `action` about tournament `id` (newest first). */
export async function auditOf(
  api: ReturnType<typeof client>,
  admin: string,
  action: string,
  id: string,
): Promise<Array<{ actorId: string; targetId: string | null; details: Record<string, unknown> }>> {
  const entries = (await api.get(`/api/admin/audit?action=${action}&limit=200`, admin)).body
    .entries as Array<{
    actorId: string;
    targetId: string | null;
    details: Record<string, unknown>;
  }>;
  return entries.filter((e) => e.details?.tournamentId === id);
}
