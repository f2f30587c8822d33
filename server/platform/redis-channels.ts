import type { Redis } from 'ioredis';

/**
 * A node's one connection for the Redis channels it listens to (a connection that subscribes can
 * do nothing else): each channel's listeners are handed the text of its messages. Listeners of
 * `onReturn` are called each time the connection comes back after it was lost, its channels
 * subscribed again: what was published meanwhile is gone, and they read it where it is kept.
 */
export class RedisChannels {
  private connection: Redis | undefined;
  private readonly listeners = new Map<string, Array<(text: string) => void>>();
  private readonly returns: Array<() => Promise<unknown>> = [];

  constructor(
    private readonly redis: Redis,
    private readonly onError: (err: unknown) => void,
  ) {}

  /** Hands `listener` every message of `channel` from the moment this resolves. */
  async listen(channel: string, listener: (text: string) => void): Promise<void> {
    const listeners = this.listeners.get(channel);
    if (listeners) listeners.push(listener);
    else this.listeners.set(channel, [listener]);
    await this.open().subscribe(channel);
  }

  /** Calls `listener` each time the connection is back after a loss, its channels subscribed again. */
  onReturn(listener: () => Promise<unknown>): void {
    this.returns.push(listener);
  }

  async close(): Promise<void> {
    await this.connection?.quit().catch(() => undefined);
  }

  private open(): Redis {
    if (this.connection) return this.connection;
    const connection = this.redis.duplicate();
    this.connection = connection;
    connection.on('error', this.onError);
    connection.on('message', (channel: string, text: string) => {
      for (const listener of this.listeners.get(channel) ?? []) listener(text);
    });
    // The first `ready` is the first connection; each later one, a return.
    let connected = false;
    connection.on('ready', () => {
      if (!connected) {
        connected = true;
        return;
      }
      void connection
        .subscribe(...this.listeners.keys())
        .then(() => Promise.all(this.returns.map((read) => read())))
        .catch(this.onError);
    });
    return connection;
  }
}
