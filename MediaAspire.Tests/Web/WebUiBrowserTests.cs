using System.Globalization;
using System.Text.RegularExpressions;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;
using MediaAspire.Tests.Live;
using System.Net.Http.Json;
using Microsoft.Playwright;

namespace MediaAspire.Tests.Web;

/// <summary>
/// The web UI in Debian's Chromium against the real API, worker and an nginx-rtmp: sign in, upload a video made from real
/// photos (pausing, resuming, after a reload) and watch it become ready, its poster and verdict, keyframe images and seeking
/// by one, find highlights, cut a clip and download it, add a brand, keys and the backfill on the admin page, a live
/// stream played with its analysis, a phone's width; screenshots of each page go to artifacts/web/ and no page logs a
/// console error.
/// </summary>
[Collection(ServersCollection.Name)]
public sealed partial class WebUiBrowserTests(ServersFixture servers) : IAsyncLifetime
{
    private const int PartBytes = 64 * 1024;
    private static readonly TimeSpan Processing = TimeSpan.FromMinutes(4);
    private static readonly string Screenshots = Path.Combine(RepositoryRoot.Path, "artifacts", "web");
    private NginxRtmpServer _rtmp = null!;
    private SystemUnderTest _sut = null!;
    private string _address = "";
    private string _tenant = "";
    private string _key = "";
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public async Task InitializeAsync()
    {
        // Small parts, so an upload of a test video is several parts and a resume sends only some of them.
        // A real nginx-rtmp calling back this API, so the live page can be watched while a stream is pushed (see LiveStack).
        var (port, rtmpPort) = (HostPrograms.FreePort(), HostPrograms.FreePort());
        _address = $"http://127.0.0.1:{port}/";
        _rtmp = await NginxRtmpServer.StartAsync(Path.Combine(servers.Root, $"nginx-{rtmpPort}"), rtmpPort, $"http://127.0.0.1:{port}");
        var rtmp = LiveStack.Settings(_rtmp, LiveStack.ShortGrace);
        _sut = SystemUnderTest.Start(servers, new Dictionary<string, string?>(rtmp)
        {
            ["Uploads:MaxPartBytes"] = PartBytes.ToString(CultureInfo.InvariantCulture),
        }, rtmp, apiPort: port);
        // The pages are used as a tenant's admin would: with that tenant's own key, so the library holds only this test
        // class's assets (the operator's key would list every tenant's, which other tests add and delete meanwhile).
        _tenant = $"web-{Guid.NewGuid():N}"[..16];
        _key = await _sut.KeyForTenantAsync(_tenant, "read", "write", "admin");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = "/usr/bin/chromium", Args = ["--no-sandbox"] });
        Directory.CreateDirectory(Screenshots);
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
        await _sut.DisposeAsync();
        await _rtmp.DisposeAsync();
    }

    [Fact]
    public async Task A_user_signs_in_uploads_sees_the_verdict_seeks_by_keyframe_cuts_a_highlight_and_downloads_it()
    {
        var video = await MakeVideoAsync();
        var context = await _browser.NewContextAsync(new() { BaseURL = _address, ViewportSize = new() { Width = 1280, Height = 900 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        var (consoleErrors, failedRequests) = WatchConsole(page);
        page.SetDefaultTimeout(30_000);

        // Sign in: the header shows the key's tenant and scopes, and the admin page is offered to this admin key.
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync(_key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.Locator(".tenant")).ToHaveTextAsync(_tenant);
        await Assertions.Expect(page.Locator(".scopes")).ToContainTextAsync("admin");
        await Assertions.Expect(Nav(page, "Admin")).ToBeVisibleAsync();
        Assert.Equal(_key, await page.EvaluateAsync<string>("sessionStorage.getItem('mediaaspire.key')"));
        Assert.Null(await page.EvaluateAsync<string?>("localStorage.getItem('mediaaspire.key')"));

        // Upload through the resumable protocol: the bar reaches the file's size, then the probe's progress follows.
        await Nav(page, "Upload").ClickAsync();
        await page.Locator("#files").SetInputFilesAsync(video);
        var row = page.Locator(".upload");
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("Uploaded", new() { Timeout = 60_000 });
        Assert.Equal("1", await row.Locator("progress").GetAttributeAsync("value"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "upload.png"), FullPage = true });

        // The library: the card goes from processing to ready with its verdict and its poster.
        await Nav(page, "Library").ClickAsync();
        var card = page.Locator(".item").Filter(new() { HasText = Path.GetFileName(video) });
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("not explicit", new() { Timeout = (float)Processing.TotalMilliseconds });
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "ready", new() { Timeout = (float)Processing.TotalMilliseconds });
        await Assertions.Expect(card.Locator(".poster img")).ToBeVisibleAsync();
        Assert.True(await card.Locator(".poster img").EvaluateAsync<int>("img => img.naturalWidth") > 0, "the poster image did not decode");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "library.png"), FullPage = true });

        // The asset page: the verdict card, and a keyframe that seeks the player to its time.
        await card.Locator("a").ClickAsync();
        await Assertions.Expect(page.Locator(".verdict-line")).ToHaveTextAsync("Not explicit");
        await Assertions.Expect(page.Locator(".verdict dd").Last).ToContainTextAsync("nsfwjs");
        await page.WaitForFunctionAsync("document.querySelector('video').readyState >= 1");
        var keyframes = page.Locator(".keyframe");
        Assert.True(await keyframes.CountAsync() >= 2, "expected a keyframe per shot");
        // Each shows its frame: the image the classification stored, fetched with the key, decoded.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('.keyframe')].every(k => k.querySelector('img')?.complete && k.querySelector('img').naturalWidth > 0)");
        Assert.All(await page.Locator(".keyframe img").EvaluateAllAsync<int[]>("imgs => imgs.map(i => i.naturalWidth)"), w => Assert.Equal(192, w));
        var last = keyframes.Last;
        var t = double.Parse((await last.GetAttributeAsync("data-t"))!, CultureInfo.InvariantCulture);
        Assert.True(t > 2, $"the second shot's keyframe is at {t} s");
        await last.ClickAsync();
        await page.WaitForFunctionAsync("t => Math.abs(document.querySelector('video').currentTime - t) < 0.25", t);

        // Highlights: detection runs as a job; its bars are on the timeline; one is cut into a clip that downloads as MP4.
        await page.GetByRole(AriaRole.Button, new() { Name = "Find highlights" }).ClickAsync();
        var bars = page.Locator(".timeline .hl");
        await Assertions.Expect(bars.First).ToBeVisibleAsync(new() { Timeout = (float)Processing.TotalMilliseconds });
        Assert.Matches(LoudnessReason(), await bars.First.GetAttributeAsync("title") ?? "");
        await page.Locator(".highlights input[type=checkbox]").First.CheckAsync();
        await page.GetByLabel("Mode").SelectOptionAsync("copy");
        await page.GetByRole(AriaRole.Button, new() { Name = "Cut 1 clip" }).ClickAsync();
        var downloadButton = page.Locator(".clips").GetByRole(AriaRole.Button, new() { Name = "Download" });
        await Assertions.Expect(downloadButton.First).ToBeVisibleAsync(new() { Timeout = (float)Processing.TotalMilliseconds });
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "asset.png"), FullPage = true });
        var download = await page.RunAndWaitForDownloadAsync(() => downloadButton.First.ClickAsync());
        var saved = Path.Combine(servers.Root, "downloaded-clip.mp4");
        await download.SaveAsAsync(saved);
        var clipBytes = await File.ReadAllBytesAsync(saved);
        Assert.True(clipBytes.Length > 10_000, $"the clip is {clipBytes.Length} bytes");
        Assert.Equal("ftyp", System.Text.Encoding.ASCII.GetString(clipBytes, 4, 4));

        // Brands: one added with other names and a logo (made from a real photo, as the brand tests make theirs), listed with it.
        var logo = Brands.BrandVideo.MakeLogo(servers.Root, "coffee.png", new OpenCvSharp.Rect(100, 40, 400, 300), "KAFFA");
        await Nav(page, "Brands").ClickAsync();
        // A name of its own: the servers (and the operator's view of every tenant) are shared with the brand tests, which make a "Kaffa" too.
        var brand = $"Kaffa{Guid.NewGuid():N}"[..13];
        var listed = page.Locator($"[data-brand=\"{brand}\"]");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(brand);
        await page.GetByLabel("Other names").FillAsync("Kaffe, KF");
        await page.GetByLabel("Logo files (PNG or JPEG)").SetInputFilesAsync(logo);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add brand" }).ClickAsync();
        await Assertions.Expect(listed).ToBeVisibleAsync();
        Assert.Empty(await page.Locator(".error").AllTextContentsAsync());
        await Assertions.Expect(listed).ToContainTextAsync("(also Kaffe, KF) · 1 logo");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "brands.png"), FullPage = true });
        // Deleted from its row: gone from the page and from the tenant's brands.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Delete {brand}" }).ClickAsync();
        await Assertions.Expect(listed).ToHaveCountAsync(0);
        using (var tenantClient = new HttpClient { BaseAddress = new Uri(_address) })
        {
            tenantClient.DefaultRequestHeaders.Add("X-Api-Key", _key);
            Assert.DoesNotContain((await tenantClient.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/brands")).EnumerateArray(),
                b => b.GetProperty("name").GetString() == brand);
        }

        // Admin: the tenant's keys (this one among them), one created and revoked there (as the API then says), the usage.
        await Nav(page, "Admin").ClickAsync();
        await Assertions.Expect(page.Locator("#keys-h + .scroll tbody tr")).Not.ToHaveCountAsync(0);
        var keyName = $"editor {Guid.NewGuid():N}"[..15];
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(keyName);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await Assertions.Expect(page.Locator(".created code.secret")).ToContainTextAsync("ma_");
        var keyRow = page.Locator("#keys-h + .scroll tbody tr").Filter(new() { HasText = keyName });
        await keyRow.GetByRole(AriaRole.Button, new() { Name = $"Revoke {keyName}" }).ClickAsync();
        await Assertions.Expect(keyRow).ToHaveClassAsync("revoked");
        var listedKey = (await _sut.Client.GetFromJsonAsync<System.Text.Json.JsonElement>("/api/keys")).EnumerateArray().Single(k => k.GetProperty("name").GetString() == keyName);
        Assert.Equal(System.Text.Json.JsonValueKind.String, listedKey.GetProperty("revoked_at").ValueKind);
        await Assertions.Expect(page.Locator("#usage-h + dl")).ToContainTextAsync(_tenant);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "admin.png"), FullPage = true });

        // A phone's width: nothing wider than the screen.
        await page.SetViewportSizeAsync(390, 844);
        await Nav(page, "Library").ClickAsync();
        await Assertions.Expect(card).ToBeVisibleAsync();
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= 390"), "the library scrolls sideways at 390 px");
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "library-390px.png"), FullPage = true });

        Assert.True(consoleErrors.Count == 0, $"console errors: {string.Join(" | ", consoleErrors)}; failed requests: {string.Join(" | ", failedRequests)}");
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_wrong_key_is_refused_with_the_apis_reason_and_nothing_is_kept()
    {
        var page = await _browser.NewPageAsync(new() { BaseURL = _address });
        var (consoleErrors, _) = WatchConsole(page);
        await page.GotoAsync("/");
        await page.GetByLabel("API key").FillAsync("ma_not-a-key");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveTextAsync("API key required: The API key is not valid or has been revoked.");
        Assert.Null(await page.EvaluateAsync<string?>("sessionStorage.getItem('mediaaspire.key')"));
        await Assertions.Expect(Nav(page, "Library")).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Path.Combine(Screenshots, "sign-in-refused.png") });
        // The browser reports the 401 itself; the page's own code logs nothing.
        Assert.All(consoleErrors, e => Assert.Contains("401", e));
    }

    [Fact]
    public async Task An_upload_paused_sends_nothing_until_resumed_and_one_cut_off_resumes_after_a_reload_then_the_backfill_classifies_it()
    {
        var video = await MakeVideoAsync();
        var parts = (int)Math.Ceiling(new FileInfo(video).Length / (double)PartBytes);
        Assert.True(parts >= 3, $"the video is only {parts} parts");
        var page = await _browser.NewPageAsync(new() { BaseURL = _address });
        var (consoleErrors, failedRequests) = WatchConsole(page);
        page.SetDefaultTimeout(30_000);
        var sent = new List<int>();
        page.Request += (_, request) =>
        {
            var part = PartNumber().Match(request.Url);
            if (request.Method == "PUT" && part.Success) lock (sent) sent.Add(int.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture));
        };
        await page.GotoAsync("/upload");
        await page.GetByLabel("API key").FillAsync(_key);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GetByLabel("Classify each video once uploaded (verdict and poster)").UncheckAsync();

        // Paused while part 2 is on its way (held here): that part is dropped and nothing more is sent until Resume.
        var held = new TaskCompletionSource();
        var release = new TaskCompletionSource();
        await page.RouteAsync("**/parts/2", async route =>
        {
            held.TrySetResult();
            await release.Task;
            try { await route.AbortAsync(); } catch (PlaywrightException) { /* the page already let go of it */ }
        });
        // The connection drops while part 3 is sent: the upload stops there, saying so.
        await page.RouteAsync("**/parts/3", route => route.AbortAsync("connectionfailed"));
        await page.Locator("#files").SetInputFilesAsync(video);
        await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await page.Locator(".upload").GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync();
        await Assertions.Expect(page.Locator(".upload .state")).ToHaveTextAsync("Paused");
        release.SetResult();
        await page.UnrouteAsync("**/parts/2");
        await Task.Delay(TimeSpan.FromSeconds(1)); // a paused upload that still sent would have sent part 3 by now
        lock (sent) Assert.Equal([1, 2], sent);
        await page.Locator(".upload").GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
        await Assertions.Expect(page.Locator(".upload .error")).ToContainTextAsync("connection dropped while sending part 3");
        await page.UnrouteAllAsync();
        lock (sent) { Assert.Equal([1, 2, 2, 3], sent); sent.Clear(); }

        // After a reload the page remembers the upload; choosing the file again sends parts 3 and on, and completes it.
        await page.ReloadAsync();
        await Assertions.Expect(page.Locator(".notice")).ToContainTextAsync(Path.GetFileName(video));
        await page.Locator("#files").SetInputFilesAsync(video);
        await Assertions.Expect(page.Locator(".upload .state")).ToHaveTextAsync("Uploaded", new() { Timeout = 60_000 });
        lock (sent) Assert.Equal(Enumerable.Range(3, parts - 2), sent);
        var assetId = (await page.Locator(".upload a").GetAttributeAsync("href"))!.Split('/')[^1];
        var asset = await _sut.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/assets/{assetId}");
        Assert.Equal(new FileInfo(video).Length, asset.GetProperty("asset").GetProperty("size_bytes").GetInt64());
        Assert.Equal("[]", await page.EvaluateAsync<string>("localStorage.getItem('mediaaspire.uploads')"));

        // Uploaded unclassified, it is what the admin page's backfill classifies, its job's progress shown until it ends.
        await Wait.UntilAsync(async () => await _sut.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/api/assets/{assetId}"),
            a => a.GetProperty("asset").GetProperty("status").GetString() == "ready", Processing, "the upload to be probed", a => a.ToString());
        await Nav(page, "Admin").ClickAsync();
        var backfill = page.Locator("section[aria-labelledby='backfill-h']");
        await Assertions.Expect(backfill).ToContainTextAsync("0 of 1 assets classified, 1 lacking");
        await backfill.GetByRole(AriaRole.Button, new() { Name = "Start backfill" }).ClickAsync();
        await Assertions.Expect(backfill.GetByRole(AriaRole.Progressbar, new() { Name = "Backfill" })).ToBeVisibleAsync();
        await Assertions.Expect(backfill).ToContainTextAsync("Last backfill completed", new() { Timeout = (float)Processing.TotalMilliseconds });
        await Assertions.Expect(backfill).ToContainTextAsync("1 of 1 assets classified, 0 lacking");
        var verdict = await _sut.Client.GetAsync($"/api/assets/{assetId}/verdict");
        Assert.True(verdict.IsSuccessStatusCode, $"no verdict after the backfill: {(int)verdict.StatusCode}");
        // The dropped connection is the one error the browser reports itself; the page's own code logs nothing.
        Assert.True(consoleErrors.All(e => e.Contains("ERR_CONNECTION_FAILED", StringComparison.Ordinal)),
            $"console errors: {string.Join(" | ", consoleErrors)}; failed requests: {string.Join(" | ", failedRequests)}");
    }

    /// <summary>Two real photos (a cut at 6 s) over a tone that is loud from 7 to 9 s: two keyframes and one highlight.</summary>
    private async Task<string> MakeVideoAsync()
    {
        var id = Guid.NewGuid().ToString("N");
        var edit = await CutVideo.MakeAsync(Path.Combine(servers.Root, $"web-edit-{id}.mp4"),
            [new Shot(CutVideo.Photo("Autumn"), Motion.ZoomIn, 6), new Shot(CutVideo.Photo("BytheWater"), Motion.Pan, 6)], 320, 180);
        return await TestMedia.FfmpegAsync(Path.Combine(servers.Root, $"web-upload-{id}.mp4"),
            "-i", edit.Path, "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=12",
            "-filter_complex", "[1:a]volume='if(between(t,7,9),1,0.05)':eval=frame[a]", "-map", "0:v", "-map", "[a]",
            "-c:v", "copy", "-c:a", "aac", "-b:a", "96k", "-shortest", "-metadata", $"comment={id}");
    }

    /// <summary>The header's link to a page: only the header's (the library's asset links are named by their files, which
    /// include "…upload…"), and only by its whole name.</summary>
    private static ILocator Nav(IPage page, string name) => page.Locator("#nav").GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    /// <summary>
    /// The page's console and script errors, each with where it came from, and the requests that failed (URL and Chromium's
    /// reason): those are not errors themselves (leaving a page aborts its streams) but say which resource an error was about.
    /// </summary>
    private static (List<string> Errors, List<string> FailedRequests) WatchConsole(IPage page)
    {
        var errors = new List<string>();
        var failed = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") lock (errors) errors.Add($"{message.Text} (at {message.Location})"); };
        page.PageError += (_, error) => { lock (errors) errors.Add(error); };
        page.RequestFailed += (_, request) => { lock (failed) failed.Add($"{request.Method} {request.ResourceType} {request.Url}: {request.Failure}"); };
        return (errors, failed);
    }

    [GeneratedRegex(@"/api/uploads/[0-9a-f-]+/parts/([0-9]+)$")]
    private static partial Regex PartNumber();

    [GeneratedRegex("loudness")]
    private static partial Regex LoudnessReason();
}
