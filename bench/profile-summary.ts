// `npx tsx bench/profile-summary.ts <file.cpuprofile> [top]`: self time of a V8 CPU profile
// (`node --cpu-prof`, BENCH_PROFILE=1) grouped by package, then the top functions by self time.
// Idle time is left out of the shares: they are of busy CPU. `--from=<s>` skips the start-up.
import fs from "node:fs";

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Which package (or bucket) a frame belongs to. */
export function bucketOf(frame: CallFrame): string {
  const { url, functionName } = frame;
  if (!url) {
    if (functionName === "(garbage collector)") return "GC";
    if (functionName === "(idle)") return "(idle)";
    if (functionName === "(program)") return "node native (program)";
    return `native ${functionName || "(anonymous)"}`;
  }
  if (url.startsWith("node:")) return `node core ${url.slice(5).split("/")[0]}`;
  if (url.startsWith("wasm://")) return "wasm (Prisma query compiler)";
  const nm = url.lastIndexOf("/node_modules/");
  if (nm >= 0) {
    const rest = url.slice(nm + 14).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes("/src/generated/")) return "src/generated (Prisma client)";
  const src = url.indexOf("/src/");
  if (src >= 0) return `our code ${url.slice(src + 5).split("/").slice(0, 2).join("/")}`;
  return url.replace(/^file:\/\//, "");
}

/** `fromSeconds`: leave out the first seconds of the profile (start-up). */
export function summarise(profile: Profile, fromSeconds = 0): { busyMs: number; buckets: [string, number][]; functions: [string, number][] } {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const bucketUs = new Map<string, number>();
  const fnUs = new Map<string, number>();
  let busy = 0;
  let elapsed = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const dt = profile.timeDeltas[i] ?? 0;
    elapsed += dt;
    if (!node || elapsed < fromSeconds * 1e6) continue;
    const bucket = bucketOf(node.callFrame);
    if (bucket === "(idle)") continue;
    busy += dt;
    bucketUs.set(bucket, (bucketUs.get(bucket) ?? 0) + dt);
    const f = node.callFrame;
    const key = `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/node_modules\//, "").replace(/^file:\/\/.*\/src\//, "src/")}:${f.lineNumber + 1}`;
    fnUs.set(key, (fnUs.get(key) ?? 0) + dt);
  }
  const sort = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]);
  return { busyMs: busy / 1000, buckets: sort(bucketUs), functions: sort(fnUs) };
}

function main() {
  const args = process.argv.slice(2);
  const from = Number(args.find((a) => a.startsWith("--from="))?.slice(7) ?? 0);
  const [file, topArg] = args.filter((a) => !a.startsWith("--"));
  if (!file) {
    process.stderr.write("usage: tsx bench/profile-summary.ts <file.cpuprofile> [top functions] [--from=<seconds, skips start-up>]\n");
    process.exit(2);
  }
  const top = Number(topArg ?? 30);
  const { busyMs, buckets, functions } = summarise(JSON.parse(fs.readFileSync(file, "utf8")) as Profile, from);
  const pct = (us: number) => `${((us / 10 / busyMs) * 1).toFixed(1).padStart(5)} %`;
  const out = [`busy CPU ${(busyMs / 1000).toFixed(1)} s\n`, "| share | package / bucket |", "|---:|---|"];
  for (const [k, us] of buckets) if (us / 1000 / busyMs >= 0.002) out.push(`| ${pct(us)} | ${k} |`);
  out.push("", `top ${top} functions by self time:`);
  for (const [k, us] of functions.slice(0, top)) out.push(`${pct(us)}  ${k}`);
  process.stdout.write(out.join("\n") + "\n");
}

if (process.argv[1]?.endsWith("profile-summary.ts")) main();
