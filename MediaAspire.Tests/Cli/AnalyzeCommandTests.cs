using System.Diagnostics;
using System.Text.Json;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Cli;

/// <summary>The analyze CLI as people script it: configured like the worker, one line on stderr and a clear exit code
/// when it cannot run or a file cannot be read.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mediaaspire-analyze-").FullName;

    private static string ModelDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "models", "nsfwjs-4.4.0", "mobilenet_v2");
            if (File.Exists(Path.Combine(candidate, "model.min.js"))) return candidate;
        }
        throw new DirectoryNotFoundException("models/ not found: run scripts/fetch-models.sh");
    }

    /// <summary>The worker as users run it: its own build output, not the copy in the test's folder.</summary>
    private static async Task<(int ExitCode, string Stdout, string Stderr)> AnalyzeAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])[MediaAspire.Tests.Infrastructure.Servers.ProjectPaths.Of("gpuworker"), "analyze", .. arguments]) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    private Task<string> StillAsync() =>
        TestMedia.FfmpegAsync(Path.Combine(_dir, "still.png"), "-f", "lavfi", "-i", "testsrc2=size=300x200", "-frames:v", "1");

    [Fact]
    public async Task A_model_directory_without_the_model_is_one_line_and_exit_code_2_from_the_environment_or_the_option()
    {
        var image = await StillAsync();
        var empty = Directory.CreateDirectory(Path.Combine(_dir, "no-model")).FullName;

        var fromEnvironment = await AnalyzeAsync(new Dictionary<string, string> { ["Scoring__ModelDirectory"] = empty }, image);
        // The option wins over the environment.
        var fromOption = await AnalyzeAsync(new Dictionary<string, string> { ["Scoring__ModelDirectory"] = ModelDirectory() }, image, "--model", empty);

        foreach (var (exitCode, stdout, stderr) in new[] { fromEnvironment, fromOption })
        {
            Assert.Equal(2, exitCode);
            Assert.Equal("", stdout);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains(empty, line);
            Assert.Contains("model.min.js", line);
        }
    }

    [Fact]
    public async Task A_missing_file_is_one_line_and_exit_code_1_and_the_others_are_still_analysed()
    {
        var image = await StillAsync();
        var missing = Path.Combine(_dir, "missing.mp4");

        var (exitCode, stdout, stderr) = await AnalyzeAsync(new Dictionary<string, string>(), missing, image, "--json", "--model", ModelDirectory());

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith(missing + ": ", line);
        using var output = JsonDocument.Parse(stdout);
        var files = output.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(missing, files[0].GetProperty("path").GetString());
        Assert.True(files[0].TryGetProperty("error", out _));
        Assert.Equal("image", files[1].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Settings_come_from_the_environment_like_the_worker()
    {
        var video = await TestMedia.FfmpegAsync(Path.Combine(_dir, "clip.mp4"),
            "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25:duration=4", "-c:v", "libx264", "-preset", "ultrafast");

        var oneKeyframe = await AnalyzeAsync(new Dictionary<string, string> { ["Analysis__MinKeyframes"] = "1", ["Analysis__MaxKeyframes"] = "1" },
            video, "--json", "--model", ModelDirectory());
        var tooLong = await AnalyzeAsync(new Dictionary<string, string> { ["Analysis__MaxDurationSeconds"] = "2" }, video, "--model", ModelDirectory());

        Assert.Equal(0, oneKeyframe.ExitCode);
        using var output = JsonDocument.Parse(oneKeyframe.Stdout);
        Assert.Equal(1, output.RootElement.GetProperty("files")[0].GetProperty("keyframes").GetArrayLength());
        Assert.Equal(1, tooLong.ExitCode);
        Assert.Contains("clip.mp4: ", Assert.Single(tooLong.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Fact]
    public async Task Photos_named_by_their_extension_are_analysed_as_images()
    {
        // ffmpeg opens a file named .jpg with its image2 demuxer (by the name) rather than jpeg_pipe (by the bytes): a
        // user's photo, unlike an upload, keeps its name.
        var jpeg = Path.Combine(_dir, "photo.jpg");
        await TestMedia.FfmpegAsync(jpeg, "-i", CutVideo.Photo("Autumn"), "-vf", "scale=640:-2", "-frames:v", "1");
        var png = await TestMedia.FfmpegAsync(Path.Combine(_dir, "photo.png"), "-i", jpeg);

        var (exitCode, stdout, stderr) = await AnalyzeAsync(new Dictionary<string, string>(), jpeg, png, "--json", "--model", ModelDirectory());

        Assert.True(exitCode == 0, stderr);
        using var output = JsonDocument.Parse(stdout);
        var files = output.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal([jpeg, png], files.Select(f => f.GetProperty("path").GetString()));
        foreach (var file in files)
        {
            Assert.Equal("image", file.GetProperty("kind").GetString());
            var scores = Assert.Single(file.GetProperty("keyframes").EnumerateArray()).GetProperty("scores");
            Assert.Equal(1, scores.EnumerateObject().Sum(p => p.Value.GetDouble()), 2);
            // A photograph of a landscape: the model says so.
            Assert.True(scores.GetProperty("Neutral").GetDouble() > 0.5, scores.ToString());
        }
        Assert.Equal("image2", files[0].GetProperty("probe").GetProperty("container").GetString());
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
