// What every route module receives; new route files (feedback, admin…) take the same object.
import type { Config } from "../../config.js";
import type { Assistant } from "../../core/types.js";

export interface WebDeps {
  assistant: Assistant;
  config: Config;
}
