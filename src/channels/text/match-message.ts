// Decides what the bot should do with one incoming WeChat message. Pure: the plugin flattens a
// wechaty Message into `IncomingMessage`, so every rule here is unit-testable without a puppet.

export type IncomingKind =
  | "text"
  | "image"
  | "audio"
  | "video"
  | "attachment"
  | "emoticon"
  | "system" // group notes, recalls, friend-request notices
  | "other"; // links, mini programs, red envelopes, contact cards…

export interface IncomingMessage {
  /** Sent by the logged-in account itself (wechaty's message.self()). */
  self: boolean;
  /** Talker's contact type: official accounts and corporations never get answers. */
  talkerType: "individual" | "official" | "corporation" | "unknown";
  /** Talker id, to drop WeChat's own system senders. */
  talkerId: string;
  kind: IncomingKind;
  text: string;
  inRoom: boolean;
  /** The puppet reports the bot in the mention list. */
  mentionSelf: boolean;
  /** Milliseconds since the message was sent; backlog replayed after a reconnect is skipped. */
  ageMs?: number;
}

export interface MatchOptions {
  /** Names the bot may be @-mentioned by: its nickname and its alias in the room. */
  selfNames: string[];
  /** Group messages starting with this are questions even without an @. */
  groupPrefix: string;
  /** Messages older than this are ignored (default 5 minutes). */
  maxAgeMs?: number;
}

export type Command = "help" | "topics" | "reset" | "match";

export type IgnoreReason =
  | "self"
  | "official"
  | "system"
  | "stale"
  | "not-addressed"
  | "unsupported"
  | "empty";

export type MatchResult =
  | { action: "ignore"; reason: IgnoreReason }
  | { action: "hint"; kind: IncomingKind } // non-text in a private chat: say we only read text
  | { action: "command"; command: Command }
  | { action: "ask"; question: string };

/** Contact ids WeChat uses for its own notices (not people). */
const SYSTEM_TALKERS = new Set(["weixin", "filehelper", "fmessage", "newsapp", "medianote", "floatbottle"]);

const COMMANDS: Record<string, Command> = {
  帮助: "help",
  help: "help",
  菜单: "help",
  "?": "help",
  "？": "help",
  专题列表: "topics",
  专题: "topics",
  政策匹配: "match",
  重新开始: "reset",
  重置: "reset",
};

const DEFAULT_MAX_AGE_MS = 5 * 60_000;

// "@name" is followed by U+2005 (four-per-em space) in real clients, a plain space or the end in others.
const MENTION_END = "(?:\\u2005|\\u0020|$)";

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Remove the bot's @-mentions; returns the rest and whether a mention was found. */
export function stripMentions(text: string, selfNames: string[]): { text: string; mentioned: boolean } {
  let out = text;
  let mentioned = false;
  for (const name of selfNames.filter(Boolean)) {
    const re = new RegExp(`@${escapeRegExp(name)}${MENTION_END}`, "g");
    if (re.test(out)) {
      mentioned = true;
      out = out.replace(re, " ");
    }
  }
  return { text: out.replace(/\s+/g, " ").trim(), mentioned };
}

/** If `text` starts with the group prefix, return the rest (punctuation after the prefix dropped). */
export function stripPrefix(text: string, prefix: string): string | undefined {
  const t = text.trimStart();
  if (!prefix || !t.startsWith(prefix)) return undefined;
  return t.slice(prefix.length).replace(/^[\s,，:：、!！]+/, "").trim();
}

function asCommand(text: string): Command | undefined {
  const key = text.replace(/[\s。.!！]+$/g, "").trim().toLowerCase();
  return COMMANDS[key];
}

export function matchMessage(msg: IncomingMessage, opts: MatchOptions): MatchResult {
  if (msg.self) return { action: "ignore", reason: "self" };
  if (msg.talkerType === "official" || msg.talkerType === "corporation") {
    return { action: "ignore", reason: "official" };
  }
  if (msg.kind === "system" || SYSTEM_TALKERS.has(msg.talkerId)) return { action: "ignore", reason: "system" };
  if (msg.ageMs !== undefined && msg.ageMs > (opts.maxAgeMs ?? DEFAULT_MAX_AGE_MS)) {
    return { action: "ignore", reason: "stale" };
  }

  if (msg.kind !== "text") {
    // In a group nobody addresses the bot with a picture; only private chats get the hint.
    if (msg.inRoom) return { action: "ignore", reason: "unsupported" };
    if (msg.kind === "other") return { action: "ignore", reason: "unsupported" };
    return { action: "hint", kind: msg.kind };
  }

  let question: string;
  if (msg.inRoom) {
    const stripped = stripMentions(msg.text, opts.selfNames);
    if (msg.mentionSelf || stripped.mentioned) {
      question = stripped.text;
      // "@bot 政策助手 …" — drop a redundant prefix too.
      question = stripPrefix(question, opts.groupPrefix) ?? question;
    } else {
      const rest = stripPrefix(msg.text, opts.groupPrefix);
      if (rest === undefined) return { action: "ignore", reason: "not-addressed" };
      question = rest;
    }
    // Addressed with nothing else: show what the bot can do.
    if (!question) return { action: "command", command: "help" };
  } else {
    question = msg.text.trim();
    if (!question) return { action: "ignore", reason: "empty" };
  }

  const command = asCommand(question);
  if (command) return { action: "command", command };
  return { action: "ask", question };
}
