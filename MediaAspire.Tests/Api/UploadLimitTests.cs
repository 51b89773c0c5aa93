using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Api;

[Collection(ServersCollection.Name)]
public sealed class UploadLimitTests(ServersFixture servers)
{
    [Fact]
    public async Task An_upload_over_the_cap_is_413_and_nothing_is_stored()
    {
        await using var system = SystemUnderTest.Start(servers, new Dictionary<string, string?> { ["Uploads:MaxBytes"] = "100000" });
        var objects = Path.Combine(servers.Root, "objects", "assets");
        var before = Directory.Exists(objects) ? Directory.GetFiles(objects, "*", SearchOption.AllDirectories).Length : 0;

        // Chunked, so the cap is enforced while streaming rather than from Content-Length.
        // Starts like an MP4, so the magic-bytes check passes and the size cap is what refuses it.
        var bytes = new byte[300_000];
        ((byte[])[0, 0, 0, 0x18, .. "ftypisom"u8]).CopyTo(bytes, 0);
        using var content = Upload.Form(bytes, "big.mp4");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/assets") { Content = content };
        request.Headers.TransferEncodingChunked = true;
        var response = await system.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("100,000-byte limit", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var after = Directory.Exists(objects) ? Directory.GetFiles(objects, "*", SearchOption.AllDirectories).Length : 0;
        Assert.Equal(before, after);
    }
}
