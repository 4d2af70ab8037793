import type { Program } from "@stamp/core";
import type { Context } from "hono";
import {
  chooseLocale,
  WALLET_LOCALES,
  type WalletLocale,
  type WalletMessages,
  walletMessages,
} from "./messages/wallet-messages";
import { passLocales } from "./program-design";

/**
 * The languages a customer page offers: the program's (its passes speak no others), every one we
 * have when the page belongs to no program (an unknown card or join link).
 */
export function offeredLocales(program: Program | null): readonly WalletLocale[] {
  return program ? passLocales(program) : WALLET_LOCALES;
}

/** A customer page's texts: `?lang=`, else the phone's languages, within what the program offers. */
export function customerMessages(c: Context, program: Program | null): WalletMessages {
  return walletMessages(
    chooseLocale(c.req.query("lang"), c.req.header("accept-language"), offeredLocales(program)),
  );
}
