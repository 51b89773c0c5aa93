using System.Net;
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
}
