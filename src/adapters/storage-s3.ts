// The S3-compatible media storage (@aws-sdk/client-s3 + @aws-sdk/s3-request-presigner): AWS S3,
// MinIO, R2, s3rver… Presigned PUTs sign Content-Type and Content-Length, so the store refuses a
// body of another size or type; presigned GETs expire. Network failures surface as
// StorageUnavailableError (→ SERVICE_UNAVAILABLE).
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import { StorageUnavailableError, type MediaStorage } from "../core/storage.ts";

export interface S3StorageOptions {
  bucket: string;
  region: string;
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  forcePathStyle?: boolean;
}

export function createS3Storage(opts: S3StorageOptions): MediaStorage & { client: S3Client } {
  const client = new S3Client({
    region: opts.region,
    endpoint: opts.endpoint,
    forcePathStyle: opts.forcePathStyle ?? !!opts.endpoint,
    credentials: opts.accessKeyId && opts.secretAccessKey ? { accessKeyId: opts.accessKeyId, secretAccessKey: opts.secretAccessKey } : undefined,
    maxAttempts: 2,
    // A presigned PUT is made before the body exists: no SDK-computed body checksum in the URL
    // (it would be the checksum of an empty body and the store would refuse the real one).
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const seconds = (expiresAt: Date, now: Date) => Math.max(1, Math.floor((expiresAt.getTime() - now.getTime()) / 1000));
  return {
    kind: "s3",
    client,
    async presignPut(key, o) {
      const cmd = new PutObjectCommand({ Bucket: opts.bucket, Key: key, ContentType: o.contentType, ContentLength: o.sizeBytes });
      const url = await getSignedUrl(client, cmd, { expiresIn: seconds(o.expiresAt, o.now), signingDate: o.now, signableHeaders: new Set(["content-type", "content-length"]) });
      return { url, method: "PUT", headers: { "content-type": o.contentType, "content-length": String(o.sizeBytes) }, expiresAt: o.expiresAt };
    },
    async presignGet(key, o) {
      const cmd = new GetObjectCommand({ Bucket: opts.bucket, Key: key, ...(o.contentType ? { ResponseContentType: o.contentType } : {}) });
      const url = await getSignedUrl(client, cmd, { expiresIn: seconds(o.expiresAt, o.now), signingDate: o.now });
      return { url, method: "GET", headers: {}, expiresAt: o.expiresAt };
    },
    async head(key) {
      try {
        const r = await client.send(new HeadObjectCommand({ Bucket: opts.bucket, Key: key }));
        return { sizeBytes: Number(r.ContentLength ?? 0), contentType: r.ContentType ?? null };
      } catch (e) {
        const err = e as { name?: string; $metadata?: { httpStatusCode?: number } };
        if (err.name === "NotFound" || err.$metadata?.httpStatusCode === 404) return null;
        throw new StorageUnavailableError();
      }
    },
  };
}
