// The code revision a report measured, so numbers can be tied to the change that produced them.
import { spawnSync } from "node:child_process";

export interface Revision {
  commit: string | null;
  /** Uncommitted changes were present: the numbers may not match `commit` exactly. */
  dirty: boolean;
}

export function codeRevision(rootDir: string): Revision {
  const git = (args: string[]) => spawnSync("git", args, { cwd: rootDir, encoding: "utf8", timeout: 5000 });
  const head = git(["rev-parse", "HEAD"]);
  if (head.status !== 0) return { commit: null, dirty: false };
  const status = git(["status", "--porcelain", "--untracked-files=no"]);
  return { commit: head.stdout.trim(), dirty: status.stdout.trim().length > 0 };
}
