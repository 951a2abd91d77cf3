// Settings and site content: the platform settings singleton and its featured content, app
// settings (key/value), the navigation tree, resource cards with ordered steps, the timeline and
// form submissions.
import type { FormSubmissionStatus, FormType, Prisma, Role } from "../../src/generated/prisma/client.ts";
import { contentId } from "./content.ts";
import { stamps, type SeedContext } from "./context.ts";
import { sid } from "./ids.ts";
import { userId } from "./identity.ts";

export async function seedSite(ctx: SeedContext): Promise<void> {
  const { prisma } = ctx;
  const admin = userId("admin");

  await ctx.add(
    "PlatformSettings",
    prisma.platformSettings.createMany({
      data: [
        {
          id: sid("platform-settings"),
          singleton: true,
          platformName: "Creator Gateway Demo",
          tagline: "Stories, lessons and live sessions from independent creators.",
          logoUrl: "https://cdn.demo.test/brand/logo.svg",
          faviconUrl: "https://cdn.demo.test/brand/favicon.ico",
          primaryColor: "#2563eb",
          secondaryColor: "#f59e0b",
          heroTitle: "Make something. Share it. Get paid.",
          heroSubtitle: "Branching audio stories, watercolour courses, writing guides and live workshops.",
          heroBackgroundUrl: "https://cdn.demo.test/brand/hero.jpg",
          heroCtaText: "Start exploring",
          heroCtaLink: "/explore",
          contactEmail: "hello@demo.test",
          socialLinks: { youtube: "https://youtube.demo.test/@creatorgateway", instagram: "https://instagram.demo.test/creatorgateway", tiktok: "https://tiktok.demo.test/@creatorgateway" },
          aboutContent: "<h1>About</h1><p>A demo platform seeded with sample creators, fans and content.</p>",
          emailFromName: "Creator Gateway",
          emailFromAddress: "no-reply@demo.test",
          timezone: "UTC",
          currency: "USD",
          updatedById: admin,
          ...stamps(ctx.at(-250, 9), ctx.at(-10, 9)),
        },
      ],
      skipDuplicates: true,
    }),
  );
  // The singleton may already exist with another id (created by the API); feature content on it.
  const settings = await prisma.platformSettings.findFirst({ where: { singleton: true }, select: { id: true } });
  if (settings) {
    await ctx.add(
      "PlatformFeaturedContent",
      prisma.platformFeaturedContent.createMany({
        data: ["ada-watercolor-basics", "ben-night-sounds", "cleo-writing-prompts"].map((c, i) => ({
          id: sid("featured-content", c),
          settingsId: settings.id,
          contentId: contentId(c),
          position: i,
          ...stamps(ctx.at(-10, 9, i)),
        })),
        skipDuplicates: true,
      }),
    );
  }

  const appSettings: Array<[key: string, value: Prisma.InputJsonValue, isPublic: boolean, description: string]> = [
    ["features.signup_enabled", true, true, "New accounts can sign up"],
    ["features.tips_enabled", true, true, "Fans can tip creators"],
    ["features.offerings_enabled", true, true, "Creators can sell events, programs and bookable sessions"],
    ["maintenance_mode", { enabled: false, message: null }, true, "Show a maintenance banner and refuse writes"],
    ["limits.upload_max_mb", 500, false, "Largest media upload, in megabytes"],
    ["analytics.retention_days", 365, false, "How long raw analytics events are kept"],
    ["support.email", "support@demo.test", true, "Where the help page sends people"],
    ["comments.moderation", { autoHideReports: 3, bannedWords: ["totally-legit.example"] }, false, "Comment moderation thresholds"],
  ];
  await ctx.add(
    "AppSetting",
    prisma.appSetting.createMany({
      data: appSettings.map(([key, value, isPublic, description], i) => ({
        id: sid("app-setting", key),
        key,
        value,
        isPublic,
        description,
        updatedById: admin,
        ...stamps(ctx.at(-250, 10, i)),
      })),
      skipDuplicates: true,
    }),
  );

  // Navigation: top-level items, then their children.
  interface Nav {
    key: string;
    label: string;
    url: string;
    icon?: string;
    roles?: Role[];
    auth?: boolean;
    external?: boolean;
    active?: boolean;
    children?: Nav[];
  }
  const nav: Nav[] = [
    { key: "home", label: "Home", url: "/", icon: "home" },
    {
      key: "explore", label: "Explore", url: "/explore", icon: "compass",
      children: [
        { key: "explore-stories", label: "Stories", url: "/stories" },
        { key: "explore-video", label: "Video", url: "/content?type=video" },
        { key: "explore-audio", label: "Audio", url: "/content?type=audio" },
        { key: "explore-writing", label: "Writing", url: "/content?type=written" },
        { key: "explore-events", label: "Events & sessions", url: "/offerings" },
      ],
    },
    { key: "pricing", label: "Pricing", url: "/pricing", icon: "tag" },
    {
      key: "studio", label: "Studio", url: "/studio", icon: "palette", roles: ["CREATOR", "ADMIN"], auth: true,
      children: [
        { key: "studio-dashboard", label: "Dashboard", url: "/studio", roles: ["CREATOR", "ADMIN"], auth: true },
        { key: "studio-analytics", label: "Analytics", url: "/studio/analytics", roles: ["CREATOR", "ADMIN"], auth: true },
        { key: "studio-offerings", label: "Offerings", url: "/studio/offerings", roles: ["CREATOR", "ADMIN"], auth: true },
        { key: "studio-social", label: "Social accounts", url: "/studio/social", roles: ["CREATOR", "ADMIN"], auth: true },
      ],
    },
    {
      key: "admin", label: "Admin", url: "/admin", icon: "shield", roles: ["ADMIN", "MODERATOR"], auth: true,
      children: [
        { key: "admin-users", label: "Users", url: "/admin/users", roles: ["ADMIN"], auth: true },
        { key: "admin-moderation", label: "Moderation", url: "/admin/moderation", roles: ["ADMIN", "MODERATOR"], auth: true },
        { key: "admin-settings", label: "Settings", url: "/admin/settings", roles: ["ADMIN"], auth: true },
      ],
    },
    { key: "account", label: "My account", url: "/account", icon: "user", auth: true },
    { key: "help", label: "Help", url: "https://docs.demo.test", icon: "help", external: true },
    { key: "beta", label: "Beta lab", url: "/beta", icon: "flask", active: false },
  ];
  const navRow = (n: Nav, i: number, parent: string | null): Prisma.NavItemCreateManyInput => ({
    id: sid("nav-item", n.key),
    parentId: parent,
    label: n.label,
    url: n.url,
    isExternal: n.external ?? false,
    icon: n.icon ?? null,
    position: i,
    visibleToRoles: n.roles ?? [],
    requiresAuth: n.auth ?? false,
    isActive: n.active ?? true,
    ...stamps(ctx.at(-245, 9, i)),
  });
  await ctx.add("NavItem", prisma.navItem.createMany({ data: nav.map((n, i) => navRow(n, i, null)), skipDuplicates: true }));
  await ctx.add(
    "NavItem",
    prisma.navItem.createMany({
      data: nav.flatMap((n) => (n.children ?? []).map((c, i) => navRow(c, i, sid("nav-item", n.key)))),
      skipDuplicates: true,
    }),
  );

  const cards = [
    {
      key: "creator-getting-started", title: "Getting started as a creator", category: "creators", icon: "rocket", status: "PUBLISHED" as const,
      summary: "Set up your profile, publish your first piece and get paid.",
      steps: [
        ["Complete your profile", "Add a display name, a bio and an avatar so fans recognise you."],
        ["Connect payouts", "Link a Stripe Connect account; payouts are 70 % of each sale."],
        ["Publish something free", "A free piece is the best way to be discovered."],
        ["Add paid content or a series", "Price single pieces or bundle them into a series."],
      ],
    },
    {
      key: "branching-stories", title: "Publishing your first branching story", category: "stories", icon: "git-branch", status: "PUBLISHED" as const,
      summary: "Nodes, choices, endings, and how to gate a path behind a voice pack.",
      steps: [
        ["Write the start node", "Every story has exactly one start node."],
        ["Add choices", "Choices connect nodes; two choices may lead to the same node."],
        ["Mark the endings", "Endings finish the story; a node without choices that is not an ending is a dead end."],
        ["Gate a path (optional)", "Require a voice pack or a subscription for special branches."],
        ["Publish", "Publish publicly, unlisted or keep it private."],
      ],
    },
    {
      key: "social-accounts", title: "Connecting your social accounts", category: "integrations", icon: "link", status: "PUBLISHED" as const,
      summary: "Sync your posts, get AI suggestions and submit pages for indexing.",
      steps: [
        ["Connect a platform", "We store a reference to your credentials in the vault, never the token."],
        ["Choose a sync mode", "Automatic, manual or disabled per account."],
        ["Review AI suggestions", "Apply titles, descriptions and tags field by field."],
      ],
    },
    {
      key: "offerings-guide", title: "Selling live sessions and courses", category: "offerings", icon: "calendar", status: "DRAFT" as const,
      summary: "Events, recurring sessions, bookable 1:1s, cohorts and retreats.",
      steps: [["Pick a type", "Each offering type has its own schedule shape."]],
    },
  ];
  await ctx.add(
    "ResourceCard",
    prisma.resourceCard.createMany({
      data: cards.map((c, i) => ({
        id: sid("resource-card", c.key),
        title: c.title,
        slug: c.key,
        summary: c.summary,
        body: `<p>${c.summary}</p>`,
        category: c.category,
        icon: c.icon,
        imageUrl: `https://cdn.demo.test/resources/${c.key}.png`,
        linkUrl: `/resources/${c.key}`,
        position: i,
        status: c.status,
        publishedAt: c.status === "PUBLISHED" ? ctx.at(-200 + i * 10, 12) : null,
        ...stamps(ctx.at(-201 + i * 10, 12)),
      })),
      skipDuplicates: true,
    }),
  );
  await ctx.add(
    "ResourceStep",
    prisma.resourceStep.createMany({
      data: cards.flatMap((c, ci) =>
        c.steps.map(([title, body], i) => ({
          id: sid("resource-step", c.key, i),
          cardId: sid("resource-card", c.key),
          position: i,
          title,
          body,
          imageUrl: i === 0 ? `https://cdn.demo.test/resources/${c.key}-step1.png` : null,
          ...stamps(ctx.at(-201 + ci * 10, 12, i)),
        })),
      ),
      skipDuplicates: true,
    }),
  );

  const timeline = [
    { key: "beta", title: "Private beta", label: "Q1 2026", day: -200, icon: "flag", status: "PUBLISHED" as const, description: "First creators invited." },
    { key: "stories", title: "Branching stories launch", label: "Q2 2026", day: -120, icon: "git-branch", status: "PUBLISHED" as const, description: "Interactive audio stories with voice packs." },
    { key: "offerings", title: "Offerings and bookings", label: "Q3 2026", day: -40, icon: "calendar", status: "PUBLISHED" as const, description: "Events, cohorts, retreats and 1:1 sessions." },
    { key: "ai", title: "AI suggestions and SEO", label: "Q4 2026", day: 20, icon: "sparkles", status: "PUBLISHED" as const, description: "Titles, tags and indexing for synced social content." },
    { key: "mobile", title: "Mobile apps", label: "Q1 2027", day: 150, icon: "smartphone", status: "DRAFT" as const, description: "iOS and Android, with offline listening." },
  ];
  await ctx.add(
    "TimelineItem",
    prisma.timelineItem.createMany({
      data: timeline.map((t, i) => ({
        id: sid("timeline-item", t.key),
        title: t.title,
        description: t.description,
        label: t.label,
        occurredAt: ctx.at(t.day),
        icon: t.icon,
        linkUrl: `/changelog#${t.key}`,
        position: i,
        status: t.status,
        publishedAt: t.status === "PUBLISHED" ? ctx.at(-210, 12) : null,
        ...stamps(ctx.at(-210, 12, i)),
      })),
      skipDuplicates: true,
    }),
  );

  const forms: Array<{ key: string; type: FormType; status: FormSubmissionStatus; name: string; email: string; user?: string; subject?: string; message: string; day: number; spam?: string; payload?: Record<string, unknown>; handled?: boolean }> = [
    { key: "contact-1", type: "CONTACT", status: "NEW", name: "Priya Shah", email: "priya@example.com", subject: "Partnership", message: "We run a paper mill and would love to sponsor a watercolour series.", day: -3, spam: "0.05" },
    { key: "lead-1", type: "LEAD", status: "HANDLED", name: "Marco Bianchi", email: "marco@example.com", message: "Interested in hosting my cooking classes here.", day: -30, spam: "0.02", payload: { audienceSize: "10k-50k", platform: "youtube" }, handled: true },
    { key: "newsletter-1", type: "NEWSLETTER", status: "NEW", name: "Lena Vogel", email: "lena@example.com", message: "", day: -7, payload: { topics: ["stories", "art"] } },
    { key: "support-1", type: "SUPPORT", status: "HANDLED", name: "Gia Romero", email: "fan2@demo.test", user: "fan2", subject: "Receipt", message: "Can I get an invoice for my course purchase?", day: -38, spam: "0.00", handled: true },
    { key: "consult-1", type: "CONSULTATION_REQUEST", status: "NEW", name: "Jules Moreau", email: "fan5@demo.test", user: "fan5", subject: "Commission pricing", message: "I'd like a consultation about pricing commissions.", day: -1, payload: { preferredTimes: ["tuesday morning", "thursday afternoon"] } },
    { key: "spam-1", type: "CONTACT", status: "SPAM", name: "SEO Expert", email: "seo@spam.example", subject: "Rank #1 GUARANTEED", message: "Buy backlinks now!!!", day: -2, spam: "0.97" },
    { key: "contact-old", type: "CONTACT", status: "ARCHIVED", name: "Tom Reed", email: "tom@example.com", subject: "Old question", message: "Is there a mobile app yet?", day: -90, spam: "0.10" },
  ];
  await ctx.add(
    "FormSubmission",
    prisma.formSubmission.createMany({
      data: forms.map((f, i) => ({
        id: sid("form-submission", f.key),
        formType: f.type,
        userId: f.user ? userId(f.user) : null,
        name: f.name,
        email: f.email,
        phone: f.type === "LEAD" ? "+44 20 7946 0000" : null,
        subject: f.subject ?? null,
        message: f.message || null,
        payload: (f.payload ?? {}) as Prisma.InputJsonValue,
        ipAddress: `203.0.113.${100 + i}`,
        userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36",
        spamScore: f.spam ?? null,
        status: f.status,
        handledAt: f.handled ? ctx.live(f.day + 1, 10) : null,
        handledById: f.handled ? userId("moderator") : null,
        ...stamps(ctx.live(f.day, 11), ctx.live(f.handled ? f.day + 1 : f.day, f.handled ? 10 : 11)),
      })),
      skipDuplicates: true,
    }),
  );
}
