// `tsx bench/abuse.ts <base-url> <server-pid> [label]`: sends the abuse corpus' worst cases to a
// running gateway over HTTP (start it with NODE_ENV=production PERSISTED_OPERATIONS_ONLY=false so
// arbitrary documents reach the limits) and prints a markdown table: status, code, time, the
// /healthz latency while the case was in flight, and the server's peak RSS (VmHWM) after it.
// docs/security.md holds the numbers measured before (main) and after (issue 15).
import fs from "node:fs";
import { SignJWT } from "jose";

const [base, pidArg, label = "run"] = process.argv.slice(2);
const pid = Number(pidArg);
const secret = process.env.JWT_SECRET ?? "bench-secret-bench-secret-bench-secret-01";
const TIMEOUT_MS = Number(process.env.CASE_TIMEOUT_MS ?? 30_000);

const b64 = (s: string) => Buffer.from(s).toString("base64url");
const aliases = (n: number) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: stories(first: 5) { edges { node { id title creator { id } } } }`).join(" ")} }`;
function cycle(depth: number): string {
  let inner = "id";
  for (let i = 0; i < depth; i++) inner = i % 2 ? `story { ${inner} }` : `comments(first: 1) { edges { node { ${inner} } } }`;
  return `{ stories(first: 1) { edges { node { ${inner} } } } }`;
}
const sign = (claims: Record<string, unknown>, exp = true) => {
  const j = new SignJWT(claims).setProtectedHeader({ alg: "HS256" }).setIssuer("creator-gateway").setAudience("creator-gateway").setIssuedAt();
  if (exp) j.setExpirationTime("10m");
  return j.sign(new TextEncoder().encode(secret));
};

type Case = { name: string; body?: string; headers?: Record<string, string>; method?: string; path?: string };
const json = (o: unknown) => JSON.stringify(o);

async function cases(): Promise<Case[]> {
  const ids = Array.from({ length: 10_000 }, (_, i) => b64(`Story:00000000-0000-4000-8000-${String(i).padStart(12, "0")}`));
  return [
    { name: "1,000 aliases of stories { creator }", body: json({ query: aliases(1_000) }) },
    { name: "depth-100 story → comments cycle", body: json({ query: cycle(101) }) },
    { name: "200 directives", body: json({ query: `{ stories(first: 1) { ${"totalCount @include(if: true) ".repeat(200)} } }` }) },
    { name: "2 MB query", body: json({ query: `{ __typename } #${"x".repeat(2_000_000)}` }) },
    { name: "100k tokens", body: json({ query: `{ ${"a ".repeat(100_000)} }` }) },
    { name: "nodes(ids:) × 10,000", body: json({ query: "query($ids: [ID!]!) { nodes(ids: $ids) { id } }", variables: { ids } }) },
    { name: "first: 100000", body: json({ query: "{ stories(first: 100000) { totalCount } }" }) },
    { name: "NUL in stories(search)", body: json({ query: "query($s: String) { stories(first: 1, search: $s) { totalCount } }", variables: { s: "a\u0000b" } }) },
    { name: "node(id: User:not-a-uuid)", body: json({ query: `{ node(id: "${b64("User:not-a-uuid")}") { id } }` }) },
    { name: "node(id: unknown type)", body: json({ query: `{ node(id: "${b64("Nope:00000000-0000-4000-8000-000000000000")}") { id } }` }) },
    { name: "token sub not a uuid", body: json({ query: "{ viewer { id } }" }), headers: { authorization: `Bearer ${await sign({ sub: "not-a-uuid" })}` } },
    { name: "token without exp", body: json({ query: "{ viewer { id } }" }), headers: { authorization: `Bearer ${await sign({ sub: "00000000-0000-4000-8000-000000000000" }, false)}` } },
    { name: "form-encoded POST", body: "query=%7B__typename%7D", headers: { "content-type": "application/x-www-form-urlencoded" } },
    { name: "introspection (production)", body: json({ query: "{ __schema { types { name } } }" }) },
    { name: "10,000 aliases (0.85 MB), worst case", body: json({ query: aliases(10_000) }) },
  ];
}

function peakRssMb(): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}

async function main() {
  const rows: string[] = [`| case (${label}) | status | code | time ms | /healthz ms | peak RSS MB |`, "| --- | --- | --- | --- | --- | --- |"];
  for (const c of await cases()) {
    const t0 = performance.now();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(), TIMEOUT_MS);
    const attack = fetch(`${base}${c.path ?? "/graphql"}`, {
      method: c.method ?? "POST",
      headers: { "content-type": "application/json", ...c.headers },
      body: c.body,
      signal: ctl.signal,
    })
      .then(async (r) => ({ status: String(r.status), text: await r.text() }))
      .catch((e) => ({ status: (e as Error).name === "AbortError" ? `no answer in ${TIMEOUT_MS / 1000} s` : `connection lost (${(e as Error).message})`, text: "" }));
    await new Promise((r) => setTimeout(r, 20));
    const h0 = performance.now();
    const health = await Promise.race([
      fetch(`${base}/healthz`).then(() => Math.round(performance.now() - h0)),
      new Promise<string>((r) => setTimeout(() => r(`> ${TIMEOUT_MS}`), TIMEOUT_MS)),
    ]).catch(() => "down");
    const res = await attack;
    clearTimeout(timer);
    const ms = Math.round(performance.now() - t0);
    let code = "";
    try {
      const body = JSON.parse(res.text);
      code = body.errors?.[0]?.extensions?.code ?? (body.errors ? "(no code)" : "ok");
    } catch {
      code = res.text ? "(not JSON)" : "";
    }
    rows.push(`| ${c.name} | ${res.status} | ${code} | ${ms} | ${health} | ${peakRssMb() ?? "process gone"} |`);
    console.error(rows[rows.length - 1]);
  }
  console.log(rows.join("\n"));
}

void main();
