import net from 'node:net';

/** The address this node was told to listen on is taken by another process. */
export class PortInUseError extends Error {
  override name = 'PortInUseError';
  constructor(
    readonly host: string,
    readonly port: number,
  ) {
    super(
      `port ${port} on ${host} is already in use by another process: stop it, or set PORT to a free port`,
    );
  }
}

/** `0.0.0.0` and `::` listen on every interface; anything else is one address. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * Checks that `host:port` can be listened on now, by listening and closing at once. Resolves when
 * it is free, rejects with {@link PortInUseError} when it is taken (other failures as they are).
 * Port 0 is always free.
 */
export async function checkPortFree(host: string, port: number): Promise<void> {
  await listenOnce(host, port);
}

/** A port that is free on `host` now (the kernel's pick), for a helper socket such as Vite's. */
export async function pickFreePort(host: string): Promise<number> {
  return listenOnce(host, 0);
}

function listenOnce(host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new PortInUseError(host, port) : err),
    );
    server.listen(port, host, () => {
      const { port: bound } = server.address() as net.AddressInfo;
      server.close(() => resolve(bound));
    });
  });
}
