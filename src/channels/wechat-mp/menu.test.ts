import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ROOT_DIR } from "../../config.js";
import { checkMenu, checkMenuText } from "./menu.js";
import { MENU_KEYS } from "../text/callback-texts.js";

const F = "menu.json";
const click = (name: string, key: string) => ({ type: "click", name, key });
const good = () => ({
  button: [
    click("专题列表", "TOPICS"),
    click("政策匹配", "MATCH"),
    { name: "更多", sub_button: [click("使用帮助", "HELP"), { type: "view", name: "官网", url: "https://kjj.wuhan.gov.cn/" }] },
  ],
});

/** The problems of a menu that must fail, as one string per problem. */
function problems(data: unknown): string[] {
  const r = checkMenu(data, F);
  if (r.ok) throw new Error("expected the menu to be rejected");
  return r.problems;
}

describe("公众号 menu check", () => {
  it("accepts a good menu and returns it unchanged", () => {
    const r = checkMenu(good(), F);
    expect(r).toEqual({ ok: true, menu: good() });
  });

  it("accepts the repo's deploy/wechat-mp-menu.json, whose click keys cover every key the callback answers", () => {
    const file = "deploy/wechat-mp-menu.json";
    const r = checkMenuText(readFileSync(path.join(ROOT_DIR, file), "utf8"), file);
    if (!r.ok) throw new Error(r.problems.join("\n"));
    const keys = r.menu.button.flatMap((b) => [b, ...(b.sub_button ?? [])]).flatMap((b) => (b.key ? [b.key] : []));
    expect(new Set(keys)).toEqual(new Set(Object.values(MENU_KEYS)));
  });

  it("needs 1 to 3 top-level buttons", () => {
    expect(problems({ button: [] })).toEqual([`${F}: button: needs at least 1 button`]);
    const four = { button: [click("专题列表", "TOPICS"), click("政策匹配", "MATCH"), click("使用帮助", "HELP"), click("再来", "HELP")] };
    expect(problems(four)).toEqual([`${F}: button: has more than 3 buttons; WeChat allows at most 3 top-level buttons`]);
    expect(problems({})).toEqual([`${F}: button: is missing`]);
    expect(problems({ button: {} })).toEqual([`${F}: button: must be a list [...], not object`]);
  });

  it("allows at most 5 sub-menu buttons", () => {
    const m = good();
    m.button[2] = { name: "更多", sub_button: Array.from({ length: 6 }, () => click("使用帮助", "HELP")) };
    expect(problems(m)).toEqual([`${F}: button[2].sub_button: has more than 5 sub-menu buttons; WeChat allows at most 5`]);
  });

  it("limits a top-level name to 16 UTF-8 bytes and a sub-menu name to 60", () => {
    const m = good();
    m.button[0] = click("六个汉字名字", "TOPICS"); // 18 bytes
    expect(problems(m)).toEqual([
      `${F}: button[0].name: name "六个汉字名字" is 18 bytes in UTF-8; a top-level button may have at most 16 (a Chinese character is 3 bytes)`,
    ]);
    m.button[0] = click("五个汉字名", "TOPICS"); // 15 bytes: fine
    expect(checkMenu(m, F).ok).toBe(true);

    const sub = good();
    const long = "帮".repeat(21); // 63 bytes
    sub.button[2] = { name: "更多", sub_button: [click("帮".repeat(20), "HELP"), click(long, "HELP")] };
    expect(problems(sub)).toEqual([
      `${F}: button[2].sub_button[1].name: name "${long}" is 63 bytes in UTF-8; a sub-menu button may have at most 60 (a Chinese character is 3 bytes)`,
    ]);
    expect(problems({ button: [click("", "HELP")] })).toEqual([`${F}: button[0].name: name is empty`]);
  });

  it("needs a key on a click button, no longer than 128 bytes, and one the callback answers", () => {
    expect(problems({ button: [{ type: "click", name: "帮助" }] })).toEqual([`${F}: button[0].key: a click button needs a key`]);
    expect(problems({ button: [click("帮助", "K".repeat(129))] })).toEqual([`${F}: button[0].key: key is 129 bytes; WeChat allows at most 128`]);
    expect(problems({ button: [click("帮助", "HELLO")] })).toEqual([
      `${F}: button[0].key: key "HELLO" is not one the 公众号 callback answers (use TOPICS, MATCH, HELP)`,
    ]);
  });

  it("needs a url on a view button", () => {
    expect(problems({ button: [{ type: "view", name: "官网" }] })).toEqual([`${F}: button[0].url: a view button needs a url`]);
    expect(problems({ button: [{ type: "view", name: "官网", url: "kjj.wuhan.gov.cn" }] })).toEqual([
      `${F}: button[0].url: url "kjj.wuhan.gov.cn" must start with http:// or https://`,
    ]);
  });

  it("names a missing or unknown type, a misspelt field, and type on a button with a sub-menu", () => {
    expect(problems({ button: [{ name: "帮助", key: "HELP" }] })).toEqual([
      `${F}: button[0].type: is missing (use "click" or "view", or give the button a sub_button list)`,
    ]);
    expect(problems({ button: [{ type: "miniprogram", name: "帮助" }] })).toEqual([`${F}: button[0].type: type must be "click" or "view"`]);
    expect(problems({ button: [{ name: "更多", sub_buttons: [] }] })).toContain(`${F}: button[0]: unknown field "sub_buttons" (check the spelling)`);
    expect(problems({ button: [{ name: "更多", type: "click", key: "HELP", sub_button: [click("帮助", "HELP")] }] })).toEqual([
      `${F}: button[0].type: a button with a sub_button list takes no type`,
      `${F}: button[0].key: a button with a sub_button list takes no key`,
    ]);
  });

  it("reports every problem at once, and bad JSON by file", () => {
    expect(problems({ button: [click("六个汉字名字", "NOPE"), { type: "view", name: "官网" }] })).toHaveLength(3);
    const r = checkMenuText('{"button": [', F);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems[0]).toMatch(/^menu\.json: not valid JSON: /);
  });
});
