// What every console page module receives, and the helpers they share: the logged-in account on the
// request, role checks, the CSRF field for forms, and answering a change as JSON or a redirect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../../config.js";
import type { Assistant } from "../../core/types.js";
import type { ConsoleServices, OpsServices } from "../../ops/runtime.js";
import type { Role } from "../../ops/staff/roles.js";
import { roleAtLeast, ROLE_NAMES } from "../../ops/staff/roles.js";
import type { StaffSession } from "../../ops/staff/staff-store.js";
import type { ConsoleJobs } from "../../ops/console/jobs.js";
import { ApiError } from "../web/errors.js";
import { html, type SafeHtml } from "./html.js";
import { noticeQuery } from "./notice.js";
import type { AttemptCounters } from "../../ops/scale/attempt-counter.js";

export interface ConsoleDeps {
  config: Config;
  /** The assistant the channels use (logged); pages that ask questions use `services.serving()` instead. */
  assistant: Assistant;
  ops: OpsServices;
  services: ConsoleServices;
  jobs: ConsoleJobs;
  /** Wrong-password counters (shared by the replicas with REDIS_URL). */
  attempts: AttemptCounters;
}

/** A page module: registers its GET page and its actions on the /console scope (already logged in). */
export type ConsolePage = (app: FastifyInstance, deps: ConsoleDeps) => void | Promise<void>;

declare module "fastify" {
  interface FastifyRequest {
    /** Set by the console's auth hook on every route except the login page. */
    staff?: StaffSession;
  }
}

export function staffOf(req: FastifyRequest): StaffSession {
  if (!req.staff) throw new ApiError("unauthorized", "请先登录。");
  return req.staff;
}

/** Throws 403 unless the account has at least `role` (checked on the server for every change). */
export function requireRole(req: FastifyRequest, role: Role): StaffSession {
  const s = staffOf(req);
  if (!roleAtLeast(s.user.role, role)) {
    throw new ApiError("forbidden", `此操作需要「${ROLE_NAMES[role]}」或更高权限；你的账户是「${ROLE_NAMES[s.user.role]}」。`);
  }
  return s;
}

export function canEdit(req: FastifyRequest): boolean {
  return !!req.staff && roleAtLeast(req.staff.user.role, "editor");
}

/** The hidden field every console form carries (checked by the CSRF hook). */
export function csrfField(req: FastifyRequest): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${staffOf(req).csrf}">`;
}

/** A client that asked for JSON (scripts, tests) rather than a page. */
export function wantsJson(req: FastifyRequest): boolean {
  const accept = req.headers.accept ?? "";
  return accept.includes("application/json") && !accept.includes("text/html");
}

/** Ends a change: JSON for API clients, otherwise 303 back to a page with a notice to show. */
export function finish(req: FastifyRequest, reply: FastifyReply, to: string, notice: string, json: Record<string, unknown> = {}): FastifyReply {
  if (wantsJson(req)) return reply.send({ ok: true, notice, ...json });
  const sep = to.includes("?") ? "&" : "?";
  return reply.redirect(`${to}${sep}${noticeQuery(notice)}`, 303);
}

/** A form field exactly as sent (passwords: spaces count), from a urlencoded or multipart body. */
export function rawField(body: unknown, name: string): string | undefined {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  const one = Array.isArray(v) ? v[0] : v;
  if (typeof one === "string") return one;
  if (one && typeof one === "object" && "value" in one && typeof (one as { value: unknown }).value === "string") return (one as { value: string }).value;
  return undefined;
}

/** A form field as one trimmed string (urlencoded bodies may repeat a name; multipart gives {value}). */
export function field(body: unknown, name: string): string | undefined {
  return rawField(body, name)?.trim();
}

/** Every value of a repeated form field (checkbox groups). */
export function fields(body: unknown, name: string): string[] {
  const v = (body as Record<string, unknown> | undefined)?.[name];
  const all = Array.isArray(v) ? v : v === undefined ? [] : [v];
  return all.map((x) => (typeof x === "string" ? x : x && typeof x === "object" && "value" in x ? String((x as { value: unknown }).value) : "")).filter(Boolean);
}
