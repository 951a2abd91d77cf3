// One helper for "this state change spans rows": an interactive transaction, retried a few
// times when Postgres reports a serialization failure or deadlock (safe: the callback re-runs
// from scratch and has no side effects outside the transaction).
import type { PrismaClient } from "../generated/prisma/client.ts";

export type { PrismaClient };
/** The client or an interactive transaction client: what services accept. */
export type DbClient = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

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
      return await prisma.$transaction((tx) => fn(tx as Tx), opts.isolationLevel ? { isolationLevel: opts.isolationLevel } : undefined);
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
