/** Where a stamp came from. Unattended channels (kiosk, autopilot) are the ones abuse limits apply to by default. */
export const CHANNELS = ["staff", "kiosk", "autopilot", "receipt", "pos", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

export const UNATTENDED_CHANNELS: readonly Channel[] = ["kiosk", "autopilot"];

/** Channels a paired device (till) may stamp on; receipt, POS and API stamps are made by the server only. */
export const DEVICE_CHANNELS = ["staff", "kiosk", "autopilot"] as const;
export type DeviceChannel = (typeof DEVICE_CHANNELS)[number];

export function isDeviceChannel(channel: Channel): channel is DeviceChannel {
  return (DEVICE_CHANNELS as readonly Channel[]).includes(channel);
}
