// PLACEHOLDER — replaced by the page's owner.
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";

export const conversationsPage: ConsolePage = (app) => {
  app.get("/conversations", async (req, reply) =>
    reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "对话记录", active: "/console/conversations", body: html`<p>建设中</p>` })),
  );
};
