// The visitor's session token, kept in localStorage so the conversation survives a reload. The key
// carries the API base, so two assistants embedded on one site never share (or overwrite) a token.
// Storage can be missing or throw (privacy modes, blocked third-party storage, a full quota): then the
// token lives in memory for the page's lifetime, and the widget works as before.

export interface SessionStore {
  get(): string | undefined;
  set(token: string): void;
  clear(): void;
}

export const storageKey = (base: string): string => `kjzs-widget:session:${base}`;

/** `window.localStorage` itself throws in some privacy modes; that is "no storage", not an error. */
export function browserStorage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

export function createSessionStore(base: string, storage: Storage | undefined): SessionStore {
  const key = storageKey(base);
  let memory: string | undefined;
  const attempt = <T>(fn: (s: Storage) => T): T | undefined => {
    if (!storage) return undefined;
    try {
      return fn(storage);
    } catch {
      return undefined;
    }
  };
  return {
    get: () => memory ?? attempt((s) => s.getItem(key)) ?? undefined,
    set(token) {
      memory = token;
      attempt((s) => s.setItem(key, token));
    },
    clear() {
      memory = undefined;
      attempt((s) => s.removeItem(key));
    },
  };
}
