// Reference server 1: PostGraphile v5 (amber preset) over the same database, in production mode,
// with a pg pool of the same size as the gateway's. `tsx bench/gateway/postgraphile-server.ts`
// with DATABASE_URL, PORT and DB_POOL_MAX. A bench devDependency only.
//
// PostGraphile 5.1 declares node >= 22 and calls Promise.withResolvers (Node 22); this machine runs
// Node 20, where every query otherwise fails with "reading 'items'". The spec's one-line
// behaviour is supplied here, for this reference server only (imported before postgraphile).
import "./node22-shim.ts";
import { createServer } from "node:http";
import pg from "pg";

// The package's subpath exports are not visible to this repo's `moduleResolution: node`, so the
// few entry points used are required with the small surface typed here.
/* eslint-disable @typescript-eslint/no-require-imports */
type Preset = Record<string, unknown>;
interface Serv {
  addTo(server: import("node:http").Server): Promise<void>;
}
interface PostGraphileInstance {
  createServ(grafserv: unknown): Serv;
  getSchema(): Promise<unknown>;
  release(): Promise<void>;
}
const { postgraphile } = require("postgraphile") as { postgraphile: (preset: Preset) => PostGraphileInstance };
const { makePgService } = require("postgraphile/adaptors/pg") as { makePgService: (o: object) => unknown };
const { grafserv } = require("postgraphile/grafserv/node") as { grafserv: unknown };
const { PostGraphileAmberPreset } = require("postgraphile/presets/amber") as { PostGraphileAmberPreset: Preset };

const port = Number(process.env.PORT ?? 4661);
const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: Number(process.env.DB_POOL_MAX ?? 10) });
pool.on("error", () => undefined);

const preset: Preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ pool, schemas: ["public"] })],
  grafserv: { port, graphiql: false, watch: false },
  grafast: { explain: false },
};

async function main() {
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.on("error", (e) => {
    process.stderr.write(`${e}\n`);
    process.exit(1);
  });
  await serv.addTo(server);
  await pgl.getSchema();
  server.listen(port, "127.0.0.1", () => process.stdout.write(`postgraphile listening on ${port}\n`));
  for (const s of ["SIGTERM", "SIGINT"] as const) {
    process.once(s, () => {
      server.close();
      void pgl.release().then(() => pool.end()).finally(() => process.exit(0));
    });
  }
}
main().catch((e) => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
