// One helper for "this state change spans rows": an interactive transaction, retried a few
// times when Postgres reports a serialization failure or deadlock (safe: the callback re-runs
// from scratch and has no side effects outside the transaction).
import type { PrismaClient } from "../generated/prisma/client.ts";

export type { PrismaClient };
/** The client or an interactive transaction client: what services accept. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
import type { EventBus, EventMap, EventTopic } from "./events.ts";

export type Tx = DbClient;

const RETRYABLE = new Set(["P2034", "40001", "40P01"]);

function isRetryable(e: unknown): boolean {
  const err = e as { code?: string; meta?: { code?: string }; cause?: { code?: string }; message?: string };
  return RETRYABLE.has(err?.code ?? "") || RETRYABLE.has(err?.meta?.code ?? "") || RETRYABLE.has(err?.cause?.code ?? "") ||
    /could not serialize access|deadlock detected|write conflict/i.test(err?.message ?? "");
}

export async function transaction<T>(
  prisma: PrismaClient,
  fn: (tx: Tx) => Promise<T>,
  opts: { isolationLevel?: "ReadCommitted" | "RepeatableRead" | "Serializable"; retries?: number } = {},
): Promise<T> {
  const retries = opts.retries ?? 3;
  for (let attempt = 0; ; attempt++) {
    try {
      const queue: Array<() => void> = [];
      const result = await prisma.$transaction((tx) => {
        pendingAfterCommit.set(tx, queue);
        const bus = buses.get(prisma);
        if (bus) buses.set(tx, bus);
        return fn(tx as Tx);
      }, opts.isolationLevel ? { isolationLevel: opts.isolationLevel } : undefined);
      runAfterCommit(queue);
      return result;
    } catch (e) {
      if (attempt >= retries || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * (attempt + 1)));
    }
  }
}

/** True when `e` is Prisma's unique-constraint violation (optionally on the given fields). */
export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string; message?: string; cause?: { code?: string } };
  return err?.code === "P2002" || err?.cause?.code === "23505" || /Unique constraint failed|duplicate key value/i.test(err?.message ?? "");
}

// Work to do once the transaction commits (publishing subscription events): queued on the
// transaction client, run by transaction() after COMMIT, dropped on rollback or retry. Outside
// transaction() (a plain client: each statement commits by itself) it runs at once.
const pendingAfterCommit = new WeakMap<object, Array<() => void>>();
/** The event bus of a client (bound by the app that owns it) and of its transactions. */
const buses = new WeakMap<object, EventBus>();

export function bindEventBus(prisma: PrismaClient, bus: EventBus): void {
  buses.set(prisma, bus);
}

export function afterCommit(tx: Tx, fn: () => void): void {
  const queue = pendingAfterCommit.get(tx as object);
  if (queue) queue.push(fn);
  else fn();
}

/** Publishes a subscription event once `tx` commits (at once for a plain client); no bus bound: nobody listens. */
export function publishAfterCommit<T extends EventTopic>(tx: Tx, topic: T, key: string, payload: EventMap[T]): void {
  const bus = buses.get(tx as object);
  if (bus) afterCommit(tx, () => bus.publish(topic, key, payload));
}

function runAfterCommit(queue: Array<() => void>): void {
  for (const fn of queue) {
    try {
      fn();
    } catch {
      // A failed publish must not turn a committed write into an error; subscribers re-read on reconnect.
    }
  }
}
