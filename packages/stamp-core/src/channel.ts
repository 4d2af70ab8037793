/** Where a stamp came from. Unattended channels (kiosk, autopilot) are the ones abuse limits apply to by default. */
export const CHANNELS = ["staff", "kiosk", "autopilot", "receipt", "pos", "api"] as const;
export type Channel = (typeof CHANNELS)[number];

export const UNATTENDED_CHANNELS: readonly Channel[] = ["kiosk", "autopilot"];
