import { classify, followJob } from "../api/client";
import type { Page } from "../main";
import { clear, bytes, errorBox, h, progressBar } from "../dom";
import { ResumableUpload, unfinished, type UploadView } from "../uploads";

/** Several files at once, each by the resumable protocol, with pause/resume; optionally classified once uploaded. */
export const uploadPage: Page = (main) => {
  const stop = new AbortController();
  const list = h("ul", { class: "uploads", "aria-label": "Uploads" });
  const input = h("input", { id: "files", type: "file", multiple: true, accept: "video/*,audio/*" });
  const classifyBox = h("input", { id: "classify", type: "checkbox", checked: true });
  const drop = h("div", { class: "drop", tabindex: 0, role: "button", "aria-describedby": "drop-help" },
    h("p", {}, "Drop videos here"),
    h("p", { id: "drop-help", class: "muted" }, "or press Enter to choose files"));

  const start = (files: Iterable<File>) => {
    for (const file of files) {
      const row = h("li", { class: "upload" });
      list.append(row);
      const upload = new ResumableUpload(file, (view) => draw(row, view, upload));
      void upload.run().then(() => afterUpload(row, upload.view));
    }
  };

  const afterUpload = async (row: HTMLElement, view: UploadView) => {
    if (view.state !== "done" || !view.accepted) return;
    const { asset_id, job_id } = view.accepted;
    const processing = h("p", { class: "muted", "aria-live": "polite" }, "Processing…");
    row.append(processing, h("a", { href: `/assets/${asset_id}` }, "Open asset"));
    try {
      if (classifyBox.checked) await classify(asset_id);
      const last = await followJob(job_id, (e) => {
        processing.textContent = `Probe: ${e.stage ?? e.type} ${e.progress != null ? Math.round(Number(e.progress) * 100) + "%" : ""}`;
      }, stop.signal);
      processing.textContent = last?.state === "failed" ? `Failed: ${last.message ?? "unreadable"}` : "Probed; renditions and verdict follow on the asset page.";
    } catch (e) {
      processing.replaceWith(errorBox(e instanceof Error ? e.message : String(e)));
    }
  };

  input.addEventListener("change", () => { if (input.files) start(input.files); input.value = ""; });
  drop.addEventListener("click", () => input.click());
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); input.click(); } });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer?.files) start(e.dataTransfer.files);
  });

  const pending = unfinished();
  clear(main, 
    h("h1", {}, "Upload"),
    drop,
    h("p", {}, h("label", { for: "files" }, "Choose files "), input),
    h("p", {}, classifyBox, " ", h("label", { for: "classify" }, "Classify each video once uploaded (verdict and poster)")),
    pending.length
      ? h("p", { class: "notice" }, `Unfinished from before: ${pending.map((p) => `${p.name} (${bytes(p.size)})`).join(", ")}. Choose the same files again to resume where they stopped.`)
      : null,
    list);
  return () => stop.abort();
};

const labels: Record<UploadView["state"], string> = {
  hashing: "Computing SHA-256…", uploading: "Uploading", paused: "Paused", completing: "Checking…", done: "Uploaded", failed: "Failed",
};

function draw(row: HTMLElement, view: UploadView, upload: ResumableUpload): void {
  const fraction = view.file.size ? view.sent / view.file.size : 0;
  const button = view.state === "uploading"
    ? h("button", { type: "button", onclick: () => upload.pause() }, "Pause")
    : view.state === "paused" || view.state === "failed"
      ? h("button", { type: "button", onclick: () => void upload.resume() }, "Resume")
      : null;
  const head = row.querySelector(".head") ?? h("div", { class: "head" });
  clear(head, 
    h("strong", {}, view.file.name), " ",
    h("span", { class: "muted" }, `${bytes(view.sent)} of ${bytes(view.file.size)}`), " ",
    h("span", { class: `state ${view.state}` }, labels[view.state]),
    progressBar(`Upload of ${view.file.name}`, fraction),
    button,
    view.state === "failed" && view.message ? errorBox(view.message) : null);
  if (!head.parentElement) row.prepend(head);
}
