// access_token cache for the platform APIs: one fetch at a time, reused until shortly before it expires,
// and dropped when the platform says it is invalid or expired (another server may have refreshed it).

export interface IssuedToken {
  token: string;
  /** Seconds, as the platform's expires_in (7200). */
  expiresIn: number;
}

export interface AccessTokenCache {
  get(): Promise<string>;
  /** Forget `token` (only if it is still the cached one, so a fresh token is not thrown away). */
  invalidate(token: string): void;
}

// Refresh this long before the platform's expiry, so a token never dies in flight.
const MARGIN_MS = 5 * 60_000;

export function makeAccessTokenCache(fetchToken: () => Promise<IssuedToken>, now: () => number = Date.now): AccessTokenCache {
  let cached: { token: string; expiresAt: number } | undefined;
  let inflight: Promise<string> | undefined;
  return {
    get() {
      if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
      inflight ??= fetchToken()
        .then(({ token, expiresIn }) => {
          cached = { token, expiresAt: now() + Math.max(0, expiresIn * 1000 - MARGIN_MS) };
          return token;
        })
        .finally(() => {
          inflight = undefined;
        });
      return inflight;
    },
    invalidate(token) {
      if (cached?.token === token) cached = undefined;
    },
  };
}
