// Story rules: rows are filtered by storyWhereFor / storyNodeWhereFor before loading, so a loaded
// row's fields are readable by whoever could load it.
import { allow } from "graphql-shield";

export const rules = {
  Query: { story: allow, stories: allow },
  Story: { "*": allow },
  StoryNode: { "*": allow },
  StoryChoice: { "*": allow },
};
