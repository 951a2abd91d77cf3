// The embedded database: real Postgres compiled to WASM (PGlite), exposed on a loopback port by
// pglite-socket so the application talks to it through the same pg driver, Prisma adapter and
// migration runner as production.
import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

export interface EmbeddedDatabase {
  url: string;
  db: PGlite;
  close(): Promise<void>;
}

export interface EmbeddedOptions {
  /** Directory for the data files; omit for an in-memory database. */
  dataDir?: string;
  /** A data-dir tarball (from PGlite.dumpDataDir) to start from, e.g. a pre-migrated template. */
  loadDataDir?: Blob | File;
}

/**
 * PGlite executes one statement at a time for all connections; the socket server keeps a
 * transaction's statements together, but interleaved extended-protocol messages from two
 * connections can clash. So the embedded database serves exactly ONE connection and the pool
 * in front of it has max 1 (src/db/client.ts): requests queue at the pool, never inside Postgres.
 */
export const EMBEDDED_MAX_CONNECTIONS = 1;
/**
 * The socket server accepts a few more connections than the pool uses: when a query fails, the
 * Prisma adapter discards its connection and the pool opens a replacement at once, while the old
 * one is still being torn down. With no spare slot that replacement was refused and the request
 * after any SQL error failed with "Connection terminated unexpectedly". Only one is ever active.
 */
const SOCKET_SERVER_SLOTS = EMBEDDED_MAX_CONNECTIONS + 3;

export async function startEmbedded(opts: EmbeddedOptions = {}): Promise<EmbeddedDatabase> {
  if (opts.dataDir) fs.mkdirSync(path.dirname(path.resolve(opts.dataDir)), { recursive: true });
  const db = await PGlite.create(opts.dataDir ? path.resolve(opts.dataDir) : undefined, {
    loadDataDir: opts.loadDataDir,
  });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: SOCKET_SERVER_SLOTS });
  await server.start();
  const url = `postgresql://postgres@${server.getServerConn()}/postgres?sslmode=disable`;
  let closed = false;
  return {
    url,
    db,
    async close() {
      if (closed) return;
      closed = true;
      await server.stop();
      await db.close();
    },
  };
}
