using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using MediaAspire.Api.Assets;
using MediaAspire.Platform.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>The API alone (no worker: uploads need none) on the fixture's servers, with an admin-keyed client and protocol helpers.</summary>
public sealed class ApiHost : IAsyncDisposable
{
    public ApiHost(ServersFixture servers, IReadOnlyDictionary<string, string?>? settings = null)
    {
        Factory = new ServiceFactory<AssetIngestor>(servers, settings);
        Factory.StartServer();
        Client = Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Client.DefaultRequestHeaders.Add("X-Api-Key", ServiceFactory<AssetIngestor>.AdminKey);
    }

    public ServiceFactory<AssetIngestor> Factory { get; }
    public HttpClient Client { get; }
    public IObjectStore Store => Factory.Services.GetRequiredService<IObjectStore>();

    public static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    public async Task<JsonElement> InitiateAsync(byte[] file, string filename = "big.mp4", long? size = null, string? sha256 = null)
    {
        var response = await Client.PostAsJsonAsync("/api/uploads",
            new { filename, size_bytes = size ?? file.Length, sha256 = sha256 ?? Sha256(file), content_type = "video/mp4" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    public Task<HttpResponseMessage> PutPartAsync(Guid uploadId, int number, ReadOnlySpan<byte> bytes)
    {
        var content = new ByteArrayContent(bytes.ToArray()) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } };
        return Client.PutAsync($"/api/uploads/{uploadId}/parts/{number}", content);
    }

    public Task<HttpResponseMessage> CompleteAsync(Guid uploadId) => Client.PostAsync($"/api/uploads/{uploadId}/complete", null);

    /// <summary>A one-request upload (the multipart form of <see cref="Upload"/>); the answer is the caller's to check.</summary>
    public async Task<HttpResponseMessage> UploadSmallAsync(byte[] bytes, string filename)
    {
        using var content = Upload.Form(bytes, filename);
        return await Client.PostAsync("/api/assets", content);
    }

    public static async Task<string> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
    }
}
