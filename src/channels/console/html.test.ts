import { describe, expect, it } from "vitest";
import { html, raw } from "./html.js";

describe("html", () => {
  it("escapes interpolated text but not nested fragments", () => {
    const q = `<script>alert("x")</script>&'`;
    const out = html`<p title="${q}">${q}${html`<b>${"<i>"}</b>`}${raw("<hr>")}</p>`.value;
    expect(out).toBe(
      `<p title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;<b>&lt;i&gt;</b><hr></p>`,
    );
  });

  it("joins arrays and drops null, undefined and false", () => {
    expect(html`<ul>${[1, 2].map((n) => html`<li>${n}</li>`)}${null}${undefined}${false}</ul>`.value).toBe("<ul><li>1</li><li>2</li></ul>");
  });
});
