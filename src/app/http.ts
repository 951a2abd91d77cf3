// The Node HTTP server around Yoga, with graceful shutdown: stop accepting, let in-flight
// requests finish (bounded by SHUTDOWN_TIMEOUT_MS), then close the database and Redis.
import http from "node:http";
import type { App } from "./app.ts";

export interface RunningServer {
  server: http.Server;
  port: number;
  stop(reason?: string): Promise<void>;
}

export async function startHttpServer(app: App, onClosed: () => Promise<void>): Promise<RunningServer> {
  const { config, log } = app.runtime;
  const server = http.createServer(app.yoga);
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.PORT, config.HOST, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : config.PORT;

  let stopping: Promise<void> | null = null;
  const stop = (reason = "shutdown") =>
    (stopping ??= (async () => {
      log.info({ reason }, "shutting down: no new connections, finishing in-flight requests");
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => {
        log.warn({ timeoutMs: config.SHUTDOWN_TIMEOUT_MS }, "in-flight requests did not finish in time; closing connections");
        server.closeAllConnections();
      }, config.SHUTDOWN_TIMEOUT_MS);
      await closed;
      clearTimeout(timer);
      await onClosed();
      log.info("shutdown complete");
    })());

  return { server, port, stop };
}
