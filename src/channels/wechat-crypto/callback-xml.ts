// The XML both callback protocols speak: a flat <xml> of fields in, a flat <xml> of CDATA fields out.
// Parsing is fast-xml-parser's; a DOCTYPE is refused outright, so no entity tricks reach the parser.
import { XMLParser, XMLValidator } from "fast-xml-parser";

export class CallbackXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CallbackXmlError";
  }
}

const parser = new XMLParser({ parseTagValue: false, trimValues: true, processEntities: true, ignoreDeclaration: true });

/** The fields of `<xml>…</xml>` as strings; nested elements (e.g. ScanCodeInfo) are dropped. */
export function parseCallbackXml(text: string): Record<string, string> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CallbackXmlError("DOCTYPE is not allowed");
  if (XMLValidator.validate(text) !== true) throw new CallbackXmlError("body is not well-formed XML");
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = doc.xml;
  if (!root || typeof root !== "object" || Array.isArray(root)) throw new CallbackXmlError("root element must be <xml>");
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(root as Record<string, unknown>)) {
    if (typeof v === "string" || typeof v === "number") fields[k] = String(v);
  }
  return fields;
}

const cdata = (v: string) => `<![CDATA[${v.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;

/** `<xml>` with every string field as CDATA and numbers bare (CreateTime, TimeStamp). */
export function buildCallbackXml(fields: Record<string, string | number>): string {
  const body = Object.entries(fields)
    .map(([k, v]) => `<${k}>${typeof v === "number" ? String(v) : cdata(v)}</${k}>`)
    .join("");
  return `<xml>${body}</xml>`;
}
