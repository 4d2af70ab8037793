import { NON_EMPTY_TEXT, UUID_ANY } from "@stamp/core";
import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import * as v from "valibot";
import { requestTranslator } from "../admin/admin-language";
import { atWorkedLocations } from "../admin/admin-scope";
import type { Admin, AdminEnv } from "../admin/admin-session";
import { ConfirmPage } from "../admin/pages/confirm-page";
import type { FormFields } from "../admin/program-form";
import type { MessageKey } from "../i18n/en";
import type { Params, Translator } from "../i18n/translate";
import { sendPage } from "../pages/document";
import { ReceiptMessage } from "../pages/receipt-page";
import type { CardRecord, LocationRecord, ProgramRecord, Store } from "../storage/store";

/**
 * What the admin sub-apps (routes/admin-*.tsx) share: the catalogue in the signed-in admin's
 * language (or the browser's, before sign-in), form reading, notices.
 */
export const tr: Translator = requestTranslator;
/** Ids in admin paths: any UUID (stamp-core's one pattern). */
export const UUID = UUID_ANY;

/** Names, labels and reasons: non-empty plain text (stamp-core SPEC V6), at most `max` characters. */
export const plainText = (text: string, max: number) => v.is(NON_EMPTY_TEXT(max), text);

/** Notices shown after a redirect, by key; the query string never carries text. */
const NOTICES = {
  saved: "programs.saved",
  created: "programs.created",
  pin: "locations.pin.changed",
  location: "locations.created",
  renamed: "locations.renamed",
  removed: "locations.removed",
  coordinates: "locations.geo.saved",
  "sync-scope": "locations.syncScope.saved",
  region: "locations.region.saved",
  "region-added": "locations.regions.added",
  "region-renamed": "locations.regions.renamed",
  "region-deleted": "locations.regions.deleted",
  revoked: "devices.revokedNotice",
  "key-revoked": "keys.revokedNotice",
  blocked: "cards.blockedNotice",
  unblocked: "cards.unblockedNotice",
  redeemed: "cards.redeemedNotice",
  undone: "cards.undoneNotice",
  added: "cards.addedNotice",
  erased: "cards.erasedNotice",
  "restore-sent": "cards.restoreSentNotice",
  "logged-out": "login.loggedOut",
  business: "business.saved",
} as const satisfies Record<string, MessageKey>;

export type NoticeKey = keyof typeof NOTICES;

/**
 * The notice `?notice=` names, in words: from the shared table, or from a page's own (`table`)
 * whose texts may take `params` (a name the redirect carried).
 */
export function notice(
  c: Context,
  table: Readonly<Record<string, MessageKey>> = NOTICES,
  params?: Params,
): string | undefined {
  const key = c.req.query("notice");
  return key !== undefined && Object.hasOwn(table, key)
    ? tr.t(table[key] as MessageKey, params)
    : undefined;
}

/** The signed-in admin's programme named by `?program=`, or null. */
export async function queriedProgram(
  store: Pick<Store, "getProgram">,
  c: Context<AdminEnv>,
): Promise<ProgramRecord | null> {
  const id = c.req.query("program") ?? "";
  return UUID.test(id) ? store.getProgram(c.get("admin").merchantId, id) : null;
}

/**
 * The card `id` names, when the signed-in admin may see it — for a manager tied to locations, a
 * customer of theirs (admin/admin-scope.ts) — else null, which the page answers with a 404.
 */
export function adminCard(
  store: Pick<Store, "getCardWithin">,
  c: Context<AdminEnv>,
  id: string,
): Promise<CardRecord | null> {
  const admin = c.get("admin");
  return UUID.test(id)
    ? store.getCardWithin(admin.merchantId, id, admin.locations)
    : Promise.resolve(null);
}

/** The merchant's locations the signed-in admin works at (all, but for a manager tied to some). */
export async function shownLocations(
  store: Pick<Store, "listLocations">,
  admin: Admin,
): Promise<LocationRecord[]> {
  return atWorkedLocations(admin, await store.listLocations(admin.merchantId), (l) => l.id);
}

export async function form(c: Context): Promise<FormFields> {
  return (await c.req.parseBody({ all: true })) as FormFields;
}

/** The ids ticked in the checkboxes `name` (nothing else: anything not a UUID is dropped). */
export function checkedIds(fields: FormFields, name: string): string[] {
  const raw = fields[name];
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((id): id is string => typeof id === "string" && UUID.test(id));
}

export function field(fields: FormFields, name: string): string {
  const value = fields[name];
  return typeof value === "string" ? value.trim() : "";
}

/**
 * "Are you sure?" for a destructive action: its confirmation page, whose form posts the action
 * again with `confirmed=yes` and the session's CSRF token.
 */
export function askFirst(
  c: Context<AdminEnv>,
  question: Omit<Parameters<typeof ConfirmPage>[0], "tr" | "admin">,
  status: 200 | 422 = 200,
) {
  return sendPage(c, <ConfirmPage tr={tr} admin={c.get("admin")} {...question} />, status);
}

/**
 * Middleware for forms that change the whole merchant (adding or removing locations, sync scopes,
 * regions): a manager tied to locations gets the forgery page — the page never offers them.
 */
export const merchantWideOnly = createMiddleware<AdminEnv>(async (c, next) => {
  if (c.get("admin").locations !== null) return forgery(c);
  await next();
});

/** Destructive forms carry `confirmed=yes` only from their confirmation page. */
export const confirmed = (fields: FormFields) => field(fields, "confirmed") === "yes";

export function forgery(c: Context) {
  return sendPage(
    c,
    <ReceiptMessage
      tr={tr}
      title={tr.t("admin.forgery.title")}
      body={tr.t("admin.forgery.body")}
    />,
    403,
  );
}
