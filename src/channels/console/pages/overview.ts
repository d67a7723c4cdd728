// PLACEHOLDER — replaced by the page's owner.
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";

export const overviewPage: ConsolePage = (app) => {
  app.get("/", async (req, reply) =>
    reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "概览", active: "/console", body: html`<p>建设中</p>` })),
  );
};
