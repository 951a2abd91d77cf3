// Input validation every domain shares: parseInput (the first zod issue becomes BAD_USER_INPUT
// naming the field), and the schemas more than one domain uses (e-mail, URLs and site links, slugs
// and labels, idempotency keys, currency codes, time zones), each defined once.
import { z } from "zod";
import { errors } from "./errors.ts";

export const emailSchema = z.string().trim().toLowerCase().email("must be a valid e-mail address").max(254);
export const passwordSchema = z
  .string()
  .min(10, "must be at least 10 characters")
  .max(200, "must be at most 200 characters")
  .refine((p) => /[A-Za-z]/.test(p) && /[0-9]/.test(p), "must contain letters and digits");

/** Parses input with zod; the first issue becomes BAD_USER_INPUT naming the field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => ({ field: i.path.join(".") || "input", message: i.message }));
  throw errors.badInput(issues[0].field, issues[0].message, issues);
}

/** An IANA time-zone name the runtime knows (Europe/Paris, America/New_York, UTC). */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** An absolute http(s) URL (one definition: site links, settings, integrations and SEO lookups). */
export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url("must be an http(s) URL")
  .refine((u) => /^https?:\/\/[^\s/$.?#][^\s]*$/i.test(u), "must be an http(s) URL");

/** A link inside the site: a path ("/pricing", "/docs#start"), never a protocol-relative URL. */
export const internalPath = z
  .string()
  .trim()
  .max(2000)
  .regex(/^\/(?!\/)[^\s]*$/, "must be a path starting with /");

/** Either kind of link a page can carry. */
export const siteLink = z.union([httpUrl, internalPath], { error: "must be an http(s) URL or a path starting with /" });

export const optionalText = (max: number) => z.string().trim().max(max).nullish();

/**
 * GraphQL input → service input: drops absent and null fields (the services read undefined as
 * "leave as it is"), except the `nullable` ones where null means "clear it".
 */
export function definedFields<T extends Record<string, unknown>>(input: T, nullable: readonly string[] = []): { [K in keyof T]: Exclude<T[K], null> } {
  return Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && (v !== null || nullable.includes(k)))) as never;
}

/** A lookup row's slug: 1-63 lower-case letters, digits, - or _. */
export const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "must be 1-63 lower-case letters, digits, - or _");
/** A short display name. */
export const label = z.string().trim().min(1, "must not be empty").max(120);

/** A client-chosen key for a retryable request: 8-200 characters of [A-Za-z0-9._:-] (a UUID is ideal). */
export const idempotencyKeySchema = z
  .string()
  .trim()
  .min(8, "must be at least 8 characters (use a UUID)")
  .max(200, "must be at most 200 characters")
  .regex(/^[A-Za-z0-9._:-]+$/, "may only contain letters, digits and . _ : -");

/** ISO 4217 currency code, upper case. */
export const CURRENCY_RE = /^[A-Z]{3}$/;
