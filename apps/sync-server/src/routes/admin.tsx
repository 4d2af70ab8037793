import { randomUUID } from "node:crypto";
import { NON_EMPTY_TEXT } from "@stamp/core";
import { STAFF_PIN } from "@stamp/wire-protocol";
import { type Context, Hono } from "hono";
import { deleteCookie, getCookie } from "hono/cookie";
import type { Child } from "hono/jsx";
import QRCode from "qrcode";
import * as v from "valibot";
import {
  type Admin,
  type AdminEnv,
  endSession,
  LOGIN_CSRF_COOKIE,
  loginCsrf,
  requireAdmin,
  startSession,
} from "../admin/admin-session";
import { checkLogin } from "../admin/login";
import { ApiKeysPage } from "../admin/pages/api-keys-page";
import { CardPage } from "../admin/pages/card-page";
import { CardsPage } from "../admin/pages/cards-page";
import { ConflictsPage } from "../admin/pages/conflicts-page";
import { DashboardPage } from "../admin/pages/dashboard-page";
import { DevicesPage } from "../admin/pages/devices-page";
import { type LocationsForm, LocationsPage } from "../admin/pages/locations-page";
import { LoginPage } from "../admin/pages/login-page";
import { type EditorValues, ProgramEditor } from "../admin/pages/program-editor";
import { ProgramsPage } from "../admin/pages/programs-page";
import { type FormFields, programFormValues, programFromForm } from "../admin/program-form";
import { createApiKey } from "../api-keys/api-key";
import { setCardBlocked } from "../cards/block-card";
import { findCard } from "../cards/card-reference";
import { createPairingCode } from "../devices/create-pairing-code";
import { displayPairingCode } from "../devices/pairing-code";
import { clientKey } from "../http/client-key";
import { charge } from "../http/rate-limiter";
import type { MessageKey } from "../i18n/en";
import { translator } from "../i18n/translate";
import { staffPinHash } from "../locations/staff-pin";
import { sendPage } from "../pages/document";
import { ReceiptMessage } from "../pages/receipt-page";
import { defaultProgram } from "../programs/default-program";
import { uniqueSlug } from "../programs/program-slug";
import { randomToken } from "../secrets/random-token";
import { sameToken } from "../secrets/same-token";
import type { AppServices } from "../services";
import {
  MAX_ACTIVE_API_KEYS_PER_MERCHANT,
  MAX_OPEN_PAIRING_CODES_PER_LOCATION,
} from "../storage/stored-bounds";
import { parseLocationReminder } from "../wallet/location-reminder";
import { LocationWalletFields } from "../wallet/pages/location-wallet-fields";
import { ProgramWalletPanel } from "../wallet/pages/program-wallet-panel";

const tr = translator("en");
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A program version as the editor form carries it: a whole number from 1, not too big to count. */
const VERSION = /^[1-9][0-9]{0,14}$/;

/** Names, labels and reasons: non-empty plain text (stamp-core SPEC V6), at most `max` characters. */
const plainText = (text: string, max: number) => v.is(NON_EMPTY_TEXT(max), text);

/** Notices shown after a redirect, by key; the query string never carries text. */
const NOTICES = {
  saved: "programs.saved",
  created: "programs.created",
  pin: "locations.pin.changed",
  location: "locations.created",
  coordinates: "locations.geo.saved",
  revoked: "devices.revokedNotice",
  "key-revoked": "keys.revokedNotice",
  blocked: "cards.blockedNotice",
  unblocked: "cards.unblockedNotice",
  redeemed: "cards.redeemedNotice",
  "logged-out": "login.loggedOut",
} as const satisfies Record<string, MessageKey>;

function notice(c: Context): string | undefined {
  const key = c.req.query("notice");
  return key !== undefined && key in NOTICES
    ? tr.t(NOTICES[key as keyof typeof NOTICES])
    : undefined;
}

async function form(c: Context): Promise<FormFields> {
  return (await c.req.parseBody({ all: true })) as FormFields;
}

function field(fields: FormFields, name: string): string {
  const value = fields[name];
  return typeof value === "string" ? value.trim() : "";
}

function forgery(c: Context) {
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

function pinErrors(fields: FormFields): Record<string, string> {
  const pin = field(fields, "pin");
  if (!STAFF_PIN.test(pin)) return { pin: tr.t("locations.pin.invalid") };
  if (field(fields, "confirm") !== pin) return { confirm: tr.t("locations.pin.mismatch") };
  return {};
}

/**
 * The merchant's admin pages: server-rendered, plain forms (no script needed), every query scoped
 * to the signed-in admin's merchant, every POST checked against the session's CSRF token.
 */
export function adminRoutes(services: AppServices): Hono<AdminEnv> {
  const { store } = services;
  const kioskUrl = `${services.publicUrl}/app/`;
  const app = new Hono<AdminEnv>();

  app.get("/login", (c) =>
    sendPage(c, <LoginPage tr={tr} csrf={loginCsrf(c, services)} notice={notice(c)} />),
  );

  app.post("/login", async (c) => {
    const fields = await form(c);
    const cookie = getCookie(c, LOGIN_CSRF_COOKIE) ?? "";
    if (cookie === "" || !sameToken(field(fields, "_csrf"), cookie)) return forgery(c);
    const email = field(fields, "email").toLowerCase().slice(0, 254);
    const again = (error: string, status: 401 | 429) =>
      sendPage(c, <LoginPage tr={tr} csrf={cookie} email={email} error={error} />, status);
    // Charged before the password is checked, refunded when it matches: a burst of guesses is
    // cut off at the limit like guesses sent one at a time.
    const charged = await charge(services.limits.login, [clientKey(c), email], services.now);
    if (!charged.ok) return again(tr.t("login.tooMany"), 429);
    const user = await checkLogin(services, email, field(fields, "password"));
    if (!user) return again(tr.t("login.failed"), 401);
    await charged.refund();
    await startSession(c, services, user.id);
    deleteCookie(c, LOGIN_CSRF_COOKIE, { path: "/admin" });
    return c.redirect("/admin", 303);
  });

  app.use("*", requireAdmin(services, forgery));

  app.post("/logout", async (c) => {
    await endSession(c, services, c.get("admin"));
    return c.redirect("/admin/login?notice=logged-out", 303);
  });

  app.get("/", async (c) => {
    const admin = c.get("admin");
    const [stats, programs] = await Promise.all([
      store.merchantStats(admin.merchantId, services.now() - 86_400_000),
      store.listPrograms(admin.merchantId),
    ]);
    return sendPage(
      c,
      <DashboardPage
        tr={tr}
        admin={admin}
        stats={stats}
        programs={programs}
        kioskUrl={kioskUrl}
        publicUrl={services.publicUrl}
      />,
    );
  });

  // Programs

  const programsPage = async (c: Context<AdminEnv>) => {
    const admin = c.get("admin");
    const programs = await store.listPrograms(admin.merchantId);
    return sendPage(
      c,
      <ProgramsPage tr={tr} admin={admin} programs={programs} notice={notice(c)} />,
    );
  };
  app.get("/programs", programsPage);

  const editor = (
    c: Context<AdminEnv>,
    props: {
      title: string;
      action: string;
      values: EditorValues;
      expectedVersion: number | null;
      wallet?: Child;
    },
    failure?: {
      errors?: ReadonlyMap<string, string>;
      issues?: readonly { path: string; message: string }[];
      problem?: string;
    },
  ) =>
    sendPage(
      c,
      <ProgramEditor tr={tr} admin={c.get("admin")} {...props} {...failure} />,
      failure ? 422 : 200,
    );

  app.get("/programs/new", (c) => {
    const template = defaultProgram(c.get("admin").merchantId);
    return editor(c, {
      title: tr.t("editor.titleNew"),
      action: "/admin/programs",
      values: { ...programFormValues({ ...template, name: "" }), "reward.seed": randomToken(18) },
      expectedVersion: null,
    });
  });

  app.post("/programs", async (c) => {
    const admin = c.get("admin");
    const fields = await form(c);
    if (field(fields, "_preview") === "chances")
      return editor(c, {
        title: tr.t("editor.titleNew"),
        action: "/admin/programs",
        values: fields,
        expectedVersion: null,
      });
    const parsed = programFromForm(fields, {
      id: randomUUID(),
      merchantId: admin.merchantId,
      version: 1,
    });
    if (!parsed.ok)
      return editor(
        c,
        {
          title: tr.t("editor.titleNew"),
          action: "/admin/programs",
          values: fields,
          expectedVersion: null,
        },
        { errors: parsed.errors, issues: parsed.issues },
      );
    const now = services.now();
    const slug = await uniqueSlug(store, `${admin.merchantName} ${parsed.program.name}`);
    await store.createProgram({ program: parsed.program, slug, createdAt: now, updatedAt: now });
    return c.redirect("/admin/programs?notice=created", 303);
  });

  app.get("/programs/:id", async (c) => {
    const id = c.req.param("id");
    const record = UUID.test(id) ? await store.getProgram(c.get("admin").merchantId, id) : null;
    if (!record) return c.notFound();
    return editor(c, {
      title: tr.t("editor.titleEdit", { name: record.program.name }),
      action: `/admin/programs/${id}`,
      values: programFormValues(record.program),
      expectedVersion: record.program.version,
      wallet: (
        <ProgramWalletPanel
          tr={tr}
          program={record.program}
          merchantName={c.get("admin").merchantName}
          joinUrl={`${services.publicUrl}/join/${record.slug}`}
        />
      ),
    });
  });

  app.post("/programs/:id", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const record = UUID.test(id) ? await store.getProgram(admin.merchantId, id) : null;
    if (!record) return c.notFound();
    const fields = await form(c);
    // The version the form was loaded at decides whether someone saved in between: a form without a
    // readable one is refused rather than saved over whatever is there now.
    const version = field(fields, "_version");
    const expected = VERSION.test(version) ? Number(version) : null;
    const props = {
      title: tr.t("editor.titleEdit", { name: record.program.name }),
      action: `/admin/programs/${id}`,
      values: fields,
      expectedVersion: expected ?? record.program.version,
    };
    // "Show the chances": the same form again with each prize's share, nothing saved.
    if (field(fields, "_preview") === "chances") return editor(c, props);
    if (expected === null) return editor(c, props, { problem: tr.t("programs.noVersion") });
    const parsed = programFromForm(fields, {
      id,
      merchantId: admin.merchantId,
      version: props.expectedVersion + 1,
    });
    if (!parsed.ok) return editor(c, props, { errors: parsed.errors, issues: parsed.issues });
    const saved = await store.updateProgram(parsed.program, props.expectedVersion, services.now());
    if (!saved) return editor(c, props, { problem: tr.t("programs.stale") });
    return c.redirect("/admin/programs?notice=saved", 303);
  });

  // Locations

  const locationsPage = async (
    c: Context<AdminEnv>,
    locationsForm?: LocationsForm,
    invalidCoordinates?: { locationId: string; fields: readonly string[] },
  ) => {
    const admin = c.get("admin");
    const [locations, placed, programs] = await Promise.all([
      store.listLocations(admin.merchantId),
      services.wallet.store.placedLocations(admin.merchantId),
      store.listPrograms(admin.merchantId),
    ]);
    const positions = new Map(placed.map((p) => [p.id, p]));
    return sendPage(
      c,
      <LocationsPage
        tr={tr}
        admin={admin}
        locations={locations}
        notice={notice(c)}
        form={locationsForm}
        extra={(location) => (
          <LocationWalletFields
            tr={tr}
            csrf={admin.csrf}
            locationId={location.id}
            programId={programs[0]?.program.id ?? null}
            placed={positions.get(location.id) ?? null}
            invalid={
              invalidCoordinates?.locationId === location.id ? invalidCoordinates.fields : []
            }
          />
        )}
      />,
      locationsForm || invalidCoordinates ? 422 : 200,
    );
  };
  app.get("/locations", (c) => locationsPage(c));

  app.post("/locations/:id/coordinates", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    const fields = await form(c);
    const parsed = parseLocationReminder({
      latitude: field(fields, "latitude"),
      longitude: field(fields, "longitude"),
      relevantText: field(fields, "relevantText"),
    });
    if (!parsed.ok) return locationsPage(c, undefined, { locationId: id, fields: parsed.invalid });
    const wallet = services.wallet.store;
    if (
      !UUID.test(id) ||
      !(await wallet.setLocationReminder(admin.merchantId, id, parsed.reminder, services.now()))
    )
      return c.notFound();
    return c.redirect("/admin/locations?notice=coordinates", 303);
  });

  app.post("/locations", async (c) => {
    const admin = c.get("admin");
    const fields = await form(c);
    const name = field(fields, "name");
    const errors = {
      ...(plainText(name, 60) ? {} : { name: tr.t("locations.name.invalid") }),
      ...pinErrors(fields),
    };
    if (Object.keys(errors).length > 0) return locationsPage(c, { target: "new", errors, name });
    await store.createLocation({
      id: randomUUID(),
      merchantId: admin.merchantId,
      name,
      staffPin: await staffPinHash(field(fields, "pin")),
      createdAt: services.now(),
    });
    return c.redirect("/admin/locations?notice=location", 303);
  });

  app.post("/locations/:id/pin", async (c) => {
    const admin = c.get("admin");
    const id = c.req.param("id");
    if (!UUID.test(id) || !(await store.getLocation(admin.merchantId, id))) return c.notFound();
    const fields = await form(c);
    const errors = pinErrors(fields);
    if (Object.keys(errors).length > 0) return locationsPage(c, { target: id, errors });
    await store.setStaffPin(admin.merchantId, id, await staffPinHash(field(fields, "pin")));
    return c.redirect("/admin/locations?notice=pin", 303);
  });

  // Devices

  const devicesPage = async (
    c: Context<AdminEnv>,
    pairing?: { code: string; expiresAt: number; locationName: string },
    refused?: { problem: string },
  ) => {
    const admin = c.get("admin");
    const [devices, locations] = await Promise.all([
      store.listDevices(admin.merchantId),
      store.listLocations(admin.merchantId),
    ]);
    const qr =
      pairing &&
      (await QRCode.toString(`${kioskUrl}?pair=${pairing.code}`, {
        type: "svg",
        margin: 1,
        errorCorrectionLevel: "M",
      }));
    return sendPage(
      c,
      <DevicesPage
        tr={tr}
        admin={admin}
        devices={devices}
        locations={locations}
        kioskUrl={kioskUrl}
        now={services.now()}
        maxClockDriftMs={services.devicePolicy.maxAheadMs}
        notice={notice(c)}
        problem={refused?.problem}
        pairing={
          pairing && qr
            ? {
                display: displayPairingCode(pairing.code),
                qrSvg: qr,
                expiresAt: pairing.expiresAt,
                locationName: pairing.locationName,
              }
            : undefined
        }
      />,
      refused ? 409 : 200,
    );
  };
  app.get("/devices", (c) => devicesPage(c));

  app.post("/devices/pairing-codes", async (c) => {
    const admin = c.get("admin");
    const locationId = field(await form(c), "locationId");
    const location = UUID.test(locationId)
      ? await store.getLocation(admin.merchantId, locationId)
      : null;
    if (!location) return c.notFound();
    const created = await createPairingCode(services, { merchantId: admin.merchantId, locationId });
    if (!created.ok)
      return devicesPage(c, undefined, {
        problem: tr.t("devices.pair.tooMany", { max: MAX_OPEN_PAIRING_CODES_PER_LOCATION }),
      });
    return devicesPage(c, {
      code: created.code,
      expiresAt: created.expiresAt,
      locationName: location.name,
    });
  });

  app.post("/devices/:id/revoke", async (c) => {
    const id = c.req.param("id");
    if (
      !UUID.test(id) ||
      !(await store.revokeDevice(c.get("admin").merchantId, id, services.now()))
    )
      return c.notFound();
    return c.redirect("/admin/devices?notice=revoked", 303);
  });

  // API keys

  const keysPage = async (
    c: Context<AdminEnv>,
    extra: { created?: string; nameError?: string } = {},
  ) => {
    const admin = c.get("admin");
    const keys = await store.listApiKeys(admin.merchantId);
    return sendPage(
      c,
      <ApiKeysPage tr={tr} admin={admin} keys={keys} notice={notice(c)} {...extra} />,
      extra.nameError ? 422 : 200,
    );
  };
  app.get("/api-keys", (c) => keysPage(c));

  app.post("/api-keys", async (c) => {
    const name = field(await form(c), "name");
    if (!plainText(name, 60)) return keysPage(c, { nameError: tr.t("keys.name.invalid") });
    const created = await createApiKey(services, c.get("admin").merchantId, name);
    if (!created.ok)
      return keysPage(c, {
        nameError: tr.t("keys.tooMany", { max: MAX_ACTIVE_API_KEYS_PER_MERCHANT }),
      });
    return keysPage(c, { created: created.key });
  });

  app.post("/api-keys/:id/revoke", async (c) => {
    const id = c.req.param("id");
    if (
      !UUID.test(id) ||
      !(await store.revokeApiKey(c.get("admin").merchantId, id, services.now()))
    )
      return c.notFound();
    return c.redirect("/admin/api-keys?notice=key-revoked", 303);
  });

  // Cards

  app.get("/cards", async (c) => {
    const admin = c.get("admin");
    const query = (c.req.query("q") ?? "").trim().slice(0, 200);
    let error: string | undefined;
    if (query !== "") {
      const found = await findCard(services, admin.merchantId, query);
      if (found.ok) return c.redirect(`/admin/cards/${found.card.id}`, 303);
      error =
        found.reason === "not-found"
          ? tr.t("cards.notFound")
          : tr.t("cards.badCode", { reason: found.message });
    }
    const recent = await store.listRecentCards(admin.merchantId, 20);
    return sendPage(
      c,
      <CardsPage tr={tr} admin={admin} query={query} error={error} recent={recent} />,
      error ? 404 : 200,
    );
  });

  const cardPage = async (
    c: Context<AdminEnv>,
    admin: Admin,
    cardId: string,
    reasonError?: string,
  ) => {
    const card = UUID.test(cardId) ? await store.getCard(admin.merchantId, cardId) : null;
    if (!card) return c.notFound();
    const [history, program, devices, server] = await Promise.all([
      store.cardHistory(admin.merchantId, cardId),
      store.getProgram(admin.merchantId, card.programId),
      store.listDevices(admin.merchantId),
      store.getServerDevice(admin.merchantId),
    ]);
    const deviceNames = new Map([
      ...devices.map((d) => [d.id, d.name] as const),
      [server.id, server.name],
    ]);
    return sendPage(
      c,
      <CardPage
        tr={tr}
        admin={admin}
        card={card}
        programName={program?.program.name ?? ""}
        history={history}
        deviceNames={deviceNames}
        now={services.now()}
        notice={notice(c)}
        reasonError={reasonError}
      />,
      reasonError ? 422 : 200,
    );
  };
  app.get("/cards/:id", (c) => cardPage(c, c.get("admin"), c.req.param("id")));

  for (const action of ["block", "unblock"] as const) {
    app.post(`/cards/:id/${action}`, async (c) => {
      const admin = c.get("admin");
      const id = c.req.param("id");
      const card = UUID.test(id) ? await store.getCard(admin.merchantId, id) : null;
      if (!card) return c.notFound();
      const reason = field(await form(c), "reason");
      if ((action === "block" || reason !== "") && !plainText(reason, 200))
        return cardPage(c, admin, id, tr.t("cards.reason.invalid"));
      await setCardBlocked(
        services,
        { merchantId: admin.merchantId, programId: card.programId, cardId: id },
        action === "block",
        reason,
      );
      return c.redirect(
        `/admin/cards/${id}?notice=${action === "block" ? "blocked" : "unblocked"}`,
        303,
      );
    });
  }

  app.get("/conflicts", async (c) => {
    const admin = c.get("admin");
    const cards = await store.listConflictCards(admin.merchantId, 200);
    return sendPage(c, <ConflictsPage tr={tr} admin={admin} cards={cards} />);
  });

  return app;
}
