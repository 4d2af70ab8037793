// The program editor's live preview: as fields change, the form is posted to the preview URL
// (with its CSRF token, nothing saved) and the pass front the server draws replaces the old one.
// Without script the editor works as before; the preview then shows the last saved version.
(() => {
  const preview = document.querySelector("[data-preview-url]");
  const form = preview?.closest("form") ?? document.querySelector("form[data-preview-form]");
  if (!preview || !form) return;
  const url = preview.getAttribute("data-preview-url");
  const picture = preview.querySelector("[data-preview-picture]");
  let timer = 0;
  let sent = 0;
  const refresh = async () => {
    const mine = ++sent;
    const body = new URLSearchParams();
    for (const [name, value] of new FormData(form)) {
      if (typeof value === "string" && name !== "_preview") body.append(name, value);
    }
    preview.setAttribute("aria-busy", "true");
    try {
      const response = await fetch(url, {
        method: "POST",
        body,
        credentials: "same-origin",
        headers: { accept: "image/svg+xml" },
      });
      // An older answer arriving late never replaces a newer one.
      if (mine !== sent) return;
      preview.toggleAttribute("data-preview-stale", !response.ok);
      if (response.ok) picture.innerHTML = await response.text();
    } catch {
      preview.setAttribute("data-preview-stale", "");
    } finally {
      if (mine === sent) preview.setAttribute("aria-busy", "false");
    }
  };
  const soon = () => {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  };
  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
})();
