import type { CardView } from "@stamp/core";
import type { Translator } from "../i18n/translate";
import { Document } from "./document";

function Shell(props: { tr: Translator; title: string; merchant?: string; children: unknown }) {
  return (
    <Document tr={props.tr} title={props.title}>
      <main class="narrow customer">
        {props.merchant ? <p class="customer__merchant">{props.merchant}</p> : null}
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Document>
  );
}

export function ReceiptForm(props: {
  tr: Translator;
  merchant: string;
  count: number;
  expiresAt: number;
  action: string;
  card?: string;
  error?: string;
}) {
  const { tr } = props;
  return (
    <Shell tr={tr} title={tr.t("receipt.title")} merchant={props.merchant}>
      <p>{tr.plural("receipt.gives", props.count, { merchant: props.merchant })}</p>
      <form class="panel" method="post" action={props.action}>
        {props.error ? (
          <p class="notice notice--error" role="alert" id="card-error">
            {props.error}
          </p>
        ) : null}
        <div class="field">
          <label for="card">{tr.t("receipt.card.label")}</label>
          <span class="hint" id="card-hint">
            {tr.t("receipt.card.hint")}
          </span>
          <input
            id="card"
            name="card"
            type="text"
            required
            autocomplete="off"
            autocapitalize="off"
            spellcheck={false}
            maxlength={200}
            value={props.card ?? ""}
            aria-describedby={props.error ? "card-hint card-error" : "card-hint"}
            aria-invalid={props.error ? "true" : undefined}
          />
        </div>
        <button class="button button--block" type="submit">
          {tr.t("receipt.submit")}
        </button>
      </form>
      <p class="muted small">{tr.t("receipt.expiresAt", { date: tr.dateTime(props.expiresAt) })}</p>
    </Shell>
  );
}

export function ReceiptClaimed(props: { tr: Translator; count: number; card: CardView }) {
  const { tr, card } = props;
  const dots = Array.from({ length: card.goal }, (_, i) => i < card.stamps);
  return (
    <Shell tr={tr} title={tr.t("receipt.done.title")}>
      <div class="panel">
        <p class="notice notice--success" role="status">
          {tr.plural("receipt.done.added", props.count)}
        </p>
        <div class="progress" aria-hidden="true">
          {dots.map((filled) => (
            <span class={filled ? "progress__dot progress__dot--filled" : "progress__dot"} />
          ))}
        </div>
        <p>{tr.t("receipt.done.progress", { stamps: card.stamps, goal: card.goal })}</p>
        {card.rewardsReady > 0 ? (
          <p>{tr.plural("receipt.done.rewards", card.rewardsReady)}</p>
        ) : null}
      </div>
    </Shell>
  );
}

export function ReceiptMessage(props: { tr: Translator; title: string; body: string }) {
  return (
    <Shell tr={props.tr} title={props.title}>
      <p class="panel">{props.body}</p>
    </Shell>
  );
}
