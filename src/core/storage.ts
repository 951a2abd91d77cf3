// The media storage port: where uploaded audio, video, images and documents live. The API never
// streams bytes itself for S3; it hands out signed, expiring URLs:
//  - presignPut: one PUT of exactly `sizeBytes` bytes of `contentType` to `key` (the signature
//    binds both, so the declared size is the limit), valid until `expiresAt`;
//  - presignGet: a GET of `key`, valid until `expiresAt`;
//  - head: what is stored at `key` (null when nothing is), checked before an upload is attached.
// Adapters: src/adapters/storage-local.ts (default: files on disk, URLs served by this API) and
// src/adapters/storage-s3.ts (any S3-compatible store).

export interface PresignedRequest {
  url: string;
  method: "PUT" | "GET";
  /** Headers the client must send with the request (exactly these values). */
  headers: Record<string, string>;
  expiresAt: Date;
}

export interface StoredObject {
  sizeBytes: number;
  contentType: string | null;
}

export interface MediaStorage {
  readonly kind: "local" | "s3";
  presignPut(key: string, opts: { contentType: string; sizeBytes: number; expiresAt: Date; now: Date }): Promise<PresignedRequest>;
  presignGet(key: string, opts: { expiresAt: Date; now: Date; contentType?: string | null }): Promise<PresignedRequest>;
  head(key: string): Promise<StoredObject | null>;
}

/** Uploaded media is referenced from rows as `media://<key>` (resolved to a signed GET on read). */
export const MEDIA_REF_PREFIX = "media://";

export function mediaRef(key: string): string {
  return `${MEDIA_REF_PREFIX}${key}`;
}

export function mediaKeyOf(ref: string | null | undefined): string | null {
  return ref && ref.startsWith(MEDIA_REF_PREFIX) ? ref.slice(MEDIA_REF_PREFIX.length) : null;
}

/** Storage keys: `uploads/<owner uuid>/<asset uuid>`; nothing else is accepted (no path tricks). */
export const MEDIA_KEY_RE = /^uploads\/[0-9a-f-]{36}\/[0-9a-f-]{36}$/;

export class StorageUnavailableError extends Error {
  constructor(message = "media storage unavailable") {
    super(message);
    this.name = "StorageUnavailableError";
  }
}

/**
 * A stored URL as a client may use it: an uploaded object (media://key) becomes a signed GET URL
 * that expires after `ttlSeconds`; any other URL is returned as it is. Callers check access first
 * for protected fields.
 */
export async function readableUrl(
  ctx: { services: { storage: MediaStorage; clock: () => Date }; config: { MEDIA_URL_TTL_SECONDS: number } },
  stored: string | null | undefined,
): Promise<string | null> {
  if (!stored) return null;
  const key = mediaKeyOf(stored);
  if (!key) return stored;
  const now = ctx.services.clock();
  const signed = await ctx.services.storage.presignGet(key, { now, expiresAt: new Date(now.getTime() + ctx.config.MEDIA_URL_TTL_SECONDS * 1000) });
  return signed.url;
}

/** What the local media routes need besides the port (adapters/storage-local.ts implements both). */
export interface LocalMediaFiles {
  verify(
    method: "PUT" | "GET",
    params: URLSearchParams,
    now: Date,
  ): { ok: true; key: string; contentType: string; sizeBytes: number } | { ok: false; status: number; reason: string };
  write(key: string, contentType: string, body: ReadableStream<Uint8Array>, maxBytes: number): Promise<{ ok: true; sizeBytes: number } | { ok: false; tooLarge: boolean }>;
  read(key: string): Promise<Buffer | null>;
}
