// 政策匹配 for the widget's 我的单位 panel:
//   GET  /api/profile-options → the panel's choices (corpus/vocabulary.yaml profileForm), labels in Chinese and English
//   POST /api/match {profile, sessionId?, lang?} → every 专题 judged (MatchReport); the profile is remembered in the
//        conversation, so later chat answers use it. An unknown choice → 400 naming it.
import type { FastifyInstance } from "fastify";
import { ProfileFormError } from "../../../core/match.js";
import type { ProfileForm, ProfileOption } from "../../../core/types.js";
import type { WebDeps } from "../deps.js";
import { ApiError } from "../errors.js";

interface MatchBody {
  profile: ProfileForm;
  sessionId?: string;
  lang?: "zh" | "en";
}

const label = { type: "string", minLength: 1, maxLength: 100 } as const;
const labels = { type: "array", items: label, maxItems: 50 } as const;
const matchBodySchema = {
  type: "object",
  required: ["profile"],
  additionalProperties: false,
  properties: {
    profile: {
      type: "object",
      additionalProperties: false,
      properties: { unitType: label, size: label, location: label, statuses: labels, activities: labels },
    },
    sessionId: { type: "string", maxLength: 200 },
    lang: { type: "string", enum: ["zh", "en"] },
  },
} as const;

const FIELDS = new Set(["unitType", "size", "location", "statuses", "activities"]);

/** fastify's validator drops unknown keys silently; a misspelt field is a client bug worth naming. */
async function knownFields(req: { body: unknown }): Promise<void> {
  const profile = (req.body as { profile?: unknown } | null)?.profile;
  if (!profile || typeof profile !== "object" || Array.isArray(profile)) return; // the schema reports it
  const unknown = Object.keys(profile).filter((k) => !FIELDS.has(k));
  if (unknown.length) throw new ApiError("invalid_request", `profile 不认识的字段：${unknown.join("、")}（可用：${[...FIELDS].join("、")}）。`);
}

const shown = (o: ProfileOption) => ({ value: o.label, label: o.label, labelEn: o.en });

export function registerMatchRoutes(app: FastifyInstance, { assistant, webSessions }: WebDeps): void {
  app.get("/api/profile-options", async (_req, reply) => {
    void reply.header("cache-control", "public, max-age=300");
    const c = assistant.profileChoices();
    return {
      unitTypes: c.unitTypes.map(shown),
      sizes: c.sizes.map(shown),
      statuses: c.statuses.map(shown),
      locations: c.locations.map(shown),
      activities: c.activities.map(shown),
    };
  });

  app.post<{ Body: MatchBody }>("/api/match", { schema: { body: matchBodySchema }, preValidation: knownFields }, async (req) => {
    const { profile, sessionId, lang } = req.body;
    try {
      const report = await assistant.match({ profile, sessionId: webSessions.open(sessionId), lang: lang ?? "zh" });
      return { ...report, sessionId: webSessions.tokenFor(report.sessionId) };
    } catch (err) {
      if (err instanceof ProfileFormError) throw new ApiError("invalid_request", err.message);
      throw err;
    }
  });
}
