// Configuration is validated at start: one clear line naming the variable, and exit code 1.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { CONFIG_DOCS, ConfigError, configShape, loadConfig } from "../../src/core/config.ts";

describe("configuration", () => {
  it("documents every variable (docs/configuration.md is generated from CONFIG_DOCS)", () => {
    expect(Object.keys(CONFIG_DOCS).sort()).toEqual(Object.keys(configShape.shape).sort());
  });

  it("has working defaults for development", () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(4000);
    expect(c.graphiqlEnabled).toBe(true);
    expect(c.persistedOperationsOnly).toBe(false);
  });

  it("turns GraphiQL off and persisted-only on in production, and requires JWT_SECRET", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow("Invalid configuration: JWT_SECRET is required in production");
    const c = loadConfig({ NODE_ENV: "production", JWT_SECRET: "x".repeat(40) });
    expect(c.graphiqlEnabled).toBe(false);
    expect(c.persistedOperationsOnly).toBe(true);
  });

  it.each([
    [{ PORT: "abc" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ REDIS_URL: "http://x" }, "REDIS_URL"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ JWT_SECRET: "short" }, "JWT_SECRET"],
  ])("names the bad variable: %j", (env, name) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(new RegExp(`^Invalid configuration: ${name} `));
  });

  it("`npm start` with a bad value prints one line and exits 1", () => {
    const root = path.resolve(__dirname, "../..");
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "src/main.ts"], {
      cwd: root,
      env: { ...process.env, PORT: "not-a-port", DATABASE_URL: "" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/^Invalid configuration: PORT /);
  });

  it("`npm start` with an unreachable database says so and exits 1", () => {
    const root = path.resolve(__dirname, "../..");
    const r = spawnSync(process.execPath, [path.join(root, "node_modules/tsx/dist/cli.mjs"), "src/main.ts"], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: "postgresql://nobody@127.0.0.1:1/none", PORT: "0" },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/Database unreachable at postgresql:\/\/nobody@127\.0\.0\.1:1\/none/);
  });
});
