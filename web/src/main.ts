import "./style.css";
import { api, ApiError, ok } from "./api/client";
import { clear, h } from "./dom";
import { session } from "./session";
import { navigate, onNavigate } from "./router";
import { signInPage } from "./pages/signin";
import { uploadPage } from "./pages/upload";
import { libraryPage } from "./pages/library";
import { assetPage } from "./pages/asset";
import { adminPage } from "./pages/admin";
import { livePage, liveStreamPage } from "./pages/live";
import { brandsPage } from "./pages/brands";

/** A page draws itself into main and returns what stops its live updates when the user leaves. */
export type Page = (main: HTMLElement, params: Record<string, string>) => (() => void) | void;

/** The UI's routes; the API answers each of them with index.html (MediaAspire.Api/WebUi/WebUiEndpoints.cs). */
const routes: { pattern: RegExp; page: Page; title: string; scope?: "write" | "admin" }[] = [
  { pattern: /^\/library$/, page: libraryPage, title: "Library" },
  { pattern: /^\/upload$/, page: uploadPage, title: "Upload", scope: "write" },
  { pattern: /^\/assets\/(?<id>[0-9a-f-]{36})$/, page: assetPage, title: "Asset" },
  { pattern: /^\/brands$/, page: brandsPage, title: "Brands" },
  { pattern: /^\/live$/, page: livePage, title: "Live" },
  { pattern: /^\/live\/(?<id>[0-9a-f-]{36})$/, page: liveStreamPage, title: "Live stream" },
  { pattern: /^\/admin$/, page: adminPage, title: "Admin", scope: "admin" },
];

let leave: (() => void) | void;

async function render(): Promise<void> {
  leave?.();
  leave = undefined;
  const main = document.getElementById("main")!;
  if (session.key() && !session.info()) {
    try {
      session.remember(await ok(api.GET("/api/keys/current")));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) session.clear();
    }
  }
  drawHeader();
  if (!session.info()) {
    document.title = "Sign in · MediaAspire";
    leave = signInPage(main, {});
    return;
  }
  const path = location.pathname === "/" ? "/library" : location.pathname;
  const route = routes.find((r) => r.pattern.test(path));
  if (!route || (route.scope && !session.can(route.scope))) {
    document.title = "Not found · MediaAspire";
    clear(main, h("h1", {}, "Not here"), h("p", {}, route ? "Your key may not open this page." : "There is no such page."));
    return;
  }
  document.title = `${route.title} · MediaAspire`;
  leave = route.page(main, route.pattern.exec(path)?.groups ?? {});
  main.focus({ preventScroll: true });
}

function drawHeader(): void {
  const info = session.info();
  const nav = document.getElementById("nav")!;
  const who = document.getElementById("who")!;
  const here = location.pathname === "/" ? "/library" : location.pathname;
  const link = (href: string, label: string) => h("a", { href, "aria-current": here === href ? "page" : null }, label);
  clear(nav, ...(info
    ? [link("/library", "Library"), session.can("write") ? link("/upload", "Upload") : null, link("/brands", "Brands"), link("/live", "Live"), session.can("admin") ? link("/admin", "Admin") : null]
    : []).filter((x): x is HTMLAnchorElement => x !== null));
  clear(who, ...(info
    ? [h("span", { class: "tenant", title: "Tenant" }, info.tenant), " ", h("span", { class: "scopes", title: "Scopes" }, info.scopes.join(" · ")), " ",
      h("button", { type: "button", class: "link", onclick: () => { session.clear(); navigate("/"); } }, "Sign out")]
    : []));
}

// Same-origin links are the router's: no full reload, so uploads in flight keep going.
document.addEventListener("click", (e) => {
  const a = (e.target as Element).closest?.("a");
  if (!a || a.target || a.hasAttribute("download") || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith("/api/")) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
});
onNavigate(() => void render());
window.addEventListener("popstate", () => void render());
void render();
