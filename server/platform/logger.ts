import pino, { type Logger } from 'pino';
import type { Trail } from './trail.ts';

export type { Logger };

/**
 * Structured JSON logs (pretty in development). Secrets never reach a log line: credentials are
 * redacted by path, and errors are logged by name, code and message, without stack traces.
 */
export function createLogger(options: {
  level: string;
  pretty: boolean;
  base?: Record<string, unknown>;
  /** Every line carries the fields of the work in progress (request id; room, game, user). */
  trail?: Trail;
  /** Where the lines go (default standard output; ignored when pretty). */
  destination?: pino.DestinationStream;
}): Logger {
  const trail = options.trail;
  const settings: pino.LoggerOptions = {
    level: options.level,
    // A copy: pino merges the line's own fields into what the mixin returns.
    ...(trail ? { mixin: () => ({ ...trail.fields() }) } : {}),
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
  };
  return options.destination && !options.pretty ? pino(settings, options.destination) : pino(settings);
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
