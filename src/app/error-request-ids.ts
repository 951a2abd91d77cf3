// Which request an error belongs to, for the "unexpected error" log lines Yoga's maskError writes
// (maskError receives the error only). This used to be an AsyncLocalStorage entered per request:
// that turns on Node's promise hooks for every promise of every request, a cost the CPU profile
// of issue 19 showed on the hot path (promiseInitHook / promiseBeforeHook and their garbage).
// Instead, errors are tagged with their request id where the request is known: when execution
// finishes (before Yoga masks the result) and when building the context fails.
import type { Plugin } from "graphql-yoga";

const ids = new WeakMap<object, string>();

export function tagError(error: unknown, requestId: string): void {
  if (error && typeof error === "object") {
    ids.set(error, requestId);
    const original = (error as { originalError?: unknown }).originalError;
    if (original && typeof original === "object") ids.set(original, requestId);
  }
}

export function requestIdOfError(error: unknown): string | undefined {
  if (!error || typeof error !== "object") return undefined;
  return ids.get(error) ?? ids.get((error as { originalError?: object }).originalError ?? {});
}

/** Tags every error of an execution result with the context's requestId. */
export function errorRequestIdPlugin(): Plugin<{ requestId?: string }> {
  return {
    onExecute() {
      return {
        onExecuteDone({ args, result }) {
          const requestId = (args.contextValue as { requestId?: string }).requestId;
          const errors = (result as { errors?: readonly unknown[] }).errors;
          if (requestId && errors) for (const e of errors) tagError(e, requestId);
        },
      };
    },
  };
}
