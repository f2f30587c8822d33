import type { Tracing } from '../services/ports.ts';

/** The standard variables that ask for traces: an OTLP endpoint for all signals, or for traces. */
const ENDPOINTS = ['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT'] as const;

/**
 * Tracing as the environment asks for it: traces are exported over OTLP/HTTP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set and
 * `OTEL_SDK_DISABLED` is not `true`; otherwise undefined, and the OpenTelemetry SDK is not even
 * loaded. `OTEL_SERVICE_NAME` names the service (default `rookery`).
 */
export async function tracingFromEnv(env: NodeJS.ProcessEnv): Promise<Tracing | undefined> {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  if (!ENDPOINTS.some((name) => env[name]?.trim())) return undefined;
  const { otelTracing } = await import('./otel.ts');
  return otelTracing({ serviceName: env.OTEL_SERVICE_NAME?.trim() || 'rookery' });
}

/**
 * A proxy of `target` whose every method call is a span `<name>.<method>`, or `target` itself
 * without tracing. For the services and the database: HTTP → service → database.
 */
export function traced<T extends object>(target: T, name: string, tracing: Tracing | undefined): T {
  if (!tracing) return target;
  return new Proxy(target, {
    get(object, key) {
      const value = Reflect.get(object, key);
      if (typeof value !== 'function' || typeof key !== 'string' || key === 'constructor') return value;
      return (...args: unknown[]) =>
        tracing.span(`${name}.${key}`, {}, () => (value as (...a: unknown[]) => unknown).apply(object, args));
    },
  });
}
