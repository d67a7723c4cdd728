import { describe, expect, it } from "vitest";
import { ooxmlContainer } from "./ooxml-container.js";

const OLE = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
const ole = (name: string) => new Uint8Array([...OLE, ...Buffer.alloc(100), ...Buffer.from(name, "utf16le")]);

describe("ooxmlContainer", () => {
  it("tells a zip, an encrypted package, an old binary file and anything else apart", () => {
    expect(ooxmlContainer(new Uint8Array([0x50, 0x4b, 3, 4]))).toBe("zip");
    expect(ooxmlContainer(ole("EncryptedPackage"))).toBe("encrypted");
    expect(ooxmlContainer(ole("Workbook"))).toBe("legacy");
    expect(ooxmlContainer(new TextEncoder().encode("%PDF-1.7"))).toBe("other");
  });

  it("reads only the bytes of a view into a larger buffer", () => {
    const file = ole("Workbook");
    const backing = new Uint8Array([...file, ...Buffer.from("EncryptedPackage", "utf16le")]);
    expect(ooxmlContainer(backing.subarray(0, file.length))).toBe("legacy");
  });
});
