// PLACEHOLDER — replaced by the page's owner.
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";

export const knowledgePage: ConsolePage = (app) => {
  app.get("/knowledge", async (req, reply) =>
    reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "知识库", active: "/console/knowledge", body: html`<p>建设中</p>` })),
  );
};
