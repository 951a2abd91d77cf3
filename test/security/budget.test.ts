// The execution budget: a request past REQUEST_TIMEOUT_MS answers TIMEOUT at once while the
// event loop keeps serving; on PostgreSQL its statements are cancelled by statement_timeout.
import { createSchema, createYoga } from "graphql-yoga";
import { createTestApp } from "../helpers/app.ts";
import { isStatementTimeout, timeoutPlugin } from "../../src/app/timeout.ts";

describe("execution budget", () => {
  it("a resolver still running past the budget answers TIMEOUT (504) at the budget, /healthz stays responsive", async () => {
    let finished = false;
    const yoga = createYoga({
      schema: createSchema({
        typeDefs: "type Query { slow: String fast: String }",
        resolvers: { Query: { fast: () => "now", slow: () => new Promise((r) => setTimeout(() => r((finished = true) && "late"), 3_000).unref()) } },
      }),
      plugins: [timeoutPlugin(200)],
    });
    const send = (query: string) => yoga.fetch("http://t/graphql", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ query }) });
    expect((await (await send("{ fast }")).json()).data.fast).toBe("now"); // warm: the first request builds Yoga's caches
    const t0 = performance.now();
    const pending = send("{ slow }");
    // The loop is free meanwhile: a timer fires on time.
    const tick = performance.now();
    await new Promise((r) => setTimeout(r, 50));
    expect(performance.now() - tick).toBeLessThan(100);
    const res = await pending;
    const ms = performance.now() - t0;
    expect(res.status).toBe(504);
    const body = await res.json();
    expect(body.errors[0].extensions).toMatchObject({ code: "TIMEOUT", timeoutMs: 200 });
    expect(ms).toBeLessThan(1_500);
    expect(finished).toBe(false);
  });

  it("database statements get the same budget (statement_timeout) on PostgreSQL", async () => {
    const app = await createTestApp({ env: { REQUEST_TIMEOUT_MS: "300" } });
    try {
      if (app.kind === "postgres") {
        const r = await app.db.pool.query("SHOW statement_timeout");
        expect(r.rows[0].statement_timeout).toBe("300ms");
        const err = await app.db.pool.query("SELECT pg_sleep(2)").catch((e) => e);
        expect(isStatementTimeout(err)).toBe(true);
      } else {
        // PGlite runs one statement at a time in-process and cannot cancel one: the embedded
        // database gets no statement_timeout, the request still answers TIMEOUT at the budget.
        const r = await app.db.pool.query("SHOW statement_timeout");
        expect(r.rows[0].statement_timeout).toBe("0");
      }
      expect(isStatementTimeout(new Error("canceling statement due to statement timeout"))).toBe(true);
    } finally {
      await app.close();
    }
  });
});
