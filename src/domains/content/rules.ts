// Content rules. Rows are filtered by contentWhereFor before they are loaded, so the fields of
// a loaded row are readable; protected fields (media, body) get their own access rule when
// commerce lands.
import { allow } from "graphql-shield";

export const rules = {
  Query: { contents: allow },
  CreatorProfile: { "*": allow },
  Content: { "*": allow },
};
