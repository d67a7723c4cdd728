// What every route module receives; new route files (feedback, admin…) take the same object.
import type { Config } from "../../config.js";
import type { Assistant } from "../../core/types.js";
import type { OpsServices } from "../../ops/runtime.js";
import type { WebSessions } from "./web-session.js";
import type { SocketCounters } from "./plugins/closed-sockets.js";
import type { AttemptCounters } from "../../ops/scale/attempt-counter.js";

export interface WebDeps {
  assistant: Assistant;
  config: Config;
  /** Issues and verifies the session ids web clients hold. */
  webSessions: WebSessions;
  /** Counters of the connections layer (reported by /admin/stats). */
  sockets: SocketCounters;
  /** Counters of wrong passwords and tokens: shared by the replicas with REDIS_URL, else this process's. */
  attempts: AttemptCounters;
  /** Database-backed services (feedback, admin); absent in tests that drive a bare assistant. */
  ops?: OpsServices;
}
