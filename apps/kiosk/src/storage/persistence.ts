export type Persistence = "persisted" | "not-persisted" | "unsupported";

/**
 * Asks the browser to keep our storage under pressure (Actual #8667 lost data without it).
 * Installed PWAs on Chrome get it granted; Safari tabs do not, which staff should see.
 */
export async function requestPersistence(): Promise<Persistence> {
  const storage = globalThis.navigator?.storage;
  if (!storage?.persist || !storage.persisted) return "unsupported";
  try {
    if (await storage.persisted()) return "persisted";
    return (await storage.persist()) ? "persisted" : "not-persisted";
  } catch {
    return "not-persisted";
  }
}
