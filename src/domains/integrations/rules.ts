// Integrations rules. Rows are filtered by the where-clauses in visibility.ts before they are
// loaded (others' connections, accounts and items are never loaded: NOT_FOUND / null), so the
// fields of a loaded row are readable. Lookups are public; writing them is admin work. Connecting
// platforms, adding accounts, syncing and AI work need the CREATOR role; cleaning up (verify,
// deactivate, update, remove) only needs to be signed in and to own the row (or be an admin).
import { allow, isAdmin, isAuthenticated, isCreator, or } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

const creatorOrAdmin = or(isCreator, isAdmin);

export const rules = {
  Query: {
    platforms: allow,
    socialContentTypes: allow,
    accountStatuses: allow,
    aiProviders: allow,
    aiModels: allow,
    trendingKeywords: allow,
    platformConnections: isAuthenticated,
    socialAccounts: isAuthenticated,
    contentItems: isAuthenticated,
    searchContentItems: isAuthenticated,
  },
  Mutation: {
    createPlatform: isAdmin,
    updatePlatform: isAdmin,
    createSocialContentType: isAdmin,
    updateSocialContentType: isAdmin,
    createAccountStatus: isAdmin,
    updateAccountStatus: isAdmin,
    createAiProvider: isAdmin,
    updateAiProvider: isAdmin,
    createAiModel: isAdmin,
    updateAiModel: isAdmin,
    createTrendingKeyword: isAdmin,
    connectPlatform: isCreator,
    startPlatformOAuth: isCreator,
    verifyPlatformConnection: isAuthenticated,
    deactivatePlatformConnection: isAuthenticated,
    addSocialAccount: creatorOrAdmin,
    updateSocialAccount: isAuthenticated,
    removeSocialAccount: isAuthenticated,
    syncSocialAccount: creatorOrAdmin,
    requestAiSuggestions: creatorOrAdmin,
    applyAiSuggestion: creatorOrAdmin,
    editContentItem: isAuthenticated, // the service finds only the viewer's own items (NOT_FOUND otherwise)
    bulkEditContentItems: isAuthenticated,
  },
  Platform: { "*": allow },
  SocialContentType: { "*": allow },
  AccountStatus: { "*": allow },
  AiProvider: { "*": allow },
  AiModel: { "*": allow },
  TrendingKeyword: { "*": allow },
  PlatformConnection: { "*": allow },
  SocialAccount: { "*": allow },
  ContentItem: { "*": allow },
  // The search edge's own field (its cursor and node are Relay structure): the match's rank.
  ContentItemSearchEdge: { rank: allow },
  ContentRevision: { "*": allow },
  AiSuggestion: { "*": allow },
  AiSuggestionApplication: { "*": allow },
  QuotaSnapshot: { "*": allow },
  SyncResult: { "*": allow },
  ApplyAiSuggestionResult: { "*": allow },
  PlatformOAuthStart: { "*": allow },
  BulkEditContentItemsResult: { "*": allow },
} satisfies RuleMap;
