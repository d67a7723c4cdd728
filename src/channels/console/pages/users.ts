// 账户 (管理员 only): the staff accounts, adding one, changing a role, switching one off, setting a new
// password. Every change is written to the audit log. The first 管理员 comes from `npm run user -- add`.
import { ApiError } from "../../web/errors.js";
import type { ConsolePage } from "../context.js";
import { csrfField, field, finish, rawField, requireRole } from "../context.js";
import { html } from "../html.js";
import { renderPage } from "../layout.js";
import { formatTime } from "../format.js";
import { parseRole, ROLE_NAMES, ROLES } from "../../../ops/staff/roles.js";
import { StaffError } from "../../../ops/staff/staff-store.js";

const roleSelect = (name: string, selected?: string) =>
  html`<select name="${name}">${ROLES.map((r) => html`<option value="${r}"${r === selected ? html` selected` : null}>${ROLE_NAMES[r]}</option>`)}</select>`;

export const usersPage: ConsolePage = (app, { services }) => {
  const staffError = (err: unknown) => {
    if (err instanceof StaffError) throw new ApiError("invalid_request", err.message);
    throw err;
  };

  app.get("/users", async (req, reply) => {
    requireRole(req, "admin");
    const users = await services.staff.list();
    const body = html`<table class="grid">
<thead><tr><th scope="col">用户名</th><th scope="col">姓名</th><th scope="col">角色</th><th scope="col">状态</th><th scope="col">创建时间</th><th scope="col">修改</th></tr></thead>
<tbody>${users.map(
      (u) => html`<tr>
<td>${u.username}</td><td>${u.displayName}</td><td>${ROLE_NAMES[u.role]}</td><td>${u.disabled ? "已停用" : "正常"}</td><td class="nowrap">${formatTime(u.createdAt)}</td>
<td>
<form method="post" action="/console/users/role" class="inline">${csrfField(req)}<input type="hidden" name="username" value="${u.username}">
<label class="sr">${u.username} 的角色</label>${roleSelect("role", u.role)} <button type="submit">改角色</button></form>
<form method="post" action="/console/users/${u.disabled ? "enable" : "disable"}" class="inline">${csrfField(req)}<input type="hidden" name="username" value="${u.username}"><button type="submit">${u.disabled ? "启用" : "停用"}</button></form>
<form method="post" action="/console/users/password" class="inline">${csrfField(req)}<input type="hidden" name="username" value="${u.username}">
<label>新密码 <input type="password" name="password" autocomplete="new-password" minlength="10"></label> <button type="submit">设密码</button></form>
</td></tr>`,
    )}</tbody></table>
<h2>添加账户</h2>
<form method="post" action="/console/users" class="stack">${csrfField(req)}
<label>用户名 <input name="username" required></label>
<label>姓名 <input name="displayName"></label>
<label>角色 ${roleSelect("role", "viewer")}</label>
<label>初始密码（至少 10 个字符） <input type="password" name="password" autocomplete="new-password" required minlength="10"></label>
<button type="submit">添加</button>
</form>`;
    return reply.type("text/html; charset=utf-8").send(renderPage(req, { title: "账户", active: "/console/users", body }));
  });

  app.post("/users", async (req, reply) => {
    const s = requireRole(req, "admin");
    const role = parseRole(field(req.body, "role") ?? "");
    if (!role) throw new ApiError("invalid_request", "角色须为 管理员、编辑 或 只读。");
    const username = field(req.body, "username") ?? "";
    const password = rawField(req.body, "password") ?? "";
    const user = await services.staff.add({ username, displayName: field(req.body, "displayName"), role, password }).catch(staffError);
    await services.audit.record(s.user.username, "添加账户", { 账户: user.username, 角色: ROLE_NAMES[role] });
    return finish(req, reply, "/console/users", `已添加账户「${user.username}」（${ROLE_NAMES[role]}）。`);
  });

  app.post("/users/role", async (req, reply) => {
    const s = requireRole(req, "admin");
    const role = parseRole(field(req.body, "role") ?? "");
    const username = field(req.body, "username") ?? "";
    if (!role) throw new ApiError("invalid_request", "角色须为 管理员、编辑 或 只读。");
    try {
      await services.staff.setRole(username, role);
    } catch (err) {
      staffError(err);
    }
    await services.audit.record(s.user.username, "修改角色", { 账户: username, 角色: ROLE_NAMES[role] });
    return finish(req, reply, "/console/users", `「${username}」现在是${ROLE_NAMES[role]}。`);
  });

  for (const [action, disabled] of [["disable", true], ["enable", false]] as const) {
    app.post(`/users/${action}`, async (req, reply) => {
      const s = requireRole(req, "admin");
      const username = field(req.body, "username") ?? "";
      if (disabled && username.toLowerCase() === s.user.username.toLowerCase()) throw new ApiError("invalid_request", "不能停用自己正在使用的账户。");
      try {
        await services.staff.setDisabled(username, disabled);
      } catch (err) {
        staffError(err);
      }
      await services.audit.record(s.user.username, disabled ? "停用账户" : "启用账户", { 账户: username });
      return finish(req, reply, "/console/users", `已${disabled ? "停用" : "启用"}「${username}」。`);
    });
  }

  app.post("/users/password", async (req, reply) => {
    const s = requireRole(req, "admin");
    const username = field(req.body, "username") ?? "";
    const password = rawField(req.body, "password") ?? "";
    await services.staff.setPassword(username, password).catch(staffError);
    await services.audit.record(s.user.username, "设置密码", { 账户: username }); // never the password itself
    return finish(req, reply, "/console/users", `已为「${username}」设置新密码，其已登录的会话全部退出。`);
  });
};
