// `npm run bench [-- <name> [args…]]`: runs one benchmark in a child process.
//   gateway    (default) the gateway against PostGraphile v5 and hand-written SQL (bench/gateway/, docs/performance.md)
//   analytics  creatorDashboard over 1M events (bench/analytics.ts [postgres|embedded])
//   shield     the permission layer's cost (bench/shield.ts [iterations])
import { spawnSync } from "node:child_process";
import path from "node:path";

const BENCHES: Record<string, string> = {
  gateway: "gateway/index.ts",
  analytics: "analytics.ts",
  shield: "shield.ts",
};

const [name = "gateway", ...rest] = process.argv.slice(2);
const file = BENCHES[name];
if (!file) {
  process.stderr.write(`unknown benchmark "${name}"; one of: ${Object.keys(BENCHES).join(", ")}\n`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ["--import", "tsx", path.join(__dirname, file), ...rest], { stdio: "inherit" });
process.exit(r.status ?? 1);
