// Channels cap a text message in UTF-8 bytes (公众号 passive text and 企业微信 text: 2048), and a CJK
// character is 3 bytes, so long answers are cut into pieces that each fit: at paragraph ends first,
// then sentence ends (。！？；), then between characters — never inside a surrogate pair.

/** 公众号 passive replies, 客服消息 and 企业微信 application text all cut at 2048 bytes. */
export const WECHAT_TEXT_MAX_BYTES = 2048;

export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

interface Fragment {
  text: string;
  /** What joins it to the fragment before it in the same piece. */
  sep: string;
}

const SENTENCE_RE = /[^。！？；]*[。！？；]+|[^。！？；]+/g;

/** Code-point chunks of at most `maxBytes` each (Array.from walks code points, so pairs stay whole). */
function splitChars(text: string, maxBytes: number): string[] {
  const out: string[] = [];
  let cur = "";
  for (const ch of Array.from(text)) {
    if (cur && utf8Bytes(cur + ch) > maxBytes) {
      out.push(cur);
      cur = "";
    }
    cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function fragments(text: string, maxBytes: number): Fragment[] {
  const out: Fragment[] = [];
  for (const para of text.split(/\n{2,}/).map((p) => p.trim()).filter(Boolean)) {
    let sep = "\n\n";
    const parts = utf8Bytes(para) <= maxBytes ? [para] : (para.match(SENTENCE_RE) ?? [para]);
    for (const part of parts) {
      for (const piece of utf8Bytes(part) <= maxBytes ? [part] : splitChars(part, maxBytes)) {
        out.push({ text: piece, sep });
        sep = ""; // later fragments continue the same paragraph
      }
    }
  }
  return out;
}

/** `text` as pieces of at most `maxBytes` UTF-8 bytes each, packed greedily; [] for blank text. */
export function splitReply(text: string, maxBytes: number = WECHAT_TEXT_MAX_BYTES): string[] {
  // A 4-byte character must fit on its own, or no split could make progress.
  if (maxBytes < 4) throw new RangeError("maxBytes must be at least 4");
  const pieces: string[] = [];
  let cur = "";
  for (const { text: t, sep } of fragments(text, maxBytes)) {
    if (!cur) cur = t;
    else if (utf8Bytes(cur + sep + t) <= maxBytes) cur += sep + t;
    else {
      pieces.push(cur);
      cur = t;
    }
  }
  if (cur) pieces.push(cur);
  return pieces;
}

/** Note ending a reply that had to be cut because the channel can carry one message only. */
export const SHORTENED_NOTE = "\n\n（回答较长，已截取前面部分；可以追问具体的专题或条件。）";

/** The first piece that fits with `note` appended; `text` itself when it fits whole. */
export function truncateReply(text: string, maxBytes: number = WECHAT_TEXT_MAX_BYTES, note = SHORTENED_NOTE): string {
  const whole = splitReply(text, maxBytes);
  if (whole.length <= 1) return whole[0] ?? "";
  const first = splitReply(text, maxBytes - utf8Bytes(note))[0] ?? "";
  return first + note;
}
