import { ApiError, problemText } from "../api/client";
import type { Page } from "../main";
import { navigate } from "../router";
import { clear, errorBox, h } from "../dom";
import { session } from "../session";

/** Sign in with an API key: checked against GET /api/keys/current, then kept for this tab only. */
export const signInPage: Page = (main) => {
  const input = h("input", { id: "key", name: "key", type: "password", autocomplete: "off", required: true, spellcheck: "false" });
  const status = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card narrow" },
    h("h1", {}, "Sign in"),
    h("p", {}, "Paste an API key. It stays in this tab only and is sent as X-Api-Key."),
    h("label", { for: "key" }, "API key"), input,
    h("button", { type: "submit" }, "Sign in"),
    status);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    clear(status);
    const key = input.value.trim();
    try {
      // The key is not stored until the API accepts it.
      const response = await fetch("/api/keys/current", { headers: { "X-Api-Key": key } });
      const body = await response.json().catch(() => null);
      if (!response.ok) throw new ApiError(response.status, problemText(body, response));
      session.set(key, body);
      navigate(location.pathname === "/" ? "/library" : location.pathname);
    } catch (err) {
      clear(status, errorBox(err instanceof Error ? err.message : String(err)));
      input.focus();
    }
  });
  clear(main, form);
  input.focus();
};
