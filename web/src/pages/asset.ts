import type Hls from "hls.js";
import { api, ApiError, classify, fileUrl, followJob, keyHeader, ok, type Schemas } from "../api/client";
import type { Page } from "../main";
import { clear, bytes, errorBox, h, progressBar, time } from "../dom";
import { session } from "../session";

type Detail = Schemas["AssetResponse"];
type Highlight = Schemas["Highlight"];

const EXPLICIT_CLASSES = ["Porn", "Hentai", "Sexy"];

/** One asset: player, keyframes, verdict, highlight timeline with clip cutting, clips, jobs; everything live. */
export const assetPage: Page = (main, { id }) => {
  const stop = new AbortController();
  const urls: string[] = [];
  /** The keyframes' images by their image_url, fetched once with the key for every redraw of the strip. */
  const frames = new Map<string, Promise<string>>();
  const followed = new Set<string>();
  let hls: Hls | null = null;
  let detail: Detail | null = null;
  let highlights: Highlight[] = [];
  let appearances: Schemas["BrandAppearance"][] = [];
  const selected = new Set<string>();

  const video = h("video", { controls: true, playsinline: true, preload: "metadata", "aria-label": "Player" });
  const title = h("h1", {}, "Asset");
  const facts = h("p", { class: "muted" });
  const playerNote = h("p", { class: "muted" });
  const jobsBox = h("section", { class: "card", "aria-labelledby": "jobs-h" });
  const verdictBox = h("section", { class: "card verdict", "aria-labelledby": "verdict-h" });
  const keyframesBox = h("section", { class: "card", "aria-labelledby": "keyframes-h" });
  const highlightsBox = h("section", { class: "card", "aria-labelledby": "highlights-h" });
  const clipsBox = h("section", { class: "card", "aria-labelledby": "clips-h" });
  const message = h("div", { "aria-live": "assertive" });

  const fail = (e: unknown) => clear(message, errorBox(e instanceof Error ? e.message : String(e)));
  const seek = (t: number, play = false) => {
    video.currentTime = t;
    if (play) void video.play().catch(() => {});
  };

  const load = async () => {
    try {
      detail = await ok(api.GET("/api/assets/{id}", { params: { path: { id } } }));
      drawAsset(detail);
      drawJobs(detail);
      drawVerdict(detail);
      await Promise.all([loadBrands(), loadClips()]);
      await loadHighlights();
    } catch (e) {
      fail(e);
    }
  };

  const drawAsset = (d: Detail) => {
    const a = d.asset;
    title.textContent = a.filename;
    const probe = a.probe;
    facts.textContent = [a.kind ?? "source", a.status, bytes(Number(a.size_bytes)),
      probe?.duration_seconds != null ? time(Number(probe.duration_seconds)) : null, a.error ? `error: ${a.error}` : null].filter(Boolean).join(" · ");
    if (!video.src && !hls) void attachPlayer(d);
  };

  /** HLS through hls.js (its requests carry the key), else the MP4 proxy fetched with the key. */
  const attachPlayer = async (d: Detail) => {
    const stream = d.renditions.find((r) => r.kind === "hls");
    const proxy = d.renditions.find((r) => r.kind === "proxy");
    // hls.js is most of the bundle's weight: loaded only for an asset that has an HLS rendition.
    const Player = stream ? (await import("hls.js")).default : null;
    if (stream && Player?.isSupported()) {
      hls = new Player({ xhrSetup: (xhr) => { for (const [k, v] of Object.entries(keyHeader())) xhr.setRequestHeader(k, v); } });
      hls.loadSource(stream.url);
      hls.attachMedia(video);
      playerNote.textContent = "Playing the HLS rendition.";
    } else if (proxy) {
      const url = await fileUrl(proxy.url, stop.signal);
      if (stop.signal.aborted) return URL.revokeObjectURL(url);
      urls.push(url);
      video.src = url;
      playerNote.textContent = "Playing the MP4 proxy.";
    } else {
      playerNote.textContent = d.asset.status === "failed" ? "Nothing to play: the file could not be read." : "The player appears once the renditions are made.";
    }
    if (d.poster_url && !video.poster) {
      const poster = await fileUrl(d.poster_url, stop.signal).catch(() => null);
      if (poster) { urls.push(poster); video.poster = poster; }
    }
  };

  const drawJobs = (d: Detail) => {
    const rows = d.jobs.map((j) => {
      const live = j.state === "pending" || j.state === "running";
      if (live) follow(j.id);
      return h("li", { "data-kind": j.kind, "data-state": j.state },
        h("strong", {}, j.kind), " ", h("span", { class: `state ${j.state}` }, j.state), j.stage ? ` · ${j.stage}` : "",
        live ? [" ", `${Math.round(Number(j.progress) * 100)}%`, progressBar(`${j.kind} job`, Number(j.progress))] : null,
        j.error ? errorBox(j.error) : null);
    });
    clear(jobsBox, h("h2", { id: "jobs-h" }, "Jobs"), h("ul", { class: "jobs" }, ...rows));
  };

  const follow = (jobId: string) => {
    if (followed.has(jobId)) return;
    followed.add(jobId);
    void followJob(jobId, (e) => {
      const job = detail?.jobs.find((j) => j.id === jobId);
      if (!job || !detail) return;
      Object.assign(job, { state: e.state, stage: e.stage ?? job.stage, progress: e.progress ?? job.progress, error: e.state === "failed" ? e.message : job.error });
      drawJobs(detail);
    }, stop.signal).then(() => { if (!stop.signal.aborted) void load(); }).catch(fail);
  };

  const drawVerdict = (d: Detail) => {
    const v = d.verdict;
    const running = d.jobs.some((j) => j.kind === "classify" && (j.state === "pending" || j.state === "running"));
    if (!v) {
      clear(verdictBox, h("h2", { id: "verdict-h" }, "Verdict"),
        h("p", {}, running ? "Classifying…" : "Not classified yet."),
        !running && session.can("write") && d.asset.status !== "failed"
          ? h("button", { type: "button", onclick: async () => { try { await classify(id); await load(); } catch (e) { fail(e); } } }, "Classify")
          : null);
      clear(keyframesBox, h("h2", { id: "keyframes-h" }, "Keyframes"), h("p", { class: "muted" }, "Keyframes come with the verdict."));
      return;
    }
    clear(verdictBox, 
      h("h2", { id: "verdict-h" }, "Verdict"),
      h("p", { class: `verdict-line ${v.is_explicit ? "explicit" : "safe"}`, "data-explicit": String(v.is_explicit) },
        v.is_explicit ? "Explicit" : "Not explicit"),
      h("dl", {},
        h("dt", {}, "Explicit score"), h("dd", {}, `${Number(v.explicit_score).toFixed(3)} (threshold ${Number(v.threshold).toFixed(2)})`),
        h("dt", {}, "Triggering frame"), h("dd", {}, h("button", { type: "button", class: "link", onclick: () => seek(Number(v.trigger_t)) }, `at ${time(Number(v.trigger_t))}`)),
        h("dt", {}, "Quality"), h("dd", {}, Number(v.quality_score).toFixed(2)),
        h("dt", {}, "Tags"), h("dd", {}, v.scene_tags.length ? v.scene_tags.map((t) => `${t.tag}`).join(", ") : "none"),
        h("dt", {}, "Model"), h("dd", {}, `${v.model} on ${v.device}`)));
    const strip = v.keyframes.map((k, i) => {
      const explicitScore = EXPLICIT_CLASSES.reduce((s, c) => s + Number(k.scores[c] ?? 0), 0);
      const trigger = Math.abs(Number(k.t) - Number(v.trigger_t)) < 1e-6;
      // An explicit frame is blurred in the strip: the score says what it is; the player shows it on purpose.
      const image = k.image_url ? h("img", { alt: "", class: explicitScore >= Number(v.threshold) ? "explicit" : null }) : null;
      if (image && k.image_url) {
        if (!frames.has(k.image_url)) frames.set(k.image_url, fileUrl(k.image_url, stop.signal));
        // Not once the page is left: its clean-up revokes the URL, which an image taking it then would fail to read.
        void frames.get(k.image_url)!.then((u) => { if (!stop.signal.aborted) image.src = u; }).catch(() => {});
      }
      return h("li", {},
        h("button", {
          type: "button", class: trigger ? "keyframe trigger" : "keyframe", "data-t": String(k.t),
          "aria-label": `Keyframe ${i + 1} at ${time(Number(k.t))}${trigger ? ", the triggering frame" : ""}: explicit ${explicitScore.toFixed(2)}, quality ${Number(k.quality).toFixed(2)}`,
          onclick: () => seek(Number(k.t)),
        },
        image,
        h("span", { class: "t" }, time(Number(k.t))),
        h("span", { class: "bar", style: `--v:${Math.min(1, explicitScore)}`, title: "explicit" }),
        h("span", { class: "muted" }, `q ${Number(k.quality).toFixed(2)}`),
        k.tags?.length ? h("span", { class: "muted" }, k.tags.join(", ")) : null));
    });
    clear(keyframesBox, h("h2", { id: "keyframes-h" }, "Keyframes"), h("ol", { class: "strip" }, ...strip));
  };

  const loadBrands = async () => {
    appearances = (await ok(api.GET("/api/assets/{id}/brands", { params: { path: { id } } }))).appearances;
  };

  const loadHighlights = async () => {
    highlights = (await ok(api.GET("/api/assets/{id}/highlights", { params: { path: { id } } }))).highlights;
    drawHighlights();
  };

  const drawHighlights = () => {
    const duration = Number(detail?.asset.probe?.duration_seconds ?? 0) || Math.max(1, ...highlights.map((x) => Number(x.end)));
    const best = Math.max(1e-9, ...highlights.map((x) => Number(x.score)));
    const timeline = h("div", { class: "timeline", role: "group", "aria-label": "Highlight timeline" },
      ...highlights.map((x, i) => {
        const reasons = x.reasons.map((r) => r.detail).join("; ");
        return h("button", {
          type: "button", class: selected.has(x.id) ? "hl selected" : "hl", "data-id": x.id,
          style: `left:${(Number(x.start) / duration) * 100}%;width:${Math.max(0.8, ((Number(x.end) - Number(x.start)) / duration) * 100)}%;height:${20 + 80 * (Number(x.score) / best)}%`,
          title: `${time(Number(x.start))}–${time(Number(x.end))}: ${reasons}`,
          "aria-label": `Highlight ${i + 1}, ${time(Number(x.start))} to ${time(Number(x.end))}, score ${Number(x.score).toFixed(2)}: ${reasons}. Plays a preview.`,
          onclick: () => seek(Number(x.start), true),
        });
      }));
    // Brand appearances share the timeline's time axis, in a lane of their own.
    const brandLane = h("div", { class: "timeline brands", role: "group", "aria-label": "Brand appearances" },
      ...appearances.map((b) => h("button", {
        type: "button", class: "brand-bar",
        style: `left:${(Number(b.start) / duration) * 100}%;width:${Math.max(0.8, ((Number(b.end) - Number(b.start)) / duration) * 100)}%`,
        title: `${b.brand} ${time(Number(b.start))}–${time(Number(b.end))} (${b.source}, score ${Number(b.score).toFixed(2)})`,
        "aria-label": `${b.brand} from ${time(Number(b.start))} to ${time(Number(b.end))}, seen by ${b.source}. Plays from its best frame.`,
        onclick: () => seek(Number(b.best_t), true),
      }, b.brand)));
    const rows = highlights.map((x, i) => h("li", {},
      h("input", { type: "checkbox", id: `sel-${x.id}`, checked: selected.has(x.id), onchange: (e: Event) => {
        if ((e.target as HTMLInputElement).checked) selected.add(x.id); else selected.delete(x.id);
        drawHighlights();
      } }), " ",
      h("label", { for: `sel-${x.id}` }, `#${i + 1} ${time(Number(x.start))}–${time(Number(x.end))} · score ${Number(x.score).toFixed(2)}`),
      h("span", { class: "muted" }, ` ${x.reasons.map((r) => r.detail).join("; ")}`)));

    const canWrite = session.can("write");
    const events = h("input", { id: "hl-events", type: "file", accept: ".json,application/json" });
    const mode = h("select", { id: "clip-mode" }, ...["copy", "precise", "vertical"].map((m) => h("option", { value: m }, m)));
    clear(highlightsBox, 
      h("h2", { id: "highlights-h" }, "Highlights"),
      highlights.length ? timeline : h("p", { class: "muted" }, "No highlights yet."),
      appearances.length ? [h("h3", {}, "Brands"), brandLane] : null,
      highlights.length ? h("ol", { class: "highlights" }, ...rows) : null,
      canWrite ? h("form", { class: "row", onsubmit: async (e: Event) => {
        e.preventDefault();
        try {
          // A chat/events file is the request itself: {"chat": {"messages": [{"t": 12.5, "text": "…"}]}, "events": [{"t": 30, "type": "raid"}]}.
          const file = events.files?.[0];
          const body = file ? JSON.parse(await file.text()) as Schemas["HighlightRequest"] : {};
          const accepted = await ok(api.POST("/api/assets/{id}/highlights", { params: { path: { id } }, body }));
          follow(accepted.job_id);
          await load();
        } catch (err) { fail(err instanceof SyntaxError ? new Error(`The chat/events file is not JSON: ${err.message}`) : err); }
      } },
        h("label", { for: "hl-events" }, "Chat/events file (optional)"), events,
        h("button", { type: "submit" }, "Find highlights"),
        h("button", { type: "button", onclick: async () => {
          try {
            const accepted = await ok(api.POST("/api/assets/{id}/brands", { params: { path: { id } }, body: {} }));
            follow(accepted.job_id);
            await load();
          } catch (err) { fail(err); }
        } }, "Find brands")) : null,
      canWrite && highlights.length ? h("form", { class: "row", onsubmit: async (e: Event) => {
        e.preventDefault();
        if (!selected.size) { fail(new Error("Select one or more highlights to cut.")); return; }
        try {
          const accepted = await ok(api.POST("/api/assets/{id}/clips", { params: { path: { id } }, body: { highlight_ids: [...selected], mode: mode.value } }));
          if ("job_id" in accepted) follow(accepted.job_id);
          await load();
        } catch (err) { fail(err); }
      } },
        h("label", { for: "clip-mode" }, "Mode"), mode,
        h("button", { type: "submit" }, `Cut ${selected.size || ""} clip${selected.size === 1 ? "" : "s"}`)) : null);
  };

  const loadClips = async () => {
    const { clips } = await ok(api.GET("/api/assets/{id}/clips", { params: { path: { id } } }));
    clear(clipsBox, h("h2", { id: "clips-h" }, "Clips"),
      clips.length
        ? h("ul", { class: "clips" }, ...clips.map((c) => h("li", {},
          h("a", { href: `/assets/${c.id}` }, `${time(Number(c.start))}–${time(Number(c.end))}`), ` · ${c.mode} `,
          h("button", { type: "button", onclick: () => void download(c.url, `clip-${c.id}.mp4`) }, "Download"))))
        : h("p", { class: "muted" }, "No clips yet."));
  };

  /** Keyed downloads go through a blob: a plain link cannot carry the key. */
  const download = async (url: string, name: string) => {
    try {
      const blob = await fileUrl(url, stop.signal);
      urls.push(blob);
      const a = h("a", { href: blob, download: name, hidden: true });
      document.body.append(a);
      a.click();
      a.remove();
    } catch (e) {
      fail(e instanceof ApiError ? e : new Error(String(e)));
    }
  };

  clear(main, 
    title, facts, message,
    h("div", { class: "asset" },
      h("div", { class: "media" }, video, playerNote, keyframesBox),
      h("div", { class: "side" }, verdictBox, jobsBox)),
    highlightsBox, clipsBox);
  void load();
  return () => {
    stop.abort();
    hls?.destroy();
    // A player left with a revoked blob: src keeps reading it (Chromium logs net::ERR_FILE_NOT_FOUND per read): unload it first.
    video.removeAttribute("src");
    video.load();
    urls.forEach((u) => URL.revokeObjectURL(u));
    // As the library's posters: the images let go of their blob: URLs before those are revoked.
    keyframesBox.querySelectorAll("img").forEach((img) => img.removeAttribute("src"));
    frames.forEach((f) => void f.then((u) => URL.revokeObjectURL(u), () => {}));
  };
};
