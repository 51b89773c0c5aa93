using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Reliability;

/// <summary>The API going away in the middle of a resumable upload: a new API instance continues it from the stored parts.</summary>
[Collection(ServersCollection.Name)]
public sealed class ApiRestartUploadTests(ServersFixture servers)
{
    [Fact]
    public async Task An_upload_interrupted_by_the_API_going_down_mid_part_continues_on_a_new_API_from_the_parts_it_holds()
    {
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(servers.Root, 320, 240, 10, 3));
        var third = video.Length / 3;
        var parts = new[] { video[..third], video[third..(2 * third)], video[(2 * third)..] };
        Guid id;
        await using (var first = new ApiHost(servers))
        {
            id = (await first.InitiateAsync(video)).GetProperty("id").GetGuid();
            await first.PutPartAsync(id, 1, parts[0]);
            await first.PutPartAsync(id, 2, parts[1]);
            // Part 3 is half sent when the API goes down: the client's connection breaks with it.
            var interrupted = new PausedContent(parts[2], pauseAt: parts[2].Length / 2);
            using var broken = new CancellationTokenSource();
            var put = first.Client.PutAsync($"/api/uploads/{id}/parts/3", interrupted, broken.Token);
            await interrupted.FirstPieceSent;
            await broken.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        }

        await using var second = new ApiHost(servers);
        var status = await second.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        var resent = await second.PutPartAsync(id, 3, parts[2]);
        var completed = await second.CompleteAsync(id);

        Assert.Equal([1, 2], status.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()));
        Assert.Equal(parts[0].Length + parts[1].Length, status.GetProperty("received_bytes").GetInt64());
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();
        Assert.Equal(video, await second.Client.GetByteArrayAsync($"/api/assets/{assetId}/source"));
    }

    [Fact]
    public async Task An_upload_whose_API_process_was_SIGKILLed_mid_part_continues_on_a_new_API_process_and_the_asset_is_whole()
    {
        var video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(servers.Root, 320, 240, 10, 3));
        var third = video.Length / 3;
        var parts = new[] { video[..third], video[third..(2 * third)], video[(2 * third)..] };
        Guid id;
        await using (var doomed = await ServiceProcess.StartApiAsync(servers))
        {
            using var client = doomed.CreateAdminClient();
            client.Timeout = TimeSpan.FromSeconds(60);
            var initiated = await client.PostAsJsonAsync("/api/uploads",
                new { filename = "killed.mp4", size_bytes = video.Length, sha256 = ApiHost.Sha256(video), content_type = "video/mp4" });
            Assert.Equal(HttpStatusCode.Created, initiated.StatusCode);
            id = (await initiated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            for (var n = 1; n <= 2; n++)
                Assert.Equal(HttpStatusCode.OK, (await client.PutAsync($"/api/uploads/{id}/parts/{n}", Part(parts[n - 1]))).StatusCode);
            // Part 3 half sent, the API streaming it to storage, when the process is killed outright.
            var interrupted = new PausedContent(parts[2], pauseAt: parts[2].Length / 2);
            var put = client.PutAsync($"/api/uploads/{id}/parts/3", interrupted);
            await interrupted.FirstPieceSent;
            doomed.Kill();
            interrupted.Resume();
            await Assert.ThrowsAnyAsync<HttpRequestException>(() => put);
        }

        await using var second = await ServiceProcess.StartApiAsync(servers);
        using var again = second.CreateAdminClient();
        var status = await again.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        var resent = await again.PutAsync($"/api/uploads/{id}/parts/3", Part(parts[2]));
        var completed = await again.PostAsync($"/api/uploads/{id}/complete", null);

        Assert.Equal([1, 2], status.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()));
        Assert.Equal(parts[0].Length + parts[1].Length, status.GetProperty("received_bytes").GetInt64());
        Assert.Equal(HttpStatusCode.OK, resent.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();
        var stored = await again.GetByteArrayAsync($"/api/assets/{assetId}/source");
        Assert.Equal(ApiHost.Sha256(video), ApiHost.Sha256(stored));
        Assert.Equal(video.Length, stored.Length);
        // The parts, and what the killed process was half-way through writing, went with the completion.
        var partsDirectory = Path.Combine(servers.Root, "objects", "uploads", id.ToString("N"));
        Assert.Empty(Directory.Exists(partsDirectory) ? Directory.GetFiles(partsDirectory, "*", SearchOption.AllDirectories) : []);
    }

    private static ByteArrayContent Part(byte[] bytes) =>
        new(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
}
