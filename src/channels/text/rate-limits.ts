// Per-user and per-room budgets shared by every text channel, so a single chatty user or group cannot
// spend the assistant for everyone. The first message over a limit gets a polite notice, later ones silence.
import { RateLimiter } from "../../ops/rate-limiter.js";
import { ROOM_RATE_TEXT, USER_RATE_TEXT } from "./replies.js";

export interface RateLimitSettings {
  userMax: number;
  userWindowS: number;
  roomMax?: number;
  roomWindowS?: number;
}

/** allow: go on; notice: send `text` once and stop; silent: stop without a word. */
export type RateVerdict = { action: "allow" } | { action: "notice"; scope: "user" | "room"; text: string } | { action: "silent"; scope: "user" | "room" };

export class TextRateLimits {
  private readonly user: RateLimiter;
  private readonly room: RateLimiter | undefined;

  constructor(settings: RateLimitSettings) {
    this.user = new RateLimiter(settings.userMax, settings.userWindowS * 1000);
    this.room =
      settings.roomMax !== undefined && settings.roomWindowS !== undefined ? new RateLimiter(settings.roomMax, settings.roomWindowS * 1000) : undefined;
  }

  /** Counts one message from `userHash` (in `roomHash`, when in a group) at time `t`. */
  check(userHash: string, t: number, roomHash?: string): RateVerdict {
    const room = roomHash ? this.room : undefined;
    // Room first: a chatty group stops before any single member's budget is spent.
    if (room && roomHash && !room.wouldAllow(roomHash, t)) {
      return room.hit(roomHash, t) === "notice" ? { action: "notice", scope: "room", text: ROOM_RATE_TEXT } : { action: "silent", scope: "room" };
    }
    const decision = this.user.hit(userHash, t);
    if (decision === "notice") return { action: "notice", scope: "user", text: USER_RATE_TEXT };
    if (decision === "silent") return { action: "silent", scope: "user" };
    if (room && roomHash) room.hit(roomHash, t);
    return { action: "allow" };
  }
}
