-- =====================================================================================
-- Hand-written (issue 19, performance).
-- stories(orderBy: NEWEST) sorts by published_at DESC NULLS LAST, created_at DESC, id DESC
-- (drafts last). No existing index has that order: (status, published_at) and the partial
-- (published_at DESC) one are NULLS FIRST, so every stories() call read and sorted every
-- visible story (~7 ms at 5,000 stories, growing with the catalogue). This index is the ORDER BY
-- itself over live stories, so a page is an index scan that stops after first + 1 visible rows,
-- for anonymous viewers and signed-in ones alike (their `OR creator_id = viewer` filter is
-- checked on the rows the scan meets). Prisma's schema language cannot say NULLS LAST, hence SQL.
-- =====================================================================================
CREATE INDEX "stories_newest_live_idx" ON "stories" ("published_at" DESC NULLS LAST, "created_at" DESC, "id" DESC)
  WHERE deleted_at IS NULL;
