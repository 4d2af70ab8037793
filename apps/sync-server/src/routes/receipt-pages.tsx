import type { Context } from "hono";
import { Hono } from "hono";
import { clientKey } from "../http/client-key";
import { charge } from "../http/rate-limiter";
import type { MessageKey } from "../i18n/en";
import { translator } from "../i18n/translate";
import { sendPage } from "../pages/document";
import { ReceiptClaimed, ReceiptForm, ReceiptMessage } from "../pages/receipt-page";
import { claimReceipt, type ReceiptStatus, receiptStatus } from "../receipts/claim-receipt";
import type { Services } from "../services";

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

const BAD_CARD = {
  "not-found": "receipt.card.notFound",
  "bad-code": "receipt.card.badCode",
  "other-program": "receipt.card.otherProgram",
} as const satisfies Record<string, MessageKey>;

/**
 * The customer's receipt page: a form for the card code, then the claim. Plain HTML forms, so it
 * works on any phone browser without script.
 */
export function receiptPageRoutes(services: Services): Hono {
  const tr = translator("en");

  const closed = (c: Context, status: Exclude<ReceiptStatus["kind"], "open">, at?: number) => {
    switch (status) {
      case "unknown":
        return sendPage(
          c,
          <ReceiptMessage
            tr={tr}
            title={tr.t("receipt.unknown.title")}
            body={tr.t("receipt.unknown.body")}
          />,
          404,
        );
      case "used":
        return sendPage(
          c,
          <ReceiptMessage
            tr={tr}
            title={tr.t("receipt.used.title")}
            body={tr.t("receipt.used.body", { date: tr.dateTime(at ?? services.now()) })}
          />,
          410,
        );
      case "expired":
        return sendPage(
          c,
          <ReceiptMessage
            tr={tr}
            title={tr.t("receipt.expired.title")}
            body={tr.t("receipt.expired.body", { date: tr.dateTime(at ?? services.now()) })}
          />,
          410,
        );
      default: {
        const unreachable: never = status;
        throw new Error(`unknown receipt status ${unreachable}`);
      }
    }
  };

  const show = async (
    c: Context,
    token: string,
    form: { card?: string; error?: string } = {},
    answer: 200 | 422 | 429 = 200,
  ) => {
    const status = TOKEN.test(token)
      ? await receiptStatus(services, token)
      : ({ kind: "unknown" } as const);
    switch (status.kind) {
      case "open":
        return sendPage(
          c,
          <ReceiptForm
            tr={tr}
            merchant={status.merchantName}
            count={status.receipt.count}
            expiresAt={status.receipt.expiresAt}
            action={`/r/${token}`}
            {...form}
          />,
          answer,
        );
      case "used":
        return closed(c, "used", status.receipt.claimedAt ?? undefined);
      case "expired":
        return closed(c, "expired", status.receipt.expiresAt);
      case "unknown":
        return closed(c, "unknown");
      default: {
        const unreachable: never = status;
        throw new Error(`unknown receipt status ${JSON.stringify(unreachable)}`);
      }
    }
  };

  return new Hono()
    .get("/:token", (c) => show(c, c.req.param("token")))
    .post("/:token", async (c) => {
      const token = c.req.param("token");
      if (!TOKEN.test(token)) return closed(c, "unknown");
      // Charged before the claim and refunded unless it was a wrong guess (a card that is not
      // this shop's, a receipt that does not exist): a customer typing their code is never slowed,
      // and a burst of guesses is cut off at the limit.
      const charged = await charge(services.limits.claim, [clientKey(c)], services.now);
      if (!charged.ok) return show(c, token, { error: tr.t("receipt.tooMany") }, 429);
      const form = await c.req.parseBody();
      const card = typeof form.card === "string" ? form.card.trim().slice(0, 200) : "";
      const result = await claimReceipt(services, token, card);
      if (result.kind !== "bad-card" && result.kind !== "unknown") await charged.refund();
      switch (result.kind) {
        case "claimed":
          return sendPage(c, <ReceiptClaimed tr={tr} count={result.count} card={result.card} />);
        case "bad-card":
          return show(c, token, { card, error: tr.t(BAD_CARD[result.reason]) }, 422);
        case "refused":
          return sendPage(
            c,
            <ReceiptMessage
              tr={tr}
              title={tr.t("receipt.refused.title")}
              body={result.rejection.message}
            />,
            422,
          );
        case "used":
        case "expired":
        case "unknown":
          return show(c, token);
        default: {
          const unreachable: never = result;
          throw new Error(`unknown claim result ${JSON.stringify(unreachable)}`);
        }
      }
    });
}
