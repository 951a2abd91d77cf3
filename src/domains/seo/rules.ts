// SEO rules: search engines are public, admins write them; connecting sites and submitting URLs
// needs the CREATOR role; verify / deactivate / retry need sign-in and ownership (rows of others
// are NOT_FOUND through visibility.ts). Loaded rows were filtered, so their fields are readable.
import { allow, isAdmin, isAuthenticated, isCreator, or } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

export const rules = {
  Query: {
    searchEngines: allow,
    seoConnections: isAuthenticated,
    seoSubmissions: isAuthenticated,
  },
  Mutation: {
    createSearchEngine: isAdmin,
    updateSearchEngine: isAdmin,
    connectSearchEngine: isCreator,
    verifySeoConnection: isAuthenticated,
    deactivateSeoConnection: isAuthenticated,
    submitUrlForIndexing: or(isCreator, isAdmin),
    retrySeoSubmission: isAuthenticated,
  },
  SearchEngine: { "*": allow },
  SeoConnection: { "*": allow },
  SeoSubmission: { "*": allow },
} satisfies RuleMap;
