// An Assistant whose pipeline can be replaced while it serves: each call uses the pipeline that was
// current when it started, so a reindex never disturbs an answer in flight.
import type { AnswerFn, Assistant, IndexInfo, MatchFn, ProfileFormChoices, SessionStore, TopicSummary } from "../core/types.js";
import type { WiredAssistant } from "../wiring.js";

export class SwappableAssistant implements Assistant {
  constructor(
    private live: WiredAssistant,
    readonly sessions: SessionStore,
  ) {}

  readonly answer: AnswerFn = (input, opts) => this.live.answer(input, opts);

  readonly match: MatchFn = (input) => this.live.match(input);

  profileChoices(): ProfileFormChoices {
    return this.live.profileChoices();
  }

  topics(): TopicSummary[] {
    return this.live.topics();
  }

  indexInfo(): IndexInfo {
    return this.live.indexInfo();
  }

  /** The pipeline serving now (reindex compares against it). */
  current(): WiredAssistant {
    return this.live;
  }

  /** Atomically replaces the pipeline; returns the previous one. */
  swap(next: WiredAssistant): WiredAssistant {
    const prev = this.live;
    this.live = next;
    return prev;
  }

  /** The shared session store belongs to the ops runtime, which closes it with the database. */
  async close(): Promise<void> {}
}
