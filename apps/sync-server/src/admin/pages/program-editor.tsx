import type { Child } from "hono/jsx";
import type { Translator } from "../../i18n/translate";
import type { Admin } from "../admin-session";
import { AdminShell, PageHeader } from "./admin-shell";
import { BasicsSection } from "./editor-basics";
import { EarningSection } from "./editor-earning";
import { errorAnchor, fieldLabel } from "./editor-errors";
import { CardOptionsSection, LimitsSection } from "./editor-limits";
import { RewardSection } from "./editor-reward";
import type { EditorValues } from "./editor-values";
import { Csrf, Notice } from "./form-bits";
import { LivePreview } from "./live-preview";

/** Every field of a stamp-core Program; per-field messages come straight from parseProgram. */
export function ProgramEditor(props: {
  tr: Translator;
  admin: Admin;
  title: string;
  action: string;
  values: EditorValues;
  expectedVersion: number | null;
  errors?: ReadonlyMap<string, string>;
  problem?: string;
  /** The pass front of the program as last drawn (SVG); the page's script redraws it as fields change. */
  preview: string;
  /** "Saved" (or "created") after a save that came back to the editor. */
  saved?: string | undefined;
  /** The saved program's wallet preview and posters (absent for a new program). */
  wallet?: Child;
}) {
  const { tr, values } = props;
  const errors = props.errors ?? new Map<string, string>();
  const sections = { tr, values, errors };
  return (
    <AdminShell tr={tr} admin={props.admin} section="programs" title={props.title}>
      <PageHeader title={props.title} intro={tr.t("editor.intro")} />
      {/* Right under the heading, where the page opens after a save: it stays on the editor. */}
      {props.saved ? <Notice kind="success">{props.saved}</Notice> : null}
      {props.problem ? <Notice kind="error">{props.problem}</Notice> : null}
      {errors.size > 0 ? (
        <div class="notice notice--error" role="alert" data-testid="editor-errors">
          <p>
            <strong>{tr.t("editor.errors")}</strong>
          </p>
          <ul>
            {[...errors].map(([path, message]) => (
              <li>
                <a href={`#${errorAnchor(path)}`}>{fieldLabel(tr, path)}</a> {message}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {props.wallet}
      <form method="post" action={props.action} class="panel" novalidate>
        <Csrf token={props.admin.csrf} />
        <LivePreview tr={tr} svg={props.preview} />
        {props.expectedVersion === null ? null : (
          <input type="hidden" name="_version" value={String(props.expectedVersion)} />
        )}
        <BasicsSection {...sections} />
        <EarningSection {...sections} />
        <RewardSection {...sections} />
        <LimitsSection {...sections} />
        <CardOptionsSection {...sections} />
        <div class="actions">
          <button class="button" type="submit">
            {props.expectedVersion === null ? tr.t("editor.create") : tr.t("editor.save")}
          </button>
          <a class="button button--secondary" href="/admin/programs">
            {tr.t("editor.cancel")}
          </a>
        </div>
      </form>
    </AdminShell>
  );
}
