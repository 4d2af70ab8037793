/**
 * Where the server listens unless HOST says otherwise. Behind a reverse proxy on a public host
 * (PUBLIC_URL is https) only the proxy needs to reach it: loopback, so nobody reaches the plain-HTTP
 * port around the proxy's TLS. Otherwise (trying it on one PC, a shop's tills on its Wi-Fi) every
 * interface, so the tablets on the shop's network can connect. README, "Configuration", says so.
 */
export function defaultBindAddress(publicUrl: string | null): string {
  return publicUrl?.startsWith("https:") ? "127.0.0.1" : "0.0.0.0";
}
