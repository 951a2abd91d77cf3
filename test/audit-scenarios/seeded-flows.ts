// Audit scenarios for the seeded flows finished in issue 17's second round: booking reschedule
// and the OAuth connect start (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { futureDate, gid, key, makeConsultation, makeCreator, makeUser } from "../helpers/factories/commerce.ts";
import { lookups } from "../helpers/factories/integrations.ts";

export const scenarios: AuditScenarios = {
  rescheduleBooking: async (app) => {
    const host = await makeCreator(app);
    const offering = await makeConsultation(app, host.id);
    const fan = await makeUser(app);
    const at = (days: number) => `${futureDate(days, app.clock.now())}T10:00:00.000Z`;
    const r = await app.ok(`mutation($input: BookOfferingInput!) { bookOffering(input: $input) { booking { id } } }`, { input: { offeringId: gid("Offering", offering.id), paymentMethod: "PURCHASE", idempotencyKey: key(), scheduledAt: at(3) } }, { token: fan.token });
    return {
      query: `mutation($id: ID!, $input: RescheduleBookingInput!) { rescheduleBooking(id: $id, input: $input) { scheduledAt } }`,
      variables: { id: r.bookOffering.booking.id, input: { scheduledAt: at(4), idempotencyKey: key() } },
      token: fan.token,
    };
  },
  startPlatformOAuth: async (app) => {
    // The walk's app has no OAuth app configured; this fresh app gets one (its config object is the runtime's).
    Object.assign(app.config, { OAUTH_YOUTUBE_CLIENT_ID: "walk-client", OAUTH_YOUTUBE_CLIENT_SECRET: "walk-secret" });
    const { youtube } = await lookups(app);
    const creator = await makeCreator(app);
    // Only the key/value store (cache_store, which the walk does not track) holds the pending
    // authorization; no table row changes until the callback (connectPlatform, audited). The start is audited too.
    return { query: `mutation($p: ID!) { startPlatformOAuth(platform: $p) { authorizeUrl } }`, variables: { p: gid("Platform", youtube.id) }, token: creator.token, expectNoChange: true };
  },
};
