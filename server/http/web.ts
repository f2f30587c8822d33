import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import type { Logger } from '../platform/logger.ts';
import { isWildcardHost, pickFreePort } from '../platform/ports.ts';

/** Paths the server answers itself: the web app never shadows them (their 404s stay JSON). */
const SERVER_PATHS = /^\/(api|matchmake|health|ready|metrics|\.well-known)(\/|$)/;

/**
 * The browser app's own routes (`web/src/router.ts`), answered with its page. Any other path that
 * is not a file of the build is answered, for a browser (one that accepts HTML), with the page
 * and a 404 status (the app shows "Page not found"); for anything else with the API's JSON 404.
 */
export const CLIENT_ROUTES: readonly RegExp[] = [
  /^\/$/,
  /^\/index\.html$/,
  /^\/games\/[A-Za-z0-9_-]{1,32}\/?$/,
  /^\/play\/[A-Za-z0-9_-]{1,32}\/?$/,
  /^\/golf\/[A-Za-z0-9_-]{1,32}\/?$/,
  /^\/party\/[A-Za-z0-9]{1,32}\/?$/,
  /^\/admin(\/(users|games|tournaments|system|audit)(\/[A-Za-z0-9_-]{1,64})?)?\/?$/,
  /^\/@\/[A-Za-z][A-Za-z0-9_-]{2,31}\/?$/,
  /^\/leaderboards(\/[a-z0-9][a-z0-9-]{0,39})?\/?$/,
  /^\/tournaments(\/[A-Za-z0-9_-]{1,32})?\/?$/,
  /^\/(settings|friends|inbox|verify-email|reset-password)\/?$/,
];

/**
 * What the page may load: its own scripts and styles (chessground positions pieces with inline
 * styles), the pieces' data: images, and connections to any node of the cluster (a room may live
 * on another node's public address).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "connect-src 'self' ws: wss: http: https:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

const HERE = import.meta.url;
/** Compiled (`dist/server/http/web.js`) rather than run from the sources by tsx. */
const COMPILED = !HERE.endsWith('.ts');

/**
 * Where `npm run build:web` puts the app: `dist/web/`, which is `../../web/` from the compiled
 * server and `../../dist/web/` from the sources.
 */
export const DEFAULT_WEB_BUILD = fileURLToPath(new URL(COMPILED ? '../../web/' : '../../dist/web/', HERE));
const WEB_SOURCES = fileURLToPath(new URL('../../web/', HERE));

export interface WebAppOptions {
  env: 'development' | 'production' | 'test';
  log: Logger;
  /** The built app to serve; default {@link DEFAULT_WEB_BUILD}. */
  buildDir?: string;
  /**
   * Where the server listens (`HOST`): in development Vite's reload socket listens there too, on
   * a free port of its own, so it is no more open than the server. Default `127.0.0.1`.
   */
  host?: string;
  /** In front of the staff's pages under `/admin` (their session check, the monitor). */
  staff?: import('express').RequestHandler;
}

export interface WebApp {
  /** The API behind the web app: what the server serves. */
  http: Express;
  close(): Promise<void>;
}

function isClientRoute(path: string): boolean {
  return CLIENT_ROUTES.some((route) => route.test(path));
}

function pageHeaders(res: Response): void {
  res.setHeader('Content-Type', 'text/html; charset=utf-8');
  res.setHeader('Cache-Control', 'no-cache');
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'same-origin');
}

/** Whether an unknown path should get the app's page (with a 404): a browser asking for a page. */
function wantsPage(req: Request): boolean {
  return req.accepts(['json', 'html']) === 'html';
}

/** GET or HEAD of a path that is not the server's own: the only requests the web app looks at. */
function forTheApp(req: Request): boolean {
  return (req.method === 'GET' || req.method === 'HEAD') && !SERVER_PATHS.test(req.path);
}

/**
 * Serves the browser app at `/` in front of the API. From the sources in development (`npm run
 * dev`) it is served live by Vite in middleware mode, so an edit shows on reload; otherwise the
 * build in `dist/web/` is served, hashed assets cached for good and the page never cached.
 * Requests for the server's own paths pass straight through.
 */
export async function withWebApp(api: Express, options: WebAppOptions): Promise<WebApp> {
  const http = express();
  http.disable('x-powered-by');
  let close = async () => undefined;
  if (options.staff) http.use('/admin', options.staff);
  if (options.env === 'development' && !COMPILED) {
    close = await mountVite(http, options.log, options.host ?? '127.0.0.1');
  } else {
    mountBuild(http, options.buildDir ?? DEFAULT_WEB_BUILD, options.log);
  }
  http.use(api);
  return { http, close };
}

/**
 * The status a page is sent with: what the route asks for, unless something in front of the app
 * already refused the request (the staff pages answer their console 401 or 403 with the app's page).
 */
function pageStatus(res: Response, status: number): number {
  return res.statusCode >= 400 ? res.statusCode : status;
}

function mountBuild(http: Express, buildDir: string, log: Logger): void {
  const indexFile = path.join(buildDir, 'index.html');
  if (!existsSync(indexFile)) {
    log.warn({ buildDir }, 'the web app is not built (npm run build:web): / answers 503');
  }
  const assets = express.static(buildDir, {
    index: false,
    redirect: false,
    fallthrough: true,
    setHeaders: (res, file) => {
      res.setHeader('X-Content-Type-Options', 'nosniff');
      // Vite names assets by content hash: a new build never reuses a name.
      if (file.includes('/assets/')) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  // Read each time: a rebuild is served without a restart, and the page is small.
  const sendPage = (res: Response, status: number) =>
    readFile(indexFile, 'utf8').then(
      (page) => {
        pageHeaders(res);
        res.status(pageStatus(res, status)).send(page);
      },
      () => {
        res.status(503).type('text/plain').send('The web app is not built: run `npm run build:web`.\n');
      },
    );
  http.use((req, res, next) => {
    if (!forTheApp(req)) return next();
    if (isClientRoute(req.path)) return void sendPage(res, 200);
    assets(req, res, () => (wantsPage(req) ? void sendPage(res, 404) : next()));
  });
}

/** Vite's dev server, as middleware of ours; returns how to stop it. */
async function mountVite(http: Express, log: Logger, host: string): Promise<() => Promise<undefined>> {
  const vite = await import('vite');
  // Loaded by path so the compiler never pulls the web sources into the server's build.
  const configUrl = pathToFileURL(`${WEB_SOURCES}vite.config.ts`).href;
  const config = ((await import(configUrl)) as { default: import('vite').UserConfig }).default;
  const server = await vite.createServer({
    ...config,
    configFile: false,
    appType: 'custom',
    server: {
      ...config.server,
      middlewareMode: true,
      cors: false,
      // Vite's own default is port 24678 on every interface: a second checkout's server could
      // not start its socket, and the socket was open to the network. The page connects to the
      // host it was loaded from when the server listens on every interface.
      ws: { host: isWildcardHost(host) ? undefined : host, port: await pickFreePort(host) },
    },
  });
  log.info('serving the web app live from web/ (Vite, development)');
  const sendPage = (req: Request, res: Response, next: NextFunction, status: number) =>
    readFile(`${WEB_SOURCES}index.html`, 'utf8')
      .then((page) => server.transformIndexHtml(req.originalUrl, page))
      .then((page) => {
        pageHeaders(res);
        res.status(pageStatus(res, status)).send(page);
      }, next);
  http.use((req: Request, res: Response, next: NextFunction) => {
    if (!forTheApp(req)) return next();
    if (isClientRoute(req.path)) return void sendPage(req, res, next, 200);
    server.middlewares(req, res, () => (wantsPage(req) ? void sendPage(req, res, next, 404) : next()));
  });
  return async () => {
    await server.close();
    return undefined;
  };
}
