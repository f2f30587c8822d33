import type { Client } from '@colyseus/core';
import type { LogTrail, Tracing, TrailFields } from '../../server/services/ports.ts';
import type { RoomAuth } from './auth.ts';

/** Who a connection signed in as (what `onAuth` returned for it), if anyone. */
export function signedInAs(client: Client): string | undefined {
  const auth = client.auth as RoomAuth | undefined;
  return auth?.kind === 'user' ? auth.claims.userId : undefined;
}

/**
 * Runs the work of one client message inside the log trail (the room's fields and the sender's
 * user id on every line it logs) and, when tracing is on, a span named after the message. With
 * neither, the work runs as it is.
 */
export function inMessageTrail<T>(
  observe: { trail?: LogTrail; tracing?: Tracing },
  at: { room: string; type: string; fields: TrailFields; client: Client },
  work: () => T,
): T {
  const { trail, tracing } = observe;
  if (!trail && !tracing) return work();
  const fields = { ...at.fields, userId: signedInAs(at.client) };
  const traced = tracing
    ? () =>
        tracing.span(`room message ${at.type}`, { 'rookery.room': at.room, ...attributesOf(fields) }, work)
    : work;
  return trail ? trail.run(fields, traced) : traced();
}

/** Trail fields as span attributes (`rookery.room_id`, `rookery.game_id`, `rookery.user_id`). */
function attributesOf(fields: TrailFields): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const [key, value] of Object.entries(fields)) out[`rookery.${key.replace(/Id$/, '_id')}`] = value;
  return out;
}
