// OpenTelemetry traces, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set: one span per HTTP request
// (with the request id as `request.id`), the GraphQL operation under it, and a span per resolver
// (@envelop/opentelemetry), exported over OTLP/HTTP in batches. SQL statements are not spans yet
// (docs/operations.md).
import { context, trace, ROOT_CONTEXT, SpanKind, SpanStatusCode, type Span, type TracerProvider } from "@opentelemetry/api";
import { useOpenTelemetry, setCurrentOtelContext } from "@envelop/opentelemetry";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { Resource } from "@opentelemetry/resources";
import { BatchSpanProcessor, NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { Plugin } from "graphql-yoga";

export function createTracerProvider(opts: { endpoint: string; serviceName: string }): NodeTracerProvider {
  const url = opts.endpoint.replace(/\/+$/, "") + "/v1/traces";
  return new NodeTracerProvider({
    resource: new Resource({ "service.name": opts.serviceName }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url }))],
  });
}

export function tracingPlugins(provider: TracerProvider, serviceName: string): Plugin[] {
  const tracer = provider.getTracer(serviceName);
  const spans = new WeakMap<Request, Span>();
  const http: Plugin = {
    onRequest({ request, url }) {
      const span = tracer.startSpan(`HTTP ${request.method} ${url.pathname}`, {
        kind: SpanKind.SERVER,
        attributes: { "http.request.method": request.method, "url.path": url.pathname, "request.id": request.headers.get("x-request-id") ?? "" },
      });
      spans.set(request, span);
    },
    onContextBuilding({ context: ctx }) {
      const span = spans.get((ctx as { request: Request }).request);
      if (span) setCurrentOtelContext(ctx, trace.setSpan(ROOT_CONTEXT, span));
    },
    onResponse({ request, response }) {
      const span = spans.get(request);
      if (!span) return;
      span.setAttribute("http.response.status_code", response.status);
      const id = response.headers.get("x-request-id");
      if (id) span.setAttribute("request.id", id);
      if (response.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    },
  };
  void context; // the envelop plugin reads the context set above
  return [http, useOpenTelemetry({ resolvers: true, variables: false, result: false, document: true }, provider, SpanKind.INTERNAL, {}, serviceName) as Plugin];
}
