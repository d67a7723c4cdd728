// The 公众号 custom menu (deploy/wechat-mp-menu.json, the body of /cgi-bin/menu/create), checked against
// WeChat's rules before publishing, so staff see their mistake by file and JSON path instead of an errcode.
import { z } from "zod";
import { MENU_KEYS } from "../text/callback-texts.js";

// Only the keys the callback answers: a CLICK with any other key would get no reply.
const HANDLED_KEYS: readonly string[] = Object.values(MENU_KEYS);

// WeChat counts names and keys in UTF-8 bytes (a Chinese character is 3).
const bytes = (s: string) => new TextEncoder().encode(s).length;

const name = (max: number, what: string) =>
  z
    .string()
    .min(1, "name is empty")
    .refine(
      (s) => bytes(s) <= max,
      (s) => ({ message: `name "${s}" is ${bytes(s)} bytes in UTF-8; a ${what} may have at most ${max} (a Chinese character is 3 bytes)` }),
    );

const leafFields = {
  type: z.enum(["click", "view"], { errorMap: () => ({ message: 'type must be "click" or "view"' }) }).optional(),
  key: z.string().optional(),
  url: z.string().optional(),
};

type Leaf = { type?: "click" | "view"; key?: string; url?: string };

// A button that does something: click needs a handled key, view a web address.
function checkLeaf(b: Leaf, ctx: z.RefinementCtx): void {
  if (b.type === undefined) {
    ctx.addIssue({ code: "custom", path: ["type"], message: 'is missing (use "click" or "view", or give the button a sub_button list)' });
  } else if (b.type === "click") {
    if (b.key === undefined || b.key === "") ctx.addIssue({ code: "custom", path: ["key"], message: "a click button needs a key" });
    else if (bytes(b.key) > 128) ctx.addIssue({ code: "custom", path: ["key"], message: `key is ${bytes(b.key)} bytes; WeChat allows at most 128` });
    else if (!HANDLED_KEYS.includes(b.key))
      ctx.addIssue({ code: "custom", path: ["key"], message: `key "${b.key}" is not one the 公众号 callback answers (use ${HANDLED_KEYS.join(", ")})` });
    if (b.url !== undefined) ctx.addIssue({ code: "custom", path: ["url"], message: "a click button takes a key, not a url" });
  } else {
    if (b.url === undefined || b.url === "") ctx.addIssue({ code: "custom", path: ["url"], message: "a view button needs a url" });
    else if (!/^https?:\/\/\S+$/.test(b.url)) ctx.addIssue({ code: "custom", path: ["url"], message: `url "${b.url}" must start with http:// or https://` });
    else if (bytes(b.url) > 1024) ctx.addIssue({ code: "custom", path: ["url"], message: `url is ${bytes(b.url)} bytes; WeChat allows at most 1024` });
    if (b.key !== undefined) ctx.addIssue({ code: "custom", path: ["key"], message: "a view button takes a url, not a key" });
  }
}

const subButton = z
  .object({ name: name(60, "sub-menu button"), ...leafFields })
  .strict()
  .superRefine(checkLeaf);

const topButton = z
  .object({
    name: name(16, "top-level button"),
    ...leafFields,
    sub_button: z.array(subButton).max(5, "has more than 5 sub-menu buttons; WeChat allows at most 5").optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    // With sub-menu buttons the top button only opens the sub-menu; type/key/url would be ignored.
    if (b.sub_button && b.sub_button.length > 0) {
      for (const f of ["type", "key", "url"] as const)
        if (b[f] !== undefined) ctx.addIssue({ code: "custom", path: [f], message: `a button with a sub_button list takes no ${f}` });
    } else checkLeaf(b, ctx);
  });

export const menuSchema = z
  .object({
    button: z
      .array(topButton)
      .min(1, "needs at least 1 button")
      .max(3, "has more than 3 buttons; WeChat allows at most 3 top-level buttons"),
  })
  .strict();

export type Menu = z.infer<typeof menuSchema>;

export type MenuCheck = { ok: true; menu: Menu } | { ok: false; problems: string[] };

/** "button[1].sub_button[0].name"; the root is "(top level)". */
function jsonPath(path: (string | number)[]): string {
  if (path.length === 0) return "(top level)";
  return path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("");
}

// Plain words for zod's built-in issues (the rule-specific ones above carry their own message).
const errorMap: z.ZodErrorMap = (issue, ctx) => {
  if (issue.code === "invalid_type") {
    if (issue.received === "undefined") return { message: "is missing" };
    return { message: `must be ${issue.expected === "array" ? "a list [...]" : issue.expected === "object" ? "an object {...}" : issue.expected}, not ${issue.received}` };
  }
  if (issue.code === "unrecognized_keys") return { message: `unknown field ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling)` };
  return { message: ctx.defaultError };
};

/** Checks a parsed menu file; each problem reads "file: json.path: what is wrong". */
export function checkMenu(data: unknown, file: string): MenuCheck {
  const r = menuSchema.safeParse(data, { errorMap });
  if (r.success) return { ok: true, menu: r.data };
  return { ok: false, problems: r.error.issues.map((i) => `${file}: ${jsonPath(i.path)}: ${i.message}`) };
}

/** Parses and checks the menu file's text (a JSON syntax error is a problem too). */
export function checkMenuText(text: string, file: string): MenuCheck {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { ok: false, problems: [`${file}: not valid JSON: ${err instanceof Error ? err.message : String(err)}`] };
  }
  return checkMenu(data, file);
}
