// GraphQL over HTTP: the graphql-http server audit against the running server with every
// production plugin on (persisted operations, shield, masking, request ids). Every MUST and
// SHOULD check passes.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { serverAudits } from "graphql-http";
import { createTestApp, type TestApp } from "../helpers/app.ts";

describe("graphql-http server audit", () => {
  let app: TestApp;
  let server: http.Server;
  let url: string;
  beforeAll(async () => {
    // Production switches, but arbitrary documents allowed: the audit sends ad-hoc queries.
    app = await createTestApp({ env: { PERSISTED_OPERATIONS_ONLY: "false", GRAPHIQL_ENABLED: "false" } });
    server = http.createServer(app.yoga);
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    await app.close();
  });

  it("passes every MUST and SHOULD audit", async () => {
    const results = [];
    for (const audit of serverAudits({ url })) results.push({ ...(await audit.fn()), name: audit.name });
    const failures = results.filter((r) => r.status !== "ok").map((r) => `${r.name}: ${r.status} ${"reason" in r ? r.reason : ""}`);
    expect(failures).toEqual([]);
    expect(results.length).toBeGreaterThan(20);
  });

  it("answers application/graphql-response+json when asked", async () => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/graphql-response+json" },
      body: JSON.stringify({ query: "{ viewer { id } }" }),
    });
    expect(res.headers.get("content-type")).toMatch(/^application\/graphql-response\+json/);
  });
});
