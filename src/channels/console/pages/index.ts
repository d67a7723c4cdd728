// Every console page, in navigation order. One module per page; each registers its GET view and the
// actions it offers on the logged-in /console scope.
import type { ConsolePage } from "../context.js";
import { auditPage } from "./audit.js";
import { conversationsPage } from "./conversations.js";
import { evalPage } from "./eval.js";
import { feedbackPage } from "./feedback.js";
import { knowledgePage } from "./knowledge.js";
import { overviewPage } from "./overview.js";
import { unresolvedPage } from "./unresolved.js";
import { usersPage } from "./users.js";

export const CONSOLE_PAGES: readonly ConsolePage[] = [
  overviewPage,
  conversationsPage,
  feedbackPage,
  unresolvedPage,
  knowledgePage,
  evalPage,
  auditPage,
  usersPage,
];
