import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs (pretty in development). Secrets never reach a log line: credentials are
 * redacted by path, and errors are logged by name, code and message, without stack traces.
 */
export function createLogger(options: {
  level: string;
  pretty: boolean;
  base?: Record<string, unknown>;
}): Logger {
  return pino({
    level: options.level,
    base: { service: 'rookery', pid: process.pid, ...options.base },
    redact: {
      paths: [
        'password',
        '*.password',
        'refreshToken',
        '*.refreshToken',
        'accessToken',
        '*.accessToken',
        'req.headers.authorization',
        'req.headers.cookie',
      ],
      censor: '[redacted]',
    },
    serializers: { err: serializeError },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(options.pretty
      ? {
          transport: {
            target: 'pino-pretty',
            options: { colorize: true, translateTime: 'HH:MM:ss.l', ignore: 'pid,service' },
          },
        }
      : {}),
  });
}

/** An error as a log shows it: what it is and what it says, never where it came from. */
export function serializeError(err: unknown): Record<string, unknown> {
  if (err instanceof Error) {
    const out: Record<string, unknown> = { type: err.name, message: err.message };
    const code = (err as { code?: unknown }).code;
    if (code !== undefined) out.code = code;
    return out;
  }
  return { type: typeof err, message: String(err) };
}
