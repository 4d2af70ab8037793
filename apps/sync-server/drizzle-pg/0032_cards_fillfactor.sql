-- Hand-written (drizzle-kit does not track a table's storage parameters): a batch rewrites each
-- card it stamps once (`handOut`), ~400 of a 1,000-card shop a batch. With full pages one write in
-- five found no room on its card's page and went elsewhere, so each of the card's six indexes took
-- a new entry; with 30 % of each page left for new versions one in twenty does (issue 13). New
-- pages are filled to 70 %; a page written before fills up again as its old versions are pruned.
ALTER TABLE "cards" SET (fillfactor = 70);
