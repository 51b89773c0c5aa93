using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Reliability;

/// <summary>Malformed JSON at every JSON endpoint and hostile files at the media endpoints: never a 5xx, never a hang,
/// and the worker goes on serving.</summary>
[Collection(ServersCollection.Name)]
public sealed class FuzzTests(ServersFixture servers, ITestOutputHelper output) : SystemTest(servers)
{
    // {asset} is a real asset of the tenant, so the body is read rather than the asset refused. Not here: POST /api/backfill,
    // whose every field is optional, so `{}` would start classifying every asset on the shared servers.
    private static readonly string[] JsonEndpoints =
        ["POST /api/keys", "POST /api/uploads", "POST /api/assets", "POST /api/classify-video", "POST /api/classify-video/sync", "PUT /api/tenants/default/quota",
         "POST /api/brands", "POST /api/live", "POST /api/assets/{asset}/highlights", "POST /api/assets/{asset}/clips", "POST /api/assets/{asset}/brands"];

    /// <summary>Endpoints whose every field is optional: some of the bodies are requests they may accept.</summary>
    private static readonly string[] Lenient = ["PUT /api/tenants/default/quota", "POST /api/assets/{asset}/highlights", "POST /api/assets/{asset}/brands"];

    private static IEnumerable<string> MalformedBodies()
    {
        yield return "";
        yield return "{";
        yield return "}";
        yield return "null";
        yield return "[]";
        yield return "\"just a string\"";
        yield return "{\"name\":";
        yield return "{\"name\": 12, \"tenant\": [], \"scopes\": \"read\"}";
        yield return "{\"size_bytes\": \"a lot\", \"sha256\": 5}";
        yield return "{\"size_bytes\": 1e400, \"max_bytes\": -1}";
        yield return "{\"video_base64\": \"!!!! not base64 ####\"}";
        yield return "{\"video_base64\": \"" + Convert.ToBase64String(Encoding.ASCII.GetBytes("not a video at all")) + "\"}";
        yield return "{\"asset_id\": \"not-a-guid\"}";
        yield return "{\"asset_id\": \"" + Guid.NewGuid() + "\"}";
        yield return "{\"name\": \"\\ud800\"}";
        yield return "\0\0\0\0";
        yield return new string('[', 5000) + new string(']', 5000);
        yield return "{\"name\": \"" + new string('x', 300_000) + "\"}";
    }

    [Fact]
    public async Task Malformed_JSON_at_every_JSON_endpoint_is_never_answered_5xx()
    {
        var asset = (await Sut.UploadAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1))).GetProperty("asset_id").GetGuid();
        var answers = new List<(string Request, HttpStatusCode Status)>();
        foreach (var endpoint in JsonEndpoints)
        {
            var (method, path) = (endpoint.Split(' ')[0], endpoint.Split(' ')[1].Replace("{asset}", asset.ToString()));
            foreach (var body in MalformedBodies())
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
                using var response = await Sut.Client.SendAsync(request);
                answers.Add(($"{endpoint} {body[..Math.Min(body.Length, 40)]}", response.StatusCode));
            }
        }

        Assert.Equal(JsonEndpoints.Length * MalformedBodies().Count(), answers.Count);
        // Some bodies are well-formed JSON an endpoint may accept (unknown fields are ignored); none may break it.
        Assert.All(answers, a => Assert.True((int)a.Status < 500, $"{a.Request} → {(int)a.Status}"));
        Assert.All(answers.Where(a => !Lenient.Any(l => a.Request.StartsWith(l + " ", StringComparison.Ordinal))),
            a => Assert.True((int)a.Status >= 400, $"{a.Request} → {(int)a.Status}"));
    }

    [Fact]
    public async Task Hostile_files_are_refused_or_fail_their_job_with_a_reason_and_the_worker_keeps_serving()
    {
        var good = await File.ReadAllBytesAsync(await TestMedia.TestPatternAsync(Servers.Root, 320, 240, 10, 2));
        var random = new Random(16);
        byte[] RandomBytes(int n) { var b = new byte[n]; random.NextBytes(b); return b; }
        var bitFlipped = (byte[])good.Clone();
        for (var i = 0; i < 400; i++) bitFlipped[64 + random.Next(bitFlipped.Length - 64)] ^= (byte)(1 << random.Next(8));
        var farFuture = await File.ReadAllBytesAsync(await TestMedia.FfmpegAsync(Path.Combine(Servers.Root, $"far-{Guid.NewGuid():N}.mkv"),
            "-i", await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1), "-c", "copy", "-output_ts_offset", "900000000"));
        var hostile = new Dictionary<string, byte[]>
        {
            ["truncated.mp4"] = good[..(good.Length / 2)],
            ["random.mp4"] = RandomBytes(64 * 1024),
            ["bit-flipped.mp4"] = bitFlipped,
            ["playlist.m3u8"] = Encoding.ASCII.GetBytes("#EXTM3U\n#EXTINF:1,\nfile:///etc/passwd\n#EXT-X-ENDLIST\n"),
            ["concat.txt"] = Encoding.ASCII.GetBytes("ffconcat version 1.0\nfile '/etc/passwd'\n"),
            ["bomb.png"] = HostileFiles.PngDeclaring(100_000, 100_000),
            ["big-bomb.png"] = HostileFiles.PngDeclaring(16_000, 16_000),
            ["far-future.mkv"] = farFuture,
            ["wave-header.mp4"] = [.. Encoding.ASCII.GetBytes("RIFF\0\0\0\0WAVE"), .. good],
            ["ts-sync-garbage.ts"] = [.. Enumerable.Range(0, 40).SelectMany(_ => (byte[])[0x47, .. RandomBytes(187)])],
            ["gif-header.gif"] = [.. Encoding.ASCII.GetBytes("GIF89a"), .. RandomBytes(4096)],
            ["mp4-header-only.mp4"] = good[..64],
        };

        var outcomes = new List<string>();
        foreach (var (name, bytes) in hostile)
        {
            using var content = Upload.Form(bytes, name);
            using var response = await Sut.Client.PostAsync("/api/assets", content);
            var status = (int)response.StatusCode;
            Assert.True(status is 202 or 200 or (>= 400 and < 500), $"{name} → {status}");
            if (status >= 400)
            {
                var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
                Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), name);
                outcomes.Add($"{name}: {status}");
                continue;
            }
            var accepted = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            var job = await Sut.WaitForJobAsync(accepted.GetProperty("job_id").GetGuid(), TimeSpan.FromSeconds(90));
            var state = job.GetProperty("state").GetString();
            Assert.True(state is "completed" or "failed", $"{name}: {state}");
            if (state == "failed") Assert.False(string.IsNullOrWhiteSpace(job.GetProperty("error").GetString()), name);
            outcomes.Add($"{name}: job {state}");
        }

        output.WriteLine(string.Join(Environment.NewLine, outcomes));
        // Nothing hostile got through as decodable media it is not; and the worker is still there for a good file.
        Assert.Contains("bomb.png: job failed", outcomes);
        Assert.Contains("big-bomb.png: job failed", outcomes);
        Assert.Contains("playlist.m3u8: 415", outcomes);
        Assert.Contains("concat.txt: 415", outcomes);
        var fine = await Sut.UploadAsync(await TestMedia.TestPatternAsync(Servers.Root, 160, 120, 10, 1));
        Assert.Equal("completed", (await Sut.WaitForJobAsync(fine.GetProperty("job_id").GetGuid())).GetProperty("state").GetString());
    }
}
