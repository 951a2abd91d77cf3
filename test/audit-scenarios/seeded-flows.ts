// Audit scenarios for the seeded flows finished in issue 17's second round: booking reschedule
// (see test/helpers/audit.ts).
import type { AuditScenarios } from "../helpers/audit.ts";
import { futureDate, gid, key, makeConsultation, makeCreator, makeUser } from "../helpers/factories/commerce.ts";

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
};
