// Media uploads. createUpload records a PENDING MediaAsset and answers a signed, expiring PUT URL
// for exactly the declared size and content type (allowed types and the size cap depend on the
// purpose). The client uploads straight to the storage, then attaches the asset: the storage must
// hold an object of the declared size and type, and the target must be the viewer's own (content
// item, story node, their avatar). Rows keep `media://<key>`; reads turn it into a signed,
// expiring GET URL, for protected fields only for viewers with access (content/access.ts).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { mediaRef, StorageUnavailableError, type PresignedRequest } from "../../core/storage.ts";
import { transaction } from "../../core/tx.ts";
import type { MediaPurpose } from "../../generated/prisma/client.ts";
import { isAdmin, requireViewer, type Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { recordAudit } from "../../core/audit.ts";
import { parseInput } from "../../core/validation.ts";

type Ctx = Pick<Context, "prisma" | "services" | "config" | "viewer" | "ip" | "userAgent" | "requestId">;

const AUDIO = ["audio/mpeg", "audio/mp4", "audio/aac", "audio/ogg", "audio/wav", "audio/webm", "audio/flac"];
const VIDEO = ["video/mp4", "video/webm", "video/quicktime"];
const IMAGE = ["image/jpeg", "image/png", "image/webp", "image/gif"];
const DOCUMENT = ["application/pdf", "application/epub+zip"];
const MiB = 1024 * 1024;

/** What each purpose accepts: content types and a size cap (never above MEDIA_MAX_UPLOAD_BYTES). */
export const UPLOAD_RULES: Record<MediaPurpose, { types: string[]; maxBytes: number }> = {
  CONTENT_MEDIA: { types: [...AUDIO, ...VIDEO, ...DOCUMENT], maxBytes: 5 * 1024 * MiB },
  CONTENT_THUMBNAIL: { types: IMAGE, maxBytes: 10 * MiB },
  CONTENT_PREVIEW: { types: [...AUDIO, ...VIDEO, ...IMAGE], maxBytes: 500 * MiB },
  STORY_NODE_AUDIO: { types: AUDIO, maxBytes: 500 * MiB },
  AVATAR: { types: IMAGE, maxBytes: 5 * MiB },
};

const createSchema = z.object({
  purpose: z.enum(Object.keys(UPLOAD_RULES) as [MediaPurpose, ...MediaPurpose[]]),
  contentType: z.string().trim().toLowerCase().max(200),
  sizeBytes: z.number().int().positive("must be greater than 0"),
  fileName: z.string().trim().max(300).nullish(),
});

export async function createUpload(ctx: Ctx, input: z.input<typeof createSchema>): Promise<{ assetId: string; upload: PresignedRequest }> {
  const viewer = requireViewer(ctx);
  const d = parseInput(createSchema, input);
  const rule = UPLOAD_RULES[d.purpose];
  if (!rule.types.includes(d.contentType)) throw errors.badInput("contentType", `must be one of ${rule.types.join(", ")} for ${d.purpose}`);
  const max = Math.min(rule.maxBytes, ctx.config.MEDIA_MAX_UPLOAD_BYTES);
  if (d.sizeBytes > max) throw errors.badInput("sizeBytes", `must be at most ${max} bytes for ${d.purpose}`);
  const now = ctx.services.clock();
  const expiresAt = new Date(now.getTime() + ctx.config.MEDIA_URL_TTL_SECONDS * 1000);
  const id = randomUUID();
  const storageKey = `uploads/${viewer.id}/${id}`;
  let upload: PresignedRequest;
  try {
    upload = await ctx.services.storage.presignPut(storageKey, { contentType: d.contentType, sizeBytes: d.sizeBytes, expiresAt, now });
  } catch (e) {
    if (e instanceof StorageUnavailableError) throw errors.unavailable("Media storage is not available right now; try again later.");
    throw e;
  }
  await transaction(ctx.prisma, async (tx) => {
    await tx.mediaAsset.create({ data: { id, ownerId: viewer.id, purpose: d.purpose, storageKey, contentType: d.contentType, sizeBytes: BigInt(d.sizeBytes), fileName: d.fileName ?? null, expiresAt } });
    await recordAudit(tx, ctx, { action: "media.create_upload", entityType: "MediaAsset", entityId: id, newValues: { purpose: d.purpose, contentType: d.contentType, sizeBytes: d.sizeBytes } });
  });
  return { assetId: id, upload };
}

/** The viewer's upload, confirmed against the storage (size and type as declared). */
async function uploadedAsset(ctx: Ctx, assetId: string, purposes: MediaPurpose[]) {
  const viewer = requireViewer(ctx);
  const asset = await ctx.prisma.mediaAsset.findFirst({ where: { id: assetId, ownerId: viewer.id } });
  if (!asset) throw errors.notFound("Upload", assetId);
  if (!purposes.includes(asset.purpose)) throw errors.badInput("uploadId", `was created for ${asset.purpose}, not for this slot`);
  let stored;
  try {
    stored = await ctx.services.storage.head(asset.storageKey);
  } catch (e) {
    if (e instanceof StorageUnavailableError) throw errors.unavailable("Media storage is not available right now; try again later.");
    throw e;
  }
  if (!stored) throw errors.conflict("UPLOAD_MISSING", "Nothing was uploaded for this upload yet; PUT the file to the upload URL first.");
  if (BigInt(stored.sizeBytes) !== asset.sizeBytes) throw errors.conflict("UPLOAD_SIZE_MISMATCH", "The uploaded file does not have the declared size.");
  if (stored.contentType && stored.contentType.toLowerCase() !== asset.contentType) throw errors.conflict("UPLOAD_TYPE_MISMATCH", "The uploaded file does not have the declared content type.");
  return asset;
}

export type ContentMediaSlot = "MEDIA" | "THUMBNAIL" | "PREVIEW";
const SLOT_PURPOSE: Record<ContentMediaSlot, MediaPurpose> = { MEDIA: "CONTENT_MEDIA", THUMBNAIL: "CONTENT_THUMBNAIL", PREVIEW: "CONTENT_PREVIEW" };

/** Attaches an upload to the viewer's content item (admins: any) as its media, thumbnail (cover) or preview. */
export async function attachContentMedia(ctx: Ctx, contentId: string, assetId: string, slot: ContentMediaSlot): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const asset = await uploadedAsset(ctx, assetId, [SLOT_PURPOSE[slot]]);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const content = await tx.content.findFirst({ where: { id: contentId, deletedAt: null, ...(isAdmin(viewer) ? {} : { creatorId: viewer.id }) } });
    if (!content) throw errors.notFound("Content", contentId);
    const ref = mediaRef(asset.storageKey);
    const data =
      slot === "MEDIA" ? { mediaUrl: ref, fileSizeBytes: asset.sizeBytes } : slot === "THUMBNAIL" ? { thumbnailUrl: ref } : { previewMediaUrl: ref };
    const before = slot === "MEDIA" ? content.mediaUrl : slot === "THUMBNAIL" ? content.thumbnailUrl : content.previewMediaUrl;
    await tx.content.update({ where: { id: contentId }, data });
    await tx.mediaAsset.update({ where: { id: asset.id }, data: { status: "READY", attachedAt: now } });
    await recordAudit(tx, ctx, { action: "content.attach_media", entityType: "Content", entityId: contentId, oldValues: { [slot.toLowerCase()]: before }, newValues: { [slot.toLowerCase()]: ref, assetId } });
    return { id: contentId };
  });
}

/** Attaches an audio upload to a node of the viewer's story (admins: any). */
export async function attachStoryNodeAudio(ctx: Ctx, nodeId: string, assetId: string): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const asset = await uploadedAsset(ctx, assetId, ["STORY_NODE_AUDIO"]);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const node = await tx.storyNode.findFirst({ where: { id: nodeId, deletedAt: null, story: { deletedAt: null, ...(isAdmin(viewer) ? {} : { creatorId: viewer.id }) } } });
    if (!node) throw errors.notFound("StoryNode", nodeId);
    const ref = mediaRef(asset.storageKey);
    await tx.storyNode.update({ where: { id: nodeId }, data: { audioUrl: ref } });
    await tx.mediaAsset.update({ where: { id: asset.id }, data: { status: "READY", attachedAt: now } });
    await recordAudit(tx, ctx, { action: "story_node.attach_audio", entityType: "StoryNode", entityId: nodeId, oldValues: { audioUrl: node.audioUrl }, newValues: { audioUrl: ref, assetId } });
    return { id: nodeId };
  });
}

/** Sets the viewer's avatar from an image upload. */
export async function attachAvatar(ctx: Ctx, assetId: string): Promise<{ id: string }> {
  const viewer = requireViewer(ctx);
  const asset = await uploadedAsset(ctx, assetId, ["AVATAR"]);
  const now = ctx.services.clock();
  return transaction(ctx.prisma, async (tx) => {
    const user = await tx.user.findUniqueOrThrow({ where: { id: viewer.id }, select: { avatarUrl: true } });
    const ref = mediaRef(asset.storageKey);
    await tx.user.update({ where: { id: viewer.id }, data: { avatarUrl: ref } });
    await tx.mediaAsset.update({ where: { id: asset.id }, data: { status: "READY", attachedAt: now } });
    await recordAudit(tx, ctx, { action: "user.attach_avatar", entityType: "User", entityId: viewer.id, oldValues: { avatarUrl: user.avatarUrl }, newValues: { avatarUrl: ref, assetId } });
    return { id: viewer.id };
  });
}

export { readableUrl } from "../../core/storage.ts";
