// The benchmark operations, each written for the three servers: the gateway's own schema,
// PostGraphile's generated schema over the same tables, and the hand-SQL server (which receives
// the gateway's request body and dispatches on operationName). The hand-SQL answers are the
// gateway's JSON byte for byte in shape; the bench checks that before measuring.
import fs from "node:fs";
import path from "node:path";
import { encodeGlobalId } from "../../src/core/ids.ts";
import { uid } from "./dataset.ts";

export type ServerName = "gateway" | "postgraphile" | "hand";

export interface Operation {
  name: string;
  description: string;
  /** Bodies per server (null: that server has no equivalent). */
  body: Partial<Record<ServerName, string | null>>;
  /** Authorization header (the same token goes to every server that takes one). */
  auth?: "listener" | "creator";
  /** The gateway's answer must equal the hand-SQL server's. */
  compareHand?: boolean;
}

const json = (query: string, variables: object, operationName?: string, extra: object = {}) => JSON.stringify({ query, variables, operationName, ...extra });

export const LISTENER = uid("listener", 1);
export const CREATOR = uid("creator", 2);
export const STORY_1 = uid("story", 1);
export const FEED_FIRST = 20;

/** PostGraphile v5 node ids: base64(JSON.stringify([typeName, pk])). */
const pgNodeId = (type: string, id: string) => Buffer.from(JSON.stringify([type, id])).toString("base64");

const PG_STORY_LIST = `orderBy: [PUBLISHED_AT_DESC, ROW_ID_DESC], condition: {status: PUBLISHED, visibility: PUBLIC, deletedAt: null}`;

function persistedId(operation: string): string {
  const file = path.resolve(__dirname, "../../operations/__generated__/persisted-documents.json");
  const manifest = JSON.parse(fs.readFileSync(file, "utf8")) as Record<string, string>;
  const entry = Object.entries(manifest).find(([, doc]) => new RegExp(`query ${operation}\\b`).test(doc));
  if (!entry) throw new Error(`operation ${operation} is not in the persisted manifest (npm run codegen)`);
  return entry[0];
}

export function dashboardRange(today = new Date()): { from: string; to: string } {
  const day = (d: Date) => d.toISOString().slice(0, 10);
  return { from: day(new Date(today.getTime() - 29 * 86_400_000)), to: day(today) };
}

export function operations(): Operation[] {
  const storyGid = encodeGlobalId("Story", STORY_1);
  return [
    {
      name: "simple",
      description: "20 stories, id + title (anonymous)",
      compareHand: true,
      body: {
        gateway: json(`query Simple { stories(first: 20) { edges { node { id title } } } }`, {}, "Simple"),
        postgraphile: json(`query Simple { allStories(first: 20, ${PG_STORY_LIST}) { nodes { id title } } }`, {}, "Simple"),
        hand: json("", {}, "Simple"),
      },
    },
    {
      name: "feed",
      description: "20 stories, creator, first 5 nodes, their choices, viewer progress (signed in)",
      auth: "listener",
      compareHand: true,
      body: {
        gateway: json(
          `query Feed($first: Int!) { stories(first: $first) { edges { node { id title creator { id displayName }
            nodes(first: 5) { edges { node { id title choices { id label toNode { id } } } } }
            viewerProgress { id completed } } } } }`,
          { first: FEED_FIRST },
          "Feed",
        ),
        postgraphile: json(
          `query Feed($first: Int!, $viewer: UUID!) { allStories(first: $first, ${PG_STORY_LIST}) { nodes { id title userByCreatorId { id fullName }
            storyNodesByStoryId(first: 5, orderBy: [NODE_ORDER_ASC, ROW_ID_ASC], condition: {deletedAt: null}) { nodes { id title
              storyChoicesByFromNodeId(orderBy: [POSITION_ASC, ROW_ID_ASC]) { nodes { id label storyNodeByToNodeId { id } } } } }
            userStoryProgressesByStoryId(first: 1, condition: {userId: $viewer}) { nodes { id completed } } } } }`,
          { first: FEED_FIRST, viewer: LISTENER },
          "Feed",
        ),
        hand: json("", { first: FEED_FIRST }, "Feed"),
      },
    },
    {
      name: "node",
      description: "one story by node id (anonymous)",
      compareHand: true,
      body: {
        gateway: json(`query Node($id: ID!) { node(id: $id) { id ... on Story { title description } } }`, { id: storyGid }, "Node"),
        postgraphile: json(`query Node($id: ID!) { node(id: $id) { id ... on Story { title description } } }`, { id: pgNodeId("Story", STORY_1) }, "Node"),
        hand: json("", { id: storyGid }, "Node"),
      },
    },
    {
      name: "tree",
      description: "comment tree: 20 comments × 5 replies × 3 replies, with authors (anonymous)",
      compareHand: true,
      body: {
        gateway: json(
          `query Tree($id: ID!) { story(id: $id) { id comments(first: 20) { edges { node { id body author { id displayName }
            replies(first: 5) { edges { node { id body author { id displayName }
              replies(first: 3) { edges { node { id body author { id displayName } } } } } } } } } } } }`,
          { id: storyGid },
          "Tree",
        ),
        postgraphile: json(
          `query Tree($id: UUID!) { storyByRowId(rowId: $id) { id
            commentsByStoryId(first: 20, condition: {parentId: null, deletedAt: null}, orderBy: [CREATED_AT_DESC, ROW_ID_DESC]) { nodes { id body userByAuthorId { id fullName }
              commentsByParentId(first: 5, condition: {deletedAt: null}, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { id body userByAuthorId { id fullName }
                commentsByParentId(first: 3, condition: {deletedAt: null}, orderBy: [CREATED_AT_ASC, ROW_ID_ASC]) { nodes { id body userByAuthorId { id fullName } } } } } } } } }`,
          { id: STORY_1 },
          "Tree",
        ),
        hand: json("", { id: storyGid }, "Tree"),
      },
    },
    {
      name: "dashboard",
      description: "creator dashboard, 30 days (signed-in creator)",
      auth: "creator",
      compareHand: true,
      body: {
        gateway: json(fs.readFileSync(path.resolve(__dirname, "../../operations/CreatorDashboard.graphql"), "utf8"), { range: dashboardRange(), timezone: "UTC" }, "CreatorDashboard"),
        postgraphile: null,
        hand: json("", { range: dashboardRange(), timezone: "UTC" }, "CreatorDashboard"),
      },
    },
    {
      name: "persisted",
      description: "PublicStories by documentId (20 stories, totalCount, pageInfo, creator, start node)",
      body: {
        gateway: JSON.stringify({ documentId: persistedId("PublicStories"), variables: { first: 20 } }),
        postgraphile: null,
        hand: null,
      },
    },
  ];
}
