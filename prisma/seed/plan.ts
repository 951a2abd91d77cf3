// Cross-domain facts of the demo data that more than one seed module needs (kept here so the
// modules do not import each other in a cycle).
import type { PaymentStatus } from "../../src/generated/prisma/client.ts";

/** One-time purchases of content, series bundles and voice packs, each settled by its Payment. */
export interface PurchasePlan {
  key: string;
  buyer: string;
  target: { content: string } | { series: string } | { voicePack: string };
  status: PaymentStatus;
  /** days from FIXED_ANCHOR */
  day: number;
}

export const PURCHASES: PurchasePlan[] = [
  { key: "fan1-watercolor-course", buyer: "fan1", target: { series: "ada-watercolor-course" }, status: "COMPLETED", day: -60 },
  { key: "fan1-worldbuilding", buyer: "fan1", target: { content: "cleo-worldbuilding-handbook" }, status: "COMPLETED", day: -45 },
  { key: "fan2-color-theory", buyer: "fan2", target: { content: "ada-color-theory" }, status: "COMPLETED", day: -40 },
  { key: "fan2-sound-design", buyer: "fan2", target: { content: "ben-sound-design-guide" }, status: "COMPLETED", day: -33 },
  { key: "fan3-worldbuilding", buyer: "fan3", target: { content: "cleo-worldbuilding-handbook" }, status: "COMPLETED", day: -28 },
  { key: "fan4-wet-on-wet", buyer: "fan4", target: { content: "ada-wet-on-wet" }, status: "REFUNDED", day: -25 },
  { key: "fan5-sound-design", buyer: "fan5", target: { content: "ben-sound-design-guide" }, status: "PENDING", day: -2 },
  { key: "fan3-color-theory", buyer: "fan3", target: { content: "ada-color-theory" }, status: "FAILED", day: -8 },
  { key: "fan1-storm-voices", buyer: "fan1", target: { voicePack: "storm-voices" }, status: "COMPLETED", day: -50 },
  { key: "fan2-storybook", buyer: "fan2", target: { voicePack: "storybook-classics" }, status: "COMPLETED", day: -35 },
];

/** Completed purchases of one content item (Content.purchaseCount). */
export function completedPurchases(contentKey: string): number {
  return PURCHASES.filter((p) => p.status === "COMPLETED" && "content" in p.target && p.target.content === contentKey).length;
}
