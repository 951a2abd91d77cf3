// GraphiQL in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core, which is
// CommonJS and so loads under jest; puppeteer-core 25 is ESM-only): the
// page loads with every request to an outside host blocked (it works offline), introspection
// succeeds so the Docs pane shows the schema, the first tab runs anonymously and shows data, and
// the Headers tab starts empty (no placeholder token that the server would reject as malformed).
// Without Chromium on the machine the suite is skipped with a message saying so
// (`apt-get install chromium` to run it).
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createTestApp, type TestApp } from "../helpers/app.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) console.warn(`SKIPPED: GraphiQL browser check: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH).`);
const maybe = haveChromium ? describe : describe.skip;

// Ports 4650-4659 belong to this worktree's tests; the OS picks a free one when 0.
const PORT = Number(process.env.GRAPHIQL_TEST_PORT ?? 4650);
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

/** A JSON body, or the last JSON part of a multipart/event-stream answer. */
function parseBody(text: string): any {
  try {
    return JSON.parse(text);
  } catch {
    const parts = text.split(/\r?\n/).filter((l) => l.trim().startsWith("{"));
    for (const p of parts.reverse()) {
      try {
        return JSON.parse(p.replace(/^data:\s*/, ""));
      } catch {
        // not JSON
      }
    }
    return { raw: text.slice(0, 200) };
  }
}

maybe("GraphiQL in headless Chromium", () => {
  let app: TestApp;
  let server: http.Server;
  let base: string;
  let browser: import("playwright-core").Browser;

  beforeAll(async () => {
    app = await createTestApp({ env: { GRAPHIQL_ENABLED: "true" } });
    server = http.createServer(app.yoga);
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(PORT, "127.0.0.1", () => resolve());
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS, headless: true });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    await app?.close();
  });

  it("loads offline, shows the schema docs, and the first tab runs anonymously", async () => {
    const page = await browser.newPage();
    const outside: string[] = [];
    const graphqlResponses: Array<{ status: number; body: any }> = [];
    await page.route("**/*", (route) => {
      const url = route.request().url();
      if (url.startsWith(base) || url.startsWith("data:") || url.startsWith("blob:")) return route.continue();
      outside.push(url);
      return route.abort();
    });
    const pending: Promise<void>[] = [];
    page.on("response", (res) => {
      if (res.request().method() === "POST" && res.url().startsWith(`${base}/graphql`)) {
        pending.push(
          res.text().then(
            (text) => void graphqlResponses.push({ status: res.status(), body: parseBody(text) }),
            () => undefined,
          ),
        );
      }
    });
    const settled = async () => {
      await page.waitForLoadState("networkidle");
      await Promise.all(pending);
    };

    await page.goto(`${base}/graphql`, { waitUntil: "networkidle", timeout: 60_000 });
    expect(outside).toEqual([]);

    // Introspection ran without an Authorization header and succeeded.
    await page.waitForFunction(() => document.querySelector(".graphiql-container") !== null, undefined, { timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector(".graphiql-execute-button") !== null, undefined, { timeout: 30_000 });
    await settled();
    const introspection = graphqlResponses.find((r) => r.body?.data?.__schema);
    if (!introspection) throw new Error(`no introspection answer among ${JSON.stringify(graphqlResponses).slice(0, 500)}`);
    expect(introspection.status).toBe(200);
    expect(introspection?.body.errors).toBeUndefined();

    // The Headers tab is empty: nothing malformed is sent.
    const headersText = await page.evaluate(() => {
      const tabs = [...document.querySelectorAll("button")].find((b) => b.textContent?.trim() === "Headers");
      (tabs as HTMLButtonElement | undefined)?.click();
      const editor = document.querySelector(".graphiql-editor-tool .graphiql-editor:not(.hidden)") ?? document.querySelector(".graphiql-editor-tool");
      return editor?.textContent ?? "";
    });
    expect(headersText).not.toContain("Bearer");

    // Docs pane: the schema's root types are listed, no "Error fetching schema".
    await page.evaluate(() => {
      const b = document.querySelector('[aria-label="Show Documentation Explorer"]') as HTMLButtonElement | null;
      b?.click();
    });
    await page.waitForFunction(() => document.querySelector(".graphiql-doc-explorer")?.textContent?.includes("Query"), undefined, { timeout: 30_000 });
    const docs = await page.evaluate(() => document.querySelector(".graphiql-doc-explorer")?.textContent ?? "");
    expect(docs).toContain("Mutation");
    expect(await page.evaluate(() => document.body.innerText)).not.toContain("Error fetching schema");

    // The first tab (the public catalogue) runs and shows data, not UNAUTHENTICATED.
    const before = graphqlResponses.length;
    await page.click(".graphiql-execute-button");
    await page.waitForFunction(() => (document.querySelector(".graphiql-response")?.textContent ?? "").includes("totalCount"), undefined, { timeout: 30_000 });
    await settled();
    const result = graphqlResponses.slice(before).find((r) => r.body?.data && "contents" in r.body.data);
    expect(result?.status).toBe(200);
    expect(result?.body.errors).toBeUndefined();
    const shown = await page.evaluate(() => document.querySelector(".graphiql-response")?.textContent ?? "");
    expect(shown).not.toContain("UNAUTHENTICATED");
    expect(outside).toEqual([]);
    await page.close();
  }, 120_000);
});
