// Bytes of a text file → string: UTF-16 by its BOM, UTF-8 when the bytes are valid UTF-8 (BOM or not),
// else GB18030, the superset of the GBK/GB2312 that older Chinese files are saved in.
import { isUtf8 } from "node:buffer";

export { isUtf8 };

const UTF16_BOMS: [number, number, string][] = [
  [0xff, 0xfe, "utf-16le"],
  [0xfe, 0xff, "utf-16be"],
];

export function decodeText(bytes: Uint8Array): string {
  for (const [a, b, encoding] of UTF16_BOMS) {
    if (bytes[0] === a && bytes[1] === b) return new TextDecoder(encoding).decode(bytes);
  }
  return new TextDecoder(isUtf8(bytes) ? "utf-8" : "gb18030").decode(bytes);
}

/** NUL bytes in a file with no UTF-16 BOM: not a text file (a PDF or a zip given a text extension). */
export function looksBinary(bytes: Uint8Array): boolean {
  if (UTF16_BOMS.some(([a, b]) => bytes[0] === a && bytes[1] === b)) return false;
  return bytes.subarray(0, 4096).includes(0);
}
