using System.Net.Http.Json;
using System.Text.Json;
using MediaAspire.Hosting.LocalServices;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Infrastructure.Servers;

namespace MediaAspire.Tests.Live;

/// <summary>A real nginx-rtmp calling back the API (served by Kestrel on a loopback port), and a worker reading streams back from it.</summary>
public sealed class LiveStack : IAsyncDisposable
{
    private LiveStack(NginxRtmpServer rtmp, SystemUnderTest sut, int apiPort)
    {
        Rtmp = rtmp;
        Sut = sut;
        ApiUrl = $"http://127.0.0.1:{apiPort}";
    }

    public NginxRtmpServer Rtmp { get; }
    public SystemUnderTest Sut { get; }
    public string ApiUrl { get; }

    /// <summary>A session ends this long after its publisher left, unless one comes back (the setting's default is 15 s).</summary>
    public static readonly TimeSpan ShortGrace = TimeSpan.FromSeconds(2);

    /// <param name="reconnectGrace">How long a session waits for its publisher to come back; <see cref="ShortGrace"/> unless a test reconnects.</param>
    public static async Task<LiveStack> StartAsync(ServersFixture servers, TimeSpan? reconnectGrace = null)
    {
        var (apiPort, rtmpPort) = (HostPrograms.FreePort(), HostPrograms.FreePort());
        var rtmp = await NginxRtmpServer.StartAsync(Path.Combine(servers.Root, $"nginx-{rtmpPort}"), rtmpPort, $"http://127.0.0.1:{apiPort}");
        var live = Settings(rtmp, reconnectGrace ?? ShortGrace);
        var sut = SystemUnderTest.Start(servers, live, new Dictionary<string, string?>(live) { ["Live:EndCheckInterval"] = "00:00:01" }, apiPort);
        return new LiveStack(rtmp, sut, apiPort);
    }

    /// <summary>The API's and the worker's live settings: the RTMP server, and one reconnect grace for both.</summary>
    public static Dictionary<string, string?> Settings(NginxRtmpServer rtmp, TimeSpan reconnectGrace) => new()
    {
        ["services:rtmp:rtmp:0"] = rtmp.Url,
        ["Live:ReconnectGrace"] = reconnectGrace.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>POST /api/live: the 201's body.</summary>
    public static async Task<JsonElement> CreateAsync(HttpClient client, string name)
    {
        var response = await client.PostAsJsonAsync("/api/live", new { name });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Created, $"POST /api/live answered {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>ffmpeg pushing <paramref name="video"/> in real time (<c>-re</c>, no re-encode) to <paramref name="ingestUrl"/>.</summary>
    public static FfmpegProcess Push(string video, string ingestUrl) =>
        FfmpegLauncher.Start(FfmpegCommand.Ffmpeg(["-hide_banner", "-nostdin", "-loglevel", "error", "-re", "-i", video, "-c", "copy", "-f", "flv", ingestUrl])
            with { Timeout = TimeSpan.FromMinutes(2) }, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await Sut.DisposeAsync();
        await Rtmp.DisposeAsync();
    }
}
