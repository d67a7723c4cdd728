// PLACEHOLDER — replaced by the page's owner.
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";

export const unresolvedPage: ConsolePage = (app) => {
  app.get("/unresolved", async (req, reply) =>
    reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "未解决的问题", active: "/console/unresolved", body: html`<p>建设中</p>` })),
  );
};
