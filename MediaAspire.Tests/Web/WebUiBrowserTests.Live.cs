using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Live;
using Microsoft.Playwright;

namespace MediaAspire.Tests.Web;

/// <summary>The live pages: creating a stream shows where to push and its key; its page plays the stream while ffmpeg pushes
/// it through nginx-rtmp, with the analysis at the player's time, and links to the recording once the publisher stops;
/// revoking a key there is what the API records.</summary>
public sealed partial class WebUiBrowserTests
{
    [Fact]
    public async Task The_live_page_plays_a_pushed_stream_with_its_analysis_links_its_recording_and_revokes_a_key()
    {
        // 8 s, small, a cut at 4 s, a keyframe every second as a streaming encoder makes them (so ~2 s segments close on time).
        var video = await CutVideo.MakeAsync(Path.Combine(servers.Root, $"web-live-{Guid.NewGuid():N}.mp4"),
            [new(CutVideo.Photo("Autumn"), Motion.ZoomIn, 4), new(CutVideo.Photo("Kite"), Motion.Pan, 4)], 320, 180, 25, CutVideo.FixedGop(1));
        var page = await _browser.NewPageAsync(new() { BaseURL = _address, ViewportSize = new() { Width = 1280, Height = 900 } });
        var (consoleErrors, failedRequests) = WatchConsole(page);
        page.SetDefaultTimeout(30_000);
        await page.GotoAsync("/live");
        await page.GetByLabel("API key").FillAsync(_key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // Created: the ingest URL and key are shown once, and the stream is listed, idle.
        var name = await CreateStreamAsync(page);
        var key = await page.Locator(".stream-key").TextContentAsync();
        var ingest = await page.Locator(".ingest-url").TextContentAsync();
        Assert.Equal($"{_rtmp.Url}/live/{key}", ingest);
        await Assertions.Expect(page.Locator($"li[data-stream='{name}']")).ToHaveAttributeAsync("data-state", "idle");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "live.png"), FullPage = true });
        var stream = (await _sut.Client.GetFromJsonAsync<JsonElement>("/api/live")).EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);
        Assert.Equal("idle", stream.GetProperty("state").GetString());

        // Watched while pushed: the player plays (has frames, its clock advances) and what it shows is the segment at its time.
        await page.GetByRole(AriaRole.Link, new() { Name = "Watch it" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(name);
        using var push = LiveStack.Push(video.Path, ingest!);
        await Assertions.Expect(page.Locator("p.facts")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 60_000 });
        await page.WaitForFunctionAsync("() => { const v = document.querySelector('video'); return v.readyState >= 2 && v.currentTime > 0.5; }");
        var playedTo = await page.EvaluateAsync<double>("document.querySelector('video').currentTime");
        await page.WaitForFunctionAsync("t => document.querySelector('video').currentTime > t + 0.5", playedTo);
        var now = await page.EvaluateAsync<JsonElement>("""
            () => { const o = document.querySelector('.overlay').dataset; return { t: +o.t, start: +o.start, end: +o.end, seq: o.seq ?? null }; }
            """);
        Assert.True(now.GetProperty("seq").ValueKind == JsonValueKind.String, $"no segment shown at the player's time: {now}");
        Assert.InRange(now.GetProperty("t").GetDouble(), now.GetProperty("start").GetDouble(), now.GetProperty("end").GetDouble());
        Assert.True(await page.Locator(".timeline .seg").CountAsync() >= 1, "no segment on the timeline");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "live-watch.png"), FullPage = true });

        // The publisher stops: the page says so and links to the recording, the asset the API names.
        Assert.Equal(0, await push.WaitForExitAsync());
        var recording = page.Locator("a.recording");
        await Assertions.Expect(recording).ToBeVisibleAsync(new() { Timeout = 90_000 });
        await Assertions.Expect(page.Locator("li[data-event='ended']")).ToHaveCountAsync(1);
        Assert.InRange(await page.Locator("li[data-event='segment']").CountAsync(), 3, 6);
        // The worker's analysis reached the page: the cut at 4 s (on the timeline too) and each segment's scores.
        await Assertions.Expect(page.Locator("li[data-event='cut']")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator(".timeline .cut")).ToHaveCountAsync(1);
        Assert.InRange(await page.Locator("li[data-event='scores']").CountAsync(), 3, 6);
        var ended = await _sut.Client.GetFromJsonAsync<JsonElement>($"/api/live/{stream.GetProperty("id").GetGuid()}");
        Assert.Equal("ended", ended.GetProperty("state").GetString());
        Assert.Equal($"/assets/{ended.GetProperty("asset_id").GetGuid()}", await recording.GetAttributeAsync("href"));

        // Another stream's page revokes its key; the API records it.
        await Nav(page, "Live").ClickAsync();
        var other = await CreateStreamAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Watch it" }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(other);
        await Assertions.Expect(page.Locator("p.facts")).ToHaveAttributeAsync("data-state", "idle");
        await page.GetByRole(AriaRole.Button, new() { Name = "Revoke key" }).ClickAsync();
        await Assertions.Expect(page.Locator("p.facts")).ToHaveAttributeAsync("data-state", "revoked");
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Revoke key" })).ToHaveCountAsync(0);
        var revoked = (await _sut.Client.GetFromJsonAsync<JsonElement>("/api/live")).EnumerateArray().Single(s => s.GetProperty("name").GetString() == other);
        Assert.True(revoked.GetProperty("revoked").GetBoolean());

        // A phone's width: the stream's page, its player and timeline, nothing wider than the screen.
        await page.SetViewportSizeAsync(390, 844);
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "the live stream's page scrolls sideways at 390 px");
        Assert.True(consoleErrors.Count == 0, $"console errors: {string.Join(" | ", consoleErrors)}; failed requests: {string.Join(" | ", failedRequests)}");
    }

    /// <summary>Creates a stream with the live page's form; its name.</summary>
    private static async Task<string> CreateStreamAsync(IPage page)
    {
        var name = $"Studio {Guid.NewGuid():N}"[..15];
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create stream" }).ClickAsync();
        await Assertions.Expect(page.Locator($"li[data-stream='{name}']")).ToHaveCountAsync(1);
        return name;
    }
}
