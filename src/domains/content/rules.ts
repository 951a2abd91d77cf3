// Content rules. Rows are filtered by contentWhereFor / seriesWhereFor / creatorProfileWhereFor
// before they are loaded, so the fields of a loaded row are readable; protected fields (media,
// body) are resolved through the access check (access.ts). Writes: creators author their own
// items (the services find only rows the viewer owns, else NOT_FOUND); admins moderate.
import { allow } from "graphql-shield";
import { isAdmin, isAuthenticated, isCreator, or, rowRule } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

const isCreatorOrAdmin = or(isCreator, isAdmin);

/** The CreatorProfile row is the viewer's own. */
const ownsCreatorProfile = rowRule<{ userId: string }>("ownsCreatorProfile", "own creator profile", (p, ctx) => !!ctx.viewer && p.userId === ctx.viewer.id);

export const rules = {
  Query: { contents: allow, creator: allow, content: allow, series: allow },
  Mutation: {
    becomeCreator: isAuthenticated,
    updateCreatorProfile: isAuthenticated, // the service finds the viewer's own profile (admins: any)
    setCreatorVerified: isAdmin,
    suspendCreator: isAdmin,
    unsuspendCreator: isAdmin,
    // Authoring: creating needs the CREATOR role; changing finds only the viewer's own rows
    // (admins: any) in the service, NOT_FOUND otherwise.
    createContent: isCreatorOrAdmin,
    updateContent: isAuthenticated,
    publishContent: isAuthenticated,
    unpublishContent: isAuthenticated,
    archiveContent: isAuthenticated,
    deleteContent: isAuthenticated,
    restoreContent: isAdmin,
    createSeries: isCreatorOrAdmin,
    updateSeries: isAuthenticated,
    addSeriesItem: isAuthenticated,
    removeSeriesItem: isAuthenticated,
    reorderSeriesItems: isAuthenticated,
    publishSeries: isAuthenticated,
    unpublishSeries: isAuthenticated,
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
