// Input validation shared by the identity services (and, through service.ts, every domain):
// zod schemas and parseInput, which turns the first issue into BAD_USER_INPUT naming the field.
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
