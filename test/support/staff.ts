import type { Backend } from './backends.ts';
import { PASSWORD } from './chess.ts';
import { startGameStack, type TestGameServer } from './game.ts';
import { client } from './server.ts';

export interface StaffStack {
  server: TestGameServer;
  api: ReturnType<typeof client>;
  /** The access token of the account made admin on boot. */
  admin: string;
}

/**
 * The staff suites' shared setup, as mocha hooks of the calling suite: before its tests, a game
 * stack on `backend` (with `env` added) that makes `adminName` its admin on boot, signed in as
 * that admin, is handed to `started`; after them the stack is closed.
 */
export function staffStack(
  backend: Backend,
  adminName: string,
  started: (stack: StaffStack) => void,
  env: Record<string, string> = {},
): void {
  let server: TestGameServer | undefined;
  before(async function () {
    this.timeout(120_000);
    server = await startGameStack(backend, { ...env, ADMIN_USERNAME: adminName, ADMIN_PASSWORD: PASSWORD });
    const api = client(server.url);
    const admin = (await api.post('/api/auth/login', { username: adminName, password: PASSWORD })).body
      .accessToken as string;
    started({ server, api, admin });
  });
  after(() => server?.close());
}
