import { type ReactNode, useEffect } from "react";
import { useRuntime, useSession, useStore, useT } from "../app/hooks";
import { StaffSignIn } from "./StaffSignIn";
import { tillOpen } from "./signed-in";

const REVIEW_EVERY_MS = 15_000;

/**
 * The till works only while someone is signed in, where the location says so; otherwise it asks
 * who is working. Any touch or key keeps the sign-in alive; a Staff Scanner left alone for the
 * location's idle time signs its staff member out.
 */
export function StaffGate({ children }: { readonly children: ReactNode }) {
  const { t } = useT();
  const runtime = useRuntime();
  const { staff } = useSession();
  const signedIn = useStore(staff.signedIn);
  const { mode } = useStore(runtime.settings);

  useEffect(() => {
    const touch = () => staff.touch(Date.now());
    window.addEventListener("pointerdown", touch, { passive: true });
    window.addEventListener("keydown", touch, { passive: true });
    staff.review(mode, Date.now());
    const timer = setInterval(() => staff.review(mode, Date.now()), REVIEW_EVERY_MS);
    return () => {
      window.removeEventListener("pointerdown", touch);
      window.removeEventListener("keydown", touch);
      clearInterval(timer);
    };
  }, [staff, mode]);

  if (tillOpen(staff.setting, signedIn)) return <>{children}</>;
  return (
    <section className="staff-gate" aria-labelledby="staff-gate-title">
      <h1 id="staff-gate-title">{t("signIn.title")}</h1>
      <StaffSignIn />
    </section>
  );
}
