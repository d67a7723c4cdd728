// PLACEHOLDER — replaced by the page's owner.
import type { ConsolePage } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";

export const feedbackPage: ConsolePage = (app) => {
  app.get("/feedback", async (req, reply) =>
    reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "反馈", active: "/console/feedback", body: html`<p>建设中</p>` })),
  );
};
