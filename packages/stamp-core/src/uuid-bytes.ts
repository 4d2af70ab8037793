/** A UUID as its 16 raw bytes, written into `out` at `offset` (signed codes carry ids this way). */
export function uuidToBytes(uuid: string, out: Uint8Array, offset: number): void {
  const hex = uuid.replaceAll("-", "");
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new Error(`not a lowercase UUID: ${uuid}`);
  for (let i = 0; i < 16; i++) out[offset + i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
}

export function bytesToUuid(bytes: Uint8Array, offset: number): string {
  let hex = "";
  for (let i = 0; i < 16; i++) hex += (bytes[offset + i] as number).toString(16).padStart(2, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Bytes as lower-case hex: 4 leading id bytes give the 8 digits the UUID starts with. */
export function bytesToHex(bytes: Uint8Array): string {
  let hex = "";
  for (const byte of bytes) hex += byte.toString(16).padStart(2, "0");
  return hex;
}
