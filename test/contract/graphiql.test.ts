// GraphiQL: served with inlined assets (works offline), opens with the example operations from
// operations/, a header editor showing how to pass a token; disabled by config.
import fs from "node:fs";
import path from "node:path";
import { createTestApp } from "../helpers/app.ts";

describe("GraphiQL", () => {
  it("serves a self-contained page with the example operations and the token header", async () => {
    const app = await createTestApp({ env: { GRAPHIQL_ENABLED: "true" } });
    try {
      const res = await app.yoga.fetch("http://test/graphql", { headers: { accept: "text/html" } });
      expect(res.status).toBe(200);
      const html = await res.text();
      // No CDN: no external script or stylesheet URLs.
      expect(html).not.toMatch(/<script[^>]+src=["']https?:/i);
      expect(html).not.toMatch(/<link[^>]+href=["']https?:/i);
      expect(html).toContain("Authorization");
      expect(html).toContain("Bearer");
      // No placeholder token in the header editor (it would be sent, rejected as malformed).
      expect(html).not.toContain("Bearer <paste");
      for (const f of fs.readdirSync(path.resolve(__dirname, "../../operations")).filter((f) => f.endsWith(".graphql"))) {
        expect(html).toContain(f.replace(/\.graphql$/, ""));
      }
    } finally {
      await app.close();
    }
  });

  it("is not served when disabled (the production default)", async () => {
    const app = await createTestApp({ env: { GRAPHIQL_ENABLED: "false" } });
    try {
      const res = await app.yoga.fetch("http://test/graphql", { headers: { accept: "text/html" } });
      expect(await res.text()).not.toContain("graphiql");
    } finally {
      await app.close();
    }
  });
});
