import { liveQuery } from "dexie";
import { createContext, useContext, useEffect, useState, useSyncExternalStore } from "react";
import type { Translator } from "../i18n/translate";
import type { StampDb } from "../storage/db";
import { browserPacing, pacedLiveQuery } from "../storage/paced-live-query";
import type { Runtime } from "./runtime";
import type { Session } from "./session";
import type { Store } from "./store";

export const RuntimeContext = createContext<Runtime | null>(null);
export const SessionContext = createContext<Session | null>(null);
/** No default: the catalogs load on demand, and every screen is shown in the language it loaded. */
export const I18nContext = createContext<Translator | null>(null);

export function useRuntime(): Runtime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error("useRuntime outside RuntimeContext");
  return runtime;
}

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error("useSession outside SessionContext");
  return session;
}

export function useT(): Translator {
  const translator = useContext(I18nContext);
  if (!translator) throw new Error("useT outside I18nContext");
  return translator;
}

export function useStore<T>(store: Store<T>): T {
  return useSyncExternalStore(store.subscribe, store.get);
}

/**
 * A Dexie live query: re-runs when the tables it read change, in this tab or another one.
 * Pass a module-level query (see data/live-queries) so it is not resubscribed on every render.
 * A failing query reads as `undefined`.
 */
export function useLiveQuery<T>(query: (db: StampDb) => Promise<T>): T | undefined {
  const { db } = useRuntime();
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(() => {
    const subscription = liveQuery(() => query(db)).subscribe({
      next: setValue,
      error: () => setValue(undefined),
    });
    return () => subscription.unsubscribe();
  }, [db, query]);
  return value;
}

/**
 * `useLiveQuery` for a query that costs the same whatever changed in `tables` (a count of the
 * outbox): re-run once at a time, in proportion to its cost and at most `ms` apart
 * (`pacedLiveQuery`). Module-level query and tables.
 */
export function usePacedLiveQuery<T>(
  query: (db: StampDb) => Promise<T>,
  tables: readonly string[],
  ms: number,
): T | undefined {
  const { db } = useRuntime();
  const [value, setValue] = useState<T | undefined>(undefined);
  useEffect(
    () =>
      pacedLiveQuery(db, tables, query, browserPacing(ms), {
        next: setValue,
        error: () => setValue(undefined),
      }),
    [db, query, tables, ms],
  );
  return value;
}

/** Re-renders every `ms` so relative times ("2 min ago") stay true. */
export function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}
