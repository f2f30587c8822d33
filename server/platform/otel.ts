import { context, type Span, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import {
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  TracerProvider,
} from '@opentelemetry/sdk-trace';
import type { OpenSpan, SpanAttributes, Tracing } from '../services/ports.ts';

/**
 * Tracing with the OpenTelemetry SDK. Loaded by `startTracing` only when traces are wanted: with
 * tracing off, no module of the SDK is ever imported.
 */
export function otelTracing(options: { serviceName: string; exporter?: SpanExporter }): Tracing {
  // The OTLP/HTTP exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS, …) by itself.
  const exporter = options.exporter ?? new OTLPTraceExporter();
  const processor = options.exporter
    ? new SimpleSpanProcessor({ exporter })
    : new BatchSpanProcessor({ exporter });
  const provider = new TracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName })),
    spanProcessors: [processor],
  });
  const contextManager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(contextManager);
  trace.setGlobalTracerProvider(provider);
  const tracer = provider.getTracer('rookery');

  const opened = (span: Span): OpenSpan => ({
    setAttributes: (attributes) => span.setAttributes(defined(attributes)),
    rename: (name) => span.updateName(name),
    end: (failed) => {
      if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  });

  return {
    span(name, attributes, work) {
      return tracer.startActiveSpan(name, { attributes: defined(attributes) }, (span) => {
        const fail = (err: unknown) => {
          span.recordException(err instanceof Error ? err : String(err));
          span.setStatus({ code: SpanStatusCode.ERROR });
          span.end();
          throw err;
        };
        try {
          const result = work();
          if (result instanceof Promise) {
            return result.then((value) => {
              span.end();
              return value;
            }, fail) as typeof result;
          }
          span.end();
          return result;
        } catch (err) {
          return fail(err);
        }
      });
    },
    open(name, attributes, work) {
      return tracer.startActiveSpan(name, { attributes: defined(attributes) }, (span) => work(opened(span)));
    },
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      context.disable();
    },
  };
}

function defined(attributes: SpanAttributes): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(attributes)) if (value !== undefined) out[key] = value;
  return out;
}
