import type { Backend } from './backends.ts';
import { client, startServer, type TestServer } from './server.ts';

export interface ApiStack {
  server: TestServer;
  api: ReturnType<typeof client>;
}

/**
 * The HTTP suites' shared setup, as mocha hooks of the calling suite: before its tests, a server
 * on `backend` and a client of it are handed to `started`; after them the server is closed.
 */
export function apiStack(backend: Backend, started: (stack: ApiStack) => void): void {
  let server: TestServer | undefined;
  before(async function () {
    // The first suite of a run to open the embedded database pays for its migrations.
    this.timeout(120_000);
    server = await startServer(backend);
    started({ server, api: client(server.url) });
  });
  after(() => server?.close());
}

/** The header that carries an access token. */
export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
