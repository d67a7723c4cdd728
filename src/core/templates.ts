// Staff-editable answer templates (prompts/answer-templates.*.md): "## name" sections with {{variables}}.
export type Templates = Record<string, string>;

/** Parse a templates file; HTML comments are documentation for staff and dropped. */
export function parseTemplates(markdown: string): Templates {
  const text = markdown.replace(/<!--[\s\S]*?-->/g, "");
  const out: Templates = {};
  let name: string | undefined;
  let body: string[] = [];
  const flush = () => {
    if (name) out[name] = body.join("\n").trim();
  };
  for (const line of text.split("\n")) {
    const m = line.match(/^##\s+([a-z0-9_]+)\s*$/);
    if (m) {
      flush();
      name = m[1];
      body = [];
    } else body.push(line);
  }
  flush();
  return out;
}

interface CompiledLine {
  line: string;
  names: string[];
}

// Templates are fixed after loading: split each into lines and find its variables once, not per answer.
const compiled = new Map<string, CompiledLine[]>();

function compile(tpl: string): CompiledLine[] {
  let c = compiled.get(tpl);
  if (!c) {
    c = tpl.split("\n").map((line) => ({ line, names: [...line.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!) }));
    if (compiled.size > 1000) compiled.clear(); // templates are few; this only guards against misuse
    compiled.set(tpl, c);
  }
  return c;
}

/** Fill {{vars}}; a line whose variables are all empty is dropped; runs of blank lines collapse. */
export function render(templates: Templates, name: string, vars: Record<string, string | number | undefined>): string {
  const tpl = templates[name];
  if (tpl === undefined) throw new Error(`answer template "${name}" is missing`);
  const lines: string[] = [];
  for (const { line, names } of compile(tpl)) {
    if (names.length === 0) {
      lines.push(line);
      continue;
    }
    if (names.every((n) => vars[n] === undefined || vars[n] === "")) continue;
    lines.push(line.replace(/\{\{(\w+)\}\}/g, (_, n: string) => String(vars[n] ?? "")));
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
