// The widget's icons as inline SVG, drawn here on a 24×24 grid. Emoji are not used anywhere in the
// UI: office PCs without an emoji font (UOS, Kylin, older Windows) show them as empty boxes.

const SVG_NS = "http://www.w3.org/2000/svg";

/** Stroke paths (currentColor, 2 px, round ends), so an icon takes the colour of its button text. */
const PATHS = {
  chat: "M20 11.5a7.5 7.5 0 0 1-10.9 6.7L4 19.5l1.3-4.6A7.5 7.5 0 1 1 20 11.5zM8.5 11.5h.01M12 11.5h.01M15.5 11.5h.01",
  close: "M6 6l12 12M18 6L6 18",
  plus: "M12 5v14M5 12h14",
  building: "M4 21V4.5a.5.5 0 0 1 .5-.5h9a.5.5 0 0 1 .5.5V21M14 9h5.5a.5.5 0 0 1 .5.5V21M2.5 21h19M7.5 8h3M7.5 12h3M7.5 16h3M17 13v.01M17 17v.01",
  thumbUp: "M7 10.5v9.5H4v-9.5zM7 10.5l3.6-7a1.9 1.9 0 0 1 3.4 1.5l-.9 4.2h5.4a2 2 0 0 1 2 2.4l-1.3 6.8A2 2 0 0 1 17.2 20H7",
  thumbDown: "M17 13.5V4h3v9.5zM17 13.5l-3.6 7a1.9 1.9 0 0 1-3.4-1.5l.9-4.2H5.5a2 2 0 0 1-2-2.4l1.3-6.8A2 2 0 0 1 6.8 4H17",
  send: "M21 3L10 14M21 3l-6.5 18-4.5-7-7-4.5z",
  alert: "M12 3.5a8.5 8.5 0 1 1 0 17a8.5 8.5 0 1 1 0-17zM12 8v5M12 16.2v.01",
} as const;

export type IconName = keyof typeof PATHS;

/** A decorative icon: hidden from assistive technology; the button or text beside it carries the name. */
export function icon(name: IconName, size = 18): SVGSVGElement {
  const svg = document.createElementNS(SVG_NS, "svg");
  for (const [k, v] of Object.entries({
    viewBox: "0 0 24 24",
    width: String(size),
    height: String(size),
    fill: "none",
    stroke: "currentColor",
    "stroke-width": "2",
    "stroke-linecap": "round",
    "stroke-linejoin": "round",
    "aria-hidden": "true",
    focusable: "false",
    class: `icon icon-${name}`,
  })) {
    svg.setAttribute(k, v);
  }
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", PATHS[name]);
  svg.append(path);
  return svg;
}
