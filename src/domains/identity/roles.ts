// How the seeds' role columns map onto our four roles. Used by the seed importer and rendered
// into docs/authorization.md (scripts/gen-docs.ts), so the table there is this table.
import type { Role } from "../../generated/prisma/client.ts";

export interface SeedRoleMapping {
  seed: string;
  column: string;
  value: string;
  roles: Role[];
  note?: string;
}

export const SEED_ROLE_MAPPING: readonly SeedRoleMapping[] = [
  { seed: "000 QuestPod", column: "user_profiles.is_admin", value: "true", roles: ["ADMIN", "MEMBER"], note: "every QuestPod profile is a listener (MEMBER); is_admin adds ADMIN" },
  { seed: "000 QuestPod", column: "user_profiles.is_admin", value: "false", roles: ["MEMBER"] },
  { seed: "000 QuestPod", column: "stories.creator_id", value: "(any story author)", roles: ["CREATOR", "MEMBER"], note: "QuestPod lets any user write stories; an author gets CREATOR" },
  { seed: "001 Web App Builder", column: "users.role", value: "admin", roles: ["ADMIN"] },
  { seed: "001 Web App Builder", column: "users.role", value: "(any other value)", roles: ["MEMBER"], note: "the seed names the column but not its values" },
  { seed: "002 Toy Soldiers", column: "users.role", value: "fan", roles: ["MEMBER"] },
  { seed: "002 Toy Soldiers", column: "users.role", value: "creator", roles: ["CREATOR", "MEMBER"], note: "a creators row (CreatorProfile) exists for them" },
  { seed: "002 Toy Soldiers", column: "users.role", value: "admin", roles: ["ADMIN"] },
  { seed: "003 Complete Schema", column: "users.role", value: "customer", roles: ["MEMBER"] },
  { seed: "003 Complete Schema", column: "users.role", value: "platform_owner", roles: ["ADMIN", "CREATOR"], note: "owns the platform and publishes its catalogue" },
  { seed: "003 Complete Schema", column: "users.role", value: "platform_creator / media_owner", roles: ["CREATOR"], note: "media_owner: phase 3 revenue-sharing creators" },
  { seed: "004 StreamVibe", column: "user_role.role", value: "user", roles: ["MEMBER"] },
  { seed: "004 StreamVibe", column: "user_role.role", value: "moderator", roles: ["MODERATOR"] },
  { seed: "004 StreamVibe", column: "user_role.role", value: "admin", roles: ["ADMIN"] },
];

/** What each role means in this gateway (rendered into docs/authorization.md). */
export const ROLE_MEANING: Record<Role, string> = {
  ADMIN: "Sees and changes everything, soft-deleted rows included; grants and revokes roles.",
  MODERATOR: "A signed-in member who may act on other people's comments (moderation actions arrive with the comments domain); sees no private rows.",
  CREATOR: "Publishes stories, content and offerings, and sees progress, comments and analytics on what they own.",
  MEMBER: "Every signed-up account: reads what is public or granted to them, owns their profile, progress, purchases, tips and subscriptions.",
};
