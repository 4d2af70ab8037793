import { cardView, type RejectionCode } from "@stamp/core";
import { stripSvg } from "@stamp/pass-builder";
import type { Context } from "hono";
import { Hono } from "hono";
import { enrollCard } from "../cards/enroll-card";
import { clientKey } from "../http/client-key";
import { charge } from "../http/rate-limiter";
import {
  type ClaimResult,
  claimReceipt,
  type ReceiptStatus,
  receiptStatus,
} from "../receipts/claim-receipt";
import type { AppServices } from "../services";
import type { ReceiptRecord } from "../storage/store";
import { cardLinks } from "../wallet/card-links";
import { customerMessages, offeredLocales } from "../wallet/customer-locale";
import { issueJoinCsrf, joinCsrfHolds } from "../wallet/join-csrf";
import type { WalletMessageKey } from "../wallet/messages/en";
import { NEUTRAL_COLORS, sendCustomerPage } from "../wallet/pages/customer-document";
import { Phrase } from "../wallet/pages/phrase";
import {
  type CardOnThisPhone,
  ReceiptClaimed,
  ReceiptForm,
  ReceiptMessage,
  type ReceiptShell,
} from "../wallet/pages/receipt-page";
import { rememberCard, rememberedCard } from "../wallet/phone-card";
import { artworkStyle } from "../wallet/program-design";

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

type OpenReceipt = Extract<ReceiptStatus, { kind: "open" }>;

const BAD_CARD = {
  "not-found": "receipt.card.notFound",
  "bad-code": "receipt.card.badCode",
  "other-program": "receipt.card.otherProgram",
} as const satisfies Record<string, WalletMessageKey>;

/** What a customer is told about a refusal: their card's own words, not the till's. */
function refusalReason(code: RejectionCode): WalletMessageKey {
  switch (code) {
    case "card-blocked":
      return "card.blocked";
    case "cooldown":
    case "visit-cap":
    case "daily-cap":
      return "receipt.refused.limit";
    default:
      return "receipt.refused.other";
  }
}

/**
 * The customer's receipt page (`/r/:token`, the receipt QR): in the program's colours and
 * languages. A browser that holds a card of the program (it opened the web card before) adds
 * the stamps with one tap; anyone else joins with one tap and gets them on the new card; a card
 * kept on another phone is named by its code. Plain HTML forms, so it works without script.
 */
export function receiptPageRoutes(services: AppServices): Hono {
  const { store } = services;

  /** The receipt's program, for the page's colours, languages and logo. */
  const shellFor = async (
    c: Context,
    receipt: ReceiptRecord | null,
    merchantName?: string,
  ): Promise<ReceiptShell> => {
    const found = receipt ? await store.getProgram(receipt.merchantId, receipt.programId) : null;
    const program = found?.program ?? null;
    return {
      m: customerMessages(c, program),
      path: c.req.path,
      locales: offeredLocales(program),
      colors: program?.design ?? NEUTRAL_COLORS,
      icon: program ? services.wallet.passes.logoPath(program) : undefined,
      merchantName,
    };
  };

  const closed = async (
    c: Context,
    status: Exclude<ReceiptStatus, { kind: "open" }>,
    cardUrl?: string,
  ) => {
    const receipt = status.kind === "unknown" ? null : status.receipt;
    const shell = await shellFor(c, receipt);
    const { m } = shell;
    switch (status.kind) {
      case "unknown":
        return sendCustomerPage(
          c,
          <ReceiptMessage
            {...shell}
            title={m.t("receipt.unknown.title")}
            body={m.t("receipt.unknown.body")}
          />,
          404,
        );
      case "used":
      case "expired": {
        const at = status.kind === "used" ? status.receipt.claimedAt : status.receipt.expiresAt;
        const when = at === null ? "" : `${m.date(at)} ${m.time(at)}`;
        return sendCustomerPage(
          c,
          <ReceiptMessage
            {...shell}
            title={m.t(`receipt.${status.kind}.title`)}
            body={m.t(`receipt.${status.kind}.body`, { date: when })}
            cardUrl={cardUrl}
          />,
          410,
        );
      }
      default: {
        const unreachable: never = status;
        throw new Error(`unknown receipt status ${JSON.stringify(unreachable)}`);
      }
    }
  };

  /** The card of the receipt's program this browser holds, if any (and not blocked). */
  const cardOnThisPhone = async (c: Context, receipt: ReceiptRecord) => {
    const cardId = rememberedCard(c, receipt.programId);
    const card = cardId ? await services.wallet.store.findCard(cardId) : null;
    if (!card || card.merchantId !== receipt.merchantId) return null;
    return { card, view: cardView(card.state, services.now()) };
  };

  const show = async (
    c: Context,
    token: string,
    form: { card?: string; error?: WalletMessageKey } = {},
    answer: 200 | 403 | 422 | 429 = 200,
  ) => {
    const status = await statusOf(token);
    if (status.kind !== "open") return closed(c, status);
    const shell = await shellFor(c, status.receipt, status.merchantName);
    const held = await cardOnThisPhone(c, status.receipt);
    const mine: CardOnThisPhone | null =
      held && !held.view.blocked ? { stamps: held.view.stamps, goal: held.view.goal } : null;
    return sendCustomerPage(
      c,
      <ReceiptForm
        {...shell}
        merchantName={status.merchantName}
        count={status.receipt.count}
        expiresAt={status.receipt.expiresAt}
        action={`/r/${token}`}
        csrfToken={issueJoinCsrf(c, services, "/r")}
        mine={mine}
        card={form.card}
        error={form.error}
      />,
      answer,
    );
  };

  /** What a claim ended in, as the page the customer sees next. */
  const answer = async (
    c: Context,
    token: string,
    open: OpenReceipt,
    result: ClaimResult,
    typed: string,
  ) => {
    switch (result.kind) {
      case "claimed": {
        rememberCard(c, services, result.card.programId, result.card.cardId);
        const shell = await shellFor(c, open.receipt, open.merchantName);
        return sendCustomerPage(
          c,
          <ReceiptClaimed
            {...shell}
            count={result.count}
            card={result.card}
            program={result.program}
            stripSvg={stripSvg(artworkStyle(result.program), result.card.stamps)}
            links={cardLinks(services.publicUrl, result.card.cardId)}
          />,
        );
      }
      case "bad-card":
        return show(c, token, { card: typed, error: BAD_CARD[result.reason] }, 422);
      case "refused": {
        const shell = await shellFor(c, open.receipt, open.merchantName);
        const merchant = open.merchantName;
        return sendCustomerPage(
          c,
          <ReceiptMessage
            {...shell}
            title={shell.m.t("receipt.refused.title")}
            body={
              <>
                <Phrase
                  m={shell.m}
                  k={refusalReason(result.rejection.code)}
                  params={{ merchant }}
                />{" "}
                {shell.m.t("receipt.refused.body")}
              </>
            }
          />,
          422,
        );
      }
      case "used":
      case "expired":
      case "unknown":
        return show(c, token);
      default: {
        const unreachable: never = result;
        throw new Error(`unknown claim result ${JSON.stringify(unreachable)}`);
      }
    }
  };

  const statusOf = async (token: string): Promise<ReceiptStatus> =>
    TOKEN.test(token) ? receiptStatus(services, token) : { kind: "unknown" };

  return new Hono()
    .get("/:token", (c) => show(c, c.req.param("token")))
    .post("/:token", async (c) => {
      const token = c.req.param("token");
      const status = await statusOf(token);
      if (status.kind !== "open") return closed(c, status);
      // No CSRF token: the receipt's token is what authorizes, and the card this browser holds
      // is named by a SameSite=Lax cookie, which a form from another site does not send.
      const form = await c.req.parseBody();
      // Charged before the claim and refunded unless it was a wrong guess (a card that is not
      // this shop's, a receipt that does not exist): a customer typing their code is never slowed,
      // and a burst of guesses is cut off at the limit.
      const charged = await charge(services.limits.claim, [clientKey(c)], services.now);
      if (!charged.ok) return show(c, token, { error: "receipt.tooMany" }, 429);
      const typed = typeof form.card === "string" ? form.card.trim().slice(0, 200) : "";
      const card =
        form.use === "this-phone" ? (rememberedCard(c, status.receipt.programId) ?? "") : typed;
      const result = await claimReceipt(services, token, card);
      if (result.kind !== "bad-card" && result.kind !== "unknown") await charged.refund();
      return answer(c, token, status, result, typed);
    })
    .post("/:token/join", async (c) => {
      const token = c.req.param("token");
      const status = await statusOf(token);
      // A card is only made for a receipt that still gives stamps.
      if (status.kind !== "open") return closed(c, status);
      const form = await c.req.parseBody();
      if (!joinCsrfHolds(c, form.csrf)) return show(c, token, {}, 403);
      if (!(await services.limits.join.take(clientKey(c), services.now())).ok)
        return show(c, token, { error: "join.error.tooMany" }, 429);
      const { receipt } = status;
      const enrolled = await enrollCard(services, {
        merchantId: receipt.merchantId,
        programId: receipt.programId,
        profile: undefined,
        source: "join-page",
      });
      if ("code" in enrolled || enrolled.kind !== "answer" || enrolled.response.status !== 201) {
        services.logger.error({ result: enrolled }, "receipt-page enrolment failed");
        throw new Error("enrolment failed");
      }
      const { cardId } = JSON.parse(enrolled.response.body) as { cardId: string };
      const result = await claimReceipt(services, token, cardId);
      if (result.kind === "claimed" || result.kind === "refused")
        return answer(c, token, status, result, "");
      // Another tap used the receipt meanwhile: the new card is this customer's all the same.
      rememberCard(c, services, receipt.programId, cardId);
      const now = await statusOf(token);
      if (now.kind === "open") return answer(c, token, status, result, "");
      return closed(c, now, cardLinks(services.publicUrl, cardId).card);
    });
}
