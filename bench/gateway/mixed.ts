// Mixed reads for memory checks: `tsx bench/gateway/mixed.ts <port> [connections] [seconds]` drives
// simple, feed, node and tree (anonymous; the feed signed in) in round robin on one gateway.
import autocannon from "autocannon";
import { signAccessToken } from "../../src/domains/identity/tokens.ts";
import { LISTENER, operations } from "./operations.ts";

async function main() {
  const [port = "4660", connections = "32", seconds = "20"] = process.argv.slice(2);
  const secret = process.env.JWT_SECRET ?? "bench-secret-bench-secret-bench-secret-0019";
  const token = await signAccessToken({ userId: LISTENER, sessionId: null }, secret, 3600, new Date());
  const ops = operations().filter((o) => ["simple", "feed", "node", "tree"].includes(o.name));
  const r = await autocannon({
    url: `http://127.0.0.1:${port}/graphql`,
    connections: Number(connections),
    duration: Number(seconds),
    requests: ops.map((o) => ({
      method: "POST" as const,
      body: o.body.gateway!,
      headers: { "content-type": "application/json", ...(o.auth ? { authorization: `Bearer ${token}` } : {}) },
    })),
  });
  process.stdout.write(`${r.requests.total} requests, ${r.non2xx} non-2xx, ${r.errors} errors, p99 ${r.latency.p99} ms\n`);
}
void main();
