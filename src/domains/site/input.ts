// Input pieces shared by the admin forms of the settings, site and communication domains.
import { z } from "zod";

export const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url("must be an absolute URL")
  .refine((u) => /^https?:\/\//i.test(u), "must be an http(s) URL");

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
