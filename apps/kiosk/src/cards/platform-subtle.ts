import type { SubtleLike } from "@stamp/core";

/**
 * The browser's WebCrypto as stamp-core's SubtleLike. The cast is needed because TypeScript 5.9's
 * DOM typings want `Uint8Array<ArrayBuffer>` where SubtleLike hands `Uint8Array<ArrayBufferLike>`;
 * at run time they are the same object.
 */
export function platformSubtle(): SubtleLike {
  return globalThis.crypto.subtle as unknown as SubtleLike;
}
