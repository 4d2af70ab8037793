import {
  catalogMessages,
  type Messages,
  type WalletLocale,
} from "../../wallet/messages/wallet-messages";
import { de } from "./de";
import { en, type SetupMessageKey } from "./en";
import { he } from "./he";
import { kk } from "./kk";

const CATALOGS: Record<WalletLocale, Readonly<Record<SetupMessageKey, string>>> = {
  en,
  de,
  he,
  kk,
};

export type SetupMessages = Messages<SetupMessageKey>;

/** `/setup` in the languages of the customer pages (the owner sets up tablets, maybe in Hebrew). */
export const setupMessages = (locale: WalletLocale): SetupMessages =>
  catalogMessages(CATALOGS, locale);
