// The execution budget: a GraphQL request still executing after REQUEST_TIMEOUT_MS answers
// TIMEOUT (HTTP 504) at once. Its database statements are bounded by the same budget through
// PostgreSQL's statement_timeout (set on every pooled connection, src/db/client.ts), so a slow
// statement is cancelled by the server and its transaction rolls back. graphql-js cannot stop
// resolvers already running; the ones still pending find their statements cancelled.
import { execute, type ExecutionArgs, type ExecutionResult } from "graphql";
import type { Plugin } from "graphql-yoga";
import { appError } from "../core/errors.ts";

export const timeoutError = (timeoutMs: number) =>
  appError("TIMEOUT", `The request took longer than ${timeoutMs} ms and was cancelled.`, { timeoutMs, http: { status: 504 } });

export function timeoutPlugin(timeoutMs: number): Plugin {
  return {
    onExecute({ executeFn, setExecuteFn }) {
      const inner = (executeFn ?? execute) as (args: ExecutionArgs) => Promise<ExecutionResult> | ExecutionResult;
      setExecuteFn(async (args: ExecutionArgs) => {
        let timer: NodeJS.Timeout | undefined;
        const expired = new Promise<ExecutionResult>((resolve) => {
          timer = setTimeout(() => resolve({ errors: [timeoutError(timeoutMs)] }), timeoutMs);
        });
        try {
          return await Promise.race([Promise.resolve(inner(args)), expired]);
        } finally {
          clearTimeout(timer);
        }
      });
    },
  };
}

/** PostgreSQL's "canceling statement due to statement timeout". */
export function isStatementTimeout(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    if (err.code === "57014" || (typeof err.message === "string" && /statement timeout/i.test(err.message))) return true;
    cur = err.originalError ?? err.cause;
  }
  return false;
}
