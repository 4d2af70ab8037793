import { randomUUID } from "node:crypto";
import { IDLE_MINUTES, PERSONAL_PIN } from "@stamp/wire-protocol";
import { type Context, Hono } from "hono";
import { worksAt } from "../admin/admin-scope";
import type { Admin, AdminEnv } from "../admin/admin-session";
import { type StaffErrors, StaffMemberPage, StaffPage } from "../admin/pages/staff-page";
import type { FormFields } from "../admin/program-form";
import { adminActor, recordAudit } from "../audit/audit-log";
import { PHONE_NUMBER } from "../cards/enroll-card";
import type { MessageKey } from "../i18n/en";
import { sendPage } from "../pages/document";
import type { AppServices } from "../services";
import { type PinChange, pinTaken, pinVerifier, setPersonalPin } from "../staff/personal-pin";
import type { StaffRecord } from "../storage/staff-store";
import { checkedIds, field, form, notice, plainText, shownLocations, tr } from "./admin-kit";

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

/**
 * Whom a manager tied to locations (admin/admin-scope.ts) sees: people working at one of their
 * locations, and people at none yet (so a new hire can be given a place).
 */
const seen = (admin: Admin, member: StaffRecord) =>
  member.locationIds.length === 0 || member.locationIds.some((id) => worksAt(admin, id));

/** The phone a form gives (null: none), or undefined when it is no phone number. */
function phoneOf(fields: FormFields): string | null | undefined {
  const text = field(fields, "phone");
  if (text === "") return null;
  return PHONE_NUMBER.test(text) ? text : undefined;
}

/**
 * The locations a form sets, as far as the admin may: a tied manager's ticks count only for
 * their own locations, and the person keeps the other locations they had.
 */
function settableLocations(admin: Admin, fields: FormFields, had: readonly string[]): string[] {
  const ticked = checkedIds(fields, "locations").filter((id) => worksAt(admin, id));
  return [...new Set([...had.filter((id) => !worksAt(admin, id)), ...ticked])];
}

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
      shownLocations(store, admin),
      store.listAdmins(admin.merchantId),
    ]);
    const linked = new Set(staff.map((s) => s.adminUserId));
    return sendPage(
      c,
      <StaffPage
        tr={tr}
        admin={admin}
        staff={staff.filter((member) => seen(admin, member))}
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
    const [member, locations] = await Promise.all([shownMember(c), shownLocations(store, admin)]);
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

  /** The person the path names, if the admin sees them (else: not found). */
  const shownMember = async (c: Context<AdminEnv>) => {
    const admin = c.get("admin");
    const member = await store.getStaff(admin.merchantId, c.req.param("id") ?? "");
    return member && seen(admin, member) ? member : null;
  };

  return new Hono<AdminEnv>()
    .get("/staff", (c) => listPage(c))
    .post("/staff", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const name = field(fields, "name");
      const phone = phoneOf(fields);
      const locationIds = settableLocations(admin, fields, []);
      const again = (errors: StaffErrors, status: 409 | 422) =>
        listPage(c, { name, phone: field(fields, "phone"), locationIds, errors }, status);
      if (!plainText(name, 80)) return again({ name: tr.t("staff.invalidName") }, 422);
      if (phone === undefined) return again({ phone: tr.t("staff.invalidPhone") }, 422);
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
            phone,
            adminUserId,
            locationIds,
            pin: pin === null ? null : await pinVerifier(pin, services.pinHashCost),
            createdAt: services.now(),
          });
          return created ? ("made" as const) : ("account-taken" as const);
        },
      );
      if (made === "taken") return again({ pin: tr.t("staff.pin.taken") }, 409);
      if (made === "account-taken") return again({ form: tr.t("staff.accountTaken") }, 409);
      await recordAudit(services, adminActor(admin), "staff.added", id, {
        name,
        phone: phone !== null,
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
      if (!worksAt(admin, c.req.param("locationId"))) return c.notFound();
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
      const phone = phoneOf(fields);
      if (!plainText(name, 80))
        return memberPage(c, { errors: { name: tr.t("staff.invalidName") } }, 422);
      if (phone === undefined)
        return memberPage(c, { errors: { phone: tr.t("staff.invalidPhone") } }, 422);
      const id = c.req.param("id");
      const member = await shownMember(c);
      const locationIds = member ? settableLocations(admin, fields, member.locationIds) : [];
      const change = { name, locationIds, phone };
      const changed =
        member && (await store.updateStaff(admin.merchantId, id, change, services.now()));
      if (!changed) return c.notFound();
      await recordAudit(services, adminActor(admin), "staff.updated", id, {
        name,
        locations: locationIds.join(" "),
        phone: phone !== null,
      });
      return c.redirect(`/admin/staff/${id}?notice=saved`, 303);
    })
    .post("/staff/:id/pin", async (c) => {
      const admin = c.get("admin");
      const fields = await form(c);
      const id = c.req.param("id");
      const problem = pinProblem(fields) ?? { pin: tr.t("staff.pin.invalid") };
      if (Object.keys(problem).length > 0) return memberPage(c, { pinErrors: problem }, 422);
      if (!(await shownMember(c))) return c.notFound();
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
      // Someone who also works at a location the admin does not: only taken off theirs.
      const member = await shownMember(c);
      if (!member) return c.notFound();
      if (member.locationIds.some((id) => !worksAt(admin, id))) {
        const locationIds = settableLocations(admin, {}, member.locationIds);
        const { name } = member;
        await store.updateStaff(admin.merchantId, member.id, { name, locationIds }, services.now());
        await recordAudit(services, adminActor(admin), "staff.updated", member.id, {
          name,
          locations: locationIds.join(" "),
        });
        return c.redirect("/admin/staff?notice=removed", 303);
      }
      const removed = await store.removeStaff(admin.merchantId, c.req.param("id"), services.now());
      if (!removed) return c.notFound();
      await recordAudit(services, adminActor(admin), "staff.removed", c.req.param("id"));
      return c.redirect("/admin/staff?notice=removed", 303);
    });
}
