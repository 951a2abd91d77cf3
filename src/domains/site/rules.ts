// Site content rules: published cards, steps and timeline items are public (rows are filtered by
// visibility.ts, so drafts are never loaded for non-admins); writes are admin-only; anyone may
// submit a form, only admins read submissions.
import { allow, isAdmin } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

export const rules = {
  Query: {
    resourceCards: allow,
    resourceCard: allow,
    timelineItems: allow,
    formSubmissions: isAdmin,
  },
  Mutation: {
    createResourceCard: isAdmin,
    updateResourceCard: isAdmin,
    deleteResourceCard: isAdmin,
    reorderResourceCards: isAdmin,
    setResourceSteps: isAdmin,
    createTimelineItem: isAdmin,
    updateTimelineItem: isAdmin,
    deleteTimelineItem: isAdmin,
    reorderTimelineItems: isAdmin,
    submitForm: allow,
    setFormSubmissionStatus: isAdmin,
  },
  ResourceCard: { "*": allow },
  ResourceStep: { "*": allow },
  TimelineItem: { "*": allow },
  FormSubmission: { "*": isAdmin },
  SubmitFormPayload: { "*": allow },
} satisfies RuleMap;
