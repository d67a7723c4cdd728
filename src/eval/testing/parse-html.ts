// A small strict HTML parser for tests: builds an element tree and throws on mismatched tags, so a test
// can assert the report's structure (charts, cases) instead of grepping strings.
export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: (El | string)[];
  parent?: El;
}

const VOID = new Set(["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]);
const RAW = new Set(["style", "script"]);
const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", nbsp: "\u00a0" };
const decode = (s: string) => s.replace(/&(#?\w+);/g, (m, e: string) => ENTITIES[e] ?? m);

export function parseHtml(html: string): El {
  const root: El = { tag: "#root", attrs: {}, children: [] };
  let cur = root;
  const re = /<!--[\s\S]*?-->|<!doctype[^>]*>|<\/([a-zA-Z][\w-]*)\s*>|<([a-zA-Z][\w-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*)\s*(\/?)>/gi;
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html))) {
    if (m.index > last) cur.children.push(decode(html.slice(last, m.index)));
    last = re.lastIndex;
    if (m[1]) {
      const tag = m[1].toLowerCase();
      if (cur.tag !== tag) throw new Error(`</${tag}> closes <${cur.tag}> at offset ${m.index}`);
      cur = cur.parent!;
    } else if (m[2]) {
      const tag = m[2].toLowerCase();
      const attrs: Record<string, string> = {};
      for (const a of m[3].matchAll(/([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
        attrs[a[1].toLowerCase()] = decode(a[2] ?? a[3] ?? a[4] ?? "");
      }
      const el: El = { tag, attrs, children: [], parent: cur };
      cur.children.push(el);
      if (RAW.has(tag)) {
        const end = html.toLowerCase().indexOf(`</${tag}>`, last);
        if (end < 0) throw new Error(`unclosed <${tag}>`);
        el.children.push(html.slice(last, end));
        last = re.lastIndex = end + tag.length + 3;
      } else if (!VOID.has(tag) && m[4] !== "/") {
        cur = el;
      }
    }
  }
  if (cur !== root) throw new Error(`unclosed <${cur.tag}>`);
  if (last < html.length) root.children.push(decode(html.slice(last)));
  return root;
}

export function findAll(el: El, pred: (e: El) => boolean): El[] {
  const out: El[] = [];
  const walk = (e: El) => {
    for (const c of e.children) {
      if (typeof c === "string") continue;
      if (pred(c)) out.push(c);
      walk(c);
    }
  };
  walk(el);
  return out;
}

export const byId = (el: El, id: string): El | undefined => findAll(el, (e) => e.attrs.id === id)[0];
export const byClass = (el: El, cls: string): El[] => findAll(el, (e) => (e.attrs.class ?? "").split(/\s+/).includes(cls));
export const textOf = (el: El): string => el.children.map((c) => (typeof c === "string" ? c : textOf(c))).join("");
