using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;
using Microsoft.Playwright;

namespace MediaAspire.Tests.Web;

/// <summary>The live pages: creating a stream shows where to push and its key, the stream's page follows its state, and
/// revoking the key there is what the API records. (Pushing a stream is the live tests'; the test API's ingest address is
/// set, not served.)</summary>
public sealed partial class WebUiBrowserTests
{
    private const string IngestAddress = "rtmp://127.0.0.1:1935";

    [Fact]
    public async Task The_live_page_creates_a_stream_shows_its_ingest_url_and_key_and_its_page_revokes_the_key()
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = _address, ViewportSize = new() { Width = 1280, Height = 900 } });
        var (consoleErrors, failedRequests) = WatchConsole(page);
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/live");
        await page.GetByLabel("API key").FillAsync(_key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var name = $"Studio {Guid.NewGuid():N}"[..15];

        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create stream" }).ClickAsync();
        var key = await page.Locator(".stream-key").TextContentAsync();
        await Assertions.Expect(page.Locator(".ingest-url")).ToHaveTextAsync($"{IngestAddress}/live/{key}");
        await Assertions.Expect(page.Locator($"li[data-stream='{name}']")).ToHaveAttributeAsync("data-state", "idle");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "live.png"), FullPage = true });
        var stream = (await _sut.Client.GetFromJsonAsync<JsonElement>("/api/live")).EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        Assert.Equal("idle", stream.GetProperty("state").GetString());

        await page.GetByRole(AriaRole.Link, new() { Name = "Watch it" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        await Assertions.Expect(page.Locator("p.facts")).ToHaveAttributeAsync("data-state", "idle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke key" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.facts")).ToHaveAttributeAsync("data-state", "revoked");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke key" })).ToHaveCountAsync(0);

        var revoked = await _sut.Client.GetFromJsonAsync<JsonElement>($"/api/live/{stream.GetProperty("id").GetGuid()}");
        Assert.True(revoked.GetProperty("revoked").GetBoolean());
        Assert.True(consoleErrors.Count == 0, $"console errors: {string.Join(" | ", consoleErrors)}; failed requests: {string.Join(" | ", failedRequests)}");
    }
}
