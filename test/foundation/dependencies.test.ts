// The floor plan holds: no import cycle under src/ and no import against the declared order
// (.dependency-cruiser.cjs). The same check as `npm run deps:check`, so `npm test` fails on it too.
import { execFileSync } from "node:child_process";
import path from "node:path";

const root = path.resolve(__dirname, "../..");

function cruise(): { summary: { error: number; violations: { rule: { name: string }; from: string; to: string }[]; totalCruised: number } } {
  const bin = path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
  let out: string;
  try {
    out = execFileSync(process.execPath, [bin, "src", "--config", ".dependency-cruiser.cjs", "--output-type", "json"], { cwd: root, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  } catch (e) {
    // depcruise exits non-zero when it finds violations; the JSON report is still on stdout.
    out = (e as { stdout?: string }).stdout ?? "";
    if (!out) throw e;
  }
  return JSON.parse(out);
}

test("src/ has no import cycle and no import against the declared order", () => {
  const { summary } = cruise();
  expect(summary.totalCruised).toBeGreaterThan(100);
  const violations = summary.violations.map((v) => `${v.rule.name}: ${v.from} → ${v.to}`);
  expect(violations).toEqual([]);
  expect(summary.error).toBe(0);
});
