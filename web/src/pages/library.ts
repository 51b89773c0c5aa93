import { api, fileUrl, followJob, ok, type Schemas } from "../api/client";
import type { Page } from "../main";
import { clear, errorBox, h, progressBar } from "../dom";

type Detail = Schemas["AssetResponse"];

const PAGE = 24;

/**
 * The library: posters with status, live. Every filter (name, status, kind, verdict, date) is the API's (GET /api/assets
 * filters in its query), so each page and "Load more" holds only matching assets, however large the library.
 */
export const libraryPage: Page = (main) => {
  const stop = new AbortController();
  const details = new Map<string, Detail>();
  const followed = new Set<string>();
  // One fetch per poster however often the grid is drawn again.
  const posters = new Map<string, Promise<string>>();
  let order: string[] = [];
  let cursor: string | null = null;

  const field = (id: string, label: string, control: HTMLElement) => h("div", { class: "field" }, h("label", { for: id }, label), control);
  const status = h("select", { id: "f-status" }, ...["", "uploaded", "ready", "failed"].map((s) => h("option", { value: s }, s || "any")));
  const kind = h("select", { id: "f-kind" }, ...["", "source", "clip", "recording"].map((s) => h("option", { value: s }, s || "any")));
  const explicit = h("select", { id: "f-explicit" }, ...[["", "any"], ["true", "explicit"], ["false", "not explicit"]].map(([v, l]) => h("option", { value: v }, l)));
  const since = h("input", { id: "f-since", type: "date" });
  const search = h("input", { id: "f-search", type: "search", placeholder: "name contains…" });
  const grid = h("ul", { class: "grid", "aria-label": "Assets", "aria-live": "polite" });
  const more = h("button", { type: "button", hidden: true }, "Load more");
  const message = h("div");

  const filtering = () => [search, status, kind, explicit, since].some((c) => (c as HTMLInputElement).value);
  const query = () => ({
    q: search.value || undefined,
    status: status.value || undefined,
    kind: kind.value || undefined,
    explicit: explicit.value || undefined,
    since: since.value || undefined,
  });

  const draw = () => {
    const shown = order.map((id) => details.get(id)!).filter((d) => d);
    clear(grid, ...shown.map(card));
    if (shown.length === 0) grid.append(h("li", { class: "muted" }, filtering() ? "Nothing matches the filters." : "No assets yet."));
  };

  const card = (d: Detail) => {
    const a = d.asset;
    const running = d.jobs.filter((j) => j.state === "pending" || j.state === "running");
    const poster = h("div", { class: "poster", "aria-hidden": "true" });
    if (d.poster_url) {
      if (!posters.has(a.id)) posters.set(a.id, fileUrl(d.poster_url, stop.signal));
      // Not once the page is left: its clean-up revokes the URL, which an image taking it then would fail to read.
      void posters.get(a.id)!.then((u) => { if (!stop.signal.aborted) clear(poster, h("img", { src: u, alt: "" })); }).catch(() => {});
    }
    const state = a.status === "failed"
      ? h("p", { class: "state failed" }, `Failed: ${a.error ?? "unreadable"}`)
      : running.length
        ? h("div", { class: "state processing" }, `Processing: ${running[0].kind} ${running[0].stage ?? ""} ${Math.round(Number(running[0].progress) * 100)}%`,
          progressBar(`${a.filename} ${running[0].kind}`, Number(running[0].progress)))
        : h("p", { class: `state ${a.status}` }, a.status === "ready" ? "Ready" : a.status,
          d.verdict ? h("span", { class: d.verdict.is_explicit ? "badge explicit" : "badge safe" }, d.verdict.is_explicit ? "explicit" : "not explicit") : null);
    return h("li", { class: "item", "data-status": running.length ? "processing" : a.status },
      h("a", { href: `/assets/${a.id}` }, poster, h("span", { class: "name" }, a.filename)),
      h("p", { class: "muted" }, `${a.kind ?? "source"} · ${new Date(a.created_at).toLocaleString()}`),
      state);
  };

  const refresh = async (id: string) => {
    const d = await ok(api.GET("/api/assets/{id}", { params: { path: { id } } }));
    details.set(id, d);
    for (const job of d.jobs.filter((j) => j.state === "pending" || j.state === "running")) follow(id, job.id);
    draw();
  };

  const follow = (assetId: string, jobId: string) => {
    if (followed.has(jobId)) return;
    followed.add(jobId);
    void followJob(jobId, (e) => {
      const d = details.get(assetId);
      const job = d?.jobs.find((j) => j.id === jobId);
      if (!d || !job) return;
      Object.assign(job, { state: e.state, stage: e.stage ?? job.stage, progress: e.progress ?? job.progress });
      draw();
    }, stop.signal).then(() => refresh(assetId)).catch(() => {});
  };

  const load = async (reset: boolean) => {
    try {
      const page = await ok(api.GET("/api/assets", {
        params: { query: { ...query(), cursor: reset ? undefined : cursor ?? undefined, limit: PAGE } },
      }));
      if (reset) { order = []; details.clear(); }
      cursor = page.next_cursor;
      more.hidden = !cursor;
      const ids = page.items.map((a) => a.id);
      order.push(...ids.filter((id) => !order.includes(id)));
      await Promise.all(ids.map(refresh));
      clear(message);
    } catch (e) {
      clear(message, errorBox(e instanceof Error ? e.message : String(e)));
    }
  };

  // New uploads appear without a reload: the first page is asked again now and then; jobs report over SSE meanwhile.
  const poll = setInterval(async () => {
    if (document.hidden) return;
    try {
      const page = await ok(api.GET("/api/assets", { params: { query: { ...query(), limit: PAGE } } }));
      const fresh = page.items.filter((a) => !details.has(a.id));
      if (fresh.length) { order.unshift(...fresh.map((a) => a.id)); await Promise.all(fresh.map((a) => refresh(a.id))); }
    } catch { /* the next poll tries again; errors of the first load are shown */ }
  }, 5000);

  // Typing asks once it pauses; the selects and the date ask at once.
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener("input", () => { clearTimeout(typing); typing = setTimeout(() => void load(true), 300); });
  for (const control of [status, kind, explicit, since]) control.addEventListener("change", () => void load(true));
  more.addEventListener("click", () => void load(false));
  clear(main, 
    h("h1", {}, "Library"),
    h("form", { class: "filters", role: "search", onsubmit: (e: Event) => e.preventDefault() },
      field("f-search", "Name", search), field("f-status", "Status", status), field("f-kind", "Kind", kind),
      field("f-explicit", "Verdict", explicit), field("f-since", "Since", since)),
    message, grid, more);
  void load(true);
  return () => {
    stop.abort();
    clearInterval(poll);
    clearTimeout(typing);
    // A poster still loading from a revoked blob: URL logs net::ERR_FILE_NOT_FOUND: let go of the images first.
    grid.querySelectorAll("img").forEach((img) => img.removeAttribute("src"));
    posters.forEach((p) => void p.then((u) => URL.revokeObjectURL(u), () => {}));
  };
};
