import type { Locale } from "../../i18n/locales";
import type { Translator } from "../../i18n/translate";
import { type CardColors, CustomerDocument } from "./customer-document";

const PLAIN: CardColors = { background: "#1d1b19", foreground: "#ffffff", accent: "#e0a458" };

/** Asking before unsubscribing, the answer after it, or a link that is not ours. */
export function UnsubscribePage(props: {
  m: Translator;
  path: string;
  /** The languages the page offers: the program's. */
  locales: readonly Locale[];
  /** Null: the link names no card of ours. */
  merchantName: string | null;
  colors: CardColors | null;
  step: "ask" | "done";
}) {
  const { m } = props;
  const merchant = props.merchantName ?? "";
  const [title, body] =
    props.merchantName === null
      ? [m.t("unsubscribe.invalid.title"), m.t("unsubscribe.invalid.body")]
      : props.step === "ask"
        ? [m.t("unsubscribe.title", { merchant }), m.t("unsubscribe.body")]
        : [m.t("unsubscribe.done.title"), m.t("unsubscribe.done.body", { merchant })];
  return (
    <CustomerDocument
      m={m}
      title={title}
      colors={props.colors ?? PLAIN}
      path={props.path}
      locales={props.locales}
    >
      <h1>{title}</h1>
      <p>{body}</p>
      {props.merchantName !== null && props.step === "ask" ? (
        <form method="post" action={`${props.path}?lang=${m.locale}`}>
          <button type="submit">{m.t("unsubscribe.submit")}</button>
        </form>
      ) : null}
    </CustomerDocument>
  );
}
