import type { components } from "./api/schema";

type CurrentKey = components["schemas"]["CurrentApiKey"];

const KEY = "mediaaspire.key";
let current: CurrentKey | null = null;

/**
 * The signed-in key: in sessionStorage only (gone when the tab closes, never in localStorage or a cookie), and what the
 * API says about it (GET /api/keys/current), so pages hide what its scopes do not allow.
 */
export const session = {
  key: (): string | null => sessionStorage.getItem(KEY),
  info: (): CurrentKey | null => current,
  can: (scope: "read" | "write" | "admin"): boolean => current?.scopes.includes(scope) ?? false,
  set(key: string, info: CurrentKey): void {
    sessionStorage.setItem(KEY, key);
    current = info;
  },
  remember(info: CurrentKey): void {
    current = info;
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
    current = null;
  },
};
