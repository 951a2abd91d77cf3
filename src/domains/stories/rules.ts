// Story rules. Rows are filtered by the where-clauses of visibility.ts before they are loaded, so
// a loaded row's fields are readable by whoever could load it. Changing a story (its nodes and
// choices) or a highlight is an item check (visibility.ts canUpdateStory / canUpdateStoryHighlight)
// that the services apply to the loaded row (NOT_FOUND when the viewer cannot see it, FORBIDDEN
// when they can but it is not theirs); the item rules below name it.
import { rule } from "graphql-shield";
import type { Context } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { allow, isAdmin, isAuthenticated, isCreator, isSelfOrAdmin, itemRule, or } from "../../core/authz/index.ts";
import { canUpdateStory, canUpdateStoryHighlight } from "./visibility.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

/** The parent Story row is the viewer's own. Cheap id comparison: not cached. */
const isStoryCreator = rule({ cache: "no_cache" })((story: { creatorId: string }, _a, ctx: Context) =>
  ctx.viewer ? story.creatorId === ctx.viewer.id || errors.forbidden("Only the story's creator sees its listeners' progress.") : errors.unauthenticated(),
);

/** Own story (admins: any): the story, or the story of the node or choice, the mutation changes. */
const isStoryOwner = itemRule("isStoryOwner", "own story", canUpdateStory);
const isHighlightOwner = itemRule("isHighlightOwner", "own highlight", canUpdateStoryHighlight);

export const rules = {
  Query: {
    story: allow,
    stories: allow,
    storyValidation: isStoryOwner,
    myProgress: isAuthenticated,
  },
  Subscription: {
    storyProgressUpdated: isAuthenticated,
    // the story must be the viewer's own (or an admin's view): checked when the stream opens and with each event
    liveListenerCount: isAuthenticated,
  },
  Mutation: {
    createStory: or(isCreator, isAdmin),
    updateStory: isStoryOwner,
    publishStory: isStoryOwner,
    unpublishStory: isStoryOwner,
    deleteStory: isStoryOwner,
    restoreStory: isAdmin,
    setStartNode: isStoryOwner,
    addNode: isStoryOwner,
    updateNode: isStoryOwner,
    removeNode: isStoryOwner,
    connectChoice: isStoryOwner,
    updateChoice: isStoryOwner,
    removeChoice: isStoryOwner,
    reorderChoices: isStoryOwner,
    startStory: isAuthenticated,
    chooseChoice: isAuthenticated,
    restartStory: isAuthenticated,
    recordListenTime: isAuthenticated,
    createHighlight: isAuthenticated,
    updateHighlight: isHighlightOwner,
    deleteHighlight: isHighlightOwner,
  },
  Story: { "*": allow, listenerProgress: or(isAdmin, isStoryCreator) },
  StoryNode: { "*": allow },
  StoryChoice: { "*": allow },
  StoryProgress: { "*": allow },
  StoryProgressStep: { "*": allow },
  StoryHighlight: { "*": allow },
  StoryValidation: { "*": allow },
  // reachable only through Subscription.liveListenerCount, which checks the story is the viewer's own
  LiveListenerCount: { "*": allow },
  StoryValidationIssue: { "*": allow },
  StoryCycle: { "*": allow },
  PublishStoryPayload: { "*": allow },
  User: { inProgressStories: isSelfOrAdmin, highlights: isSelfOrAdmin },
} satisfies RuleMap;
