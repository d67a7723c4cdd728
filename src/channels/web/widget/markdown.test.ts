import { describe, expect, it } from "vitest";
import { renderMarkdown } from "./markdown.js";

describe("widget Markdown", () => {
  it("renders ordinary Markdown", () => {
    const html = renderMarkdown("建议关注**专题14：科技金融计划**\n\n- 贴息\n- 保费补助");
    expect(html).toContain("<strong>专题14：科技金融计划</strong>");
    expect(html).toContain("<li>贴息</li>");
  });

  it("closes emphasis between full-width punctuation and a Han character (CJK-friendly)", () => {
    // Plain CommonMark leaves these asterisks literal: "：**贵" is not right-flanking.
    expect(renderMarkdown("**想确认一下：**贵单位是否为科技型中小企业？")).toBe(
      "<p><strong>想确认一下：</strong>贵单位是否为科技型中小企业？</p>\n",
    );
    expect(renderMarkdown("符合**“新获批”**的条件")).toContain("<strong>“新获批”</strong>");
    expect(renderMarkdown("**注意：**English text")).toContain("<strong>注意：</strong>English");
  });

  it("escapes raw HTML instead of rendering it", () => {
    const html = renderMarkdown('<img src=x onerror="alert(1)"> <script>alert(2)</script>');
    expect(html).not.toMatch(/<img|<script/i);
    expect(html).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;");
  });

  it("opens http(s) and mailto links in a new tab without opener or referrer", () => {
    const html = renderMarkdown("[指南](https://kjj.wuhan.gov.cn/) 或 [邮件](mailto:kjj@example.gov.cn)");
    expect(html).toContain('<a href="https://kjj.wuhan.gov.cn/" target="_blank" rel="noopener noreferrer">指南</a>');
    expect(html).toContain('href="mailto:kjj@example.gov.cn"');
  });

  it.each(["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "/relative", "ftp://x.test/"])(
    "does not link %s",
    (url) => {
      const html = renderMarkdown(`[点我](${url}) <${url}>`);
      expect(html).not.toContain("<a ");
    },
  );

  it("does not load images", () => {
    const html = renderMarkdown("![logo](https://tracker.example/pixel.gif)");
    expect(html).not.toContain("<img");
  });

  it("leaves bare URLs as text (linkify is off, and the browser bundle has no linkify-it)", () => {
    expect(renderMarkdown("见 https://kjj.wuhan.gov.cn")).toBe("<p>见 https://kjj.wuhan.gov.cn</p>\n");
  });
});
