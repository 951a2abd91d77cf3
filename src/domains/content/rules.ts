// Content rules. Rows are filtered by contentWhereFor / seriesWhereFor / creatorProfileWhereFor
// before they are loaded, so the fields of a loaded row are readable; protected fields (media,
// body) are resolved through the access check (access.ts). Writes: creators author their own
// items; changing one is an item check (visibility.ts canUpdateContent / canUpdateSeries) that
// authoring.ts applies to the loaded row (NOT_FOUND for anyone else's), named by the item rules
// below; admins moderate.
import { allow } from "graphql-shield";
import { isAdmin, isAuthenticated, isCreator, itemRule, or, rowRule } from "../../core/authz/index.ts";
import { canUpdateContent, canUpdateSeries } from "./visibility.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

const isCreatorOrAdmin = or(isCreator, isAdmin);

/** The CreatorProfile row is the viewer's own. */
const ownsCreatorProfile = rowRule<{ userId: string }>("ownsCreatorProfile", "own creator profile", (p, ctx) => !!ctx.viewer && p.userId === ctx.viewer.id);

const isContentOwner = itemRule("isContentOwner", "own content", canUpdateContent);
const isSeriesOwner = itemRule("isSeriesOwner", "own series", canUpdateSeries);

export const rules = {
  Query: { contents: allow, creator: allow, content: allow, series: allow },
  Mutation: {
    becomeCreator: isAuthenticated,
    updateCreatorProfile: isAuthenticated, // the service finds the viewer's own profile (admins: any)
    setCreatorVerified: isAdmin,
    suspendCreator: isAdmin,
    unsuspendCreator: isAdmin,
    // Authoring: creating needs the CREATOR role; changing is the owner's (admins: any).
    createContent: isCreatorOrAdmin,
    updateContent: isContentOwner,
    publishContent: isContentOwner,
    unpublishContent: isContentOwner,
    archiveContent: isContentOwner,
    deleteContent: isContentOwner,
    restoreContent: isAdmin,
    createSeries: isCreatorOrAdmin,
    updateSeries: isSeriesOwner,
    addSeriesItem: isSeriesOwner,
    removeSeriesItem: isSeriesOwner,
    reorderSeriesItems: isSeriesOwner,
    publishSeries: isSeriesOwner,
    unpublishSeries: isSeriesOwner,
    // Uploads: any signed-in user (avatars); attaching finds only the viewer's own targets.
    createUpload: isAuthenticated,
    attachContentMedia: isAuthenticated,
    attachStoryNodeAudio: isAuthenticated,
    attachAvatar: isAuthenticated,
  },
  UploadTicket: { "*": isAuthenticated },
  CreatorProfile: {
    "*": allow,
    suspendedAt: or(ownsCreatorProfile, isAdmin),
    suspendedReason: or(ownsCreatorProfile, isAdmin),
  },
  Content: { "*": allow },
} satisfies RuleMap;
