// Shared by the abuse corpus and the fuzz test: send a hostile request through yoga.fetch,
// probe /healthz while it runs, and check that nothing internal leaks in the body.
import type { TestApp } from "../helpers/app.ts";

export interface Hostile {
  status: number;
  body: any;
  text: string;
  ms: number;
  /** How long /healthz took to answer while the hostile request was in flight. */
  healthMs: number;
}

/** Sends `init` to /graphql and, once it is in flight, a /healthz probe. */
export async function hostile(app: TestApp, init: RequestInit & { path?: string }): Promise<Hostile> {
  const t0 = performance.now();
  const attack = app.yoga.fetch(`http://test${init.path ?? "/graphql"}`, init);
  // Let the hostile request start its synchronous work before the probe is sent.
  await new Promise((r) => setImmediate(r));
  const h0 = performance.now();
  const health = await app.yoga.fetch("http://test/healthz");
  const healthMs = performance.now() - h0;
  expect(health.status).toBe(200);
  const res = await attack;
  const text = await res.text();
  const ms = performance.now() - t0;
  let body: any = null;
  try {
    body = JSON.parse(text);
  } catch {
    body = null;
  }
  return { status: res.status, body, text, ms, healthMs };
}

export const post = (body: unknown, headers: Record<string, string> = {}): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json", accept: "application/graphql-response+json, application/json", ...headers },
  body: typeof body === "string" ? body : JSON.stringify(body),
});

/** Nothing a client should see: stack frames, SQL, file paths, driver messages. */
export function expectNothingInternal(text: string) {
  expect(text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\/work\/|\/src\/|\.ts:\d+/);
  expect(text).not.toMatch(/\b(SELECT|INSERT|UPDATE|DELETE)\b.+\b(FROM|INTO|SET)\b/);
  expect(text).not.toMatch(/invalid byte sequence|syntax error at or near|violates|PrismaClient|prisma\.|P20\d\d/i);
  expect(text).not.toMatch(/"stack"|"originalError"/);
}

export const codeOf = (h: Hostile): string | undefined => h.body?.errors?.[0]?.extensions?.code;
