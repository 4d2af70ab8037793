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

/** A short page with one message (the admin's "form expired" answer). */
export function ReceiptMessage(props: { tr: Translator; title: string; body: string }) {
  return (
    <Shell tr={props.tr} title={props.title}>
      <p class="panel">{props.body}</p>
    </Shell>
  );
}
