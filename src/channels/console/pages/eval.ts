// PLACEHOLDER — replaced by the page's owner.
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";

export const evalPage: ConsolePage = (app) => {
  app.get("/eval", async (req, reply) =>
    reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "评测", active: "/console/eval", body: html`<p>建设中</p>` })),
  );
};
