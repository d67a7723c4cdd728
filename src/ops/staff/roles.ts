// Console roles. 只读 reads every page; 编辑 also labels feedback, edits the corpus, publishes, rolls back
// and runs evals; 管理员 also manages accounts. Checked on the server for every route, never only hidden.
export const ROLES = ["admin", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_NAMES: Record<Role, string> = { admin: "管理员", editor: "编辑", viewer: "只读" };

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

/** Accepts the English key or the Chinese name (the CLI takes either). */
export function parseRole(text: string): Role | undefined {
  const t = text.trim();
  if ((ROLES as readonly string[]).includes(t)) return t as Role;
  return ROLES.find((r) => ROLE_NAMES[r] === t);
}
