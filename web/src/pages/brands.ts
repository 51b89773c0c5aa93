import { api, keyHeader, ok, responseProblem, ApiError, type Schemas } from "../api/client";
import type { Page } from "../main";
import { clear, errorBox, h } from "../dom";
import { session } from "../session";

/** The tenant's brands: list, add one with its names and logo files, delete. */
export const brandsPage: Page = (main) => {
  const list = h("section", { class: "card", "aria-labelledby": "brands-h" });
  const message = h("div", { "aria-live": "assertive" });
  const fail = (e: unknown) => clear(message, errorBox(e instanceof Error ? e.message : String(e)));

  const load = async () => {
    const brands = await ok(api.GET("/api/brands"));
    clear(list, h("h2", { id: "brands-h" }, "Brands"),
      brands.length
        ? h("ul", { class: "jobs" }, ...brands.map((b: Schemas["Brand"]) => h("li", { "data-brand": b.name },
          h("strong", {}, b.name), b.aliases.length ? ` (also ${b.aliases.join(", ")})` : "",
          h("span", { class: "muted" }, ` · ${b.logos.length} logo${b.logos.length === 1 ? "" : "s"}`), " ",
          session.can("write") ? h("button", { type: "button", "aria-label": `Delete ${b.name}`, onclick: async () => {
            try { await ok(api.DELETE("/api/brands/{id}", { params: { path: { id: b.id } } })); await load(); } catch (e) { fail(e); }
          } }, "Delete") : null)))
        : h("p", { class: "muted" }, "No brands yet."));
  };

  const name = h("input", { id: "b-name", required: true });
  const aliases = h("input", { id: "b-aliases", placeholder: "comma separated" });
  const logos = h("input", { id: "b-logos", type: "file", multiple: true, accept: "image/png,image/jpeg" });
  const form = h("form", { class: "card stack", onsubmit: async (e: Event) => {
    e.preventDefault();
    clear(message);
    try {
      const brand = await ok(api.POST("/api/brands", {
        body: { name: name.value.trim(), aliases: aliases.value.split(",").map((a) => a.trim()).filter(Boolean) },
      }));
      for (const file of logos.files ?? []) {
        const body = new FormData();
        body.append("file", file);
        const response = await fetch(`/api/brands/${brand.id}/logos`, { method: "POST", headers: keyHeader(), body });
        if (!response.ok) throw new ApiError(response.status, `${file.name}: ${await responseProblem(response)}`);
      }
      form.reset();
      await load();
    } catch (err) { fail(err); await load(); }
  } },
    h("h2", {}, "Add a brand"),
    h("label", { for: "b-name" }, "Name"), name,
    h("label", { for: "b-aliases" }, "Other names"), aliases,
    h("label", { for: "b-logos" }, "Logo files (PNG or JPEG)"), logos,
    h("button", { type: "submit" }, "Add brand"));

  clear(main, h("h1", {}, "Brands"), message, list, session.can("write") ? form : null);
  void load().catch(fail);
};
