import { stripSvg } from "@stamp/pass-builder";
import { type Context, Hono } from "hono";
import * as v from "valibot";
import { enrollCard, ProfileSchema } from "../cards/enroll-card";
import { clientKey } from "../http/client-key";
import type { Translator } from "../i18n/translate";
import type { AppServices } from "../services";
import type { JoinProgram } from "../storage/wallet-store";
import { customerMessages, offeredLocales } from "../wallet/customer-locale";
import { issueJoinCsrf, joinCsrfHolds } from "../wallet/join-csrf";
import type { WalletMessageKey } from "../wallet/messages/en";
import { sendCustomerPage } from "../wallet/pages/customer-document";
import { EMPTY_JOIN_FORM, type JoinForm, JoinNotFound, JoinPage } from "../wallet/pages/join-page";
import { artworkStyle } from "../wallet/program-design";

const SLUG = /^[a-z0-9-]{1,64}$/;

const FIELD_ERRORS: Record<string, WalletMessageKey> = {
  name: "join.error.name",
  email: "join.error.email",
  birthday: "join.error.birthday",
};

const field = (form: Record<string, unknown>, name: string, max: number) =>
  typeof form[name] === "string" ? (form[name] as string).trim().slice(0, max) : "";

type Checked =
  | { readonly ok: true; readonly profile: v.InferOutput<typeof ProfileSchema> | undefined }
  | { readonly ok: false; readonly error: WalletMessageKey };

/** Details are optional; when any is given, so must consent be, and each must be valid. */
function checkForm(form: JoinForm): Checked {
  const given = Object.fromEntries(
    (["name", "email", "birthday"] as const).flatMap((k) => (form[k] ? [[k, form[k]]] : [])),
  );
  if (Object.keys(given).length === 0)
    return form.news
      ? { ok: false, error: "join.error.newsEmail" }
      : { ok: true, profile: undefined };
  if (!form.consent) return { ok: false, error: "join.error.consent" };
  if (form.news && !form.email) return { ok: false, error: "join.error.newsEmail" };
  const parsed = v.safeParse(ProfileSchema, given);
  if (parsed.success) return { ok: true, profile: parsed.output };
  const key = String(parsed.issues[0]?.path?.[0]?.key ?? "");
  return { ok: false, error: FIELD_ERRORS[key] ?? "join.error.email" };
}

/**
 * `/join/:slug`: the page a merchant's join QR opens. A plain HTML form (works without script),
 * CSRF-protected by a double-submit cookie, rate limited per address; it enrols through the same
 * service as the API (a `card.enrolled` event with source "join-page") and leads to the card page.
 * Personal details go to the card's profile row, never into the event log.
 */
export function joinPageRoutes(services: AppServices): Hono {
  const { store } = services.wallet;

  const messagesFor = (c: Context, found: JoinProgram | null): Translator =>
    customerMessages(c, found?.program ?? null);

  const show = async (
    c: Context,
    found: JoinProgram,
    m: Translator,
    form: JoinForm,
    error?: WalletMessageKey,
    status: 200 | 403 | 422 | 429 = 200,
  ) => {
    const csrfToken = issueJoinCsrf(c, services);
    return sendCustomerPage(
      c,
      <JoinPage
        m={m}
        program={found.program}
        merchantName={found.merchantName}
        business={found.business}
        path={`/join/${found.slug}`}
        locales={offeredLocales(found.program)}
        stripSvg={stripSvg(artworkStyle(found.program), 0)}
        csrfToken={csrfToken}
        icon={services.wallet.passes.logoPath(found.program)}
        logo={await services.wallet.passes.bannerPath(found.program)}
        form={form}
        {...(error ? { error } : {})}
      />,
      status,
    );
  };

  const find = async (c: Context) => {
    const slug = c.req.param("slug") ?? "";
    return SLUG.test(slug) ? store.findProgramBySlug(slug) : null;
  };

  return new Hono()
    .get("/:slug", async (c) => {
      const found = await find(c);
      const m = messagesFor(c, found);
      if (!found) return sendCustomerPage(c, <JoinNotFound m={m} path={c.req.path} />, 404);
      return show(c, found, m, EMPTY_JOIN_FORM);
    })
    .post("/:slug", async (c) => {
      const found = await find(c);
      const m = messagesFor(c, found);
      if (!found) return sendCustomerPage(c, <JoinNotFound m={m} path={c.req.path} />, 404);
      const body = await c.req.parseBody();
      const form: JoinForm = {
        name: field(body, "name", 100),
        email: field(body, "email", 254),
        birthday: field(body, "birthday", 10),
        consent: body.consent === "yes",
        news: body.news === "yes",
      };
      if (!joinCsrfHolds(c, body.csrf)) return show(c, found, m, form, "join.error.expired", 403);
      if (!(await services.limits.join.take(clientKey(c), services.now())).ok)
        return show(c, found, m, form, "join.error.tooMany", 429);
      const checked = checkForm(form);
      if (!checked.ok) return show(c, found, m, form, checked.error, 422);
      const result = await enrollCard(services, {
        merchantId: found.program.merchantId,
        programId: found.program.id,
        profile: checked.profile,
        source: "join-page",
        ...(checked.profile ? { consentedAt: services.now() } : {}),
        ...(form.news ? { emailOptIn: { locale: m.locale } } : {}),
      });
      if ("code" in result || result.kind !== "answer" || result.response.status !== 201) {
        services.logger.error({ result }, "join-page enrolment failed");
        throw new Error("enrolment failed");
      }
      const { cardId } = JSON.parse(result.response.body) as { cardId: string };
      return c.redirect(`/c/${cardId}?lang=${m.locale}`, 303);
    });
}
