// The one error factory. Every error a client may see is a GraphQLError whose
// `extensions.code` is one of ERROR_CATALOGUE's keys; anything else is masked by Yoga as
// INTERNAL_SERVER_ERROR. docs/errors.md is generated from this catalogue (npm run docs).
import { GraphQLError } from "graphql";

export const ERROR_CATALOGUE = {
  UNAUTHENTICATED: { http: 401, meaning: "The operation needs a signed-in viewer and none (or an invalid/expired token) was sent." },
  FORBIDDEN: { http: 403, meaning: "The viewer is known but may not do this. `extensions.reason` may carry a machine-readable reason (e.g. VOICE_PACK_REQUIRED). `ACCOUNT_SUSPENDED`: an admin suspended the account; sign-in, refresh and every request with its access token answer this until an admin unsuspends it." },
  NOT_FOUND: { http: 404, meaning: "No such row, or a private row the viewer may not know exists (we never answer FORBIDDEN for those)." },
  BAD_USER_INPUT: { http: 400, meaning: "An argument is invalid. `extensions.field` names the input field; `extensions.issues` lists every problem." },
  CONFLICT: { http: 409, meaning: "The request conflicts with the current state (already owned, concurrent update, duplicate). `extensions.reason` says which." },
  QUOTA_EXCEEDED: { http: 429, meaning: "A plan quota is used up. `extensions.quota`, `extensions.limit`, `extensions.resetsAt` tell which and when it resets." },
  RATE_LIMITED: { http: 429, meaning: "Too many attempts; `extensions.retryAfterSeconds` says when to try again." },
  PAYMENT_REQUIRED: { http: 402, meaning: "The content or action needs a purchase, subscription or credits the viewer does not have." },
  PERSISTED_QUERY_NOT_FOUND: { http: 400, meaning: "The persisted operation id is unknown to this server." },
  PERSISTED_QUERY_ONLY: { http: 400, meaning: "Only persisted operations may run here; send a documentId / persisted query hash." },
  GRAPHQL_PARSE_FAILED: { http: 400, meaning: "The document is not valid GraphQL syntax (Yoga's parser); nothing ran." },
  GRAPHQL_VALIDATION_FAILED: { http: 400, meaning: "The document does not validate against the schema (unknown field, wrong argument type, introspection while it is disabled …); nothing ran." },
  UNSUPPORTED_MEDIA_TYPE: { http: 415, meaning: "POST /graphql takes `application/json` (or `application/graphql-response+json`) only; form and text bodies are refused (CSRF)." },
  QUERY_TOO_COMPLEX: { http: 400, meaning: "The operation exceeds an operation limit (depth, aliases, directives, tokens or estimated cost); it was refused before anything ran. `extensions.rule` names the limit, `extensions.limit` its value and `extensions.measured` what the operation has (for tokens: the count at which parsing stopped)." },
  REQUEST_ENTITY_TOO_LARGE: { http: 413, meaning: "The request body is larger than MAX_REQUEST_BYTES (Yoga's code). A declared Content-Length is refused before reading and carries `extensions.limit`; a streamed body is cut off once it passes the limit." },
  TIMEOUT: { http: 504, meaning: "The request ran past its execution budget (REQUEST_TIMEOUT_MS) and was cancelled, database statements included; nothing it started was committed. `extensions.timeoutMs` is the budget." },
  SERVICE_UNAVAILABLE: { http: 503, meaning: "A dependency (the database, or Redis where nothing can stand in for it) is unreachable right now; retry later." },
  INTERNAL_SERVER_ERROR: { http: 500, meaning: "Unexpected error. The message is masked; the server log has the details under the request id." },
} as const;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions } });
}

export function isAppError(e: unknown): e is GraphQLError {
  return e instanceof GraphQLError && typeof e.extensions?.code === "string" && e.extensions.code in ERROR_CATALOGUE;
}

export type InputIssue = { field: string; message: string };

/** Named constructors so call sites read as what happened. */
export const errors = {
  unauthenticated: (message = "You must be signed in to do this.") => appError("UNAUTHENTICATED", message),
  forbidden: (message = "You are not allowed to do this.", reason?: string) =>
    appError("FORBIDDEN", message, reason ? { reason } : {}),
  notFound: (what = "Resource", id?: string) =>
    appError("NOT_FOUND", `${what} not found.`, id ? { id } : {}),
  badInput: (field: string, message: string, issues?: InputIssue[]) =>
    appError("BAD_USER_INPUT", `${field}: ${message}`, { field, issues: issues ?? [{ field, message }] }),
  conflict: (reason: string, message: string, extra: Record<string, unknown> = {}) =>
    appError("CONFLICT", message, { reason, ...extra }),
  quotaExceeded: (quota: string, limit: number, resetsAt: Date | null, used?: number) =>
    appError("QUOTA_EXCEEDED", `The ${quota} quota of your plan is used up.`, {
      quota,
      limit,
      used,
      resetsAt: resetsAt?.toISOString() ?? null,
    }),
  rateLimited: (retryAfterSeconds: number, message = "Too many attempts. Try again later.") =>
    appError("RATE_LIMITED", message, { retryAfterSeconds }),
  accountSuspended: () => appError("FORBIDDEN", "This account is suspended. Contact support.", { reason: "ACCOUNT_SUSPENDED" }),
  paymentRequired: (message = "This needs a purchase or a subscription.", reason?: string) =>
    appError("PAYMENT_REQUIRED", message, reason ? { reason } : {}),
  unavailable: (message = "The service is temporarily unavailable.") => appError("SERVICE_UNAVAILABLE", message),
};

/** True for errors that mean "the database cannot be reached" rather than a bug. */
export function isConnectivityError(e: unknown): boolean {
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    const err = cur as { code?: unknown; message?: unknown; cause?: unknown; originalError?: unknown };
    const code = typeof err.code === "string" ? err.code : "";
    const msg = typeof err.message === "string" ? err.message : "";
    if (["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "ENOTFOUND", "EPIPE", "P1001", "P1002", "P1017", "57P01", "57P03"].includes(code)) return true;
    if (/ECONNREFUSED|Connection terminated|connect ECONN|Can't reach database|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(msg)) return true;
    cur = err.originalError ?? err.cause;
  }
  return false;
}
