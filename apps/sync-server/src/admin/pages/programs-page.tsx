import type { Program } from "@stamp/core";
import type { Translator } from "../../i18n/translate";
import type { ProgramRecord } from "../../storage/store";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { Notice } from "./form-bits";

function earningText(tr: Translator, earning: Program["earning"]): string {
  switch (earning.kind) {
    case "per-order":
      return tr.plural("programs.perOrder", earning.stampsPerOrder);
    case "by-amount":
      return tr.t("programs.byAmount", { amount: tr.money(earning.unitAmount, earning.currency) });
    default: {
      const unreachable: never = earning;
      throw new Error(`unknown earning ${JSON.stringify(unreachable)}`);
    }
  }
}

export function ProgramsPage(props: {
  tr: Translator;
  admin: Admin;
  programs: readonly ProgramRecord[];
  notice?: string | undefined;
}) {
  const { tr } = props;
  return (
    <AdminShell tr={tr} admin={props.admin} section="programs" title={tr.t("programs.title")}>
      <PageHeader title={tr.t("programs.title")} intro={tr.t("programs.intro")}>
        <a class="button" href="/admin/programs/new">
          {tr.t("programs.new")}
        </a>
      </PageHeader>
      {props.notice ? <Notice kind="success">{props.notice}</Notice> : null}
      <section class="panel table-wrap">
        {props.programs.length === 0 ? (
          <p class="muted">{tr.t("programs.empty")}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{tr.t("programs.col.name")}</th>
                <th scope="col" class="num">
                  {tr.t("programs.col.goal")}
                </th>
                <th scope="col">{tr.t("programs.col.earning")}</th>
                <th scope="col">{tr.t("programs.col.reward")}</th>
                <th scope="col" class="num">
                  {tr.t("programs.col.version")}
                </th>
                <th scope="col">
                  <span class="visually-hidden">{tr.t("programs.edit")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {props.programs.map(({ program }) => (
                <tr>
                  <td>
                    <strong>{program.name}</strong>
                  </td>
                  <td class="num">{program.goal}</td>
                  <td>{earningText(tr, program.earning)}</td>
                  <td>{program.reward.title}</td>
                  <td class="num">{program.version}</td>
                  <td>
                    <a
                      class="button button--secondary button--small"
                      href={`/admin/programs/${program.id}`}
                    >
                      {tr.t("programs.edit")}
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </AdminShell>
  );
}
