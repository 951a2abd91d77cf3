// The event port behind GraphQL subscriptions (docs/subscriptions-realtime in docs/operations.md).
// Services publish small events naming what changed (ids only, never row data: a subscriber
// re-reads the row through its own visibility rules, so nothing private crosses Redis); the app
// delivers them through Yoga's pub/sub — Redis between instances, in-process without REDIS_URL.
// Events are published AFTER the transaction that made the change commits (publishAfterCommit +
// db/tx.ts): a subscriber never hears of a row it cannot read yet, nor of a rolled-back one.

/** Topic → payload. The topic's key (a story, a user, a session) is part of the channel name. */
export interface EventMap {
  /** A comment or reply was posted on a story or content item (key: "story:<id>" | "content:<id>"). */
  commentAdded: { commentId: string };
  /** A notification was created for a user (key: user id). */
  notificationAdded: { notificationId: string };
  /** A payment of the user changed state (key: user id). */
  paymentUpdated: { paymentId: string; status: string };
  /** A subscription of the user changed state (key: user id). */
  subscriptionUpdated: { subscriptionId: string; status: string };
  /** The user's progress in a story changed on some device (key: user id). */
  storyProgressUpdated: { storyId: string; progressId: string };
  /** Somebody's progress in a story moved: its live listener count may have changed (key: story id). */
  storyListening: Record<string, never>;
  /** A session was revoked: its open streams end (key: session id). */
  sessionRevoked: { reason: string };
}

export type EventTopic = keyof EventMap;

export interface EventBus {
  readonly kind: "redis" | "memory";
  publish<T extends EventTopic>(topic: T, key: string, payload: EventMap[T]): void;
  subscribe<T extends EventTopic>(topic: T, key: string): AsyncIterable<EventMap[T]> & AsyncIterator<EventMap[T]>;
}

/** The channel name of a topic and key (the Redis channel carries the configured prefix too). */
export const channelOf = (topic: EventTopic, key: string) => `${topic}:${key}`;
