// The local-disk media storage (default; works offline). Files live under MEDIA_DIR; the signed
// URLs point at this API's own routes (PUT /media/upload, GET /media/file) and carry an
// HMAC-SHA256 signature (node:crypto) over method, key, content type, size and expiry, keyed with
// a secret derived from JWT_SECRET. The routes check the signature, the expiry, the content type
// and the size (the body is cut off past the signed size) before touching the disk; files are
// written atomically (temp file + rename) next to a small metadata file.
import { createHmac, randomUUID, timingSafeEqual } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import { MEDIA_KEY_RE, type LocalMediaFiles, type MediaStorage, type StoredObject } from "../core/storage.ts";

export type { LocalMediaFiles };

export interface LocalStorageOptions {
  dir: string;
  /** Base URL clients reach this API at, e.g. http://localhost:4000 */
  publicUrl: string;
  secret: string;
}

type Signed = { method: "PUT" | "GET"; key: string; ct: string; size: number; exp: number };

export function createLocalStorage(opts: LocalStorageOptions): MediaStorage & LocalMediaFiles {
  const root = path.resolve(opts.dir);
  const base = opts.publicUrl.replace(/\/+$/, "");
  const sign = (s: Signed) => createHmac("sha256", `media-url:${opts.secret}`).update(`${s.method}\n${s.key}\n${s.ct}\n${s.size}\n${s.exp}`).digest("base64url");
  const fileOf = (key: string) => {
    if (!MEDIA_KEY_RE.test(key)) throw new Error("invalid media key");
    return path.join(root, key);
  };
  const url = (route: string, s: Signed) => {
    const q = new URLSearchParams({ key: s.key, ct: s.ct, size: String(s.size), exp: String(s.exp), sig: sign(s) });
    return `${base}${route}?${q.toString()}`;
  };
  return {
    kind: "local",
    async presignPut(key, o) {
      fileOf(key);
      const s: Signed = { method: "PUT", key, ct: o.contentType, size: o.sizeBytes, exp: Math.floor(o.expiresAt.getTime() / 1000) };
      return { url: url("/media/upload", s), method: "PUT", headers: { "content-type": o.contentType }, expiresAt: o.expiresAt };
    },
    async presignGet(key, o) {
      fileOf(key);
      const s: Signed = { method: "GET", key, ct: o.contentType ?? "", size: 0, exp: Math.floor(o.expiresAt.getTime() / 1000) };
      return { url: url("/media/file", s), method: "GET", headers: {}, expiresAt: o.expiresAt };
    },
    async head(key): Promise<StoredObject | null> {
      try {
        const [stat, meta] = await Promise.all([fs.stat(fileOf(key)), fs.readFile(`${fileOf(key)}.meta.json`, "utf8")]);
        return { sizeBytes: stat.size, contentType: (JSON.parse(meta) as { contentType?: string }).contentType ?? null };
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
    verify(method, params, now) {
      const s: Signed = { method, key: params.get("key") ?? "", ct: params.get("ct") ?? "", size: Number(params.get("size") ?? "NaN"), exp: Number(params.get("exp") ?? "NaN") };
      const sig = Buffer.from(params.get("sig") ?? "");
      const want = Buffer.from(sign(s));
      if (!MEDIA_KEY_RE.test(s.key) || !Number.isInteger(s.size) || !Number.isInteger(s.exp)) return { ok: false, status: 400, reason: "malformed media URL" };
      if (sig.length !== want.length || !timingSafeEqual(sig, want)) return { ok: false, status: 403, reason: "bad signature" };
      if (s.exp * 1000 <= now.getTime()) return { ok: false, status: 403, reason: "the URL has expired" };
      return { ok: true, key: s.key, contentType: s.ct, sizeBytes: s.size };
    },
    async write(key, contentType, body, maxBytes) {
      const file = fileOf(key);
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.${randomUUID()}.tmp`;
      const handle = await fs.open(tmp, "w");
      let written = 0;
      try {
        const reader = body.getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          written += value.byteLength;
          if (written > maxBytes) {
            await reader.cancel();
            throw new Error("too large");
          }
          await handle.write(value);
        }
      } catch (e) {
        await handle.close();
        await fs.rm(tmp, { force: true });
        return { ok: false as const, tooLarge: (e as Error).message === "too large" };
      }
      await handle.close();
      await fs.writeFile(`${file}.meta.json`, JSON.stringify({ contentType }));
      await fs.rename(tmp, file);
      return { ok: true as const, sizeBytes: written };
    },
    async read(key) {
      try {
        return await fs.readFile(fileOf(key));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw e;
      }
    },
  };
}
