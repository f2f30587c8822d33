import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  url: string;
  close(): Promise<void>;
}

/**
 * A load balancer in front of the nodes, as an operator puts one: HTTP requests go round-robin
 * to the nodes whose `/ready` answers 200 (checked every 100 ms), so a draining node gets no new
 * traffic. Room connections do not pass through it: each node's seat reservations name the
 * node's own public address.
 */
export async function startBalancer(nodes: () => string[]): Promise<Balancer> {
  let ready: string[] = [];
  let turn = 0;
  const check = async () => {
    const answers = await Promise.all(
      nodes().map(async (url) => {
        const ok = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(1_000) })
          .then((r) => r.status === 200)
          .catch(() => false);
        return ok ? url : undefined;
      }),
    );
    ready = answers.filter((url): url is string => url !== undefined);
  };
  await check();
  let checking = false;
  const timer = setInterval(() => {
    if (checking) return;
    checking = true;
    void check().finally(() => {
      checking = false;
    });
  }, 100);

  const server = http.createServer((req, res) => {
    const target = ready[turn++ % Math.max(1, ready.length)];
    if (!target) {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'NOT_READY', message: 'no node is ready' } }));
      return;
    }
    const forward = http.request(
      new URL(req.url ?? '/', target),
      { method: req.method, headers: { ...req.headers, host: new URL(target).host } },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    forward.on('error', () => {
      if (res.headersSent) return void res.destroy();
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: 'the node did not answer' } }));
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    async close() {
      clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
