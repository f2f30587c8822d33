/**
 * Run as its own process: loads the whole server (as `server/main.ts` imports it) and asks for
 * tracing without and then with an OTLP endpoint, printing which OpenTelemetry modules were
 * loaded at each point, as one JSON line.
 */
import { registerHooks } from 'node:module';

const loaded = new Set<string>();
registerHooks({
  resolve(specifier, context, next) {
    const resolved = next(specifier, context);
    if (resolved.url.includes('/@opentelemetry/'))
      loaded.add(resolved.url.replace(/^.*\/node_modules\//, ''));
    return resolved;
  },
});

await import('../../server/main.ts');
const { tracingFromEnv } = await import('../../server/platform/tracing.ts');
const off = await tracingFromEnv({});
const whenOff = [...loaded];
const on = await tracingFromEnv({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
const whenOn = [...loaded];
await on?.shutdown();
process.stdout.write(
  `${JSON.stringify({ off: off === undefined, whenOff, on: on !== undefined, whenOn })}\n`,
);
