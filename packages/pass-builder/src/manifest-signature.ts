import { createHash, sign } from "node:crypto";
import type { AppleCredentials } from "./apple-credentials";
import {
  contextSpecific,
  nullValue,
  objectIdentifier,
  octetString,
  readChildren,
  readElement,
  sequence,
  setOf,
  smallInteger,
  utcTime,
} from "./der";

const OID = {
  data: "1.2.840.113549.1.7.1",
  signedData: "1.2.840.113549.1.7.2",
  contentType: "1.2.840.113549.1.9.3",
  messageDigest: "1.2.840.113549.1.9.4",
  signingTime: "1.2.840.113549.1.9.5",
  sha1: "1.3.14.3.2.26",
  rsaEncryption: "1.2.840.113549.1.1.1",
} as const;

/** Signs a pass manifest: returns the bytes of the pass's `signature` file. */
export type ManifestSigner = (manifest: Uint8Array, signingTime: Date) => Buffer;

/**
 * Builds the detached PKCS#7 SignedData Wallet expects (the same shape
 * passkit-generator makes: SHA-1 digest, contentType/messageDigest/signingTime
 * attributes, WWDR and signer certificates embedded) but signs with Node's native
 * RSA instead of node-forge's JavaScript one. Everything that does not depend on the
 * manifest is encoded once, here.
 */
export function createManifestSigner(credentials: AppleCredentials): ManifestSigner {
  const signerDer = credentials.signerCertificate.raw;
  const sha1Algorithm = sequence(objectIdentifier(OID.sha1), nullValue());
  const digestAlgorithms = setOf(sha1Algorithm);
  const encapsulatedContentInfo = sequence(objectIdentifier(OID.data));
  const certificates = contextSpecific(0, credentials.wwdrCertificate.raw, signerDer);
  const signerIdentifier = issuerAndSerialNumber(signerDer);
  const signatureAlgorithm = sequence(objectIdentifier(OID.rsaEncryption), nullValue());
  const contentTypeAttribute = attribute(OID.contentType, objectIdentifier(OID.data));
  const signedDataOid = objectIdentifier(OID.signedData);
  const version = smallInteger(1);

  return (manifest, signingTime) => {
    const attributes = [
      contentTypeAttribute,
      attribute(OID.signingTime, utcTime(signingTime)),
      attribute(OID.messageDigest, octetString(createHash("sha1").update(manifest).digest())),
    ].sort(Buffer.compare);
    // The signature covers the attributes encoded as a SET; they travel as [0] IMPLICIT.
    const signature = sign("sha1", setOf(...attributes), credentials.signerKey);
    const signerInfo = sequence(
      version,
      signerIdentifier,
      sha1Algorithm,
      contextSpecific(0, ...attributes),
      signatureAlgorithm,
      octetString(signature),
    );
    const signedData = sequence(
      version,
      digestAlgorithms,
      encapsulatedContentInfo,
      certificates,
      setOf(signerInfo),
    );
    return sequence(signedDataOid, contextSpecific(0, signedData));
  };
}

function attribute(type: string, value: Uint8Array): Buffer {
  return sequence(objectIdentifier(type), setOf(value));
}

/** Copies the signer certificate's issuer Name and serial INTEGER byte for byte. */
function issuerAndSerialNumber(certificateDer: Buffer): Buffer {
  const [tbs] = readChildren(readElement(certificateDer));
  if (!tbs) throw new RangeError("certificate has no TBSCertificate");
  const fields = readChildren(tbs);
  // An explicit [0] version comes first in v3 certificates; skip it.
  const offset = fields[0]?.tag === 0xa0 ? 1 : 0;
  const serial = fields[offset];
  const issuer = fields[offset + 2];
  if (!serial || !issuer) throw new RangeError("certificate lacks serial or issuer");
  return sequence(issuer.bytes, serial.bytes);
}
