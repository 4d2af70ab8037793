import { randomUUID } from "node:crypto";
import { IDLE_MINUTES, PERSONAL_PIN } from "@stamp/wire-protocol";
import { type Context, Hono } from "hono";
import type { AdminEnv } from "../admin/admin-session";
import { type StaffErrors, StaffMemberPage, StaffPage } from "../admin/pages/staff-page";
import type { FormFields } from "../admin/program-form";
import { adminActor, recordAudit } from "../audit/audit-log";
import type { MessageKey } from "../i18n/en";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { type PinChange, pinTaken, pinVerifier, setPersonalPin } from "../staff/personal-pin";
import { field, form, notice, plainText, tr, UUID } from "./admin-kit";

const NOTICES = {
  added: "staff.added",
  saved: "staff.saved",
  pin: "staff.pin.saved",
  removed: "staff.removed",
  "sign-in": "staff.signIn.saved",
} as const satisfies Record<string, MessageKey>;

/** The PIN typed twice: null when both are empty (optional on the add form), else a problem. */
export function pinProblem(fields: FormFields): StaffErrors | null {
  const pin = field(fields, "pin");
  if (pin === "" && field(fields, "pinConfirm") === "") return null;
  if (!PERSONAL_PIN.test(pin)) return { pin: tr.t("staff.pin.invalid") };
  if (field(fields, "pinConfirm") !== pin) return { pinConfirm: tr.t("staff.pin.mismatch") };
  return {};
}

/** What a refused PIN change says under the PIN field. */
export function pinChangeError(change: PinChange & { ok: false }): StaffErrors {
  return { pin: tr.t(change.reason === "taken" ? "staff.pin.taken" : "staff.pin.invalid") };
}

const checkedLocations = (fields: FormFields): string[] => {
  const raw = fields.locations;
  const list = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  return list.filter((id): id is string => typeof id === "string" && UUID.test(id));
};

/**
 * `/admin/staff` (owners and managers): the people who work the tills, their personal PINs and
 * locations, and each location's till sign-in setting.
 */
export function adminStaffRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const listPage = async (
    c: Context<AdminEnv>,
    add?: Parameters<typeof StaffPage>[0]["add"],
    status: 200 | 409 | 422 = 200,
    signInError?: Parameters<typeof StaffPage>[0]["signInError"],
  ) => {
    const admin = c.get("admin");
    const [staff, locations, accounts] = await Promise.all([
      store.listStaff(admin.merchantId),
      store.listLocations(admin.merchantId),
      store.listAdmins(admin.merchantId),
    ]);
    const linked = new Set(staff.map((s) => s.adminUserId));
    return sendPage(
      c,
      <StaffPage
        tr={tr}
        admin={admin}
        staff={staff}
        locations={locations}
        unlinked={accounts.filter((a) => !linked.has(a.id))}
        accounts={new Map(accounts.map((a) => [a.id, a.email]))}
        notice={notice(c, NOTICES, { name: c.req.query("name") ?? "" })}
        add={add}
        signInError={signInError}
      />,
      status,
    );
  };
  const memberPage = async (
    c: Context<AdminEnv>,
    errors: { errors?: StaffErrors; pinErrors?: StaffErrors } = {},
    status: 200 | 404 | 409 | 422 = 200,
  ) => {
    const admin = c.get("admin");
    const [member, locations] = await Promise.all([
      store.getStaff(admin.merchantId, c.req.param("id") ?? ""),
      store.listLocations(admin.merchantId),
    ]);
    if (!member) return c.notFound();
    return sendPage(
      c,
      <StaffMemberPage
        tr={tr}
        admin={admin}
        member={member}
        locations={locations}
        notice={notice(c, NOTICES, { name: member.name })}
        {...errors}
      />,
      status,
    );
  };

  return new Hono<AdminEnv>()
    .get("/staff", (c) => listPage(c))
    .post("/staff", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const name = field(fields, "name");
      const locationIds = checkedLocations(fields);
      const again = (errors: StaffErrors, status: 409 | 422) =>
        listPage(c, { name, locationIds, errors }, status);
      if (!plainText(name, 80)) return again({ name: tr.t("staff.invalidName") }, 422);
      const problem = pinProblem(fields);
      if (problem && Object.keys(problem).length > 0) return again(problem, 422);
      // No problem and no PIN: the PIN is left for later (on My account, or here).
      const pin = problem ? field(fields, "pin") : null;
      const account = field(fields, "account");
      const accounts = await store.listAdmins(admin.merchantId);
      const adminUserId = accounts.some((a) => a.id === account) ? account : null;
      const id = randomUUID();
      const made = await services.storage.exclusively(
        `staff-pins/${admin.merchantId}`,
        async () => {
          if (pin !== null && (await pinTaken(services, admin.merchantId, locationIds, id, pin)))
            return "taken" as const;
          const created = await store.createStaff({
            id,
            merchantId: admin.merchantId,
            name,
            adminUserId,
            locationIds,
            pin: pin === null ? null : await pinVerifier(pin),
            createdAt: services.now(),
          });
          return created ? ("made" as const) : ("account-taken" as const);
        },
      );
      if (made === "taken") return again({ pin: tr.t("staff.pin.taken") }, 409);
      if (made === "account-taken") return again({ form: tr.t("staff.accountTaken") }, 409);
      await recordAudit(services, adminActor(admin), "staff.added", id, {
        name,
        pin: pin !== null,
        account: adminUserId,
      });
      return c.redirect(`/admin/staff?notice=added&name=${encodeURIComponent(name)}`, 303);
    })
    .post("/staff/sign-in/:locationId", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const minutes = Number(field(fields, "idleMinutes"));
      if (!Number.isInteger(minutes) || minutes < IDLE_MINUTES.min || minutes > IDLE_MINUTES.max)
        return listPage(c, undefined, 422, {
          locationId: c.req.param("locationId"),
          message: tr.t("staff.signIn.invalid"),
        });
      const saved = await store.setStaffSignIn(admin.merchantId, c.req.param("locationId"), {
        required: field(fields, "required") === "1",
        idleMinutes: minutes,
      });
      if (!saved) return c.notFound();
      await recordAudit(services, adminActor(admin), "staff.sign-in", c.req.param("locationId"), {
        required: field(fields, "required") === "1",
        idleMinutes: minutes,
      });
      return c.redirect("/admin/staff?notice=sign-in", 303);
    })
    .get("/staff/:id", (c) => memberPage(c))
    .post("/staff/:id", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const name = field(fields, "name");
      if (!plainText(name, 80))
        return memberPage(c, { errors: { name: tr.t("staff.invalidName") } }, 422);
      const id = c.req.param("id");
      const changed = await store.updateStaff(
        admin.merchantId,
        id,
        { name, locationIds: checkedLocations(fields) },
        services.now(),
      );
      if (!changed) return c.notFound();
      await recordAudit(services, adminActor(admin), "staff.updated", id, {
        name,
        locations: checkedLocations(fields).join(" "),
      });
      return c.redirect(`/admin/staff/${id}?notice=saved`, 303);
    })
    .post("/staff/:id/pin", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const id = c.req.param("id");
      const problem = pinProblem(fields) ?? { pin: tr.t("staff.pin.invalid") };
      if (Object.keys(problem).length > 0) return memberPage(c, { pinErrors: problem }, 422);
      const change = await setPersonalPin(services, admin.merchantId, id, field(fields, "pin"));
      if (!change.ok)
        return change.reason === "unknown"
          ? c.notFound()
          : memberPage(c, { pinErrors: pinChangeError(change) }, 409);
      await recordAudit(services, adminActor(admin), "staff.pin-set", id);
      return c.redirect(`/admin/staff/${id}?notice=pin`, 303);
    })
    .post("/staff/:id/remove", async (c) => {
      const admin = c.get("admin");
      const removed = await store.removeStaff(admin.merchantId, c.req.param("id"), services.now());
      if (!removed) return c.notFound();
      await recordAudit(services, adminActor(admin), "staff.removed", c.req.param("id"));
      return c.redirect("/admin/staff?notice=removed", 303);
    });
}
