using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.Platform.Highlights;
using MediaAspire.Platform.Json;
using MediaAspire.Platform.Processes;

using MediaAspire.GpuWorker.Highlights;

namespace MediaAspire.GpuWorker.Cli;

/// <summary>
/// <c>MediaAspire.GpuWorker analyze &lt;file&gt;... --highlights [--chat chat.json] [--events events.json] [--transcript x.vtt] [--top N] [--json]</c>:
/// the highlights stage on local files, without PostgreSQL or Redis. chat.json is the API's <c>chat</c> object (or just its
/// messages array), events.json the API's <c>events</c> array; the transcript is WebVTT or SRT. With no scene analysis at
/// hand the scene signal is left out (the video is not decoded). The --json shape (documented in the README) is a contract.
/// </summary>
public static class HighlightsCommand
{
    private const string Usage =
        "usage: MediaAspire.GpuWorker analyze <file>... --highlights [--chat chat.json] [--events events.json] [--transcript x.vtt] [--top N] [--json]";

    public static async Task<int> RunAsync(string[] args)
    {
        var files = new List<string>();
        var json = false;
        var request = new HighlightRequest();
        try
        {
            for (var i = 0; i < args.Length; i++)
            {
                switch (args[i])
                {
                    case "--highlights": break;
                    case "--json": json = true; break;
                    case "--chat" when i + 1 < args.Length: request = request with { Chat = ReadChat(args[++i]) }; break;
                    case "--events" when i + 1 < args.Length: request = request with { Events = ReadEvents(args[++i]) }; break;
                    case "--transcript" when i + 1 < args.Length: request = request with { TranscriptVtt = File.ReadAllText(args[++i]) }; break;
                    case "--top" when i + 1 < args.Length && int.TryParse(args[i + 1], out var top) && top >= 1: request = request with { Top = top }; i++; break;
                    case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                        Console.Error.WriteLine($"unknown or incomplete option '{flag}'\n{Usage}");
                        return 2;
                    default: files.Add(args[i]); break;
                }
            }
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"{e.Message}\n{Usage}");
            return 2;
        }
        if (files.Count == 0)
        {
            Console.Error.WriteLine(Usage);
            return 2;
        }

        var settings = new HighlightSettings();
        var prober = new MediaProber();
        var results = new JsonArray();
        var failed = false;
        foreach (var file in files)
        {
            var scratch = Directory.CreateTempSubdirectory("mediaaspire-highlights-");
            try
            {
                var probe = await prober.ProbeAsync(file, CancellationToken.None);
                var detection = await HighlightDetector.DetectAsync(file, probe, request, null, settings, scratch.FullName, Progress(file), CancellationToken.None);
                if (!Console.IsErrorRedirected) Console.Error.WriteLine();
                results.Add(ToJson(file, detection));
                if (!json) Console.WriteLine(Summary(file, detection));
            }
            catch (Exception e) when (e is UnreadableMediaException or FfmpegFailedException or FormatException or FileNotFoundException or IOException)
            {
                failed = true;
                results.Add(new JsonObject { ["path"] = file, ["error"] = e.Message });
                Console.Error.WriteLine($"{file}: {e.Message}");
            }
            finally
            {
                scratch.Delete(recursive: true);
            }
        }
        if (json) Console.WriteLine(new JsonObject { ["files"] = results }.ToJsonString());
        return failed ? 1 : 0;
    }

    private static ChatTimeline ReadChat(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.ValueKind == JsonValueKind.Array
            ? new ChatTimeline(document.RootElement.Deserialize<List<ChatMessage>>(PlatformJson.Options))
            : document.RootElement.Deserialize<ChatTimeline>(PlatformJson.Options)!;
    }

    private static List<ChannelEvent> ReadEvents(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var events = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("events", out var inner) ? inner : document.RootElement;
        return events.Deserialize<List<ChannelEvent>>(PlatformJson.Options) ?? [];
    }

    private static Func<double, Task>? Progress(string file) =>
        Console.IsErrorRedirected ? null : fraction =>
        {
            var filled = (int)Math.Round(fraction * 30);
            Console.Error.Write($"\r{Path.GetFileName(file)} [{new string('#', filled)}{new string(' ', 30 - filled)}] {fraction * 100,3:F0}% loudness");
            return Task.CompletedTask;
        };

    private static JsonObject ToJson(string file, HighlightDetection detection) => new()
    {
        ["path"] = file,
        ["duration_seconds"] = detection.DurationSeconds,
        ["signals"] = JsonSerializer.SerializeToNode(detection.Signals, PlatformJson.Options),
        ["highlights"] = JsonSerializer.SerializeToNode(detection.Highlights, PlatformJson.Options),
    };

    private static string Summary(string file, HighlightDetection detection) =>
        $"{file}: {detection.Highlights.Count} highlights from {string.Join(", ", detection.Signals)}" + string.Concat(detection.Highlights.Select((h, i) =>
            string.Create(CultureInfo.InvariantCulture, $"\n  {i + 1}. {h.Start:0.0}–{h.End:0.0} s, score {h.Score:0.00}: {string.Join("; ", h.Reasons.Select(r => r.Detail))}")));
}
