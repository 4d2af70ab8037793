import { createHash, sign } from "node:crypto";
import {
  Attribute,
  CertificateChoices,
  CertificateSet,
  CMSVersion,
  DigestAlgorithmIdentifier,
  DigestAlgorithmIdentifiers,
  EncapsulatedContentInfo,
  IssuerAndSerialNumber,
  id_contentType,
  id_data,
  id_messageDigest,
  id_signedData,
  id_signingTime,
  MessageDigest,
  SignatureAlgorithmIdentifier,
  SignedData,
  SignerIdentifier,
  SignerInfo,
  SignerInfos,
  SigningTime,
} from "@peculiar/asn1-cms";
import {
  AsnArray,
  AsnConvert,
  AsnObjectIdentifierConverter,
  AsnSerializer,
  AsnSetType,
  type IAsnConvertible,
  OctetString,
} from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import type { AppleCredentials } from "./apple-credentials";

const SHA1 = "1.3.14.3.2.26";
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

/** Signs a pass manifest: returns the bytes of the pass's `signature` file. */
export type ManifestSigner = (manifest: Uint8Array, signingTime: Date) => Buffer;

/** The signed attributes as the signature covers them: a SET OF, not SignerInfo's `[0] IMPLICIT`. */
class SignedAttributes extends AsnArray<Attribute> {}
AsnSetType({ itemType: Attribute })(SignedAttributes);

/**
 * Builds the detached PKCS#7 SignedData Wallet expects (the same shape passkit-generator makes:
 * SHA-1 digest, contentType/messageDigest/signingTime attributes, WWDR and signer certificates
 * embedded byte for byte) with @peculiar/asn1-cms, but signs with Node's native RSA instead of
 * node-forge's JavaScript one. What does not depend on the manifest is prepared once, here.
 */
export function createManifestSigner(credentials: AppleCredentials): ManifestSigner {
  const signer = new VerbatimCertificate(credentials.signerCertificate.raw);
  const wwdr = new VerbatimCertificate(credentials.wwdrCertificate.raw);
  const sha1 = new DigestAlgorithmIdentifier({ algorithm: SHA1, parameters: null });
  const contentType = attribute(
    id_contentType,
    AsnConvert.serialize(AsnObjectIdentifierConverter.toASN(id_data)),
  );
  const base = {
    version: CMSVersion.v1,
    digestAlgorithms: new DigestAlgorithmIdentifiers([sha1]),
    encapContentInfo: new EncapsulatedContentInfo({ eContentType: id_data }),
    certificates: new CertificateSet([
      new CertificateChoices({ certificate: wwdr }),
      new CertificateChoices({ certificate: signer }),
    ]),
  };
  const sid = new SignerIdentifier({
    issuerAndSerialNumber: new IssuerAndSerialNumber({
      issuer: signer.tbsCertificate.issuer,
      serialNumber: signer.tbsCertificate.serialNumber,
    }),
  });
  const rsa = new SignatureAlgorithmIdentifier({ algorithm: RSA_ENCRYPTION, parameters: null });

  return (manifest, signingTime) => {
    const digest = createHash("sha1").update(manifest).digest();
    const attributes = derSorted([
      contentType,
      attribute(id_signingTime, AsnConvert.serialize(new SigningTime(signingTime))),
      attribute(id_messageDigest, AsnConvert.serialize(new MessageDigest(digest))),
    ]);
    const signed = AsnConvert.serialize(new SignedAttributes(attributes));
    const signerInfo = new SignerInfo({
      version: CMSVersion.v1,
      sid,
      digestAlgorithm: sha1,
      signedAttrs: attributes,
      signatureAlgorithm: rsa,
      signature: new OctetString(sign("sha1", new Uint8Array(signed), credentials.signerKey)),
    });
    const signedData = new SignedData({ ...base, signerInfos: new SignerInfos([signerInfo]) });
    return Buffer.from(contentInfo(signedData).toBER());
  };
}

/**
 * ContentInfo, with the SignedData's element put in as it is: asn1-cms's ContentInfo holds its
 * content as bytes and would parse the whole SignedData back to write it (over 1 ms a pass).
 */
function contentInfo(signedData: SignedData): asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: id_signedData }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 }, // [0] EXPLICIT
        value: [AsnSerializer.toASN(signedData)],
      }),
    ],
  });
}

function attribute(type: string, value: ArrayBuffer): Attribute {
  return new Attribute({ attrType: type, attrValues: [value] });
}

/** DER orders the members of a SET OF by their encodings. */
function derSorted(attributes: Attribute[]): Attribute[] {
  const encoded = attributes.map((a) => ({ a, der: Buffer.from(AsnConvert.serialize(a)) }));
  return encoded.sort((x, y) => Buffer.compare(x.der, y.der)).map(({ a }) => a);
}

/**
 * A certificate that encodes to exactly the bytes it was read from: nothing the issuer signed is
 * re-encoded, and each pass costs a copy instead of encoding the whole certificate again (asn1js
 * spends ~0.5 ms per certificate).
 */
class VerbatimCertificate extends Certificate implements IAsnConvertible {
  readonly #element: asn1js.BaseBlock;

  constructor(der: Buffer) {
    super(AsnConvert.parse(der, Certificate));
    const parsed = asn1js.fromBER(new Uint8Array(der)).result;
    const header = parsed.idBlock.blockLength + parsed.lenBlock.blockLength;
    // A primitive value block writes its bytes as they are; the identifier is the SEQUENCE's own.
    const element = new asn1js.Primitive({ valueHex: new Uint8Array(der.subarray(header)) });
    Object.assign(element.idBlock, {
      tagClass: parsed.idBlock.tagClass,
      tagNumber: parsed.idBlock.tagNumber,
      isConstructed: parsed.idBlock.isConstructed,
    });
    this.#element = element;
  }

  toASN(): asn1js.BaseBlock {
    return this.#element;
  }

  fromASN(): this {
    throw new TypeError("VerbatimCertificate is only written, never parsed into");
  }

  toSchema(): asn1js.BaseBlock {
    return this.#element;
  }
}
