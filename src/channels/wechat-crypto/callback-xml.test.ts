import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { buildCallbackXml, CallbackXmlError, parseCallbackXml } from "./callback-xml.js";

describe("callback XML", () => {
  it("reads the fields of a text message as strings (MsgId keeps all its digits, CDATA stays verbatim)", () => {
    const xml =
      "<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o_user]]></FromUserName>" +
      "<CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[ 贷款 <贴息>? ]]></Content>" +
      "<MsgId>1234567890123456789</MsgId></xml>";
    expect(parseCallbackXml(xml)).toEqual({
      ToUserName: "gh_1", FromUserName: "o_user", CreateTime: "1348831860", MsgType: "text", Content: " 贷款 <贴息>? ", MsgId: "1234567890123456789",
    });
  });

  it("refuses malformed XML, another root and DOCTYPEs", () => {
    expect(() => parseCallbackXml("<xml><a>1</b></xml>")).toThrow(CallbackXmlError);
    expect(() => parseCallbackXml("not xml")).toThrow(CallbackXmlError);
    expect(() => parseCallbackXml("<root><a>1</a></root>")).toThrow(/root/);
    expect(() => parseCallbackXml('<!DOCTYPE x [<!ENTITY e "boom">]><xml><a>&e;</a></xml>')).toThrow(/DOCTYPE/);
  });

  it("writes CDATA fields that survive ]]> and read back", () => {
    const xml = buildCallbackXml({ ToUserName: "o_user", CreateTime: 1, Content: "a]]>b<c>&" });
    expect(xml).toMatch(/^<xml><ToUserName><!\[CDATA\[o_user\]\]><\/ToUserName><CreateTime>1<\/CreateTime>/);
    const back = new XMLParser({ parseTagValue: false }).parse(xml) as { xml: Record<string, string> };
    expect(back.xml.Content).toBe("a]]>b<c>&");
  });
});
