import type { PreparedLogo } from "../logos/logo-image";
import type { StoredLogo } from "./logo-store";
import type * as t from "./schema";

type LogoRow = typeof t.programLogos.$inferSelect;

const bytes = (buffer: Uint8Array) =>
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
const buffer = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

export function logoOf(row: LogoRow): StoredLogo {
  return {
    programId: row.programId,
    hash: row.hash,
    source: row.source,
    width: row.width,
    height: row.height,
    renditions: {
      logo: [bytes(row.logo1x), bytes(row.logo2x), bytes(row.logo3x)],
      icon: [bytes(row.icon1x), bytes(row.icon2x), bytes(row.icon3x)],
      square: bytes(row.square),
    },
    createdAt: row.createdAt,
  };
}

export function logoRowOf(
  merchantId: string,
  programId: string,
  logo: PreparedLogo,
  now: number,
): LogoRow {
  const { logo: apple, icon, square } = logo.renditions;
  return {
    programId,
    merchantId,
    hash: logo.hash,
    source: logo.source,
    width: logo.width,
    height: logo.height,
    logo1x: buffer(apple[0]),
    logo2x: buffer(apple[1]),
    logo3x: buffer(apple[2]),
    icon1x: buffer(icon[0]),
    icon2x: buffer(icon[1]),
    icon3x: buffer(icon[2]),
    square: buffer(square),
    createdAt: now,
  };
}
