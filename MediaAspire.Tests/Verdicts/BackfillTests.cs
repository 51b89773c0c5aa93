using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Storage;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace MediaAspire.Tests.Verdicts;

/// <summary>/api/backfill on a database of its own (it classifies every asset there is).</summary>
[Collection(ServersCollection.Name)]
public sealed class BackfillTests(ServersFixture servers) : SystemTest(servers)
{
    [Fact]
    public async Task A_backfill_classifies_each_readable_asset_once_reports_progress_and_a_rerun_changes_nothing()
    {
        await StartOnADatabaseOfItsOwnAsync(new Dictionary<string, string?>
        {
            ["Backfill:Concurrency"] = "2",
            ["Worker:ProgressInterval"] = "00:00:00",
        });

        // Three uploads through the plain asset endpoint (probe and renditions only), one of which does not decode.
        var uploads = new List<JsonElement>
        {
            await Sut.UploadAsync(await ClassifyMedia.TwoShotsAsync(Servers.Root)),
            await Sut.UploadAsync(await ClassifyMedia.TwoShotsAsync(Servers.Root, "Kite", "DarkestHour")),
            await Sut.UploadAsync(await ClassifyMedia.CorruptAsync(Servers.Root)),
        };
        foreach (var upload in uploads) await Sut.WaitForJobAsync(upload.GetProperty("job_id").GetGuid());
        var before = await Sut.Client.GetFromJsonAsync<JsonElement>("/api/backfill");
        Assert.Equal((3, 0, 2, 1), Counts(before));

        var started = await Sut.Client.PostAsync("/api/backfill", null);
        var again = await Sut.Client.PostAsync("/api/backfill", null);

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job").GetProperty("id").GetGuid();
        // Asked again while it runs: the same backfill, not a second one (or, had it finished already, nothing).
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        if ((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job") is { ValueKind: JsonValueKind.Object } running)
            Assert.Equal(jobId, running.GetProperty("id").GetGuid());
        var job = await Sut.WaitForJobAsync(jobId, TimeSpan.FromSeconds(120));
        Assert.Equal("completed", job.GetProperty("state").GetString());
        Assert.Equal(2, job.GetProperty("result").GetProperty("classified").GetInt32());
        Assert.Equal(0, job.GetProperty("result").GetProperty("failed_count").GetInt32());
        // Progress is the share of assets done: 0 at the start, a step per asset, never backwards.
        var progress = (await Sut.Client.GetStringAsync($"/api/jobs/{jobId}/events"))
            .Split('\n').Where(l => l.StartsWith("data:", StringComparison.Ordinal)).Select(l => JsonDocument.Parse(l[5..]).RootElement)
            .Where(e => e.GetProperty("type").GetString() == "progress")
            .Select(e => e.GetProperty("progress").GetSingle()).ToList();
        Assert.Equal(0, progress[0]);
        Assert.Equal(progress.Order(), progress);
        Assert.Equal(2, progress.Count(p => p is > 0 and < 1));

        var after = await Sut.Client.GetFromJsonAsync<JsonElement>("/api/backfill");
        Assert.Equal((3, 2, 0, 1), Counts(after));
        Assert.Equal(JsonValueKind.Null, after.GetProperty("job").ValueKind);
        var verdicts = new List<JsonElement>();
        foreach (var upload in uploads.Take(2))
            verdicts.Add(await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{upload.GetProperty("asset_id").GetGuid()}/verdict"));
        Assert.All(verdicts, v => Assert.Equal(jobId, v.GetProperty("job_id").GetGuid()));
        Assert.All(verdicts, v => Assert.False(v.GetProperty("is_explicit").GetBoolean()));

        // Nothing lacks a verdict any more: a rerun starts nothing and rewrites nothing.
        var rerun = await Sut.Client.PostAsync("/api/backfill", null);
        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job").ValueKind);
        var unchanged = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{uploads[0].GetProperty("asset_id").GetGuid()}/verdict");
        Assert.Equal(verdicts[0].ToString(), unchanged.ToString());
    }

    [Fact]
    public async Task An_asset_that_cannot_be_classified_is_marked_failed_so_the_next_backfill_skips_it()
    {
        await StartOnADatabaseOfItsOwnAsync([]);
        var readable = await Sut.UploadAsync(await ClassifyMedia.TwoShotsAsync(Servers.Root));
        var lost = await Sut.UploadAsync(await ClassifyMedia.TwoShotsAsync(Servers.Root, "Kite", "DarkestHour"));
        foreach (var upload in (JsonElement[])[readable, lost]) await Sut.WaitForJobAsync(upload.GetProperty("job_id").GetGuid());
        // The probed source goes missing from storage (a lost disk, a bad restore): the asset looked fine until now.
        var lostId = lost.GetProperty("asset_id").GetGuid();
        await Sut.Api.Services.GetRequiredService<IObjectStore>().DeleteAsync(Asset.SourceKey(lostId), CancellationToken.None);

        var started = await Sut.Client.PostAsync("/api/backfill", null);
        var jobId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job").GetProperty("id").GetGuid();
        var job = await Sut.WaitForJobAsync(jobId, TimeSpan.FromSeconds(120));

        Assert.Equal("completed", job.GetProperty("state").GetString());
        var result = job.GetProperty("result");
        Assert.Equal((1, 1), (result.GetProperty("classified").GetInt32(), result.GetProperty("failed_count").GetInt32()));
        var failure = Assert.Single(result.GetProperty("failed").EnumerateArray());
        Assert.Equal(lostId, failure.GetProperty("asset_id").GetGuid());
        Assert.Contains("missing from storage", failure.GetProperty("reason").GetString());
        var asset = await Sut.Client.GetFromJsonAsync<JsonElement>($"/api/assets/{lostId}");
        Assert.Equal("failed", asset.GetProperty("asset").GetProperty("status").GetString());
        Assert.Equal((2, 1, 0, 1), Counts(await Sut.Client.GetFromJsonAsync<JsonElement>("/api/backfill")));
        // Nothing is left that could be classified: asking again starts nothing.
        var rerun = await Sut.Client.PostAsync("/api/backfill", null);
        Assert.Equal(HttpStatusCode.OK, rerun.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await rerun.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("job").ValueKind);
    }

    [Fact]
    public async Task Only_admins_may_start_a_backfill()
    {
        var created = await Sut.Client.PostAsJsonAsync("/api/keys", new { name = "member" });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString();
        using var member = Sut.Api.CreateClient();
        member.DefaultRequestHeaders.Add("X-Api-Key", key);

        var response = await member.PostAsync("/api/backfill", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>A backfill sees every asset in its database, so each test gets an empty one.</summary>
    private async Task StartOnADatabaseOfItsOwnAsync(Dictionary<string, string?> workerSettings)
    {
        var database = new Dictionary<string, string?>
        {
            ["ConnectionStrings:mediadb"] = Servers.Postgres.ConnectionString(await Servers.CreateDatabaseAsync()),
        };
        await Sut.DisposeAsync();
        Sut = SystemUnderTest.Start(Servers, database, new Dictionary<string, string?>(database.Concat(workerSettings)));
    }

    private static (long Assets, long Classified, long Lacking, long Unreadable) Counts(JsonElement status) =>
        (status.GetProperty("assets").GetInt64(), status.GetProperty("classified").GetInt64(),
         status.GetProperty("lacking").GetInt64(), status.GetProperty("unreadable").GetInt64());
}
