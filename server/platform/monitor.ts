import { monitor } from '@colyseus/monitor';
import type { RequestHandler } from 'express';

/**
 * The Colyseus monitor (`@colyseus/monitor`): every room of the cluster with its clients and
 * state, read-only here (`server/http/staff-pages.ts` guards it and refuses its room calls).
 */
export function colyseusMonitor(): RequestHandler {
  return monitor({
    columns: ['roomId', 'name', 'clients', 'maxClients', 'locked', 'elapsedTime', 'processId'],
  }) as unknown as RequestHandler;
}
