// The local storage's upload and download endpoints (only with MEDIA_STORAGE=local; an S3 store
// serves its own signed URLs). PUT /media/upload?…&sig= writes the body when the signature, the
// expiry and the content type match and the body is no larger than the signed size;
// GET /media/file?…&sig= answers the file. A bad or expired signature is 403, nothing else told.
import type { LocalMediaFiles } from "../../core/storage.ts";
import type { HttpRoute } from "../../core/http.ts";
import { json } from "../../core/http.ts";

function localFiles(storage: { kind: string }): LocalMediaFiles | null {
  return storage.kind === "local" ? (storage as unknown as LocalMediaFiles) : null;
}

export const mediaRoutes: HttpRoute[] = [
  {
    method: "PUT",
    path: "/media/upload",
    handler: async (request, rt) => {
      const files = localFiles(rt.services.storage);
      if (!files) return json(404, { error: "not found" });
      const v = files.verify("PUT", new URL(request.url).searchParams, rt.services.clock());
      if (!v.ok) return json(v.status, { error: v.reason });
      const type = (request.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
      if (type !== v.contentType) return json(415, { error: `content-type must be ${v.contentType}` });
      const declared = Number(request.headers.get("content-length") ?? "NaN");
      if (Number.isFinite(declared) && declared > v.sizeBytes) return json(413, { error: `at most ${v.sizeBytes} bytes` });
      if (!request.body) return json(400, { error: "empty body" });
      const written = await files.write(v.key, v.contentType, request.body, v.sizeBytes);
      if (!written.ok) return json(written.tooLarge ? 413 : 400, { error: written.tooLarge ? `at most ${v.sizeBytes} bytes` : "upload failed" });
      return new Response(null, { status: 200 });
    },
  },
  {
    method: "GET",
    path: "/media/file",
    handler: async (request, rt) => {
      const files = localFiles(rt.services.storage);
      if (!files) return json(404, { error: "not found" });
      const v = files.verify("GET", new URL(request.url).searchParams, rt.services.clock());
      if (!v.ok) return json(v.status, { error: v.reason });
      const [bytes, head] = await Promise.all([files.read(v.key), rt.services.storage.head(v.key)]);
      if (!bytes) return json(404, { error: "not found" });
      return new Response(new Uint8Array(bytes), {
        status: 200,
        headers: { "content-type": head?.contentType ?? "application/octet-stream", "cache-control": "private, max-age=60", "content-length": String(bytes.length) },
      });
    },
  },
];
