import type { Element } from "@xmldom/xmldom";

/** Why an SVG is refused before it is drawn. */
export type SvgRefusal =
  | { readonly kind: "not-svg" }
  | { readonly kind: "doctype" }
  | { readonly kind: "script" }
  | { readonly kind: "external-reference"; readonly reference: string };

/** The SVG's own elements plus the raster pictures it embeds as data: URLs (checked apart). */
export type SvgCheck =
  | { readonly ok: true; readonly embedded: readonly Uint8Array[] }
  | { readonly ok: false; readonly refusal: SvgRefusal };

/** Elements that run code or pull in other documents: a logo needs none of them. */
const ACTIVE_ELEMENTS = new Set([
  "script",
  "foreignobject",
  "iframe",
  "object",
  "embed",
  "handler",
]);
const EMBEDDED_RASTER = /^data:image\/(png|jpeg|gif|webp);base64,([A-Za-z0-9+/=\s]*)$/i;
const CSS_URL = /url\(\s*(['"]?)(.*?)\1\s*\)/gi;

/**
 * The XML parser, loaded with the first SVG logo checked, not with the server: ~0.7 MB of live heap
 * that a server which only syncs tills never needs. A dynamic import of the package itself: the
 * bundle would load a static one at its start (bundle.test.ts).
 */
let xmldom: typeof import("@xmldom/xmldom") | undefined;

/**
 * Checks an uploaded SVG before it is drawn: the renderer (resvg) reads any local file an
 * `href` names, so every reference must stay inside the document (`#id`) or be an embedded PNG,
 * JPEG, GIF or WebP picture. No DOCTYPE (entities could hide references), no scripts, no
 * `@import`. Nothing is fetched; the SVG itself is never served.
 */
export async function checkSvgReferences(text: string): Promise<SvgCheck> {
  // Textually, before parsing: an entity could name a file the parser would try to read.
  if (/<!DOCTYPE/i.test(text)) return { ok: false, refusal: { kind: "doctype" } };
  xmldom ??= await import("@xmldom/xmldom");
  let root: Element;
  try {
    const parser = new xmldom.DOMParser({
      onError: (level, message) => {
        if (level !== "warning") throw new Error(message);
      },
    });
    const document = parser.parseFromString(text, "image/svg+xml");
    const element = document.documentElement;
    if (element?.localName !== "svg") return { ok: false, refusal: { kind: "not-svg" } };
    root = element;
  } catch {
    return { ok: false, refusal: { kind: "not-svg" } };
  }
  const embedded: Uint8Array[] = [];
  const references = (value: string): string[] => [
    ...[...value.matchAll(CSS_URL)].map((match) => match[2] ?? ""),
    ...(/@import/i.test(value) ? ["@import"] : []),
  ];
  const outside = (reference: string): SvgRefusal | null => {
    const trimmed = reference.trim();
    if (trimmed.startsWith("#")) return null;
    const raster = EMBEDDED_RASTER.exec(trimmed);
    if (raster) {
      embedded.push(Buffer.from(raster[2] ?? "", "base64"));
      return null;
    }
    return { kind: "external-reference", reference: trimmed.slice(0, 80) };
  };
  const pending: Element[] = [root];
  for (let element = pending.pop(); element; element = pending.pop()) {
    if (ACTIVE_ELEMENTS.has(element.localName?.toLowerCase() ?? ""))
      return { ok: false, refusal: { kind: "script" } };
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.localName?.toLowerCase() ?? "";
      if (name.startsWith("on")) return { ok: false, refusal: { kind: "script" } };
      const found = name === "href" ? [attribute.value] : references(attribute.value);
      for (const reference of found) {
        const refusal = outside(reference);
        if (refusal) return { ok: false, refusal };
      }
    }
    if (element.localName === "style")
      for (const reference of references(element.textContent ?? "")) {
        const refusal = outside(reference);
        if (refusal) return { ok: false, refusal };
      }
    for (const child of Array.from(element.childNodes))
      if (child.nodeType === child.ELEMENT_NODE) pending.push(child as Element);
  }
  return { ok: true, embedded };
}
