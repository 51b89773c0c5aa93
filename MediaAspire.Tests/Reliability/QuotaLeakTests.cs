using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Platform.Queue;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MediaAspire.Tests.Reliability;

/// <summary>
/// Quota taken ahead of the row that holds it never leaks: an API SIGKILLed between reserving and inserting the asset
/// leaves a reservation that runs out and is reconciled; a clips job that loses its lease after storing gives its
/// reservation and files back itself.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class QuotaLeakTests(ServersFixture servers)
{
    [Fact]
    public async Task The_quota_an_upload_held_when_its_API_was_SIGKILLed_runs_out_and_is_given_back_by_the_reconciliation()
    {
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(servers.Root, 320, 240, 10, 3));
        var tenant = $"leak-{Guid.NewGuid():N}"[..16];
        await using var database = NpgsqlDataSource.Create(servers.DatabaseConnectionString);
        string key;
        await using (var doomed = await ServiceProcess.StartApiAsync(servers, new Dictionary<string, string> { ["Quotas:ReservationTtl"] = "00:00:03" }))
        {
            using var admin = doomed.CreateAdminClient();
            key = await CreateKeyAsync(admin, tenant);
            // One asset: the slot the killed upload took is the tenant's only one.
            Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/tenants/{tenant}/quota", new { max_bytes = (long?)null, max_assets = 1 })).StatusCode);
            using var client = new HttpClient { BaseAddress = doomed.Endpoint, Timeout = TimeSpan.FromSeconds(60) };
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
            // Half the file sent, the API reading it (its slot and the request's length reserved), when the API is killed.
            var half = new PausedContent(video, pauseAt: video.Length / 2) { Headers = { ContentType = new MediaTypeHeaderValue("video/mp4") } };
            var upload = client.PostAsync("/api/assets", new MultipartFormDataContent { { half, "file", "killed.mp4" } });
            await half.FirstPieceSent;
            await Wait.UntilAsync(async () => (await UsageAsync(database, tenant)).Reservations == 1, TimeSpan.FromSeconds(30),
                () => "the upload's reservation to be taken");
            doomed.Kill();
            // The rest of the body meets the dead connection.
            half.Resume();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => upload);
        }
        var leaked = await UsageAsync(database, tenant);
        // The half-written source the killed API was streaming into (the directory store writes beside the key, then renames).
        var halfWritten = Directory.GetFiles(Path.Combine(servers.Root, "objects"), "*.partial", SearchOption.AllDirectories)
            .Where(f => File.GetLastWriteTimeUtc(f) > DateTime.UtcNow.AddMinutes(-1)).ToList();

        await using var api = new ApiHost(servers, new Dictionary<string, string?>
            { ["Quotas:ReconcileInterval"] = "00:00:01", ["Quotas:ReservationTtl"] = "00:00:03" });
        var reconciled = await Wait.UntilAsync(() => UsageAsync(database, tenant), u => u.Reservations == 0 && u.Assets == 0,
            TimeSpan.FromSeconds(60), "the killed upload's reservation to run out and be reconciled");
        await Wait.UntilAsync(() => Task.FromResult(!halfWritten.Any(File.Exists)), TimeSpan.FromSeconds(30),
            () => $"the killed upload's half-written files to be removed: {string.Join(", ", halfWritten.Where(File.Exists))}");
        using var tenantClient = api.Factory.CreateClient();
        tenantClient.DefaultRequestHeaders.Add("X-Api-Key", key);
        var after = await Upload.AcceptedAsync(tenantClient, video, "after.mp4");

        Assert.Equal(1, leaked.Assets);
        Assert.NotEmpty(halfWritten);
        Assert.True(leaked.Bytes >= video.Length, $"the killed upload held {leaked.Bytes} bytes, less than its {video.Length}");
        Assert.Equal((0L, 0L), (reconciled.Bytes, reconciled.Assets));
        Assert.Equal((long)video.Length, (await UsageAsync(database, tenant)).Bytes);
        Assert.Equal(video.Length, (await tenantClient.GetByteArrayAsync($"/api/assets/{after.GetProperty("asset_id").GetGuid()}/source")).Length);
    }

    [Fact]
    public async Task A_clips_job_that_lost_its_lease_after_storing_gives_back_its_reservation_and_deletes_its_files()
    {
        // A lease long enough that no heartbeat notices the takeover: the job runs to its commit and finds the job gone there.
        await using var sut = SystemUnderTest.Start(servers, workerSettings: new Dictionary<string, string?> { ["Queue:VisibilityTimeout"] = "00:05:00" });
        var tenant = $"lease-{Guid.NewGuid():N}"[..16];
        using var client = await sut.ClientForTenantAsync(tenant);
        await using var database = NpgsqlDataSource.Create(servers.DatabaseConnectionString);
        var uploaded = await Upload.AcceptedAsync(client, await TestMedia.TestPatternAsync(servers.Root, 1280, 720, 25, 8));
        var assetId = uploaded.GetProperty("asset_id").GetGuid();
        Assert.Equal("completed", (await JobWaiter.FinishedAsync(client, uploaded.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(90))).GetProperty("state").GetString());
        // The source's renditions count too: stored first, so the figure before the clip is final.
        await StoredBytes.OfAsync(client, assetId);
        var before = await UsageAsync(database, tenant);

        var cut = await (await client.PostAsJsonAsync($"/api/assets/{assetId}/clips", new { mode = "precise", ranges = new[] { new { start = 0.5, end = 7.5 } } }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var jobId = cut.GetProperty("job_id").GetGuid();
        var clipId = cut.GetProperty("clip_ids")[0].GetGuid();
        // Another worker takes the job over (as when this one's lease runs out) while this one is still at it.
        var messageId = await Wait.UntilAsync(async () =>
            {
                await using var running = database.CreateCommand("SELECT queue_message_id FROM jobs WHERE id = @id AND state = 'running'");
                running.Parameters.AddWithValue("id", jobId);
                return await running.ExecuteScalarAsync() as string;
            }, id => id is not null, TimeSpan.FromSeconds(90), "the clips job to be running");
        await using (var takeOver = database.CreateCommand("UPDATE jobs SET worker = 'the-worker-that-took-over' WHERE id = @id AND state = 'running'"))
        {
            takeOver.Parameters.AddWithValue("id", jobId);
            Assert.Equal(1, await takeOver.ExecuteNonQueryAsync());
        }
        // The worker lets go of the delivery (acknowledges it) only after its commit was refused and it undid what it did.
        var queue = sut.Worker.Services.GetRequiredService<JobQueue>();
        await Wait.UntilAsync(async () => !await queue.ContainsAsync(messageId!), TimeSpan.FromSeconds(180),
            () => "the worker to give up the clips job it no longer holds");

        var afterwards = await UsageAsync(database, tenant);
        var clipDirectory = Path.Combine(servers.Root, "objects", "assets", clipId.ToString("N"));
        var clips = (await client.GetFromJsonAsync<JsonElement>($"/api/assets/{assetId}/clips")).GetProperty("clips");
        // The job is the other worker's now; deleting the source ends it for this test.
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/assets/{assetId}")).StatusCode);

        Assert.Equal((before.Bytes, before.Assets, 0L), (afterwards.Bytes, afterwards.Assets, afterwards.Reservations));
        Assert.Equal(0, clips.GetArrayLength());
        Assert.Empty(Directory.Exists(clipDirectory) ? Directory.GetFiles(clipDirectory, "*", SearchOption.AllDirectories) : []);
    }

    private static async Task<string> CreateKeyAsync(HttpClient admin, string tenant)
    {
        var response = await admin.PostAsJsonAsync("/api/keys", new { name = $"{tenant} key", tenant });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"creating a key answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("key").GetString()!;
    }

    private sealed record Usage(long Bytes, long Assets, long Reservations);

    /// <summary>The tenant's counted use and its live reservations, as PostgreSQL holds them.</summary>
    private static async Task<Usage> UsageAsync(NpgsqlDataSource database, string tenant)
    {
        await using var command = database.CreateCommand("""
            SELECT t.used_bytes, t.asset_count, (SELECT count(*) FROM quota_reservations r WHERE r.tenant_id = t.id)
            FROM tenants t WHERE t.name = @name
            """);
        command.Parameters.AddWithValue("name", tenant);
        await using var reader = await command.ExecuteReaderAsync();
        return await reader.ReadAsync() ? new Usage(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)) : new Usage(0, 0, 0);
    }
}
