/**
 * The pairing code from what staff typed or scanned: the admin page's QR may hold the bare code
 * or a link to this app with `?pair=CODE`. Codes are case-insensitive and may be grouped with
 * spaces or dashes on screen.
 */
export function pairingCodeFrom(input: string): string {
  const text = input.trim();
  try {
    const url = new URL(text);
    const fromUrl = url.searchParams.get("pair") ?? url.searchParams.get("code");
    if (fromUrl) return fromUrl.trim();
  } catch {
    // Not a URL: the code itself.
  }
  return text;
}
