// A .docx/.xlsx is a zip. One that is an OLE compound file instead is either password-protected (Office
// stores the encrypted package inside an OLE container) or an old .doc/.xls given the new extension.

const OLE_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
/** The stream name Office gives the encrypted zip, as the OLE directory stores it (UTF-16LE). */
const ENCRYPTED_PACKAGE = Buffer.from("EncryptedPackage", "utf16le");

export type OoxmlContainer = "zip" | "encrypted" | "legacy" | "other";

export function ooxmlContainer(bytes: Uint8Array): OoxmlContainer {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return "zip";
  if (OLE_MAGIC.every((b, i) => bytes[i] === b)) {
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(ENCRYPTED_PACKAGE)
      ? "encrypted"
      : "legacy";
  }
  return "other";
}
