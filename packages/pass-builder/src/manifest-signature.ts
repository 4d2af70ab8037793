import { createHash, sign } from "node:crypto";
import type { Attribute, SignedData } from "@peculiar/asn1-cms";
import type { IAsnConvertible } from "@peculiar/asn1-schema";
import type * as Asn1js from "asn1js";
import type { AppleCredentials } from "./apple-credentials";

const SHA1 = "1.3.14.3.2.26";
const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

/** Signs a pass manifest: returns the bytes of the pass's `signature` file. */
export type ManifestSigner = (manifest: Uint8Array, signingTime: Date) => Buffer;

/** The ASN.1 libraries, loaded with the first signer made (index.ts: on first use). */
async function loadAsn1() {
  const [cms, schema, x509, asn1js] = await Promise.all([
    import("@peculiar/asn1-cms"),
    import("@peculiar/asn1-schema"),
    import("@peculiar/asn1-x509"),
    import("asn1js"),
  ]);
  return { cms, schema, x509, asn1js };
}
type Asn1 = Awaited<ReturnType<typeof loadAsn1>>;

/**
 * Builds the detached PKCS#7 SignedData Wallet expects (the same shape passkit-generator makes:
 * SHA-1 digest, contentType/messageDigest/signingTime attributes, WWDR and signer certificates
 * embedded byte for byte) with @peculiar/asn1-cms, but signs with Node's native RSA instead of
 * node-forge's JavaScript one. What does not depend on the manifest is prepared once, here.
 */
export async function createManifestSigner(credentials: AppleCredentials): Promise<ManifestSigner> {
  const asn1 = await loadAsn1();
  const { cms, schema } = asn1;
  const { AsnConvert } = schema;
  const VerbatimCertificate = verbatimCertificateClass(asn1);
  const SignedAttributes = signedAttributesClass(asn1);
  const attribute = (type: string, value: ArrayBuffer): Attribute =>
    new cms.Attribute({ attrType: type, attrValues: [value] });
  /** DER orders the members of a SET OF by their encodings. */
  const derSorted = (attributes: Attribute[]): Attribute[] => {
    const encoded = attributes.map((a) => ({ a, der: Buffer.from(AsnConvert.serialize(a)) }));
    return encoded.sort((x, y) => Buffer.compare(x.der, y.der)).map(({ a }) => a);
  };

  const signer = new VerbatimCertificate(credentials.signerCertificate.raw);
  const wwdr = new VerbatimCertificate(credentials.wwdrCertificate.raw);
  const sha1 = new cms.DigestAlgorithmIdentifier({ algorithm: SHA1, parameters: null });
  const contentType = attribute(
    cms.id_contentType,
    AsnConvert.serialize(schema.AsnObjectIdentifierConverter.toASN(cms.id_data)),
  );
  const base = {
    version: cms.CMSVersion.v1,
    digestAlgorithms: new cms.DigestAlgorithmIdentifiers([sha1]),
    encapContentInfo: new cms.EncapsulatedContentInfo({ eContentType: cms.id_data }),
    certificates: new cms.CertificateSet([
      new cms.CertificateChoices({ certificate: wwdr }),
      new cms.CertificateChoices({ certificate: signer }),
    ]),
  };
  const sid = new cms.SignerIdentifier({
    issuerAndSerialNumber: new cms.IssuerAndSerialNumber({
      issuer: signer.tbsCertificate.issuer,
      serialNumber: signer.tbsCertificate.serialNumber,
    }),
  });
  const rsa = new cms.SignatureAlgorithmIdentifier({ algorithm: RSA_ENCRYPTION, parameters: null });

  return (manifest, signingTime) => {
    const digest = createHash("sha1").update(manifest).digest();
    const attributes = derSorted([
      contentType,
      attribute(cms.id_signingTime, AsnConvert.serialize(new cms.SigningTime(signingTime))),
      attribute(cms.id_messageDigest, AsnConvert.serialize(new cms.MessageDigest(digest))),
    ]);
    const signed = AsnConvert.serialize(new SignedAttributes(attributes));
    const signerInfo = new cms.SignerInfo({
      version: cms.CMSVersion.v1,
      sid,
      digestAlgorithm: sha1,
      signedAttrs: attributes,
      signatureAlgorithm: rsa,
      signature: new schema.OctetString(
        sign("sha1", new Uint8Array(signed), credentials.signerKey),
      ),
    });
    const signedData = new cms.SignedData({
      ...base,
      signerInfos: new cms.SignerInfos([signerInfo]),
    });
    return Buffer.from(contentInfo(asn1, signedData).toBER());
  };
}

/**
 * ContentInfo, with the SignedData's element put in as it is: asn1-cms's ContentInfo holds its
 * content as bytes and would parse the whole SignedData back to write it (over 1 ms a pass).
 */
function contentInfo({ cms, schema, asn1js }: Asn1, signedData: SignedData): Asn1js.Sequence {
  return new asn1js.Sequence({
    value: [
      new asn1js.ObjectIdentifier({ value: cms.id_signedData }),
      new asn1js.Constructed({
        idBlock: { tagClass: 3, tagNumber: 0 }, // [0] EXPLICIT
        value: [schema.AsnSerializer.toASN(signedData)],
      }),
    ],
  });
}

/** The signed attributes as the signature covers them: a SET OF, not SignerInfo's `[0] IMPLICIT`. */
function signedAttributesClass({ cms, schema }: Asn1) {
  class SignedAttributes extends schema.AsnArray<Attribute> {}
  schema.AsnSetType({ itemType: cms.Attribute })(SignedAttributes);
  return SignedAttributes;
}

/**
 * A certificate that encodes to exactly the bytes it was read from: nothing the issuer signed is
 * re-encoded, and each pass costs a copy instead of encoding the whole certificate again (asn1js
 * spends ~0.5 ms per certificate).
 */
function verbatimCertificateClass({ schema, x509, asn1js }: Asn1) {
  return class VerbatimCertificate extends x509.Certificate implements IAsnConvertible {
    readonly #element: Asn1js.BaseBlock;

    constructor(der: Buffer) {
      super(schema.AsnConvert.parse(der, x509.Certificate));
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

    toASN(): Asn1js.BaseBlock {
      return this.#element;
    }

    fromASN(): this {
      throw new TypeError("VerbatimCertificate is only written, never parsed into");
    }

    toSchema(): Asn1js.BaseBlock {
      return this.#element;
    }
  };
}
