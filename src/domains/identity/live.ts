// The one way a subscription streams events to a viewer: every event is checked for THIS viewer
// when it arrives (the session is still live, the access token has not expired, roles as they
// are now, and the row passes the same where-clause the reads use), so an event the viewer may
// not read is dropped, never sent. A revoked session ends its streams at once: sessionRevoked
// events (keyed by user) wake them, and every other event re-checks the session anyway. A stream
// also ends when the access token it was opened with expires (checked at least every
// EXPIRY_CHECK_MS against the service clock, and at every event): the client subscribes again
// with a refreshed token, as it would for a query.
import { Repeater } from "graphql-yoga";
import type { EventMap, EventTopic } from "../../core/events.ts";
import type { Context, Viewer } from "../../core/context.ts";
import { errors } from "../../core/errors.ts";
import { loadViewer } from "./viewer.ts";

/** How often an open stream looks at its token's expiry between events (ms). */
export const EXPIRY_CHECK_MS = 5_000;

export interface LiveOptions<T extends EventTopic, R> {
  topic: T;
  key: string;
  /** The item to send for this event as `viewer` may see it, or null to drop the event (event streams). */
  visible?(viewer: Viewer | null, payload: EventMap[T]): Promise<R | null>;
  /**
   * For streams of a current value (a count) instead: the value now, sent when the stream opens,
   * after each event and every `refreshMs` — only when it changed (`identity` of the value,
   * compared as JSON; default the whole value). `allowed`
   * re-checks, with every reading, that the viewer may still watch it (false ends the stream
   * with NOT_FOUND).
   */
  snapshot?: { read(viewer: Viewer | null): Promise<R>; allowed(viewer: Viewer | null): Promise<boolean>; refreshMs: number; identity?(value: R): unknown };
}

export function liveEvents<T extends EventTopic, R>(ctx: Context, opts: LiveOptions<T, R>): AsyncIterable<R> {
  const bus = ctx.services.events;
  return new Repeater<R>(async (push, stop) => {
    let viewer = ctx.viewer;
    const expiresAt = viewer?.accessExpiresAt?.getTime() ?? null;
    const events = bus.subscribe(opts.topic, opts.key);
    const revocations = viewer ? bus.subscribe("sessionRevoked", viewer.id) : null;
    const timers: NodeJS.Timeout[] = [];
    let stopped = false;
    void stop.then(() => {
      stopped = true;
      timers.forEach(clearTimeout);
      void events.return?.();
      void revocations?.return?.();
    });
    const expired = () => expiresAt !== null && ctx.services.clock().getTime() >= expiresAt;
    const tokenExpired = () => stop(errors.unauthenticated("The access token has expired; the stream ended. Refresh the session and subscribe again."));
    /** false when the viewer's session is gone (signed out, revoked, account deleted). */
    const stillSignedIn = async (): Promise<boolean> => {
      if (!viewer) return true;
      const now = await loadViewer(ctx.prisma, viewer.id, viewer.sessionId, ctx.services.clock());
      if (typeof now === "string") return false;
      viewer = { ...now, accessExpiresAt: viewer.accessExpiresAt };
      return true;
    };
    const signedOut = () => stop(errors.unauthenticated("The session has been signed out; the stream ended."));
    /** Checks the viewer before anything is sent; false when the stream has ended. */
    const mayContinue = async (): Promise<boolean> => {
      if (expired()) {
        tokenExpired();
        return false;
      }
      if (!(await stillSignedIn())) {
        signedOut();
        return false;
      }
      return true;
    };
    if (expiresAt !== null) {
      const watch = () => {
        if (stopped) return;
        if (expired()) return tokenExpired();
        timers[0] = setTimeout(watch, Math.max(1, Math.min(EXPIRY_CHECK_MS, expiresAt - ctx.services.clock().getTime())));
        timers[0].unref?.();
      };
      watch();
    }
    if (revocations) {
      void (async () => {
        for await (const _ of revocations) {
          if (!(await stillSignedIn())) return signedOut();
        }
      })().catch(() => undefined);
    }
    // Snapshot streams: one reading at a time; a request arriving meanwhile runs once afterwards.
    let last: string | null = null;
    let reading: Promise<void> | null = null;
    let again = false;
    const sendSnapshot = async (): Promise<void> => {
      const snap = opts.snapshot!;
      if (reading) {
        again = true;
        return reading;
      }
      reading = (async () => {
        do {
          again = false;
          if (!(await mayContinue())) return;
          if (!(await snap.allowed(viewer))) return void stop(errors.notFound("Story"));
          const value = await snap.read(viewer);
          const json = JSON.stringify(snap.identity ? snap.identity(value) : value);
          if (json !== last) {
            last = json;
            await push(value);
          }
        } while (again);
      })().finally(() => {
        reading = null;
      });
      return reading;
    };
    try {
      if (opts.snapshot) {
        const refreshMs = opts.snapshot.refreshMs;
        await sendSnapshot();
        const tick = () => {
          if (stopped) return;
          timers[1] = setTimeout(() => void sendSnapshot().then(tick, stop), refreshMs);
          timers[1].unref?.();
        };
        tick();
      }
      for await (const payload of events) {
        if (!(await mayContinue())) return;
        if (opts.snapshot) {
          // The event only says "something changed": the value is read again (and sent if it moved).
          await sendSnapshot();
          continue;
        }
        const item = await opts.visible!(viewer, payload);
        if (item !== null) await push(item);
      }
    } catch (e) {
      stop(e);
    }
  });
}
