import { raw } from "hono/html";
import type { Translator } from "../../i18n/translate";
import { PROGRAM_PREVIEW_SCRIPT } from "../admin-assets";

/** Where the program editor's script posts the form to have the pass front redrawn. */
export const PREVIEW_URL = "/admin/programs/preview";

/**
 * The pass front beside the editor's fields, redrawn by the server as they change (the page's own
 * script, `program-preview.js`); while a field does not read, the last good drawing stays.
 */
export function LivePreview(props: { tr: Translator; svg: string }) {
  const { tr } = props;
  return (
    <aside
      class="live-preview"
      data-preview-url={PREVIEW_URL}
      data-testid="live-preview"
      aria-labelledby="live-preview-title"
      aria-live="polite"
    >
      <h2 id="live-preview-title">{tr.t("editor.preview.title")}</h2>
      <p class="hint">{tr.t("editor.preview.hint")}</p>
      <div data-preview-picture>{raw(props.svg)}</div>
      <p class="hint live-preview__stale">{tr.t("editor.preview.stale")}</p>
      <script src={PROGRAM_PREVIEW_SCRIPT.href} defer />
    </aside>
  );
}
