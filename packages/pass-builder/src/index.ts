/**
 * @stamp/pass-builder — Apple Wallet and Google Wallet cards for Stamp.
 *
 * Typical server start-up:
 * 1. dev only: `ensureDevCredentials(DATA_DIR/certs, ids)` → file paths;
 * 2. `loadAppleCredentials({...PEM contents, ids})` once (throws a typed error on bad material);
 * 3. `new ApplePassBuilder({ credentials, webServiceURL })`, reused for every pass;
 * 4. Google: `parseGoogleServiceAccount(json)`, then `GoogleSaveLinks` and, when the REST
 *    API is configured, `GoogleWalletClient` (insert the object, then hand out a short link);
 * 5. `new ApnsClient({ auth })` to push pass updates; `close()` it on shutdown.
 *
 * `issueCertificate` (@peculiar/x509) makes the development Apple chain and serves the server's
 * local CA and TLS certificates too.
 *
 * The libraries that build, sign and zip passes and issue certificates (passkit-generator with
 * node-forge and joi, @peculiar/*, asn1js, yazl) load with their first use, not with the server:
 * V8 keeps a module's source text for as long as the process runs, several MB of heap that a
 * server which only syncs tills never needs. The import must be a dynamic `import()` of the
 * package itself: the server's bundle hoists a static one to its top, whichever module holds it.
 *
 * Everything thrown on purpose is a {@link PassBuilderError}; switch on `error.info.code`.
 */

export {
  APNS_PRODUCTION_URL,
  type ApnsAuth,
  ApnsClient,
  type ApnsClientOptions,
  type ApnsResult,
} from "./apns";
export {
  type AppleCredentials,
  type AppleCredentialsInput,
  loadAppleCredentials,
} from "./apple-credentials";
export { ApplePassBuilder, type ApplePassBuilderOptions, PKPASS_CONTENT_TYPE } from "./apple-pass";
export { telUri } from "./card-content";
export {
  type CertificateAuthority,
  type CertificateProfile,
  certificateNames,
  generateKeys,
  type IssueCertificateOptions,
  issueCertificate,
  type KeyAlgorithm,
  type KeyPair,
} from "./certificates";
export {
  type DevCredentialPaths,
  type DevCredentialsOptions,
  ensureDevCredentials,
} from "./dev-credentials";
export {
  isPassBuilderError,
  PassBuilderError,
  type PassBuilderErrorCode,
  type PassBuilderErrorInfo,
} from "./errors";
export {
  GoogleSaveLinks,
  type GoogleSaveLinksOptions,
  type LoyaltyObjectReference,
} from "./google-save-link";
export { type GoogleServiceAccount, parseGoogleServiceAccount } from "./google-service-account";
export {
  buildLoyaltyClass,
  buildLoyaltyMessage,
  buildLoyaltyObject,
  type GoogleBarcode,
  type GoogleBarcodeType,
  type LinkUri,
  type LocalizedString,
  type LoyaltyClass,
  type LoyaltyClassOptions,
  type LoyaltyObject,
  type LoyaltyObjectOptions,
  type LoyaltyObjectPatch,
  type LoyaltyObjectState,
  type ReviewStatus,
  type RotatingBarcode,
  type TextModuleData,
  type TranslatedString,
  type WalletImage,
  type WalletMessage,
  walletId,
} from "./google-wallet";
export {
  GOOGLE_WALLET_BASE_URL,
  GoogleWalletClient,
  type GoogleWalletClientOptions,
  type PatchedObject,
} from "./google-wallet-client";
export { LruCache } from "./lru-cache";
export { type ArtworkStyle, ICON_SIZE, iconSvg, STRIP_SIZE, stripSvg } from "./pass-artwork";
export { type ImageScale, PassImageRenderer } from "./pass-images";
export {
  type BusinessContact,
  type CardBackField,
  type CardNotice,
  type CardSnapshot,
  type CardTexts,
  type CardVoucher,
  type ContactLabels,
  type HexColor,
  type PassBarcode,
  type PngImageSet,
  type ProgramColors,
  type ProgramDesign,
  type ProgramLocation,
  type RotatingBarcodeInput,
  STAMP_ICON_NAMES,
  type StampIconName,
} from "./wallet-input";
