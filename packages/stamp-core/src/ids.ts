/** UUIDv7: 48-bit unix-ms timestamp, version nibble 7, RFC 4122 variant. Made by the device, checked here. */
export const UUID_V7 = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** Card, program, merchant and device ids: UUIDs of any version (servers may mint v4). */
export const UUID_ANY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuidV7(value: string): boolean {
  return UUID_V7.test(value);
}

/** The HLC node id of a device: the last 16 hex digits of its id, the random part of a v4 or v7 UUID. */
export function nodeIdForDevice(deviceId: string): string {
  return deviceId.replaceAll("-", "").slice(-16).toLowerCase();
}
