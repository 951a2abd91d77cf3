// Story rules. Rows are filtered by the where-clauses of visibility.ts before they are loaded, so
// a loaded row's fields are readable by whoever could load it. Ownership of the target story,
// node, choice or highlight is checked in the services (NOT_FOUND when the viewer cannot see it,
// FORBIDDEN when they can but it is not theirs).
import { rule } from "graphql-shield";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { allow, isAdmin, isAuthenticated, isCreator, isSelfOrAdmin, or } from "../../core/authz/index.ts";

/** The parent Story row is the viewer's own. Cheap id comparison: not cached. */
const isStoryCreator = rule({ cache: "no_cache" })((story: { creatorId: string }, _a, ctx: Context) =>
  ctx.viewer ? story.creatorId === ctx.viewer.id || errors.forbidden("Only the story's creator sees its listeners' progress.") : errors.unauthenticated(),
);

export const rules = {
  Query: {
    story: allow,
    stories: allow,
    storyValidation: isAuthenticated,
    myProgress: isAuthenticated,
  },
  Subscription: {
    storyProgressUpdated: isAuthenticated,
  },
  Mutation: {
    createStory: or(isCreator, isAdmin),
    updateStory: isAuthenticated,
    publishStory: isAuthenticated,
    unpublishStory: isAuthenticated,
    deleteStory: isAuthenticated,
    restoreStory: isAdmin,
    setStartNode: isAuthenticated,
    addNode: isAuthenticated,
    updateNode: isAuthenticated,
    removeNode: isAuthenticated,
    connectChoice: isAuthenticated,
    updateChoice: isAuthenticated,
    removeChoice: isAuthenticated,
    reorderChoices: isAuthenticated,
    startStory: isAuthenticated,
    chooseChoice: isAuthenticated,
    restartStory: isAuthenticated,
    recordListenTime: isAuthenticated,
    createHighlight: isAuthenticated,
    updateHighlight: isAuthenticated,
    deleteHighlight: isAuthenticated,
  },
  Story: { "*": allow, listenerProgress: or(isAdmin, isStoryCreator) },
  StoryNode: { "*": allow },
  StoryChoice: { "*": allow },
  StoryProgress: { "*": allow },
  StoryProgressStep: { "*": allow },
  StoryHighlight: { "*": allow },
  StoryValidation: { "*": allow },
  StoryValidationIssue: { "*": allow },
  StoryCycle: { "*": allow },
  PublishStoryPayload: { "*": allow },
  User: { inProgressStories: isSelfOrAdmin, highlights: isSelfOrAdmin },
};
