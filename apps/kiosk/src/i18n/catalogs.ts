import type { Catalog } from "./catalog";
import { en } from "./en";
import type { Language } from "./languages";

/**
 * English ships in the first load; the other catalogs are loaded when chosen (the service worker
 * precaches them, so this works offline). Only one language is on screen at a time, so the
 * initial bundle carries one catalog instead of four.
 */
const LOADERS: Readonly<Record<Exclude<Language, "en">, () => Promise<Catalog>>> = {
  he: () => import("./he").then((m) => m.he),
  de: () => import("./de").then((m) => m.de),
  kk: () => import("./kk").then((m) => m.kk),
};

const loaded = new Map<Language, Catalog>([["en", en]]);

export function loadCatalog(language: Language): Promise<Catalog> {
  const ready = loaded.get(language);
  if (ready) return Promise.resolve(ready);
  if (language === "en") return Promise.resolve(en);
  return LOADERS[language]().then((catalog) => {
    loaded.set(language, catalog);
    return catalog;
  });
}
