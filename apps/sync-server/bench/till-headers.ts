import { PROTOCOL_HEADER, PROTOCOL_VERSION } from "@stamp/wire-protocol";

/**
 * The headers of a simulated till's JSON request, as the kiosk sends them: its wire protocol
 * (today's unless a bench plays an older till) and, once paired, its bearer token.
 */
export function tillHeaders(token?: string, protocol = PROTOCOL_VERSION): Record<string, string> {
  return {
    "content-type": "application/json",
    [PROTOCOL_HEADER]: String(protocol),
    ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
  };
}
