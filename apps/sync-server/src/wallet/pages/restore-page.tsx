import type { Program } from "@stamp/core";
import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n/translate";
import { offeredLocales } from "../customer-locale";
import type { WalletMessageKey } from "../messages/en";
import { CustomerDocument } from "./customer-document";
import { Phrase } from "./phrase";

interface RestoreProps {
  m: Translator;
  program: Program;
  merchantName: string;
  /** This page's path, for the language links. */
  path: string;
  icon?: string | undefined;
}

function RestoreDocument(
  props: RestoreProps & { title: string; heading?: Child; children: Child },
) {
  return (
    <CustomerDocument
      m={props.m}
      title={props.title}
      colors={props.program.design}
      path={props.path}
      locales={offeredLocales(props.program)}
      {...(props.icon ? { icon: props.icon } : {})}
    >
      <h1>{props.heading ?? props.title}</h1>
      {props.children}
    </CustomerDocument>
  );
}

/** "Already have a card?": the e-mail the customer joined with, for a one-time link. */
export function RestoreRequestPage(
  props: RestoreProps & { csrfToken: string; contact: string; error?: WalletMessageKey },
) {
  const { m } = props;
  return (
    <RestoreDocument {...props} title={m.t("restore.title")}>
      <p>{m.t("restore.intro")}</p>
      <form method="post" action={`${props.path}?lang=${m.locale}`}>
        {props.error ? (
          <p class="error" role="alert" id="restore-error">
            {m.t(props.error)}
          </p>
        ) : null}
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <label>
          {m.t("restore.contact")}
          <input
            type="email"
            name="contact"
            autocomplete="email"
            maxlength={254}
            required
            value={props.contact}
            aria-describedby={props.error ? "restore-error" : undefined}
          />
        </label>
        <button type="submit" class="button">
          {m.t("restore.submit")}
        </button>
      </form>
    </RestoreDocument>
  );
}

/** The same answer whoever asks: nobody learns from it who is a customer. */
export function RestoreSentPage(props: RestoreProps) {
  const { m } = props;
  return (
    <RestoreDocument {...props} title={m.t("restore.sent.title")}>
      <p>
        <Phrase m={m} k="restore.sent.body" params={{ merchant: props.merchantName }} />
      </p>
    </RestoreDocument>
  );
}

/**
 * The link from the e-mail lands here and the customer presses the button: a mail scanner that
 * fetches links never uses up the link, only the person does.
 */
export function RestoreOpenPage(props: RestoreProps & { csrfToken: string }) {
  const { m } = props;
  return (
    <RestoreDocument
      {...props}
      title={m.t("restore.open.title", { merchant: props.merchantName })}
      heading={<Phrase m={m} k="restore.open.title" params={{ merchant: props.merchantName }} />}
    >
      <p>{m.t("restore.open.body")}</p>
      <form method="post" action={`${props.path}?lang=${m.locale}`}>
        <input type="hidden" name="csrf" value={props.csrfToken} />
        <button type="submit" class="button" data-testid="open-card">
          {m.t("restore.open.submit")}
        </button>
      </form>
    </RestoreDocument>
  );
}

export function RestoreExpiredPage(props: RestoreProps & { again: string }) {
  const { m } = props;
  return (
    <RestoreDocument {...props} title={m.t("restore.expired.title")}>
      <p>{m.t("restore.expired.body")}</p>
      <p>
        <a href={props.again}>{m.t("restore.again")}</a>
      </p>
    </RestoreDocument>
  );
}
