// GET /metrics: request counts and latency per operation name, errors per extensions.code, the
// database pool, and the switch that turns it all off.
import { createTestApp, type TestApp } from "../helpers/app.ts";

const metricsOf = async (app: TestApp, headers: Record<string, string> = {}) => {
  const res = await app.yoga.fetch("http://test/metrics", { headers });
  return { status: res.status, text: await res.text(), type: res.headers.get("content-type") };
};

/** The value of one sample line, e.g. sample(text, 'graphql_envelop_request{operationName="Feed"'). */
const sample = (text: string, prefix: string): number | null => {
  const line = text.split("\n").find((l) => l.startsWith(prefix));
  return line ? Number(line.slice(line.lastIndexOf(" ") + 1)) : null;
};

describe("Prometheus metrics", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp();
  });
  afterAll(() => app.close());

  it("counts operations per name, times them, and counts errors by extensions.code", async () => {
    await app.gql(`query Ping { viewer { id } }`);
    await app.gql(`query Ping { viewer { id } }`);
    // A signed-out viewer asking for its notifications: UNAUTHENTICATED (or FORBIDDEN from shield).
    const denied = await app.gql(`query Me { notifications(first: 1) { totalCount } }`);
    const code = denied.errors?.[0]?.extensions?.code;
    expect(code).toMatch(/^(UNAUTHENTICATED|FORBIDDEN)$/);
    await app.gql(`query Broken { nope }`);

    const m = await metricsOf(app);
    expect(m.status).toBe(200);
    expect(m.type).toContain("text/plain");
    expect(sample(m.text, 'graphql_envelop_request{operationName="Ping",operationType="query"}')).toBe(2);
    expect(sample(m.text, 'graphql_envelop_request_duration_count{operationName="Ping",operationType="query"}')).toBe(2);
    expect(m.text).toMatch(/graphql_envelop_request_duration_bucket\{le="0\.005",operationName="Ping",operationType="query"\} \d+/);
    expect(sample(m.text, `graphql_envelop_error_result{operationName="Me",operationType="query",code="${code}",phase="execute"}`)).toBe(1);
    expect(m.text).toMatch(/graphql_envelop_error_result\{operationName="Broken",[^}]*code="GRAPHQL_VALIDATION_FAILED",phase="validate"\} 1/);
    expect(m.text).toMatch(/graphql_yoga_http_duration_count\{[^}]*statusCode="200"[^}]*\} \d+/);
    expect(m.text).toMatch(/gateway_db_pool_connections\{state="total"\} \d+/);
    expect(sample(m.text, "gateway_db_pool_max")).toBe(app.db.pool.options.max);
    expect(m.text).toContain("# TYPE gateway_subscriptions_active gauge");
    expect(m.text).toContain("# TYPE gateway_job_runs_total counter");
  });

  it("labels unnamed operations Anonymous", async () => {
    await app.gql(`query { viewer { id } }`);
    const m = await metricsOf(app);
    expect(sample(m.text, 'graphql_envelop_request{operationName="Anonymous",operationType="query"}')).toBe(1);
  });

  it("requires the bearer token when METRICS_TOKEN is set, and is gone when METRICS_ENABLED=false", async () => {
    const guarded = await createTestApp({ env: { METRICS_TOKEN: "metrics-token-0123456789" } });
    try {
      expect((await metricsOf(guarded)).status).toBe(401);
      expect((await metricsOf(guarded, { authorization: "Bearer wrong-token-0123456789xx" })).status).toBe(401);
      const ok = await metricsOf(guarded, { authorization: "Bearer metrics-token-0123456789" });
      expect(ok.status).toBe(200);
      expect(ok.text).toContain("graphql_envelop_request");
    } finally {
      await guarded.close();
    }
    const off = await createTestApp({ env: { METRICS_ENABLED: "false" } });
    try {
      expect(off.runtime.metrics).toBeNull();
      const res = await metricsOf(off);
      expect(res.status).toBe(404);
      expect(res.text).not.toContain("graphql_envelop_request");
    } finally {
      await off.close();
    }
  });
});
