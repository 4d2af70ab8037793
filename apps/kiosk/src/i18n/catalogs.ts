import type { Catalog } from "./catalog";
import type { Language } from "./languages";

/**
 * Every catalog, English too, is loaded when chosen (the service worker precaches them, so this
 * works offline). Only one language is on screen at a time, so the initial bundle carries none:
 * a German till's first load did not need English's 6.7 kB (gzip), and an English one waits for
 * its catalog no longer than the others for theirs (boot reads the settings first either way).
 */
const LOADERS: Readonly<Record<Language, () => Promise<Catalog>>> = {
  en: () => import("./en").then((m) => m.en),
  he: () => import("./he").then((m) => m.he),
  de: () => import("./de").then((m) => m.de),
  kk: () => import("./kk").then((m) => m.kk),
};

const loaded = new Map<Language, Catalog>();

export function loadCatalog(language: Language): Promise<Catalog> {
  const ready = loaded.get(language);
  if (ready) return Promise.resolve(ready);
  return LOADERS[language]().then((catalog) => {
    loaded.set(language, catalog);
    return catalog;
  });
}
