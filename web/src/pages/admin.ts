import { api, followJob, ok, type JobEvent, type Schemas } from "../api/client";
import type { Page } from "../main";
import { clear, bytes, errorBox, h, progressBar } from "../dom";
import { session } from "../session";

/** Admin keys only: the tenant's API keys (create, revoke), the verdict backfill with its progress, storage use. */
export const adminPage: Page = (main) => {
  const stop = new AbortController();
  const keysBox = h("section", { class: "card", "aria-labelledby": "keys-h" });
  const backfillBox = h("section", { class: "card", "aria-labelledby": "backfill-h" });
  const usageBox = h("section", { class: "card", "aria-labelledby": "usage-h" });
  const message = h("div", { "aria-live": "assertive" });
  const fail = (e: unknown) => clear(message, errorBox(e instanceof Error ? e.message : String(e)));

  const loadKeys = async () => {
    const keys = await ok(api.GET("/api/keys"));
    const name = h("input", { id: "k-name", required: true, maxlength: 200 });
    const tenant = h("input", { id: "k-tenant", value: session.info()?.tenant ?? "", readonly: !session.info()?.operator });
    const scopes = ["read", "write", "admin"].map((s) => h("input", { type: "checkbox", id: `k-${s}`, value: s, checked: s !== "admin" }));
    const created = h("div", { "aria-live": "polite" });
    const form = h("form", { class: "stack", onsubmit: async (e: Event) => {
      e.preventDefault();
      try {
        const key = await ok(api.POST("/api/keys", { body: { name: name.value, tenant: tenant.value || null, scopes: scopes.filter((s) => s.checked).map((s) => s.value) } }));
        await loadKeys();
        keysBox.querySelector(".created")?.replaceChildren(h("p", { class: "notice" }, `Key for ${key.tenant} (${key.scopes.join(", ")}), shown once: `, h("code", { class: "secret" }, key.key)));
      } catch (err) { fail(err); }
    } },
      h("h3", {}, "New key"),
      h("label", { for: "k-name" }, "Name"), name,
      h("label", { for: "k-tenant" }, "Tenant"), tenant,
      h("fieldset", {}, h("legend", {}, "Scopes"), ...scopes.flatMap((s) => [s, h("label", { for: s.id }, ` ${s.value} `)])),
      h("button", { type: "submit" }, "Create key"));
    clear(keysBox, h("h2", { id: "keys-h" }, "API keys"),
      h("div", { class: "scroll" }, h("table", {},
        h("thead", {}, h("tr", {}, ...["Name", "Prefix", "Tenant", "Scopes", "Created", ""].map((c) => h("th", { scope: "col" }, c)))),
        h("tbody", {}, ...keys.map((k: Schemas["ApiKeyInfo"]) => h("tr", { class: k.revoked_at ? "revoked" : "" },
          h("td", {}, k.name), h("td", {}, h("code", {}, k.key_prefix)), h("td", {}, k.tenant), h("td", {}, k.scopes.join(", ")),
          h("td", {}, new Date(k.created_at).toLocaleString()),
          h("td", {}, k.revoked_at ? "revoked" : k.is_operator ? "operator" : h("button", { type: "button", "aria-label": `Revoke ${k.name}`, onclick: async () => {
            try { await ok(api.DELETE("/api/keys/{id}", { params: { path: { id: k.id } } })); await loadKeys(); } catch (err) { fail(err); }
          } }, "Revoke"))))))),
      h("div", { class: "created" }, created), form);
  };

  /** The backfill's coverage and its job's progress, followed live; once it ends its last state stays shown. */
  const loadBackfill = async (status?: Schemas["BackfillStatus"], finished?: JobEvent) => {
    const b = status ?? await ok(api.GET("/api/backfill"));
    const progress = h("div", { "aria-live": "polite" });
    const show = (state: string, stage: string | null | undefined, fraction: number) =>
      clear(progress, `${state} ${stage ?? ""} ${Math.round(fraction * 100)}%`, progressBar("Backfill", fraction));
    if (b.job) {
      show(b.job.state, b.job.stage, Number(b.job.progress));
      if (b.job.state === "pending" || b.job.state === "running") {
        void followJob(b.job.id, (e) => show(e.state, e.stage, Number(e.progress ?? 0)), stop.signal)
          .then((last) => { if (!stop.signal.aborted) void loadBackfill(undefined, last); }).catch(fail);
      }
    } else if (finished) {
      show(`Last backfill ${finished.state}`, finished.stage, Number(finished.progress ?? 0));
      if (finished.state === "failed" && finished.message) progress.append(errorBox(finished.message));
    }
    clear(backfillBox, h("h2", { id: "backfill-h" }, "Verdict backfill"),
      h("p", {}, `Model ${b.model}: ${b.classified} of ${b.assets} assets classified, ${b.lacking} lacking, ${b.unreadable} unreadable.`),
      progress,
      h("button", { type: "button", disabled: Number(b.lacking) === 0 || b.job?.state === "running", onclick: async () => {
        try { await loadBackfill(await ok(api.POST("/api/backfill"))); } catch (err) { fail(err); }
      } }, "Start backfill"));
  };

  const loadUsage = async () => {
    const u = await ok(api.GET("/api/usage"));
    clear(usageBox, h("h2", { id: "usage-h" }, "Usage"),
      h("dl", {},
        h("dt", {}, "Tenant"), h("dd", {}, u.tenant),
        h("dt", {}, "Storage"), h("dd", {}, `${bytes(Number(u.used_bytes))}${u.max_bytes != null ? ` of ${bytes(Number(u.max_bytes))}` : " (no quota)"}`),
        h("dt", {}, "Assets"), h("dd", {}, `${u.assets}${u.max_assets != null ? ` of ${u.max_assets}` : " (no quota)"}`)));
  };

  clear(main, h("h1", {}, "Admin"), message, keysBox, backfillBox, usageBox);
  void Promise.all([loadKeys(), loadBackfill(), loadUsage()]).catch(fail);
  return () => stop.abort();
};
