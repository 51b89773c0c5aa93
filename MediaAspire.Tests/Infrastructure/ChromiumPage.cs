using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace MediaAspire.Tests.Infrastructure;

/// <summary>
/// A page in Debian's Chromium, headless, driven over the DevTools protocol (no driver to download): navigate,
/// run script in the page (clicks, reading the DOM), take a screenshot. Started with the flags this closed
/// network needs (no background or component traffic).
/// </summary>
public sealed class ChromiumPage : IAsyncDisposable
{
    private const string Binary = "/usr/bin/chromium";
    private readonly Process _browser;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private ChromiumPage(Process browser, string profile, ClientWebSocket socket)
    {
        _browser = browser;
        _profile = profile;
        _socket = socket;
    }

    public static async Task<ChromiumPage> OpenAsync(int width = 1440, int height = 900)
    {
        if (!File.Exists(Binary)) throw new InvalidOperationException("Chromium is missing: scripts/install-prerequisites.sh installs Debian's 'chromium'.");
        var profile = Directory.CreateTempSubdirectory("mediaaspire-chromium-").FullName;
        var info = new ProcessStartInfo(Binary) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                     "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0", $"--window-size={width},{height}",
                     $"--user-data-dir={profile}", "about:blank"])
            info.ArgumentList.Add(a);
        var browser = Process.Start(info)!;
        _ = DrainAsync(browser.StandardOutput);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? endpoint = null;
        while (endpoint is null && await browser.StandardError.ReadLineAsync(timeout.Token) is { } line)
            endpoint = Regex.Match(line, @"DevTools listening on (ws://\S+)") is { Success: true } m ? m.Groups[1].Value : null;
        if (endpoint is null) throw new InvalidOperationException("Chromium did not open its DevTools endpoint.");
        _ = DrainAsync(browser.StandardError);

        // The page Chromium opened with (about:blank), from the endpoint's target list.
        using var http = new HttpClient { BaseAddress = new Uri($"http://{new Uri(endpoint).Authority}") };
        var targets = JsonNode.Parse(await http.GetStringAsync("/json/list", timeout.Token))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!["webSocketDebuggerUrl"]!.GetValue<string>();
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri(page), timeout.Token);
        var chromium = new ChromiumPage(browser, profile, socket);
        await chromium.SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = height, ["deviceScaleFactor"] = 1, ["mobile"] = false });
        return chromium;
    }

    public async Task NavigateAsync(string url)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url });
        await WaitForAsync("document.readyState === 'complete' && location.href !== 'about:blank'", TimeSpan.FromSeconds(30));
    }

    /// <summary>Runs <paramref name="expression"/> in the page (awaiting a promise) and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["awaitPromise"] = true, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } error) throw new InvalidOperationException($"{expression}: {error.ToJsonString()}");
        return result["result"]!["value"];
    }

    /// <summary>Polls <paramref name="expression"/> until it is truthy; returns its value (fails with the last one after <paramref name="timeout"/>).</summary>
    public async Task<JsonNode> WaitForAsync(string expression, TimeSpan timeout) =>
        (await Wait.UntilAsync(() => EvaluateAsync(expression), IsTruthy, timeout, $"'{expression}' to be truthy",
            value => value?.ToJsonString() ?? "undefined", TimeSpan.FromMilliseconds(100)))!;

    private static bool IsTruthy(JsonNode? value) => value is not null && value.GetValueKind() switch
    {
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetValue<string>().Length > 0,
        JsonValueKind.Number => value.GetValue<double>() != 0,
        _ => true,
    };

    public async Task ScreenshotAsync(string pngPath)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" });
        Directory.CreateDirectory(Path.GetDirectoryName(pngPath)!);
        await File.WriteAllBytesAsync(pngPath, Convert.FromBase64String(shot["data"]!.GetValue<string>()));
    }

    private async Task<JsonNode> SendAsync(string method, JsonObject parameters)
    {
        var id = ++_nextId;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var request = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(request), WebSocketMessageType.Text, true, timeout.Token);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, timeout.Token);
                message.Write(buffer, 0, received.Count);
            } while (!received.EndOfMessage);
            // Events (no id) and answers to other requests are skipped: one request at a time.
            var reply = JsonNode.Parse(message.ToArray())!;
            if (reply["id"]?.GetValue<int>() != id) continue;
            if (reply["error"] is { } error) throw new InvalidOperationException($"{method}: {error.ToJsonString()}");
            return reply["result"]!;
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        while (await reader.ReadLineAsync() is not null) { }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_browser.HasExited) _browser.Kill(entireProcessTree: true);
        await _browser.WaitForExitAsync();
        _browser.Dispose();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}
