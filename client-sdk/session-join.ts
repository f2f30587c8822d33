import type { Client as ColyseusClient, Room } from '@colyseus/sdk';
import { forgetRemovedKeys } from './decoded-maps.ts';
import { keepDecodedStringsFlat } from './decoded-strings.ts';
import { shareReflectedTypes } from './reflected-types.ts';
import type { RookeryClient, Session } from './rest.ts';
import { toJoinError } from './room-errors.ts';

/**
 * Opens a room with the session's access token; a token that expired on the way is refreshed
 * once and the join tried again. Every failure is a `RookeryError`. The room's decoded maps forget
 * the keys they lose (see {@link forgetRemovedKeys}), and its decoded strings are kept flat (see
 * {@link keepDecodedStringsFlat}); rooms of the same state types share their decoded classes (see
 * {@link shareReflectedTypes}).
 */
export async function joinWithSession<S>(
  rookery: RookeryClient,
  colyseus: ColyseusClient,
  open: (client: ColyseusClient) => Promise<Room<S>>,
  signedIn = true,
): Promise<{ room: Room<S>; session: Session | undefined }> {
  keepDecodedStringsFlat();
  shareReflectedTypes();
  const opened = await openWithSession(rookery, colyseus, open, signedIn);
  forgetRemovedKeys(opened.room);
  return opened;
}

async function openWithSession<S>(
  rookery: RookeryClient,
  colyseus: ColyseusClient,
  open: (client: ColyseusClient) => Promise<Room<S>>,
  signedIn: boolean,
): Promise<{ room: Room<S>; session: Session | undefined }> {
  const session = signedIn ? await rookery.session() : undefined;
  colyseus.auth.token = session?.accessToken ?? '';
  try {
    return { room: await open(colyseus), session };
  } catch (err) {
    const error = toJoinError(err);
    if (error.code !== 'TOKEN_EXPIRED' || !session) throw error;
    const renewed = await rookery.refresh(session);
    colyseus.auth.token = renewed.accessToken;
    try {
      return { room: await open(colyseus), session: renewed };
    } catch (again) {
      throw toJoinError(again);
    }
  }
}
