import type { TillStaff } from "@stamp/wire-protocol";
import { useState } from "react";
import { useSession, useT } from "../app/hooks";
import { PinPad } from "../ui/PinPad";

/**
 * Signing in at the till: tap your name (large buttons), then your PIN, checked offline. Wrong
 * PINs count towards the till's lock-out whoever they were for.
 */
export function StaffSignIn({ onSignedIn }: { readonly onSignedIn?: () => void }) {
  const { t } = useT();
  const { staff } = useSession();
  const [chosen, setChosen] = useState<TillStaff | null>(null);
  const [pin, setPin] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);

  if (staff.staff.length === 0) return <p className="staff-sign-in__none">{t("signIn.none")}</p>;

  if (!chosen)
    return (
      <div className="staff-sign-in">
        <p>{t("signIn.intro")}</p>
        <ul className="staff-sign-in__names">
          {staff.staff.map((member) => (
            <li key={member.id}>
              <button
                type="button"
                className="button button--block staff-sign-in__name"
                onClick={() => {
                  setChosen(member);
                  setPin("");
                  setError(null);
                }}
                data-testid={`staff-${member.id}`}
              >
                <bdi>{member.name}</bdi>
              </button>
            </li>
          ))}
        </ul>
      </div>
    );

  const submit = async () => {
    setChecking(true);
    setError(null);
    const attempt = await staff.tryPin(chosen, pin, Date.now());
    setChecking(false);
    setPin("");
    switch (attempt.kind) {
      case "signed-in":
        setChosen(null);
        onSignedIn?.();
        return;
      case "wrong":
        setError(t("pin.wrong"));
        return;
      case "locked":
        setError(t("signIn.locked", { count: Math.ceil(attempt.forMs / 60_000) }));
        return;
      default: {
        const unreachable: never = attempt;
        return unreachable;
      }
    }
  };

  return (
    <div className="staff-sign-in">
      <PinPad
        pin={pin}
        onPin={(next) => {
          setError(null);
          setPin(next);
        }}
        maxLength={6}
        error={checking ? t("signIn.checking") : error}
        busy={checking}
        submitLabel={t("signIn.submit")}
        onSubmit={() => void submit()}
      >
        <p className="pin__reason">{t("signIn.pinFor", { name: chosen.name })}</p>
      </PinPad>
      <button type="button" className="button button--block" onClick={() => setChosen(null)}>
        {t("signIn.someoneElse")}
      </button>
    </div>
  );
}
