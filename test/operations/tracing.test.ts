// OpenTelemetry: an HTTP span with the request id, the GraphQL operation under it, resolver spans
// under that; nothing at all without a tracer provider (OTEL_EXPORTER_OTLP_ENDPOINT unset).
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from "@opentelemetry/sdk-trace-node";
import { loadConfig } from "../../src/core/config.ts";
import { createDb } from "../../src/db/client.ts";
import { createApp } from "../../src/app/app.ts";
import { createLogger } from "../../src/core/logger.ts";
import { TEST_JWT_SECRET } from "../helpers/app.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/db.ts";

describe("OpenTelemetry traces", () => {
  let database: TestDatabase;
  let db: ReturnType<typeof createDb>;
  const exporter = new InMemorySpanExporter();
  const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb({ url: database.url, poolMax: database.poolMax });
  });
  afterAll(async () => {
    await db.close();
    await database.drop();
  });
  const config = () => loadConfig({ NODE_ENV: "test", JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: database.url, JOBS_SCHEDULER_ENABLED: "false" });

  it("nests operation and resolver spans under the HTTP span, which carries the request id", async () => {
    const { yoga } = createApp({ config: config(), db, log: createLogger("silent"), databaseKind: database.kind, tracerProvider: provider });
    const res = await yoga.fetch("http://test/graphql", {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "trace-me-123" },
      body: JSON.stringify({ query: "query Feed { stories(first: 2) { edges { node { id title } } } }" }),
    });
    expect(res.status).toBe(200);
    await provider.forceFlush();
    const spans = exporter.getFinishedSpans();
    const http = spans.find((s) => s.name === "HTTP POST /graphql");
    expect(http?.attributes["request.id"]).toBe("trace-me-123");
    expect(http?.attributes["http.response.status_code"]).toBe(200);
    const op = spans.find((s) => s.name.includes("Feed") && s.parentSpanId === http!.spanContext().spanId);
    expect(op).toBeDefined();
    const resolver = spans.find((s) => s.name.includes("stories") && s.spanContext().traceId === http!.spanContext().traceId && s !== op);
    expect(resolver).toBeDefined();
  });

  it("is off without a tracer provider", async () => {
    exporter.reset();
    const { yoga } = createApp({ config: config(), db, log: createLogger("silent"), databaseKind: database.kind });
    await yoga.fetch("http://test/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ viewer { id } }" }) });
    expect(exporter.getFinishedSpans()).toHaveLength(0);
  });
});
