// Counts the SQL statements a server sends, whatever its driver: a TCP proxy in front of
// PostgreSQL that reads the frontend protocol and counts Query ('Q', simple protocol) and
// Execute ('E', extended protocol) messages. Used only in the bench's counting pass (the load
// passes connect to PostgreSQL directly, so the proxy costs nothing there).
import net from "node:net";

export interface StatementCounter {
  port: number;
  count(): number;
  close(): Promise<void>;
}

export async function startStatementCounter(target: { host: string; port: number }, listenPort: number): Promise<StatementCounter> {
  let statements = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    sockets.add(client).add(upstream);
    let buf: Buffer = Buffer.alloc(0);
    let startup = true;
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      buf = buf.length ? Buffer.concat([buf, chunk]) : chunk;
      for (;;) {
        if (startup) {
          // StartupMessage / SSLRequest: int32 length, no type byte.
          if (buf.length < 4) break;
          const len = buf.readInt32BE(0);
          if (buf.length < len) break;
          const code = buf.readInt32BE(4);
          buf = buf.subarray(len);
          if (code !== 80877103) startup = false; // not an SSLRequest: the real startup message
          continue;
        }
        if (buf.length < 5) break;
        const type = buf[0];
        const len = buf.readInt32BE(1);
        if (buf.length < len + 1) break;
        if (type === 0x51 /* Q */ || type === 0x45 /* E */) statements++;
        buf = buf.subarray(len + 1);
      }
    });
    upstream.on("data", (chunk) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end).on("error", end);
    upstream.on("close", end).on("error", end);
  });
  await new Promise<void>((resolve, reject) => server.once("error", reject).listen(listenPort, "127.0.0.1", () => resolve()));
  return {
    port: listenPort,
    count: () => statements,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
