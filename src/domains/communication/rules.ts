// Communication rules. Templates and the outbox are admin-only; messages and notifications need a
// signed-in viewer and their rows are filtered to the viewer's own by the where-clauses in
// visibility.ts (a message of someone else is NOT_FOUND / null, never FORBIDDEN).
import { allow, isAdmin, isAuthenticated } from "../../core/authz/index.ts";
import type { RuleMap } from "../../schema/rule-map.ts";

export const rules = {
  Query: {
    emailTemplates: isAdmin,
    emailTemplate: isAdmin,
    renderEmailTemplate: isAdmin,
    emailLogs: isAdmin,
    messageInbox: isAuthenticated,
    sentMessages: isAuthenticated,
    messageThread: isAuthenticated,
    unreadMessageCount: isAuthenticated,
    notifications: isAuthenticated,
    unreadNotificationCount: isAuthenticated,
  },
  Subscription: {
    notificationAdded: isAuthenticated,
  },
  Mutation: {
    createEmailTemplate: isAdmin,
    updateEmailTemplate: isAdmin,
    deleteEmailTemplate: isAdmin,
    retryEmail: isAdmin,
    sendMessage: isAuthenticated,
    markMessageRead: isAuthenticated,
    markThreadRead: isAuthenticated,
    deleteMessage: isAuthenticated,
    markNotificationRead: isAuthenticated,
    markAllNotificationsRead: isAuthenticated,
    createSystemNotification: isAdmin,
  },
  EmailTemplate: { "*": isAdmin },
  RenderedEmail: { "*": isAdmin },
  EmailLog: { "*": isAdmin },
  EmailMessage: { "*": allow },
  Notification: { "*": allow },
} satisfies RuleMap;
