using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Json;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// The tests' one job waiter: polls <c>/api/jobs/{id}</c> (or an asset's job list) and, on time-out, fails with the
/// job's last state, stage, progress and error.
/// </summary>
public static class JobWaiter
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    /// <summary>The job once it has left pending/running (completed, failed or cancelled).</summary>
    public static Task<JsonElement> FinishedAsync(HttpClient client, Guid jobId, TimeSpan? timeout = null) =>
        UntilAsync(client, jobId, job => job.GetProperty("state").GetString() is not ("pending" or "running"), "to finish", timeout);

    /// <summary>The job once <paramref name="until"/> holds for it (<paramref name="what"/> says what that is, for the time-out).</summary>
    public static Task<JsonElement> UntilAsync(HttpClient client, Guid jobId, Func<JsonElement, bool> until, string what, TimeSpan? timeout = null) =>
        Wait.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/jobs/{jobId}", PlatformJson.Options), until,
            timeout ?? DefaultTimeout, $"job {jobId} {what}", Describe, Interval);

    /// <summary>The asset's job of <paramref name="kind"/> (as the asset lists it) once it exists and <paramref name="until"/> holds for it.</summary>
    public static Task<JsonElement> OnAssetAsync(HttpClient client, string assetUrl, string kind, Func<JsonElement, bool>? until = null,
        string what = "to be queued", TimeSpan? timeout = null) =>
        Wait.UntilAsync(async () => (await client.GetFromJsonAsync<JsonElement>(assetUrl, PlatformJson.Options)).GetProperty("jobs").EnumerateArray()
                .FirstOrDefault(j => j.GetProperty("kind").GetString() == kind),
            job => job.ValueKind == JsonValueKind.Object && (until?.Invoke(job) ?? true),
            timeout ?? DefaultTimeout, $"the {kind} job of {assetUrl} {what}", Describe, Interval);

    private static string Describe(JsonElement job) => job.ValueKind != JsonValueKind.Object
        ? "no such job"
        : $"state {Field(job, "state")}, stage {Field(job, "stage")}, progress {Field(job, "progress")}, error {Field(job, "error")} in {job}";

    private static string Field(JsonElement job, string name) =>
        job.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "none";
}
