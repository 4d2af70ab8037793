import { type FraudThresholds, isTimeZone, type OpeningHours } from "@stamp/core";
import { type Context, Hono } from "hono";
import { mayOpen, worksAt } from "../admin/admin-scope";
import type { Admin, AdminEnv } from "../admin/admin-session";
import { FraudFlagPage, type FraudNames, FraudPage } from "../admin/pages/fraud-page";
import { FraudSettingsPage, THRESHOLD_FIELDS } from "../admin/pages/fraud-settings-page";
import { adminActor, recordAudit } from "../audit/audit-log";
import { subjectNames } from "../fraud/fraud-scan";
import { reviewFraudFlag } from "../fraud/review-fraud-flag";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { FRAUD_ALERTS, FRAUD_STATUSES, type FraudStatus } from "../storage/fraud-store";
import { field, form, notice, shownLocations, tr, UUID } from "./admin-kit";

const PAGE = 50;
const NOTE_MAX = 500;
const NOTICES = {
  confirmed: "fraud.confirmedNotice",
  dismissed: "fraud.dismissedNotice",
  saved: "fraud.settings.saved",
} as const;
const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

const minutesOf = (text: string) => {
  const m = HH_MM.exec(text);
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
};

/**
 * `/admin/fraud` (owners and managers; a manager tied to locations sees their locations' flags
 * only): the queue of staff-fraud flags to confirm or dismiss with a note (audited), and the
 * checks' settings — thresholds, alert e-mails, opening hours — for owners and managers of every
 * location.
 */
export function adminFraudRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;

  const names = async (admin: Admin): Promise<FraudNames> => {
    const [subject, locations] = await Promise.all([
      subjectNames(store, admin.merchantId),
      store.listLocations(admin.merchantId),
    ]);
    const byId = new Map(locations.map((l) => [l.id, l.name]));
    return {
      subject,
      location: (id) => (id === null ? "—" : (byId.get(id) ?? id.slice(0, 8))),
    };
  };

  /** The flag `:id` names, when the admin may see it (else null: a 404). */
  const shownFlag = async (c: Context<AdminEnv>) => {
    const admin = c.get("admin");
    const id = c.req.param("id") ?? "";
    const flag = UUID.test(id) ? await store.getFraudFlag(admin.merchantId, id) : null;
    return flag && worksAt(admin, flag.locationId) ? flag : null;
  };

  const flagPage = async (c: Context<AdminEnv>, error?: string) => {
    const flag = await shownFlag(c);
    if (!flag) return c.notFound();
    const admin = c.get("admin");
    return sendPage(
      c,
      <FraudFlagPage tr={tr} admin={admin} flag={flag} names={await names(admin)} error={error} />,
      error ? 422 : 200,
    );
  };

  const settingsPage = async (
    c: Context<AdminEnv>,
    problem: { errors: Record<string, string>; typed?: Record<string, string> } | null = null,
  ) => {
    const admin = c.get("admin");
    const [settings, locations] = await Promise.all([
      store.fraudSettings(admin.merchantId),
      shownLocations(store, admin),
    ]);
    return sendPage(
      c,
      <FraudSettingsPage
        tr={tr}
        admin={admin}
        settings={settings}
        locations={locations}
        defaultTimeZone={Intl.DateTimeFormat().resolvedOptions().timeZone}
        errors={problem?.errors}
        typed={problem?.typed}
        notice={notice(c, NOTICES)}
      />,
      problem ? 422 : 200,
    );
  };

  return new Hono<AdminEnv>()
    .get("/fraud", async (c) => {
      const admin = c.get("admin");
      const asked = c.req.query("status") ?? "open";
      const status: FraudStatus = (FRAUD_STATUSES as readonly string[]).includes(asked)
        ? (asked as FraudStatus)
        : "open";
      const [at, id] = (c.req.query("before") ?? "").split(".");
      const before = at && id && UUID.test(id) ? { raisedAt: Number(at), id } : null;
      const [flags, openCount] = await Promise.all([
        store.listFraudFlags(
          admin.merchantId,
          { status, locations: admin.locations },
          before,
          PAGE,
        ),
        store.countOpenFraudFlags(admin.merchantId, admin.locations),
      ]);
      const last = flags.at(-1);
      const next =
        flags.length === PAGE && last
          ? `/admin/fraud?status=${status}&before=${last.raisedAt}.${last.id}`
          : null;
      return sendPage(
        c,
        <FraudPage
          tr={tr}
          admin={admin}
          status={status}
          openCount={openCount}
          flags={flags}
          names={await names(admin)}
          next={next}
          mayChangeSettings={mayOpen(admin, "/admin/fraud/settings")}
          notice={notice(c, NOTICES)}
        />,
      );
    })
    .get("/fraud/settings", (c) => settingsPage(c))
    .post("/fraud/settings", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const errors: Record<string, string> = {};
      const typed: Record<string, string> = {};
      const thresholds: Record<string, number> = {};
      for (const { name, max } of THRESHOLD_FIELDS) {
        typed[name] = field(fields, name);
        const value = Number(typed[name]);
        if (typed[name] === "" || !Number.isInteger(value) || value < 0 || value > max)
          errors[name] = tr.t("fraud.settings.invalid", { max });
        else thresholds[name] = value;
      }
      const alerts = FRAUD_ALERTS.find((a) => a === field(fields, "alerts"));
      if (Object.keys(errors).length > 0 || !alerts) return settingsPage(c, { errors, typed });
      const current = await store.fraudSettings(admin.merchantId);
      await store.setFraudSettings(
        admin.merchantId,
        { hours: current.hours, thresholds: thresholds as unknown as FraudThresholds, alerts },
        services.now(),
      );
      await recordAudit(services, adminActor(admin), "fraud.settings-changed", null, {
        ...thresholds,
        alerts,
      });
      return c.redirect("/admin/fraud/settings?notice=saved", 303);
    })
    .post("/fraud/hours/:locationId", async (c) => {
      const admin = c.get("admin");
      const locationId = c.req.param("locationId");
      const location = (await shownLocations(store, admin)).find((l) => l.id === locationId);
      if (!location) return c.notFound();
      const fields = await form(c);
      const timeZone = field(fields, "timeZone");
      const opensText = field(fields, "opens");
      const closesText = field(fields, "closes");
      const days = dayList(fields);
      const current = await store.fraudSettings(admin.merchantId);
      const hours = { ...current.hours };
      if (opensText === "" && closesText === "") delete hours[locationId];
      else {
        const opens = minutesOf(opensText);
        const closes = minutesOf(closesText);
        if (
          opens === null ||
          closes === null ||
          opens === closes ||
          days.length === 0 ||
          !isTimeZone(timeZone)
        )
          return settingsPage(c, {
            errors: { [`hours-${locationId}`]: tr.t("fraud.hours.invalid") },
          });
        hours[locationId] = { timeZone, opens, closes, days } satisfies OpeningHours;
      }
      const { thresholds, alerts } = current;
      await store.setFraudSettings(admin.merchantId, { thresholds, alerts, hours }, services.now());
      await recordAudit(services, adminActor(admin), "fraud.hours-changed", locationId, {
        hours: hours[locationId] ? `${opensText}-${closesText} ${days.join("")}` : null,
      });
      return c.redirect("/admin/fraud/settings?notice=saved", 303);
    })
    .get("/fraud/:id", (c) => flagPage(c))
    .post("/fraud/:id/review", async (c) => {
      const flag = await shownFlag(c);
      if (!flag) return c.notFound();
      const admin = c.get("admin");
      const fields = await form(c);
      const status = field(fields, "status");
      const note = field(fields, "note");
      if (status !== "confirmed" && status !== "dismissed") return flagPage(c);
      if (note.length > NOTE_MAX) return flagPage(c, tr.t("fraud.note.tooLong", { max: NOTE_MAX }));
      if (note === "") return flagPage(c, tr.t("fraud.note.required"));
      // Reviewed already (by another tab or the API): the queue shows how.
      await reviewFraudFlag(services, adminActor(admin), flag, status, note);
      return c.redirect(`/admin/fraud?notice=${status}`, 303);
    });
}

/** The weekdays ticked (0 Sunday … 6 Saturday), each once. */
function dayList(fields: Record<string, unknown>): number[] {
  const raw = fields.days;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return [...new Set(list.map(Number))]
    .filter((d) => Number.isInteger(d) && d >= 0 && d <= 6)
    .sort();
}
