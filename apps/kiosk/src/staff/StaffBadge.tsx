import { useState } from "react";
import { useSession, useStore, useT } from "../app/hooks";
import { Dialog } from "../ui/Dialog";
import { Icon } from "../ui/icons";
import { StaffSignIn } from "./StaffSignIn";

/**
 * Who is signed in, always in view; one tap opens the switch (a second tap picks the name, then
 * the PIN). Hidden where the location has no staff with PINs and needs no sign-in.
 */
export function StaffBadge() {
  const { t } = useT();
  const { staff } = useSession();
  const signedIn = useStore(staff.signedIn);
  const [open, setOpen] = useState(false);
  if (staff.staff.length === 0 && !staff.setting.required) return null;
  return (
    <>
      <button
        type="button"
        className="staff-badge"
        onClick={() => setOpen(true)}
        aria-label={`${signedIn ? t("signIn.signedIn", { name: signedIn.name }) : t("signIn.nobody")} — ${t("signIn.switch")}`}
        data-testid="staff-badge"
      >
        <Icon name="shield" size={20} />
        <bdi>{signedIn ? signedIn.name : t("signIn.nobody")}</bdi>
      </button>
      <Dialog open={open} title={t("signIn.switch")} onClose={() => setOpen(false)}>
        <StaffSignIn onSignedIn={() => setOpen(false)} />
        {signedIn ? (
          <button
            type="button"
            className="button button--block"
            onClick={() => {
              void staff.signOut();
              setOpen(false);
            }}
          >
            {t("signIn.signOut")}
          </button>
        ) : null}
      </Dialog>
    </>
  );
}
