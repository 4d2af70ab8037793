import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n/translate";
import { Document } from "../../pages/document";

/** A page outside the session (login, invitation, reset): the brand, a title, a narrow column. */
export function SignedOutPage(props: { tr: Translator; title: string; children: Child }) {
  const { tr } = props;
  return (
    <Document tr={tr} title={props.title}>
      <main class="narrow">
        <p class="brand brand--on-light">
          <span class="brand__mark" aria-hidden="true">
            ★
          </span>
          {tr.t("app.name")}
        </p>
        <h1>{props.title}</h1>
        {props.children}
      </main>
    </Document>
  );
}
