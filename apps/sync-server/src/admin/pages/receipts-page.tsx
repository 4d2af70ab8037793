import { raw } from "hono/html";
import type { Translator } from "../../i18n/translate";
import type { ProgramRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Field, Select } from "./form-bits";

export type ReceiptsFormValues = Readonly<
  Record<"programId" | "count" | "copies" | "days", string>
>;

/** One printed receipt QR: what it gives, until when, its link as text for a phone without a camera. */
export interface PrintedReceipt {
  readonly url: string;
  readonly qrSvg: string;
  readonly count: number;
  readonly expiresAt: number;
}

/**
 * `/admin/receipts`: stamps to hand out on paper (a flyer, a market stall's slips) as one-time
 * receipt QR codes, one or a sheet of them, printable from the browser.
 */
export function ReceiptsPage(props: {
  tr: Translator;
  admin: Admin;
  programs: readonly ProgramRecord[];
  values: ReceiptsFormValues;
  /** A fresh token per form shown: sending the same form twice makes the codes once. */
  batch: string;
  errors?: Readonly<Record<string, string>>;
  printed?: readonly PrintedReceipt[];
}) {
  const { tr, values } = props;
  const errors = props.errors ?? {};
  const programName = (id: string) =>
    props.programs.find((p) => p.program.id === id)?.program.name ?? "";
  return (
    <AdminShell tr={tr} admin={props.admin} section="receipts" title={tr.t("receipts.title")}>
      <PageHeader title={tr.t("receipts.title")} intro={tr.t("receipts.intro")} />
      {props.printed ? (
        <section class="panel" aria-labelledby="receipts-sheet">
          <h2 id="receipts-sheet">
            {tr.plural("receipts.made", props.printed.length, { count: props.printed.length })}
          </h2>
          <p class="muted no-print">{tr.t("receipts.print")}</p>
          <ul class="receipt-sheet" data-testid="receipt-sheet">
            {props.printed.map((receipt) => (
              <li class="receipt-slip">
                <strong>{programName(values.programId)}</strong>
                <div class="receipt-slip__qr">{raw(receipt.qrSvg)}</div>
                <span>
                  {tr.plural("receipts.slip.stamps", receipt.count, { count: receipt.count })}
                </span>
                <span class="small">
                  {tr.t("receipts.slip.until", { date: tr.dateTime(receipt.expiresAt) })}
                </span>
                <code class="small receipt-slip__url">{receipt.url}</code>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section class="panel no-print" aria-labelledby="receipts-new">
        <h2 id="receipts-new">{tr.t("receipts.new")}</h2>
        <form method="post" action="/admin/receipts">
          <Csrf token={props.admin.csrf} />
          <input type="hidden" name="batch" value={props.batch} />
          {props.programs.length > 1 ? (
            <Select
              name="programId"
              label={tr.t("receipts.program")}
              options={props.programs.map((p) => ({ value: p.program.id, label: p.program.name }))}
              value={values.programId}
            />
          ) : (
            <input type="hidden" name="programId" value={values.programId} />
          )}
          <div class="row">
            <Field
              name="count"
              label={tr.t("receipts.count")}
              value={values.count}
              error={errors.count}
              inputmode="numeric"
              required
            />
            <Field
              name="copies"
              label={tr.t("receipts.copies")}
              hint={tr.t("receipts.copies.hint")}
              value={values.copies}
              error={errors.copies}
              inputmode="numeric"
              required
            />
            <Field
              name="days"
              label={tr.t("receipts.days")}
              value={values.days}
              error={errors.days}
              inputmode="numeric"
              required
            />
          </div>
          <button class="button" type="submit">
            {tr.t("receipts.create")}
          </button>
        </form>
      </section>
    </AdminShell>
  );
}
