import { hlcMillis, type Voucher } from "@stamp/core";
import type { Translator } from "../../i18n/translate";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Csrf, Field, Notice } from "./form-bits";

/** What the staff member is about to do, said before it is done: a redemption cannot be undone. */
export function VoucherConfirmPage(props: {
  tr: Translator;
  admin: Admin;
  cardId: string;
  voucher: Voucher;
  problem?: string | undefined;
  /** The reason typed (kept in the audit log with the event), and what is wrong with it. */
  reason?: string | undefined;
  reasonError?: string | undefined;
}) {
  const { tr, voucher } = props;
  const handOver = voucher.kind === "simple";
  const reward = voucher.prize?.title ?? voucher.title;
  const title = tr.t(handOver ? "vouchers.confirm.handOver" : "vouchers.confirm.redeem", {
    reward,
  });
  const back = `/admin/cards/${props.cardId}`;
  return (
    <AdminShell tr={tr} admin={props.admin} section="cards" title={title}>
      <PageHeader title={title} />
      {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      <section class="panel">
        <p>
          {tr.t("vouchers.confirm.earned", { date: tr.dateTime(hlcMillis(voucher.issuedAt)) })}
          {voucher.expiresAtMs === undefined
            ? null
            : ` · ${tr.t("vouchers.confirm.until", { date: tr.dateTime(voucher.expiresAtMs) })}`}
        </p>
        <p>{tr.t("vouchers.confirm.body")}</p>
        <form method="post" action={`${back}/vouchers/${voucher.cycle}`} class="actions-row">
          <Csrf token={props.admin.csrf} />
          <Field
            name="reason"
            label={tr.t("cards.reason")}
            hint={tr.t("vouchers.reason.hint")}
            value={props.reason ?? ""}
            error={props.reasonError}
            maxlength={200}
            required
          />
          <button class="button" type="submit" data-testid="confirm-redeem">
            {tr.t(handOver ? "vouchers.confirm.yesHandOver" : "vouchers.confirm.yesRedeem")}
          </button>
          <a class="button button--secondary" href={back}>
            {tr.t("vouchers.confirm.no")}
          </a>
        </form>
      </section>
    </AdminShell>
  );
}
