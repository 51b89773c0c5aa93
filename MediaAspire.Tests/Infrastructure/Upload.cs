using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// The tests' one way to send a file: the bodies the upload endpoints read (a multipart form with a <c>file</c> part,
/// or the raw bytes), and an upload to <c>POST /api/assets</c> that must be accepted.
/// </summary>
public static class Upload
{
    /// <summary>A multipart form whose <c>file</c> part is the file at <paramref name="path"/>.</summary>
    public static MultipartFormDataContent Form(string path, string? filename = null) =>
        new() { { new StreamContent(File.OpenRead(path)), "file", filename ?? Path.GetFileName(path) } };

    /// <summary>A multipart form whose <c>file</c> part is <paramref name="bytes"/>.</summary>
    public static MultipartFormDataContent Form(byte[] bytes, string filename) =>
        new() { { new ByteArrayContent(bytes), "file", filename } };

    /// <summary>The file at <paramref name="path"/> as a raw body of <paramref name="contentType"/>.</summary>
    public static StreamContent Raw(string path, string contentType = "video/mp4") =>
        new(File.OpenRead(path)) { Headers = { ContentType = new MediaTypeHeaderValue(contentType) } };

    /// <summary>Uploads the file at <paramref name="path"/> and returns the API's 202 answer (fails the test on any other).</summary>
    public static async Task<JsonElement> AcceptedAsync(HttpClient client, string path, string? filename = null)
    {
        using var form = Form(path, filename);
        return await AcceptedAsync(client, form);
    }

    /// <summary>Uploads <paramref name="bytes"/> and returns the API's 202 answer (fails the test on any other).</summary>
    public static async Task<JsonElement> AcceptedAsync(HttpClient client, byte[] bytes, string filename)
    {
        using var form = Form(bytes, filename);
        return await AcceptedAsync(client, form);
    }

    private static async Task<JsonElement> AcceptedAsync(HttpClient client, HttpContent content)
    {
        using var response = await client.PostAsync("/api/assets", content);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"upload answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
