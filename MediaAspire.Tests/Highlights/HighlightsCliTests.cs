using System.Diagnostics;
using System.Text.Json;

namespace MediaAspire.Tests.Highlights;

/// <summary>The analyze CLI's --highlights mode, run as users run it (the worker's own build output), on local files only.</summary>
public sealed class HighlightsCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("highlights-cli-").FullName;

    [Fact]
    public async Task The_CLI_prints_the_documented_JSON_with_the_moments_its_timelines_point_at()
    {
        var recording = await Recording.MakeAsync(_dir, 120, [(30, 35)]);
        var chat = Path.Combine(_dir, "chat.json");
        // A bare array of messages works as well as the API's {"messages": …, "lag_seconds": …}.
        await File.WriteAllTextAsync(chat, JsonSerializer.Serialize(
            Enumerable.Range(0, 20).Select(i => new { t = i * 6.0 }).Concat(Enumerable.Range(0, 25).Select(i => new { t = 85 + i * 0.2 }))));
        var events = Path.Combine(_dir, "events.json");
        await File.WriteAllTextAsync(events, """[{"t": 60, "type": "hype_train", "amount": 3}]""");
        var transcript = Path.Combine(_dir, "talk.srt");
        await File.WriteAllTextAsync(transcript, "1\n00:01:50,000 --> 00:01:54,000\nno way! insane, insane\n\n");

        var (exitCode, stdout, _) = await RunAsync("analyze", recording, "--highlights", "--chat", chat, "--events", events, "--transcript", transcript, "--json");

        Assert.Equal(0, exitCode);
        using var output = JsonDocument.Parse(stdout);
        var file = Assert.Single(output.RootElement.GetProperty("files").EnumerateArray());
        Assert.Equal(["path", "duration_seconds", "signals", "highlights"], file.EnumerateObject().Select(p => p.Name));
        // No scene analysis at hand: the stage ran the scene pass itself (a single shot: no cuts, so no scene reasons).
        Assert.Equal(["audio", "scenes", "chat", "events", "transcript"], file.GetProperty("signals").EnumerateArray().Select(s => s.GetString()));
        var highlights = file.GetProperty("highlights").EnumerateArray().ToList();
        Assert.Equal(["start", "end", "score", "reasons"], highlights[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["signal", "score", "detail"], highlights[0].GetProperty("reasons")[0].EnumerateObject().Select(p => p.Name));
        foreach (var (t, signal) in new[] { (32.0, "audio"), (80.0, "chat"), (60.0, "events"), (111.0, "transcript") })
        {
            var highlight = Assert.Single(highlights, h => h.GetProperty("start").GetDouble() <= t && t < h.GetProperty("end").GetDouble());
            Assert.Contains(highlight.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("signal").GetString() == signal);
        }
    }

    [Fact]
    public async Task A_missing_timeline_file_or_option_value_is_a_usage_error()
    {
        var (exitCode, _, stderr) = await RunAsync("analyze", "x.mp4", "--highlights", "--chat", Path.Combine(_dir, "missing.json"));
        Assert.Equal(2, exitCode);
        Assert.Contains("missing.json", stderr);
        (exitCode, _, stderr) = await RunAsync("analyze", "x.mp4", "--highlights", "--top");
        Assert.Equal(2, exitCode);
        Assert.Contains("'--top'", stderr);
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[MediaAspire.Tests.Infrastructure.Servers.ProjectPaths.Of("gpuworker"), .. arguments]) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
