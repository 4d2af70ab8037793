import type { CardView, Program } from "@stamp/core";
import type { Child } from "hono/jsx";
import type { Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translate";
import type { CardLinks } from "../card-links";
import type { WalletMessageKey } from "../messages/en";
import { CardProgress } from "./card-progress";
import { type CardColors, CustomerDocument } from "./customer-document";
import { Phrase } from "./phrase";
import { WalletBadges } from "./wallet-badges";

/** What every receipt page shows: the shop's program (when known), in its colours and language. */
export interface ReceiptShell {
  readonly m: Translator;
  readonly path: string;
  readonly locales: readonly Locale[];
  readonly colors: CardColors;
  readonly icon?: string | undefined;
  readonly merchantName?: string | undefined;
}

function ReceiptDocument(props: ReceiptShell & { title: string; children: Child }) {
  return (
    <CustomerDocument
      m={props.m}
      title={props.title}
      colors={props.colors}
      path={props.path}
      locales={props.locales}
      {...(props.icon ? { icon: props.icon } : {})}
    >
      {props.merchantName ? (
        <p class="receipt__merchant">
          <bdi>{props.merchantName}</bdi>
        </p>
      ) : null}
      <h1>{props.title}</h1>
      {props.children}
    </CustomerDocument>
  );
}

/** The card this browser holds for the receipt's program. */
export interface CardOnThisPhone {
  readonly stamps: number;
  readonly goal: number;
}

/**
 * An open receipt: "add them to my card" when this browser holds a card of the program, "join
 * now and collect" for everyone else, and the card code for a card kept on another phone.
 */
export function ReceiptForm(
  props: ReceiptShell & {
    merchantName: string;
    count: number;
    expiresAt: number;
    action: string;
    csrfToken: string;
    mine: CardOnThisPhone | null;
    card?: string | undefined;
    error?: WalletMessageKey | undefined;
  },
) {
  const { m, mine } = props;
  const typed = props.card !== undefined || props.error !== undefined;
  const error = props.error ? (
    <p class="error" role="alert" id="receipt-error">
      {m.t(props.error)}
    </p>
  ) : null;
  return (
    <ReceiptDocument {...props} title={m.t("receipt.title")}>
      <p class="receipt__gives">
        <Phrase
          m={m}
          k="receipt.gives"
          params={{ merchant: props.merchantName, count: props.count }}
        />
      </p>
      {mine ? (
        <form method="post" action={props.action} class="receipt__mine">
          <input type="hidden" name="use" value="this-phone" />
          <p>{m.t("receipt.yourCard", { stamps: mine.stamps, goal: mine.goal })}</p>
          <button type="submit" data-testid="use-my-card">
            {m.t("receipt.useCard")}
          </button>
        </form>
      ) : (
        <form method="post" action={`${props.action}/join`} class="receipt__join">
          <input type="hidden" name="csrf" value={props.csrfToken} />
          <h2>{m.t("receipt.join.title")}</h2>
          <p>{m.t("receipt.join.body")}</p>
          <button type="submit" data-testid="join-now">
            {m.t("receipt.join.submit")}
          </button>
        </form>
      )}
      <details class="receipt__other" open={typed}>
        <summary>{m.t("receipt.other")}</summary>
        <form method="post" action={props.action}>
          {error}
          <label>
            {m.t("receipt.card.label")}
            <span class="muted small" id="card-hint">
              {m.t("receipt.card.hint")}
            </span>
            <input
              name="card"
              type="text"
              required
              autocomplete="off"
              autocapitalize="off"
              spellcheck={false}
              maxlength={200}
              dir="ltr"
              value={props.card ?? ""}
              aria-describedby={props.error ? "card-hint receipt-error" : "card-hint"}
              aria-invalid={props.error ? "true" : undefined}
            />
          </label>
          <button type="submit" class="button--quiet">
            {m.t("receipt.submit")}
          </button>
        </form>
      </details>
      <p class="muted small">
        {m.t("receipt.expiresAt", {
          date: `${m.date(props.expiresAt)} ${m.time(props.expiresAt)}`,
        })}
      </p>
    </ReceiptDocument>
  );
}

/** The stamps are on the card: where it is now, and the way into a wallet. */
export function ReceiptClaimed(
  props: ReceiptShell & {
    count: number;
    card: CardView;
    program: Program;
    stripSvg: string;
    links: CardLinks;
  },
) {
  const { m, card } = props;
  return (
    <ReceiptDocument {...props} title={m.t("receipt.done.title")}>
      <p class="receipt__done" role="status">
        {m.t("receipt.done.added", { count: props.count })}
      </p>
      <section class="card" aria-label={props.program.name}>
        <p class="card__name">
          <bdi>{props.program.name}</bdi>
        </p>
        <CardProgress m={m} stamps={card.stamps} goal={card.goal} stripSvg={props.stripSvg} />
      </section>
      {card.rewardsReady > 0 ? (
        <p class="receipt__rewards">{m.t("receipt.done.rewards", { count: card.rewardsReady })}</p>
      ) : null}
      <p>
        <a class="button receipt__open" href={`${props.links.card}?lang=${m.locale}`}>
          {m.t("receipt.done.open")}
        </a>
      </p>
      <WalletBadges m={m} applePass={props.links.applePass} googleSave={props.links.googleSave} />
    </ReceiptDocument>
  );
}

/** A receipt that gives nothing (used, expired, unknown, refused), said plainly. */
export function ReceiptMessage(
  props: ReceiptShell & { title: string; body: Child; cardUrl?: string | undefined },
) {
  return (
    <ReceiptDocument {...props}>
      <p>{props.body}</p>
      {props.cardUrl ? (
        <p>
          <a class="button receipt__open" href={props.cardUrl}>
            {props.m.t("receipt.done.open")}
          </a>
        </p>
      ) : null}
    </ReceiptDocument>
  );
}
