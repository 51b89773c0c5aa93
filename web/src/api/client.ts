import createClient, { type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema";
import { session } from "../session";

export type Schemas = components["schemas"];

/** What the API answered when it said no: its ProblemDetails title and detail, shown to people as they are. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

const withKey: Middleware = {
  onRequest({ request }) {
    const key = session.key();
    if (key) request.headers.set("X-Api-Key", key);
    return request;
  },
};

/** The typed client, generated from the API's own OpenAPI document (web/openapi.json). */
export const api = createClient<paths>({ baseUrl: location.origin });
api.use(withKey);

type Answer<T> = { data?: T; error?: unknown; response: Response };

/** The answer's body, or an {@link ApiError} carrying the API's own words. */
export async function ok<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response.status, problemText(error, response));
  return data as T;
}

export function problemText(error: unknown, response: Response): string {
  if (error && typeof error === "object") {
    const p = error as { title?: string | null; detail?: string | null };
    if (p.detail) return p.title ? `${p.title}: ${p.detail}` : p.detail;
    if (p.title) return p.title;
  }
  return `${response.status} ${response.statusText || "error"}`;
}

/** A keyed GET of a file (poster, proxy, clip) as an object URL: img, video and a[download] cannot send the key themselves. */
export async function fileUrl(path: string, signal?: AbortSignal): Promise<string> {
  const response = await fetch(path, { headers: keyHeader(), signal });
  if (!response.ok) throw new ApiError(response.status, await responseProblem(response));
  return URL.createObjectURL(await response.blob());
}

export function keyHeader(): Record<string, string> {
  const key = session.key();
  return key ? { "X-Api-Key": key } : {};
}

export async function responseProblem(response: Response): Promise<string> {
  try {
    return problemText(await response.json(), response);
  } catch {
    return `${response.status} ${response.statusText || "error"}`;
  }
}

export type JobEvent = Schemas["JobProgressEvent"];

/**
 * Reads a Server-Sent Events stream of the API (a job's, a live stream's) until {@link onEvent} says it is the last
 * event or {@link signal} aborts. EventSource cannot send the key, so this reads the stream with fetch; a dropped
 * connection resumes with Last-Event-ID, so no event is seen twice or missed.
 */
export async function followEvents(url: string, onEvent: (type: string, data: unknown) => boolean, signal: AbortSignal): Promise<void> {
  let lastId = "";
  for (let attempt = 0; attempt < 5 && !signal.aborted; attempt++) {
    try {
      const headers: Record<string, string> = { ...keyHeader(), Accept: "text/event-stream" };
      if (lastId) headers["Last-Event-ID"] = lastId;
      const response = await fetch(url, { headers, signal });
      if (!response.ok || !response.body) throw new ApiError(response.status, await responseProblem(response));
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = "";
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const lines = buffer.slice(0, end).split("\n");
          buffer = buffer.slice(end + 2);
          const data = lines.filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\n");
          const id = lines.find((l) => l.startsWith("id:"));
          if (id) lastId = id.slice(3).trim();
          const type = lines.find((l) => l.startsWith("event:"))?.slice(6).trim() ?? "message";
          if (data && onEvent(type, JSON.parse(data))) return;
        }
      }
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError && e.status < 500) throw e;
    }
    await new Promise((r) => setTimeout(r, 1000 * (attempt + 1)));
  }
}

/** Follows a job's events (GET /api/jobs/{id}/events) until it ends; the last one seen is the answer. */
export async function followJob(jobId: string, onEvent: (e: JobEvent) => void, signal: AbortSignal): Promise<JobEvent | undefined> {
  let last: JobEvent | undefined;
  await followEvents(`/api/jobs/${jobId}/events`, (_, data) => {
    last = data as JobEvent;
    onEvent(last);
    return isFinal(last.state);
  }, signal);
  return last;
}

export function isFinal(state: string): boolean {
  return state === "completed" || state === "failed" || state === "cancelled";
}

/** Queues the asset's classification (POST /api/classify-video with its asset_id); the document describes that body only in words. */
export async function classify(assetId: string): Promise<Schemas["ClassifyAccepted"]> {
  const response = await fetch("/api/classify-video", {
    method: "POST",
    headers: { ...keyHeader(), "Content-Type": "application/json" },
    body: JSON.stringify({ asset_id: assetId }),
  });
  if (!response.ok) throw new ApiError(response.status, await responseProblem(response));
  return (await response.json()) as Schemas["ClassifyAccepted"];
}
