using System.Diagnostics;
using System.Text.Json;
using MediaAspire.GpuWorker.Verdicts;
using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Quality;
using MediaAspire.Tests.Infrastructure;

namespace MediaAspire.Tests.Verdicts;

/// <summary>The whole understanding stage on media made here: three scenes with hard cuts, a still image, a text file.</summary>
[Collection("scoring")]
public sealed class VerdictPipelineTests(ClassifierFixture fixture) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mediaaspire-analysis-").FullName;

    private Task<string> ThreeScenesAsync() => TestMedia.FfmpegAsync(Path.Combine(_dir, "three-scenes.mp4"),
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25:duration=3",
        "-f", "lavfi", "-i", "mandelbrot=size=640x360:rate=25",
        "-f", "lavfi", "-i", "smptebars=size=640x360:rate=25:duration=3",
        "-filter_complex", "[1]trim=duration=3,setpts=PTS-STARTPTS[m];[0][m][2]concat=n=3:v=1[v]",
        "-map", "[v]", "-c:v", "libx264", "-preset", "ultrafast");

    [Fact]
    public async Task A_three_scene_video_gets_one_scored_keyframe_per_scene_and_a_verdict()
    {
        using var faces = new FaceDetector();
        var pipeline = new VerdictPipeline(new MediaProber(), fixture.Classifier, faces);

        var verdict = (await pipeline.RunAsync(await ThreeScenesAsync(), new VerdictOptions(), null, CancellationToken.None)).Verdict;

        Assert.Equal("video", verdict.Kind);
        Assert.Equal(2, verdict.Cuts.Count);
        Assert.InRange(verdict.Cuts[0], 2.9, 3.15);
        Assert.InRange(verdict.Cuts[1], 5.9, 6.15);
        Assert.Equal([0, 1, 2], verdict.Keyframes.Select(k => k.Scene));
        Assert.All(verdict.Keyframes, k => Assert.Equal(["Drawing", "Hentai", "Neutral", "Porn", "Sexy"], k.Scores.Keys));
        Assert.All(verdict.Keyframes, k => Assert.InRange(k.Scores.Values.Sum(), 0.99, 1.01));
        Assert.All(verdict.Keyframes, k => Assert.InRange(k.Quality, 0, 1));
        Assert.False(verdict.IsExplicit);
        Assert.Contains(verdict.PosterT, verdict.Keyframes.Select(k => (double?)k.T));
        Assert.Equal(["probe", "quality_faces", "scenes", "scoring"], verdict.StageMs.Keys.Order());
    }

    [Fact]
    public async Task Keyframes_are_clamped_to_the_requested_range()
    {
        using var faces = new FaceDetector();
        var pipeline = new VerdictPipeline(new MediaProber(), fixture.Classifier, faces);
        var video = await ThreeScenesAsync();

        var few = (await pipeline.RunAsync(video, new VerdictOptions { MinKeyframes = 1, MaxKeyframes = 1 }, null, CancellationToken.None)).Verdict;
        var many = (await pipeline.RunAsync(video, new VerdictOptions { MinKeyframes = 6, MaxKeyframes = 8 }, null, CancellationToken.None)).Verdict;

        Assert.Single(few.Keyframes);
        Assert.InRange(many.Keyframes.Count, 6, 8);
    }

    [Fact]
    public async Task The_CLI_prints_one_JSON_object_with_the_documented_shape_and_reports_bad_files()
    {
        var video = await ThreeScenesAsync();
        var image = await TestMedia.FfmpegAsync(Path.Combine(_dir, "still.png"), "-f", "lavfi", "-i", "testsrc2=size=300x200", "-frames:v", "1");
        var text = Path.Combine(_dir, "notes.mp4");
        await File.WriteAllTextAsync(text, "not a video");

        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        // The worker as users run it: its own build output, not the copy in the test's folder.
        foreach (var a in (string[])[MediaAspire.Tests.Infrastructure.Servers.ProjectPaths.Of("gpuworker"), "analyze", video, image, text, "--json", "--max-keyframes", "2"])
            info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        using var output = JsonDocument.Parse(await stdout);

        Assert.Equal(1, process.ExitCode);
        var files = output.RootElement.GetProperty("files").EnumerateArray().ToList();
        Assert.Equal(3, files.Count);
        Assert.Equal(["path", "kind", "probe", "scenes", "cuts", "keyframes", "verdict"], files[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal("video", files[0].GetProperty("kind").GetString());
        Assert.Equal(2, files[0].GetProperty("keyframes").GetArrayLength());
        Assert.Equal(["t", "scene", "quality", "faces", "scores", "tags", "face_boxes"], files[0].GetProperty("keyframes")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(["Drawing", "Hentai", "Neutral", "Porn", "Sexy"], files[0].GetProperty("keyframes")[0].GetProperty("scores").EnumerateObject().Select(p => p.Name));
        Assert.Equal(["is_explicit", "explicit_score", "quality_score", "scene_tags", "poster_t"], files[0].GetProperty("verdict").EnumerateObject().Select(p => p.Name));
        Assert.Equal("image", files[1].GetProperty("kind").GetString());
        Assert.Equal(0, files[1].GetProperty("keyframes")[0].GetProperty("t").GetDouble());
        Assert.Contains("not a video or audio file", files[2].GetProperty("error").GetString());
        Assert.Contains("notes.mp4", await stderr);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
