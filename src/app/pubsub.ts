// The event bus behind GraphQL subscriptions: Yoga's pub/sub over Redis pub/sub
// (@graphql-yoga/redis-event-target) when REDIS_URL is set, so an event published by one
// instance reaches subscribers on every instance; in-process otherwise (one instance only).
// Channels carry EVENTS_CHANNEL_PREFIX: Redis pub/sub ignores the logical database number, so
// deployments (and test runs) sharing one Redis keep apart by prefix.
import { createPubSub } from "graphql-yoga";
import { createRedisEventTarget } from "@graphql-yoga/redis-event-target";
import type { Redis } from "ioredis";
import { channelOf, type EventBus, type EventMap, type EventTopic } from "../core/events.ts";
import type { Logger } from "../core/logger.ts";

export interface EventBusHandle {
  bus: EventBus;
  close(): Promise<void>;
}

export function createEventBus(opts: { redis: Redis | null; prefix: string; log: Logger }): EventBusHandle {
  const { redis, prefix, log } = opts;
  if (!redis) {
    return { bus: busOver(createPubSub<Record<string, [unknown]>>(), "memory", prefix), close: async () => undefined };
  }
  // A subscribed ioredis connection can issue nothing but (P)SUBSCRIBE: it needs its own. Unlike
  // the shared client (which fails fast so shared state can fall back to the database), the
  // subscriber queues its SUBSCRIBEs until it is connected and waits through an outage (ioredis
  // re-subscribes after reconnecting): a rejected SUBSCRIBE inside the event target would be an
  // unhandled rejection that ends the process.
  const subscribeClient = redis.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null });
  subscribeClient.on("error", (err) => log.warn({ err: err.message }, "redis subscriber connection error"));
  // The event target publishes without awaiting: a Redis outage must be logged, not crash the process.
  const publishClient = {
    publish: (channel: string, message: string) =>
      redis.publish(channel, message).catch((err: Error) => {
        log.warn({ err: err.message, channel }, "subscription event not published (redis unavailable)");
        return 0;
      }),
  } as unknown as Redis;
  const pubsub = createPubSub<Record<string, [unknown]>>({ eventTarget: createRedisEventTarget({ publishClient, subscribeClient }) });
  return {
    bus: busOver(pubsub, "redis", prefix),
    async close() {
      await subscribeClient.quit().catch(() => subscribeClient.disconnect());
    },
  };
}

function busOver(pubsub: ReturnType<typeof createPubSub<Record<string, [unknown]>>>, kind: EventBus["kind"], prefix: string): EventBus {
  return {
    kind,
    publish: (topic, key, payload) => pubsub.publish(prefix + channelOf(topic, key), payload),
    subscribe: <T extends EventTopic>(topic: T, key: string) =>
      pubsub.subscribe(prefix + channelOf(topic, key)) as unknown as AsyncIterable<EventMap[T]> & AsyncIterator<EventMap[T]>,
  };
}
