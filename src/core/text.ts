// Text that PostgreSQL cannot store (NUL) or that is not valid Unicode (a lone UTF-16
// surrogate, which becomes U+FFFD on the way to the database), and LIKE-pattern escaping.
// Pure helpers: the request-wide check lives in src/app/input-hygiene.ts.

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const BAD_TEXT = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why `text` cannot be stored, or null when it can. */
export function textProblem(text: string): string | null {
  const m = BAD_TEXT.exec(text);
  if (!m) return null;
  return m[0] === "\u0000" ? "must not contain NUL characters" : "must be valid Unicode (it contains an unpaired surrogate)";
}

/**
 * Escapes LIKE/ILIKE wildcards so user text matches literally. PostgreSQL's default escape
 * character is the backslash, which Prisma's contains/startsWith/endsWith pass through as is.
 */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
