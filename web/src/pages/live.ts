import type Hls from "hls.js";
import { api, followEvents, keyHeader, ok, type Schemas } from "../api/client";
import type { Page } from "../main";
import { clear, errorBox, h, time } from "../dom";
import { session } from "../session";

type Stream = Schemas["LiveStreamResponse"];

const stateText = (s: Stream) => (s.revoked && s.state !== "ended" ? "revoked" : s.state);

/** The tenant's live streams: create one (its ingest URL and stream key are shown once, to paste into OBS), list, revoke. */
export const livePage: Page = (main) => {
  const list = h("section", { class: "card", "aria-labelledby": "live-h" });
  const created = h("section", { "aria-live": "polite" });
  const message = h("div", { "aria-live": "assertive" });
  const fail = (e: unknown) => clear(message, errorBox(e instanceof Error ? e.message : String(e)));

  const load = async () => {
    const streams = await ok(api.GET("/api/live"));
    clear(list, h("h2", { id: "live-h" }, "Live streams"),
      streams.length
        ? h("ul", { class: "jobs" }, ...streams.map((s) => h("li", { "data-stream": s.name, "data-state": stateText(s) },
          h("a", { href: `/live/${s.id}` }, h("strong", {}, s.name)), " ", h("span", { class: `state ${s.state}` }, stateText(s)),
          s.failure ? errorBox(s.failure) : null)))
        : h("p", { class: "muted" }, "No live streams yet."));
  };

  const name = h("input", { id: "l-name", required: true, maxlength: 200 });
  const form = h("form", { class: "card stack", onsubmit: async (e: Event) => {
    e.preventDefault();
    clear(message);
    try {
      const stream = await ok(api.POST("/api/live", { body: { name: name.value.trim() } }));
      clear(created, h("div", { class: "card" },
        h("h2", {}, `${stream.name} is ready to receive`),
        h("p", { class: "muted" }, "Push RTMP to this address (in OBS: Server and Stream Key); the key is shown only now."),
        h("dl", { class: "facts" },
          h("dt", {}, "Ingest URL"), h("dd", {}, h("code", { class: "ingest-url" }, stream.ingest_url)),
          h("dt", {}, "Stream key"), h("dd", {}, h("code", { class: "stream-key" }, stream.stream_key))),
        h("a", { href: `/live/${stream.id}` }, "Watch it")));
      form.reset();
      await load();
    } catch (err) { fail(err); }
  } },
    h("h2", {}, "New live stream"),
    h("label", { for: "l-name" }, "Name"), name,
    h("button", { type: "submit" }, "Create stream"));

  clear(main, h("h1", {}, "Live"), message, created, list, session.can("write") ? form : null);
  void load().catch(fail);
};

/** One stream: its state, the live HLS in a player once it is live, and its analysis events in media time as they come. */
export const liveStreamPage: Page = (main, { id }) => {
  const stop = new AbortController();
  let hls: Hls | null = null;
  const title = h("h1", {}, "Live stream");
  const facts = h("p", { class: "facts" });
  const video = h("video", { controls: true, muted: true, playsinline: true, "aria-label": "Live video" });
  const events = h("ol", { class: "jobs", "aria-label": "Events", "aria-live": "polite" });
  const actions = h("div");
  const message = h("div", { "aria-live": "assertive" });
  const fail = (e: unknown) => clear(message, errorBox(e instanceof Error ? e.message : String(e)));

  const draw = (s: Stream) => {
    title.textContent = s.name;
    facts.textContent = [stateText(s), s.started_at ? `started ${new Date(s.started_at).toLocaleString()}` : null].filter(Boolean).join(" · ");
    facts.dataset.state = stateText(s);
    clear(actions,
      s.failure ? errorBox(s.failure) : null,
      s.asset_id ? h("a", { href: `/assets/${s.asset_id}` }, "The recording") : null,
      session.can("write") && !s.revoked && s.state !== "ended"
        ? h("button", { type: "button", onclick: async () => {
          try { draw(await ok(api.DELETE("/api/live/{id}", { params: { path: { id: id! } } }))); } catch (e) { fail(e); }
        } }, "Revoke key")
        : null);
    if (s.state === "live" && !hls) void play(s);
  };

  const play = async (s: Stream) => {
    const Player = (await import("hls.js")).default;
    if (!Player.isSupported() || stop.signal.aborted) return;
    hls = new Player({ xhrSetup: (xhr) => { for (const [k, v] of Object.entries(keyHeader())) xhr.setRequestHeader(k, v); } });
    hls.loadSource(s.hls_url);
    hls.attachMedia(video);
  };

  /** One line per event, stamped with its media time so it lines up with the player's clock. */
  const describe = (type: string, e: Record<string, unknown>): string => {
    const at = (k: string) => time(Number(e[k]));
    switch (type) {
      case "segment": return `segment ${e.seq}: ${at("start")}–${at("end")}`;
      case "cut": return `cut at ${at("t")}`;
      case "scores": return `scores at ${at("t")}: explicit ${Number(e.explicit_score).toFixed(2)}`;
      case "brand": return `${e.brand} ${at("start")}–${at("end")}`;
      case "ended": return "ended: the recording becomes an asset";
      default: return type;
    }
  };

  const refresh = async () => draw(await ok(api.GET("/api/live/{id}", { params: { path: { id: id! } } })));

  void (async () => {
    try {
      await refresh();
      await followEvents(`/api/live/${id}/events`, (type, data) => {
        events.prepend(h("li", { "data-event": type }, describe(type, data as Record<string, unknown>)));
        if (type === "segment" || type === "ended") void refresh().catch(fail);
        return type === "ended";
      }, stop.signal);
    } catch (e) { fail(e); }
  })();

  clear(main, title, facts, message, actions, video, h("h2", {}, "Events"), events);
  return () => { stop.abort(); hls?.destroy(); };
};
