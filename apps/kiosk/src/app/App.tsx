import { Suspense, useEffect, useMemo, useState } from "react";
import type { Catalog } from "../i18n/catalog";
import { loadCatalog } from "../i18n/catalogs";
import { isRtl, type Language } from "../i18n/languages";
import { createTranslator } from "../i18n/translate";
import { StaffGate } from "../staff/StaffGate";
import { Banners } from "../ui/Banners";
import { I18nContext, RuntimeContext, SessionContext, useRuntime, useStore, useT } from "./hooks";
import {
  AutopilotScreen,
  KioskScreen,
  PairingScreen,
  preloadMode,
  StaffScreen,
} from "./lazy-screens";
import type { Runtime } from "./runtime";
import { Shell } from "./Shell";
import { StartupScreen } from "./StartupScreen";
import { openSession, type Session } from "./session";
import { errorDetail, type StartupProblem } from "./startup-problem";
import { UnpairedScreen } from "./UnpairedScreen";

export interface ShownLanguage {
  readonly language: Language;
  readonly catalog: Catalog;
}

export function App({
  runtime,
  initial,
}: {
  readonly runtime: Runtime;
  readonly initial: ShownLanguage;
}) {
  const settings = useStore(runtime.settings);
  const customerLanguage = useStore(runtime.customerLanguage);
  const wanted = customerLanguage ?? settings.language;
  const [shown, setShown] = useState(initial);
  const translator = useMemo(() => createTranslator(shown.language, shown.catalog), [shown]);

  // The screen keeps its language until the chosen catalog has loaded.
  useEffect(() => {
    let current = true;
    void loadCatalog(wanted).then((catalog) => {
      if (current) setShown({ language: wanted, catalog });
    });
    return () => {
      current = false;
    };
  }, [wanted]);

  useEffect(() => {
    document.documentElement.lang = shown.language;
    document.documentElement.dir = isRtl(shown.language) ? "rtl" : "ltr";
  }, [shown]);

  return (
    <RuntimeContext.Provider value={runtime}>
      <I18nContext.Provider value={translator}>
        <Suspense fallback={<Loading />}>
          <Paired />
        </Suspense>
      </I18nContext.Provider>
    </RuntimeContext.Provider>
  );
}

/** While the session opens or a screen's chunk loads. */
function Loading() {
  const { t } = useT();
  return (
    <div className="boot" role="status">
      {t("boot.loading")}
    </div>
  );
}

function Paired() {
  const runtime = useRuntime();
  const device = useStore(runtime.device);
  const [session, setSession] = useState<Session | null>(null);
  const [failure, setFailure] = useState<StartupProblem | null>(null);
  const [attempt, setAttempt] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the retry button's way to open the session again
  useEffect(() => {
    setSession(null);
    setFailure(null);
    if (!device) return;
    preloadMode(runtime.settings.get().mode);
    let cancelled = false;
    let opened: Session | null = null;
    openSession(runtime, device).then(
      (next) => {
        if (cancelled) return next.dispose();
        opened = next;
        setSession(next);
      },
      (error: unknown) => {
        if (!cancelled) setFailure({ kind: "session", detail: errorDetail(error) });
      },
    );
    return () => {
      cancelled = true;
      opened?.dispose();
    };
  }, [runtime, device, attempt]);

  if (!device) return <PairingScreen previous={null} />;
  if (device.unpairedAt !== undefined) return <UnpairedScreen device={device} />;
  if (failure) return <StartupScreen problem={failure} retry={() => setAttempt((n) => n + 1)} />;
  if (!session) return <Loading />;
  return (
    <SessionContext.Provider value={session}>
      <ModeScreen />
    </SessionContext.Provider>
  );
}

function ModeScreen() {
  const runtime = useRuntime();
  const { mode } = useStore(runtime.settings);
  useEffect(() => runtime.updates.setUnattended(mode !== "staff"), [runtime, mode]);
  switch (mode) {
    case "staff":
      return (
        <Shell>
          <StaffGate>
            <StaffScreen />
          </StaffGate>
        </Shell>
      );
    case "autopilot":
      return (
        <Shell>
          <StaffGate>
            <AutopilotScreen />
          </StaffGate>
        </Shell>
      );
    case "kiosk":
      return (
        <div className="kiosk-frame">
          <Banners />
          <StaffGate>
            <KioskScreen />
          </StaffGate>
        </div>
      );
    default: {
      const unreachable: never = mode;
      return unreachable;
    }
  }
}
