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

/** The live analysis events (GET /api/live/{id}/events), in media seconds from the stream's start. */
type LiveEvent =
  | { type: "segment"; seq: number; start: number; end: number }
  | { type: "cut"; t: number }
  | { type: "scores"; t: number; scores: Record<string, number>; explicit_score: number }
  | { type: "brand"; brand: string; start: number; end: number; score: number }
  | { type: "ended"; asset_id: string };

/**
 * One stream: its state, the live HLS in a player once it is live, and its analysis drawn on a timeline in media time;
 * what the player shows now (its scene's scores, a brand on screen) follows the player's currentTime, not the events'
 * arrival, so overlays line up with the picture however far behind the live edge the player is.
 */
export const liveStreamPage: Page = (main, { id }) => {
  const stop = new AbortController();
  let hls: Hls | null = null;
  const seen: LiveEvent[] = [];
  const title = h("h1", {}, "Live stream");
  const facts = h("p", { class: "facts" });
  const video = h("video", { controls: true, muted: true, playsinline: true, "aria-label": "Live video" });
  video.muted = true; // the property, not only the attribute: muted is what lets it start without a click
  // Not aria-live: it changes with every timeupdate; the events list below is what is announced.
  const overlay = h("div", { class: "overlay" });
  const timeline = h("div", { class: "timeline live", role: "img", "aria-label": "Segments, cuts and brands over media time" });
  const events = h("ol", { class: "jobs", "aria-label": "Events", "aria-live": "polite" });
  const actions = h("div");
  const message = h("div", { "aria-live": "assertive" });
  const fail = (e: unknown) => clear(message, errorBox(e instanceof Error ? e.message : String(e)));

  const draw = (s: Stream) => {
    title.textContent = s.name;
    facts.textContent = [stateText(s), s.started_at ? `started ${new Date(s.started_at).toLocaleString()}` : null,
      // The publisher dropped: the session waits for it to push again to the same ingest URL.
      s.state === "live" && s.resume_until ? `publisher away, may reconnect until ${new Date(s.resume_until).toLocaleTimeString()}` : null]
      .filter(Boolean).join(" · ");
    facts.dataset.state = stateText(s);
    clear(actions,
      s.failure ? errorBox(s.failure) : null,
      s.asset_id ? h("a", { href: `/assets/${s.asset_id}`, class: "recording" }, "The recording") : null,
      session.can("write") && !s.revoked && s.state !== "ended"
        ? h("button", { type: "button", onclick: async () => {
          try { draw(await ok(api.DELETE("/api/live/{id}", { params: { path: { id: id! } } }))); } catch (e) { fail(e); }
        } }, "Revoke key")
        : null);
    if (s.state === "live" && !hls) void play(s).catch(fail);
  };

  const play = async (s: Stream) => {
    const Player = (await import("hls.js")).default;
    if (!Player.isSupported() || stop.signal.aborted) return;
    hls = new Player({ xhrSetup: (xhr) => { for (const [k, v] of Object.entries(keyHeader())) xhr.setRequestHeader(k, v); } });
    hls.on(Player.Events.MANIFEST_PARSED, () => { video.play().catch(() => { /* stays paused: the controls start it */ }); });
    hls.loadSource(s.hls_url);
    hls.attachMedia(video);
  };

  /** One line per event, stamped with its media time so it lines up with the player's clock. */
  const describe = (e: LiveEvent): string => {
    switch (e.type) {
      case "segment": return `segment ${e.seq}: ${time(e.start)}–${time(e.end)}`;
      case "cut": return `cut at ${time(e.t)}`;
      case "scores": return `scores at ${time(e.t)}: explicit ${e.explicit_score.toFixed(2)}`;
      case "brand": return `${e.brand} ${time(e.start)}–${time(e.end)}`;
      case "ended": return "ended: the recording becomes an asset";
    }
  };

  const of = <T extends LiveEvent["type"]>(type: T) => seen.filter((e): e is Extract<LiveEvent, { type: T }> => e.type === type);

  /** The timeline: segments back to back, cuts as ticks, brands in their own lane, the player's position as a line. */
  const drawTimeline = () => {
    const span = Math.max(1, ...of("segment").map((s) => s.end), ...of("brand").map((b) => b.end), video.currentTime || 0);
    const at = (t: number) => `${(t / span) * 100}%`;
    clear(timeline,
      ...of("segment").map((s) => h("span", { class: "seg", "data-seq": s.seq, style: `left:${at(s.start)};width:${at(s.end - s.start)}`, title: describe(s) })),
      ...of("cut").map((c) => h("span", { class: "cut", style: `left:${at(c.t)}`, title: describe(c) })),
      ...of("brand").map((b) => h("span", { class: "brand-bar", style: `left:${at(b.start)};width:${at(b.end - b.start)}`, title: describe(b) }, b.brand)),
      h("span", { class: "playhead", style: `left:${at(video.currentTime || 0)}` }));
  };

  /** What is on screen at the player's time: its segment, the last scores at or before it, the brands spanning it. */
  const drawNow = () => {
    const t = video.currentTime;
    const segment = of("segment").find((s) => s.start <= t && t < s.end);
    const scores = of("scores").filter((s) => s.t <= t).at(-1);
    const brands = of("brand").filter((b) => b.start <= t && t <= b.end);
    overlay.dataset.t = String(t);
    if (segment) Object.assign(overlay.dataset, { seq: String(segment.seq), start: String(segment.start), end: String(segment.end) });
    clear(overlay,
      h("span", {}, `${time(t)}${segment ? ` · segment ${segment.seq}` : ""}`),
      scores ? h("span", { class: "scores" }, `explicit ${scores.explicit_score.toFixed(2)} · `,
        Object.entries(scores.scores).sort((a, b) => b[1] - a[1]).slice(0, 3).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(", ")) : null,
      ...brands.map((b) => h("span", { class: "brand" }, `${b.brand} (${b.score.toFixed(2)})`)));
    drawTimeline();
  };
  video.addEventListener("timeupdate", drawNow);
  video.addEventListener("seeked", drawNow);

  const refresh = async () => draw(await ok(api.GET("/api/live/{id}", { params: { path: { id: id! } } })));

  void (async () => {
    try {
      await refresh();
      await followEvents(`/api/live/${id}/events`, (type, data) => {
        const e = { ...(data as object), type } as LiveEvent;
        seen.push(e);
        events.prepend(h("li", { "data-event": type }, describe(e)));
        drawNow();
        if (type === "segment" || type === "ended") void refresh().catch(fail);
        return type === "ended";
      }, stop.signal);
    } catch (e) { fail(e); }
  })();

  clear(main, title, facts, message, actions,
    h("div", { class: "player" }, video, overlay),
    h("h2", {}, "Analysis"), timeline,
    h("h2", {}, "Events"), events);
  return () => {
    stop.abort();
    hls?.destroy();
  };
};
