// The only module that reads process.env. Every setting is validated here with a safe default,
// and a bad value fails fast with a message naming the variable.
import path from "node:path";
import { z } from "zod";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, "must be a whole number")
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

const num = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, "must be a number")
    .transform(Number)
    .pipe(z.number().min(min).max(max));

const url = z.string().url("must be a URL such as http://127.0.0.1:11434/v1");

// EncodingAESKey: base64 of a 32-byte key without its trailing "=".
const aesKey = z.string().regex(/^[A-Za-z0-9+/]{43}$/, "must be the 43-character EncodingAESKey");

const list = z
  .string()
  .transform((s) => s.split(",").map((x) => x.trim()).filter(Boolean));

/** Environment variables, their defaults and meaning (README "Configuration" mirrors this). */
const envSchema = z.object({
  HOST: z.string().min(1).default("127.0.0.1"), // address the web server binds
  PORT: int(0, 65535).default("3000"), // web server port
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATA_DIR: z.string().min(1).default(".data"), // index, database
  CORPUS_DIR: z.string().min(1).default("corpus"), // Markdown corpus
  PROMPTS_DIR: z.string().min(1).default("prompts"), // answer templates and LLM prompts

  // Embeddings: "offline" (hashed lexical vectors, no model) or "openai" (any OpenAI-compatible /embeddings).
  EMBEDDINGS: z.enum(["offline", "openai"]).default("offline"),
  EMBEDDINGS_BASE_URL: url.optional(),
  EMBEDDINGS_MODEL: z.string().min(1).default("bge-m3"),
  EMBEDDINGS_API_KEY: z.string().default("not-needed"),
  EMBEDDINGS_DIMENSIONS: int(16, 8192).default("512"), // offline embedder dimension

  // Optional LLM composer through an OpenAI-compatible chat endpoint; off when LLM_BASE_URL is unset.
  LLM_BASE_URL: url.optional(),
  LLM_MODEL: z.string().min(1).default("qwen2.5:7b-instruct"),
  LLM_API_KEY: z.string().default("not-needed"),
  LLM_TIMEOUT_MS: int(100, 120_000).default("8000"),
  LLM_TEMPERATURE: num(0, 2).default("0.1"),

  SESSION_TTL_S: int(60, 30 * 24 * 3600).default("3600"), // conversation memory lifetime
  SESSION_MEMORY_MAX: int(100, 1_000_000).default("10000"), // one-question conversations held in memory only
  ANSWER_CACHE_MAX: int(0, 1_000_000).default("2000"), // opening questions whose answers are kept in memory (0 = off; off with an LLM)
  TOPIC_MIN_SCORE: num(0, 1).default("0.5"), // below this no 专题 is suggested

  // Web channel
  WIDGET_ORIGINS: list.default(""), // browser origins allowed to call the API (comma-separated)
  BODY_LIMIT_BYTES: int(1024, 10 * 1024 * 1024).default("16384"),
  REQUEST_TIMEOUT_MS: int(1000, 600_000).default("15000"),
  RATE_LIMIT_MAX: int(1, 1_000_000).default("60"), // requests per IP per window
  RATE_LIMIT_WINDOW_MS: int(1000, 86_400_000).default("60000"),
  TRUST_PROXY: bool.default("false"),
  ADMIN_RATE_LIMIT_MAX: int(1, 1_000_000).default("600"), // authenticated admin requests per IP per window (own budget)
  ADMIN_AUTH_FAIL_MAX: int(1, 10_000).default("10"), // wrong admin tokens per IP before it is locked out
  ADMIN_AUTH_FAIL_WINDOW_S: int(1, 86_400).default("900"), // lockout window for wrong admin tokens

  // Ops
  ADMIN_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
  HASH_SALT: z.string().min(1).default("change-me-in-production"), // salts hashed user ids and IPs
  SESSION_PURGE_INTERVAL_S: int(1, 86_400).default("600"), // how often expired sessions are deleted
  MESSAGE_RETENTION_DAYS: int(1, 36_500).default("180"), // logged answers are deleted after this, not while their feedback is kept
  FEEDBACK_RETENTION_DAYS: int(1, 36_500).default("730"), // ratings (staff turn them into eval cases) are deleted after this
  RETENTION_BATCH_ROWS: int(10, 100_000).default("1000"), // rows per delete transaction: a backlog never holds the write lock long
  REINDEX_EVAL_FILE: z.string().min(1).default("eval/questions.jsonl"), // regression subset source
  REINDEX_REGRESSION_PER_KIND: int(1, 1000).default("5"), // first N topic/out_of_scope/injection cases
  RELOAD_POLL_MS: int(100, 60_000).default("1000"), // how often the server checks DATA_DIR/reindex.signal
  // Several replicas: with a Redis URL they share the HTTP rate limit and tell each other about reindexes.
  REDIS_URL: z.string().regex(/^rediss?:\/\/\S+$/, "must be a URL such as redis://127.0.0.1:6379").optional(),
  REDIS_CATCHUP_S: int(0, 86_400).default("30"), // how often a replica looks for a reindex broadcast it missed (0: on reconnect only)
  // Sessions, messages, feedback, staff accounts and the audit log in PostgreSQL instead of DATA_DIR/assistant.db.
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\/\S+$/, "must be a URL such as postgres://user@host:5432/db").optional(),
  DATABASE_POOL_MAX: int(1, 1000).default("10"), // connections per replica
  // Where the built index lives (default DATA_DIR/index); a directory on shared storage gives all replicas one build.
  INDEX_DIR: z.string().min(1).optional(),

  // Staff console (/console): accounts are created with `npm run user -- add`.
  CONSOLE_ENABLED: bool.default("true"),
  CONSOLE_SESSION_IDLE_S: int(60, 7 * 86_400).default("28800"), // logged out after this long without a request
  CONSOLE_SESSION_MAX_S: int(60, 30 * 86_400).default("43200"), // and this long after login at the latest
  CONSOLE_LOGIN_FAIL_MAX: int(1, 1000).default("5"), // wrong passwords per account and per IP before a lockout
  CONSOLE_LOGIN_FAIL_WINDOW_S: int(1, 86_400).default("900"),
  CONSOLE_COOKIE_SECURE: bool.default("false"), // set true behind HTTPS so the session cookie is never sent in clear
  CONSOLE_UPLOAD_MAX_BYTES: int(1024, 200 * 1024 * 1024).default("20971520"), // one uploaded guideline document

  // WeChat channel
  WECHAT_ENABLED: bool.default("false"), // run the bot inside `npm start`
  WECHATY_PUPPET: z.string().min(1).default("wechaty-puppet-wechat4u"),
  WECHATY_PUPPET_SERVICE_TOKEN: z.string().optional(),
  WECHAT_BOT_NAME: z.string().min(1).default("科技计划政策助手"),
  WECHAT_GROUP_PREFIX: z.string().min(1).default("政策助手"),
  WECHAT_USER_RATE_MAX: int(1, 10_000).default("10"), // messages per user per window
  WECHAT_USER_RATE_WINDOW_S: int(1, 86_400).default("60"),
  WECHAT_ROOM_RATE_MAX: int(1, 100_000).default("30"), // messages per room per window
  WECHAT_ROOM_RATE_WINDOW_S: int(1, 86_400).default("60"),

  // 公众号 (service account) and 企业微信 (WeCom app) callbacks; each is on only when its token is set.
  WECHAT_MP_TOKEN: z.string().regex(/^[A-Za-z0-9]{3,32}$/, "must be 3-32 letters or digits (the Token set in 公众平台)").optional(),
  WECHAT_MP_AES_KEY: aesKey.optional(), // 安全模式/兼容模式; plaintext mode without it
  WECHAT_MP_APP_ID: z.string().min(1).optional(), // checked inside every decrypted message
  WECHAT_MP_APP_SECRET: z.string().min(1).optional(),
  WECOM_TOKEN: z.string().regex(/^[A-Za-z0-9]{1,32}$/, "must be at most 32 letters or digits (the Token set in 企业微信)").optional(),
  WECOM_AES_KEY: aesKey.optional(),
  WECOM_CORP_ID: z.string().min(1).optional(),
  WECOM_CORP_SECRET: z.string().min(1).optional(), // the self-built app's Secret
  WECOM_AGENT_ID: int(1, 2 ** 31 - 1).optional(),
  WECHAT_MP_REPLY_BUDGET_MS: int(100, 4800).default("4500"), // a passive reply must leave within WeChat's 5 s
  WECHAT_API_BASE: url.default("https://api.weixin.qq.com"), // tests point these at a local fake platform
  WECOM_API_BASE: url.default("https://qyapi.weixin.qq.com"),

  // Eval
  EVAL_TOLERANCE: num(0, 1).default("0.02"), // allowed metric drop in --compare
});

type Env = z.infer<typeof envSchema>;

export interface Config extends Omit<Env, "DATA_DIR" | "CORPUS_DIR" | "PROMPTS_DIR" | "INDEX_DIR"> {
  /** Absolute paths, resolved against the project root. */
  DATA_DIR: string;
  CORPUS_DIR: string;
  PROMPTS_DIR: string;
  INDEX_DIR: string;
  DB_FILE: string;
  ROOT_DIR: string;
}

export class ConfigError extends Error {
  constructor(public readonly issues: { variable: string; message: string }[]) {
    super(
      "Invalid configuration:\n" +
        issues.map((i) => `  ${i.variable}: ${i.message}`).join("\n"),
    );
    this.name = "ConfigError";
  }
}

export const ROOT_DIR = path.resolve(import.meta.dirname, "..");

/** Parse configuration from an env-like record (tests pass their own). */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings mean "unset" so that `FOO= npm start` falls back to the default.
  const cleaned: Record<string, string> = {};
  for (const key of Object.keys(envSchema.shape)) {
    const v = env[key];
    if (v !== undefined && v !== "") cleaned[key] = v;
  }
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => ({
        variable: String(i.path[0] ?? "?"),
        message: i.message + (cleaned[String(i.path[0])] !== undefined ? ` (got "${cleaned[String(i.path[0])]}")` : ""),
      })),
    );
  }
  const e = parsed.data;
  if (e.EMBEDDINGS === "openai" && !e.EMBEDDINGS_BASE_URL) {
    throw new ConfigError([{ variable: "EMBEDDINGS_BASE_URL", message: "is required when EMBEDDINGS=openai" }]);
  }
  // A channel that is switched on must have what its protocol needs, or it would fail on the first message.
  const missing = (on: unknown, names: (keyof Env)[]) => (on ? names.filter((n) => e[n] === undefined) : []);
  const required = [
    ...missing(e.WECHAT_MP_AES_KEY && e.WECHAT_MP_TOKEN, ["WECHAT_MP_APP_ID"]).map((v) => ({ v, why: "when WECHAT_MP_AES_KEY is set" })),
    ...missing(e.WECOM_TOKEN, ["WECOM_AES_KEY", "WECOM_CORP_ID", "WECOM_CORP_SECRET", "WECOM_AGENT_ID"]).map((v) => ({ v, why: "when WECOM_TOKEN is set" })),
  ];
  if (required.length) throw new ConfigError(required.map(({ v, why }) => ({ variable: v, message: `is required ${why}` })));
  const abs = (p: string) => path.resolve(ROOT_DIR, p);
  const dataDir = abs(e.DATA_DIR);
  return {
    ...e,
    DATA_DIR: dataDir,
    CORPUS_DIR: abs(e.CORPUS_DIR),
    PROMPTS_DIR: abs(e.PROMPTS_DIR),
    INDEX_DIR: e.INDEX_DIR ? abs(e.INDEX_DIR) : path.join(dataDir, "index"),
    DB_FILE: path.join(dataDir, "assistant.db"),
    ROOT_DIR,
  };
}

/**
 * Environment for a child process of ours (load test, cold-start bench): the parent's environment
 * with overrides. Lives here so that this module stays the only reader of process.env.
 */
export function childEnv(overrides: Record<string, string>): NodeJS.ProcessEnv {
  return { ...process.env, ...overrides };
}
