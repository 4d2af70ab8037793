import { type Browser, chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** Headless in a container, quiet (no background fetches), a fake camera allowed without a prompt. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--use-fake-ui-for-media-stream",
  "--use-fake-device-for-media-stream",
] as const;

/** A browser on a shop's network: names it resolves, certificates it trusts. */
export interface NetworkDevice {
  /** Chromium's `--host-resolver-rules`, e.g. `MAP shop.test 127.0.0.1`. */
  readonly hostResolverRules: string;
  /** Its HOME: Chromium on Linux trusts the CAs in `$HOME/.pki/nssdb` (see device-trust.ts). */
  readonly home: string;
}

/**
 * Debian's Chromium, headless, with a fake camera that plays `video` (a Y4M file) and grants
 * camera permission without a prompt. With `device`, it reaches hosts by name and trusts only what
 * that device was told to trust: no certificate errors are ignored.
 */
export function launchChromium(video?: string, device?: NetworkDevice): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    ...(device ? { env: { ...process.env, HOME: device.home } } : {}),
    args: [
      ...CHROMIUM_ARGS,
      ...(video ? [`--use-file-for-fake-video-capture=${video}`] : []),
      ...(device ? [`--host-resolver-rules=${device.hostResolverRules}`] : []),
    ],
  });
}
