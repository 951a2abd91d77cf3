// Audit scenarios for uploads (see test/helpers/audit.ts). The file is put straight into the
// (local) storage the app uses, as a client's PUT would.
import { randomUUID } from "node:crypto";
import type { AuditScenarios } from "../helpers/audit.ts";
import { encodeGlobalId } from "../../src/core/ids.ts";

type App = Parameters<AuditScenarios[string]>[0];

async function uploaded(app: App, ownerId: string, purpose: "CONTENT_MEDIA" | "STORY_NODE_AUDIO" | "AVATAR", contentType: string) {
  const id = randomUUID();
  const key = `uploads/${ownerId}/${id}`;
  const body = new Uint8Array([1, 2, 3, 4]);
  const files = app.runtime.services.storage as unknown as { write(k: string, t: string, b: ReadableStream<Uint8Array>, max: number): Promise<unknown> };
  await files.write(key, contentType, new Blob([body]).stream(), 4);
  await app.prisma.mediaAsset.create({ data: { id, ownerId, purpose, storageKey: key, contentType, sizeBytes: 4, expiresAt: new Date(Date.now() + 600_000) } });
  return id;
}

async function creator(app: App, key: string) {
  const user = await app.prisma.user.create({ data: { email: `audit-media-${key}@example.test`, roles: { create: [{ role: "MEMBER" }, { role: "CREATOR" }] } } });
  return { user, token: await app.token(user.id) };
}

export const scenarios: AuditScenarios = {
  createUpload: async (app) => {
    const c = await creator(app, "create-upload");
    return { query: `mutation { createUpload(purpose: CONTENT_MEDIA, contentType: "audio/mpeg", sizeBytes: 1000) { uploadId } }`, token: c.token };
  },
  attachContentMedia: async (app) => {
    const c = await creator(app, "attach-content");
    const content = await app.prisma.content.create({ data: { creatorId: c.user.id, title: "t", slug: "audit-attach-content", mediaType: "AUDIO" } });
    const upload = await uploaded(app, c.user.id, "CONTENT_MEDIA", "audio/mpeg");
    return { query: `mutation($c: ID!, $u: String!) { attachContentMedia(contentId: $c, uploadId: $u, slot: MEDIA) { id } }`, variables: { c: encodeGlobalId("Content", content.id), u: upload }, token: c.token };
  },
  attachStoryNodeAudio: async (app) => {
    const c = await creator(app, "attach-node");
    const story = await app.prisma.story.create({ data: { creatorId: c.user.id, title: "Audit story" } });
    const node = await app.prisma.storyNode.create({ data: { storyId: story.id, content: "Once upon a time" } });
    const upload = await uploaded(app, c.user.id, "STORY_NODE_AUDIO", "audio/mpeg");
    return { query: `mutation($n: ID!, $u: String!) { attachStoryNodeAudio(nodeId: $n, uploadId: $u) { id } }`, variables: { n: encodeGlobalId("StoryNode", node.id), u: upload }, token: c.token };
  },
  attachAvatar: async (app) => {
    const c = await creator(app, "attach-avatar");
    const upload = await uploaded(app, c.user.id, "AVATAR", "image/png");
    return { query: `mutation($u: String!) { attachAvatar(uploadId: $u) { id } }`, variables: { u: upload }, token: c.token };
  },
};
