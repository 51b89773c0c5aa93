import { api, ApiError, keyHeader, ok, responseProblem, type Schemas } from "./api/client";

/**
 * Resumable uploads (POST /api/uploads, PUT parts, POST complete). Each upload's id and its file's identity (name, size,
 * last-modified) are kept in localStorage, so after a reload or a dropped connection choosing the same file again
 * resumes: GET /api/uploads/{id} says which parts the server holds, and only the rest are sent.
 */
export type UploadState = "hashing" | "uploading" | "paused" | "completing" | "done" | "failed";

export interface UploadView {
  file: File;
  state: UploadState;
  sent: number;
  message?: string;
  accepted?: Schemas["UploadAccepted"];
}

interface Remembered { id: string; name: string; size: number; lastModified: number; sha256: string }

const STORE = "mediaaspire.uploads";

function remembered(): Remembered[] {
  try {
    return JSON.parse(localStorage.getItem(STORE) ?? "[]") as Remembered[];
  } catch {
    return [];
  }
}

function remember(list: Remembered[]): void {
  localStorage.setItem(STORE, JSON.stringify(list));
}

/** Uploads not finished when the page was last left: shown so the user can pick their files again. */
export function unfinished(): { name: string; size: number }[] {
  return remembered().map(({ name, size }) => ({ name, size }));
}

const sameFile = (r: Remembered, f: File) => r.name === f.name && r.size === f.size && r.lastModified === f.lastModified;

async function sha256(file: File): Promise<string> {
  // WebCrypto hashes a whole buffer; the API's size cap keeps files within what a tab can hold.
  const digest = await crypto.subtle.digest("SHA-256", await file.arrayBuffer());
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

export class ResumableUpload {
  readonly view: UploadView;
  private request: XMLHttpRequest | null = null;
  private paused = false;

  constructor(file: File, private readonly changed: (view: UploadView) => void) {
    this.view = { file, state: "hashing", sent: 0 };
  }

  pause(): void {
    this.paused = true;
    this.request?.abort();
    this.update({ state: "paused" });
  }

  resume(): Promise<void> {
    this.paused = false;
    return this.run();
  }

  async run(): Promise<void> {
    try {
      const status = await this.status();
      if (status.state === "completed" && status.asset_id) {
        this.update({ state: "done", sent: this.view.file.size });
        return;
      }
      const held = new Set(status.parts.map((p) => p.number));
      const partBytes = Number(status.max_part_bytes);
      const count = Math.ceil(this.view.file.size / partBytes);
      let sent = status.parts.reduce((sum, p) => sum + Number(p.size_bytes), 0);
      this.update({ state: "uploading", sent });
      for (let number = 1; number <= count; number++) {
        if (held.has(number)) continue;
        if (this.paused) return;
        const part = this.view.file.slice((number - 1) * partBytes, Math.min(number * partBytes, this.view.file.size));
        await this.put(status.id, number, part, (loaded) => this.update({ sent: sent + loaded }));
        sent += part.size;
        this.update({ sent });
      }
      if (this.paused) return;
      this.update({ state: "completing" });
      const accepted = await ok(api.POST("/api/uploads/{id}/complete", { params: { path: { id: status.id } } }));
      this.forget();
      this.update({ state: "done", sent: this.view.file.size, accepted });
    } catch (e) {
      if (this.paused) return;
      this.update({ state: "failed", message: e instanceof Error ? e.message : String(e) });
    }
  }

  /** The server's view of this file's upload: the one started before (if it still exists), else a new one. */
  private async status(): Promise<Schemas["UploadStatus"]> {
    const file = this.view.file;
    const before = remembered().find((r) => sameFile(r, file));
    if (before) {
      const { data, response } = await api.GET("/api/uploads/{id}", { params: { path: { id: before.id } } });
      if (response.ok && data) return data;
      this.forget();
    }
    this.update({ state: "hashing" });
    const digest = await sha256(file);
    const created = await ok(api.POST("/api/uploads", {
      body: { filename: file.name, size_bytes: file.size, sha256: digest, content_type: file.type || "application/octet-stream" },
    }));
    remember([...remembered().filter((r) => !sameFile(r, file)),
      { id: created.id, name: file.name, size: file.size, lastModified: file.lastModified, sha256: digest }]);
    return created;
  }

  private forget(): void {
    remember(remembered().filter((r) => !sameFile(r, this.view.file)));
  }

  /** One part, by XMLHttpRequest: fetch cannot report upload progress. */
  private put(id: string, number: number, part: Blob, progress: (loaded: number) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      this.request = xhr;
      xhr.open("PUT", `/api/uploads/${id}/parts/${number}`);
      for (const [name, value] of Object.entries(keyHeader())) xhr.setRequestHeader(name, value);
      xhr.setRequestHeader("Content-Type", "application/octet-stream");
      xhr.upload.onprogress = (e) => progress(e.loaded);
      xhr.onload = async () => {
        if (xhr.status >= 200 && xhr.status < 300) resolve();
        else reject(new ApiError(xhr.status, await responseProblem(new Response(xhr.responseText, { status: xhr.status }))));
      };
      xhr.onerror = () => reject(new Error(`The connection dropped while sending part ${number}; press Resume to go on.`));
      xhr.onabort = () => resolve();
      xhr.send(part);
    });
  }

  private update(change: Partial<UploadView>): void {
    Object.assign(this.view, change);
    this.changed(this.view);
  }
}
