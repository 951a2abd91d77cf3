// The one way a subscription streams events to a viewer: every event is checked for THIS viewer
// when it arrives (the session is still live, roles as they are now, and the row passes the same
// where-clause the reads use), so an event the viewer may not read is dropped, never sent. A
// revoked session ends its streams at once: sessionRevoked events (keyed by user) wake them, and
// every other event re-checks the session anyway.
import { Repeater } from "graphql-yoga";
import type { EventMap, EventTopic } from "../../core/events.ts";
import type { Context, Viewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { loadViewer } from "./viewer.ts";

export interface LiveOptions<T extends EventTopic, R> {
  topic: T;
  key: string;
  /** The item to send for this event as `viewer` may see it, or null to drop the event. */
  visible(viewer: Viewer | null, payload: EventMap[T]): Promise<R | null>;
}

export function liveEvents<T extends EventTopic, R>(ctx: Context, opts: LiveOptions<T, R>): AsyncIterable<R> {
  const bus = ctx.services.events;
  return new Repeater<R>(async (push, stop) => {
    let viewer = ctx.viewer;
    const events = bus.subscribe(opts.topic, opts.key);
    const revocations = viewer ? bus.subscribe("sessionRevoked", viewer.id) : null;
    void stop.then(() => {
      void events.return?.();
      void revocations?.return?.();
    });
    /** false when the viewer's session is gone (signed out, revoked, account deleted). */
    const stillSignedIn = async (): Promise<boolean> => {
      if (!viewer) return true;
      const now = await loadViewer(ctx.prisma, viewer.id, viewer.sessionId, ctx.services.clock());
      if (typeof now === "string") return false;
      viewer = now;
      return true;
    };
    const signedOut = () => stop(errors.unauthenticated("The session has been signed out; the stream ended."));
    if (revocations) {
      void (async () => {
        for await (const _ of revocations) {
          if (!(await stillSignedIn())) return signedOut();
        }
      })().catch(() => undefined);
    }
    try {
      for await (const payload of events) {
        if (!(await stillSignedIn())) return signedOut();
        const item = await opts.visible(viewer, payload);
        if (item !== null) await push(item);
      }
    } catch (e) {
      stop(e);
    }
  });
}
