using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Api.Uploads;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace MediaAspire.Tests.Uploads;

/// <summary>The resumable protocol end to end through HTTP, on real PostgreSQL and the filesystem store.</summary>
[Collection(ServersCollection.Name)]
public sealed class ResumableUploadTests(ServersFixture servers) : ApiTest(servers)
{
    private byte[] _video = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _video = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 320, 240, fps: 10, seconds: 1));
    }

    private string PartsDirectory(Guid uploadId) => Path.Combine(Servers.Root, "objects", "uploads", uploadId.ToString("N"));

    [Fact]
    public async Task Parts_sent_out_of_order_and_one_sent_twice_complete_into_the_original_bytes()
    {
        var upload = await Api.InitiateAsync(_video, "holiday.mp4");
        var id = upload.GetProperty("id").GetGuid();
        var third = _video.Length / 3;
        var parts = new[] { _video[..third], _video[third..(2 * third)], _video[(2 * third)..] };

        foreach (var number in new[] { 3, 1, 2, 2 })
        {
            var put = await Api.PutPartAsync(id, number, parts[number - 1]);
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
            Assert.Equal(ApiHost.Sha256(parts[number - 1]), (await put.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("sha256").GetString());
        }
        var status = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        var completed = await Api.CompleteAsync(id);

        Assert.Equal(("uploading", (long)_video.Length), (status.GetProperty("state").GetString(), status.GetProperty("received_bytes").GetInt64()));
        Assert.Equal([1, 2, 3], status.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()));
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var accepted = await completed.Content.ReadFromJsonAsync<JsonElement>();
        var asset = (await Api.Client.GetFromJsonAsync<JsonElement>(accepted.GetProperty("asset_url").GetString())).GetProperty("asset");
        Assert.Equal(("holiday.mp4", "video/mp4", (long)_video.Length, ApiHost.Sha256(_video)),
            (asset.GetProperty("filename").GetString(), asset.GetProperty("content_type").GetString(),
             asset.GetProperty("size_bytes").GetInt64(), asset.GetProperty("sha256").GetString()));
        Assert.Equal(_video, await Api.Client.GetByteArrayAsync($"/api/assets/{accepted.GetProperty("asset_id").GetGuid()}/source"));
        // The parts are gone once joined; the upload reports its asset.
        Assert.False(Directory.Exists(PartsDirectory(id)));
        var after = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        Assert.Equal(("completed", accepted.GetProperty("asset_id").GetGuid()), (after.GetProperty("state").GetString(), after.GetProperty("asset_id").GetGuid()));
        // Completing again (a client retry) answers with the same asset.
        var again = await (await Api.CompleteAsync(id)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(accepted.GetProperty("asset_id").GetGuid(), again.GetProperty("asset_id").GetGuid());
    }

    [Fact]
    public async Task A_sha256_mismatch_is_a_422_naming_both_hashes_and_the_upload_stays_open_for_a_fix()
    {
        var wrong = new string('a', 64);
        var id = (await Api.InitiateAsync(_video, sha256: wrong)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(id, 1, _video);

        var completed = await Api.CompleteAsync(id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, completed.StatusCode);
        var detail = await ApiHost.DetailAsync(completed);
        Assert.Contains(ApiHost.Sha256(_video), detail);
        Assert.Contains(wrong, detail);
        var status = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        Assert.Equal("uploading", status.GetProperty("state").GetString());
        Assert.Single(Directory.GetFiles(PartsDirectory(id), "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task A_size_mismatch_is_refused_at_completion_and_parts_beyond_the_declared_size_at_once()
    {
        var id = (await Api.InitiateAsync(_video, size: _video.Length + 10)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(id, 1, _video);
        var tooMuch = await Api.PutPartAsync(id, 2, new byte[11]);

        var completed = await Api.CompleteAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, tooMuch.StatusCode);
        Assert.Contains("more than the declared", await ApiHost.DetailAsync(tooMuch));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, completed.StatusCode);
        Assert.Equal($"The parts add up to {_video.Length:N0} bytes, but the upload declared {_video.Length + 10:N0} bytes.",
            await ApiHost.DetailAsync(completed));
    }

    [Fact]
    public async Task A_gap_in_the_parts_is_named_at_completion()
    {
        var id = (await Api.InitiateAsync(_video)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(id, 1, _video[..1000]);
        await Api.PutPartAsync(id, 3, _video[2000..]);

        var completed = await Api.CompleteAsync(id);

        Assert.Equal(HttpStatusCode.BadRequest, completed.StatusCode);
        Assert.Equal("Parts 2 have not been received.", await ApiHost.DetailAsync(completed));
    }

    [Fact]
    public async Task A_first_part_that_is_not_media_is_415_and_the_whole_upload_is_dropped()
    {
        var text = "just some notes, not a film\n"u8.ToArray();
        var id = (await Api.InitiateAsync(text, "notes.mp4")).GetProperty("id").GetGuid();

        var put = await Api.PutPartAsync(id, 1, text);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, put.StatusCode);
        Assert.Contains("content is text", await ApiHost.DetailAsync(put));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/api/uploads/{id}")).StatusCode);
        Assert.False(Directory.Exists(PartsDirectory(id)));
    }

    [Fact]
    public async Task An_aborted_upload_loses_its_parts()
    {
        var id = (await Api.InitiateAsync(_video)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(id, 1, _video[..5000]);

        var aborted = await Api.Client.DeleteAsync($"/api/uploads/{id}");

        Assert.Equal(HttpStatusCode.NoContent, aborted.StatusCode);
        Assert.False(Directory.Exists(PartsDirectory(id)));
        Assert.Equal(HttpStatusCode.NotFound, (await Api.PutPartAsync(id, 2, _video[5000..])).StatusCode);
    }

    [Fact]
    public async Task The_sweeper_removes_an_expired_upload_its_part_rows_and_its_part_objects()
    {
        var id = (await Api.InitiateAsync(_video)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(id, 1, _video[..5000]);
        await Api.PutPartAsync(id, 2, _video[5000..9000]);
        Assert.Equal(2, Directory.GetFiles(PartsDirectory(id), "*", SearchOption.AllDirectories).Length);
        // Abandoned: its last activity is now older than the TTL.
        await using var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);
        await using (var age = dataSource.CreateCommand("UPDATE uploads SET expires_at = now() - interval '1 minute' WHERE id = @id"))
        {
            age.Parameters.AddWithValue("id", id);
            await age.ExecuteNonQueryAsync();
        }

        var removed = await Api.Factory.Services.GetRequiredService<UploadExpirySweeper>().SweepAsync(CancellationToken.None);

        Assert.True(removed >= 1);
        Assert.False(Directory.Exists(PartsDirectory(id)));
        await using var count = dataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM uploads WHERE id = @id) + (SELECT count(*) FROM upload_parts WHERE upload_id = @id)");
        count.Parameters.AddWithValue("id", id);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
        Assert.Equal(HttpStatusCode.NotFound, (await Api.Client.GetAsync($"/api/uploads/{id}")).StatusCode);
    }

    [Fact]
    public async Task Invalid_declarations_are_400s()
    {
        var noHash = await Api.Client.PostAsJsonAsync("/api/uploads", new { filename = "a.mp4", size_bytes = 10, sha256 = "xyz" });
        var noSize = await Api.Client.PostAsJsonAsync("/api/uploads", new { filename = "a.mp4", size_bytes = 0, sha256 = new string('a', 64) });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (noHash.StatusCode, noSize.StatusCode));
        Assert.Contains("64 hexadecimal digits", await ApiHost.DetailAsync(noHash));
    }

    [Fact]
    public async Task A_part_re_sent_while_complete_joins_the_parts_neither_breaks_nor_changes_the_join()
    {
        var file = Padded(_video, 24 << 20);
        var parts = file.Chunk(8 << 20).ToArray();
        var id = (await Api.InitiateAsync(file)).GetProperty("id").GetGuid();
        for (var number = 1; number <= parts.Length; number++)
            Assert.Equal(HttpStatusCode.OK, (await Api.PutPartAsync(id, number, parts[number - 1])).StatusCode);
        // A client retry of the last part (same bytes) whose body is still arriving when the client completes.
        var retry = new PausedContent(parts[^1], pauseAt: parts[^1].Length / 2);
        var put = Api.Client.PutAsync($"/api/uploads/{id}/parts/{parts.Length}", retry);
        await retry.FirstPieceSent;

        var complete = Api.CompleteAsync(id);
        retry.Resume();
        var (putAnswer, completed) = (await put, await complete);

        Assert.True(completed.StatusCode == HttpStatusCode.Accepted, $"complete answered {(int)completed.StatusCode}: {await completed.Content.ReadAsStringAsync()}");
        // Recorded before the join began, or refused because the upload had closed; never a 5xx.
        Assert.Contains(putAnswer.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict });
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();
        Assert.Equal(ApiHost.Sha256(file), ApiHost.Sha256(await Api.Client.GetByteArrayAsync($"/api/assets/{assetId}/source")));
        Assert.Empty(PartFiles(id));
    }

    [Fact]
    public async Task Parts_sent_in_parallel_complete_into_the_original_bytes()
    {
        var file = Padded(_video, 12 << 20);
        var parts = file.Chunk(1 << 20).ToArray();
        var id = (await Api.InitiateAsync(file)).GetProperty("id").GetGuid();

        var answers = await Task.WhenAll(parts.Select((part, i) => Api.PutPartAsync(id, i + 1, part)));
        var completed = await Api.CompleteAsync(id);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();
        Assert.Equal(ApiHost.Sha256(file), ApiHost.Sha256(await Api.Client.GetByteArrayAsync($"/api/assets/{assetId}/source")));
    }

    [Fact]
    public async Task A_part_whose_connection_drops_mid_body_is_not_kept_and_sending_it_again_completes_the_upload()
    {
        var half = _video.Length / 2;
        var id = (await Api.InitiateAsync(_video)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(id, 1, _video[..half]);
        var interrupted = new PausedContent(_video[half..], pauseAt: (_video.Length - half) / 2);

        using var drop = new CancellationTokenSource();
        var put = Api.Client.PutAsync($"/api/uploads/{id}/parts/2", interrupted, drop.Token);
        await interrupted.FirstPieceSent;
        await drop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => put);
        // The server, finding the body cut short, keeps nothing of the attempt (it may still be cleaning up when the client gives up).
        await Wait.UntilAsync(() => Task.FromResult(PartFiles(id).Length == 1), TimeSpan.FromSeconds(90),
            () => $"only part 1 of upload {id} kept on disk: {string.Join(", ", PartFiles(id).Select(Path.GetFileName))}");
        var status = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        var again = await Api.PutPartAsync(id, 2, _video[half..]);
        var completed = await Api.CompleteAsync(id);

        Assert.Equal([1], status.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("number").GetInt32()));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();
        Assert.Equal(_video, await Api.Client.GetByteArrayAsync($"/api/assets/{assetId}/source"));
    }

    [Fact]
    public async Task After_a_sha256_mismatch_the_part_whose_hash_differs_is_found_re_sent_and_the_upload_completes()
    {
        var third = _video.Length / 3;
        var parts = new[] { _video[..third], _video[third..(2 * third)], _video[(2 * third)..] };
        var id = (await Api.InitiateAsync(_video)).GetProperty("id").GetGuid();
        var damaged = (byte[])parts[1].Clone();
        damaged[100] ^= 0xFF;
        await Api.PutPartAsync(id, 1, parts[0]);
        await Api.PutPartAsync(id, 2, damaged);
        await Api.PutPartAsync(id, 3, parts[2]);

        var mismatch = await Api.CompleteAsync(id);
        // What a client does: compare each part's hash as the server holds it with its own.
        var held = (await Api.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}")).GetProperty("parts").EnumerateArray()
            .ToDictionary(p => p.GetProperty("number").GetInt32(), p => p.GetProperty("sha256").GetString());
        var wrong = Enumerable.Range(1, 3).Where(n => held[n] != ApiHost.Sha256(parts[n - 1])).ToList();
        foreach (var number in wrong) await Api.PutPartAsync(id, number, parts[number - 1]);
        var completed = await Api.CompleteAsync(id);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, mismatch.StatusCode);
        Assert.Equal([2], wrong);
        Assert.Equal(HttpStatusCode.Accepted, completed.StatusCode);
        var assetId = (await completed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();
        Assert.Equal(_video, await Api.Client.GetByteArrayAsync($"/api/assets/{assetId}/source"));
    }

    [Fact]
    public async Task A_completion_whose_API_died_is_taken_over_once_its_lease_runs_out_and_a_live_one_is_not()
    {
        var id = (await Api.InitiateAsync(_video)).GetProperty("id").GetGuid();
        await Api.PutPartAsync(id, 1, _video);
        await using var dataSource = NpgsqlDataSource.Create(Servers.DatabaseConnectionString);

        // Another API holds the completion and is still renewing its lease.
        await SetCompletingAsync(dataSource, id, "now() + interval '1 hour'");
        var whileLive = await Api.CompleteAsync(id);
        // That API crashed mid-join: its lease ran out and nobody renews it.
        await SetCompletingAsync(dataSource, id, "now() - interval '1 second'");
        var afterCrash = await Api.CompleteAsync(id);

        Assert.Equal(HttpStatusCode.Conflict, whileLive.StatusCode);
        Assert.Equal($"Upload {id} is completing; try again shortly.", await ApiHost.DetailAsync(whileLive));
        Assert.Equal(HttpStatusCode.Accepted, afterCrash.StatusCode);
        var assetId = (await afterCrash.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("asset_id").GetGuid();
        Assert.Equal(_video, await Api.Client.GetByteArrayAsync($"/api/assets/{assetId}/source"));
        var status = await Api.Client.GetFromJsonAsync<JsonElement>($"/api/uploads/{id}");
        Assert.Equal("completed", status.GetProperty("state").GetString());
    }

    private static async Task SetCompletingAsync(NpgsqlDataSource dataSource, Guid id, string leaseUntil)
    {
        await using var command = dataSource.CreateCommand(
            $"UPDATE uploads SET state = 'completing', completion_id = gen_random_uuid(), completing_until = {leaseUntil} WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A real video's bytes followed by random ones up to <paramref name="length"/>: media to the sniffer, and big enough to take a while to join.</summary>
    private static byte[] Padded(byte[] video, int length)
    {
        var file = new byte[length];
        new Random(length).NextBytes(file);
        video.CopyTo(file, 0);
        return file;
    }

    private string[] PartFiles(Guid uploadId) =>
        Directory.Exists(PartsDirectory(uploadId)) ? Directory.GetFiles(PartsDirectory(uploadId), "*", SearchOption.AllDirectories) : [];
}
