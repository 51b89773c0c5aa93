using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Tests.Infrastructure;
using OpenCvSharp;

namespace MediaAspire.Tests.Scenes;

/// <summary>The edited test videos, made once for the whole test class.</summary>
public sealed class SceneVideosFixture : IAsyncLifetime
{
    private readonly string _dir = System.IO.Directory.CreateTempSubdirectory("mediaaspire-scenes-").FullName;

    public CutVideo Edit { get; private set; } = null!;
    public CutVideo HeldOut { get; private set; } = null!;
    public CutVideo ShortScene { get; private set; } = null!;
    public CutVideo SingleShot { get; private set; } = null!;
    public CutVideo EditGop2 { get; private set; } = null!;
    public CutVideo HeldOutGop10 { get; private set; } = null!;
    public CutVideo LongShotsGop4 { get; private set; } = null!;
    public CutVideo EditAllIntra { get; private set; } = null!;
    public string Directory => _dir;

    public async Task InitializeAsync()
    {
        var edit = CutVideo.MakeAsync(Path.Combine(_dir, "edit.mp4"), CutVideo.StandardEdit(), 640, 360);
        var heldOut = CutVideo.MakeAsync(Path.Combine(_dir, "held-out.mp4"), CutVideo.HeldOutEdit(), 640, 360);
        // Two cuts 0.6 s apart: a scene shorter than the minimum.
        var shortScene = CutVideo.MakeAsync(Path.Combine(_dir, "short-scene.mp4"),
            [new Shot(CutVideo.Photo("Kite"), Motion.Still, 3), new Shot(CutVideo.Photo("Autumn"), Motion.Still, 0.6), new Shot(CutVideo.Photo("Path"), Motion.Pan, 3)],
            640, 360);
        var single = CutVideo.MakeAsync(Path.Combine(_dir, "single.mp4"), [new Shot(CutVideo.Photo("Grey"), Motion.ZoomIn, 6)], 640, 360);
        (Edit, HeldOut, ShortScene, SingleShot) = (await edit, await heldOut, await shortScene, await single);
        // The same edits with keyframes at fixed intervals (cuts inside GOPs), every frame a keyframe, and long shots
        // whose GOPs the keyframes-first pass can skip.
        var editGop2 = CutVideo.MakeAsync(Path.Combine(_dir, "edit-gop2.mp4"), CutVideo.StandardEdit(), 640, 360, encoder: CutVideo.FixedGop(2));
        var heldOutGop10 = CutVideo.MakeAsync(Path.Combine(_dir, "held-out-gop10.mp4"), CutVideo.HeldOutEdit(), 640, 360, encoder: CutVideo.FixedGop(10));
        var longShots = CutVideo.MakeAsync(Path.Combine(_dir, "long-shots-gop4.mp4"), CutVideo.LongShotEdit(), 640, 360, encoder: CutVideo.FixedGop(4));
        var allIntra = CutVideo.MakeAsync(Path.Combine(_dir, "edit-all-intra.mp4"), CutVideo.StandardEdit(), 640, 360, encoder: CutVideo.AllIntra);
        (EditGop2, HeldOutGop10, LongShotsGop4, EditAllIntra) = (await editGop2, await heldOutGop10, await longShots, await allIntra);
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }
}

public sealed class SceneCutDetectorTests(SceneVideosFixture videos) : IClassFixture<SceneVideosFixture>
{
    private readonly SceneCutDetector _detector = new();
    private static readonly SceneDetectionOptions Defaults = new();

    private SceneAnalysis Analyze(string path, SceneDetectionOptions? options = null) =>
        _detector.Analyze(path, options ?? Defaults, null, CancellationToken.None);

    [Theory]
    [InlineData("standard")]
    [InlineData("held-out")]
    [InlineData("standard, 2 s GOPs")]
    [InlineData("held-out, 10 s GOPs")]
    [InlineData("long shots, 4 s GOPs")]
    [InlineData("standard, all-intra")]
    public void Finds_cuts_and_gradual_transitions_but_not_pans_zooms_or_flashes(string edit)
    {
        var video = Video(edit);
        using var analysis = Analyze(video.Path);

        var detected = analysis.Cuts.Select(c => (c, c)).Concat(analysis.Transitions.Select(t => (t.Start, t.End)));
        var score = BoundaryScore.Of(video.Boundaries, detected);
        var found = $"{score}; cuts [{string.Join(", ", analysis.Cuts.Select(c => c.ToString("F2")))}], " +
                    $"transitions [{string.Join(", ", analysis.Transitions.Select(t => $"{t.Start:F2}-{t.End:F2}"))}]";
        Assert.True(score.Precision >= 0.95, found);
        Assert.True(score.Recall >= 0.95, found);
        // Each fade or dissolve is one transition, reported as such rather than as cuts.
        var gradual = video.Boundaries.Where(b => !b.IsCut).ToList();
        Assert.Equal(gradual.Count, analysis.Transitions.Count);
        Assert.All(gradual, g => Assert.Single(analysis.Transitions, t => t.Start <= g.End && t.End >= g.Start));
        Assert.Equal(video.Boundaries.Count + 1, analysis.Scenes.Count);
    }

    [Theory]
    [InlineData("standard, 2 s GOPs")]
    [InlineData("held-out, 10 s GOPs")]
    [InlineData("long shots, 4 s GOPs")]
    public void Keyframes_first_finds_what_decoding_every_frame_finds(string edit)
    {
        var video = Video(edit);
        using var everyFrame = Analyze(video.Path, new SceneDetectionOptions { KeyframesFirst = false });
        using var keyframesFirst = Analyze(video.Path);

        var expected = $"cuts [{string.Join(", ", everyFrame.Cuts.Select(c => c.ToString("F2")))}], " +
                       $"transitions [{string.Join(", ", everyFrame.Transitions.Select(t => $"{t.Start:F2}-{t.End:F2}"))}]";
        var found = $"cuts [{string.Join(", ", keyframesFirst.Cuts.Select(c => c.ToString("F2")))}], " +
                    $"transitions [{string.Join(", ", keyframesFirst.Transitions.Select(t => $"{t.Start:F2}-{t.End:F2}"))}]";
        Assert.Equal(expected, found);
        Assert.Equal(everyFrame.Scenes.Count, keyframesFirst.Scenes.Count);
    }

    [Fact]
    public void Keyframes_first_skips_unchanged_gops_and_still_places_every_cut_to_the_frame()
    {
        var video = videos.LongShotsGop4;
        using var analysis = Analyze(video.Path);

        // 55 s in 4 s GOPs: the GOPs with a boundary (and a look-ahead after them) and the last one are decoded; the
        // stills and slow moves between, about a third of the video, are judged from their keyframes alone.
        Assert.InRange(analysis.DecodedSeconds, 10, 0.7 * analysis.DurationSeconds);
        var cuts = video.Boundaries.Where(b => b.IsCut).Select(b => b.Start).ToList();
        Assert.Equal(cuts.Count, analysis.Cuts.Count);
        // Analysed every other frame (25 fps): the cut is the expected frame or the sample after it.
        Assert.All(cuts.Zip(analysis.Cuts), pair => Assert.InRange(pair.Second - pair.First, -0.001, 0.041));
        Assert.Equal(video.Boundaries.Count + 1, analysis.Scenes.Count);
        Assert.All(analysis.Keyframes, k => Assert.DoesNotContain(video.Flashes, f => k.Time >= f.First - 0.001 && k.Time <= f.Last + 0.001));
    }

    [Fact]
    public void All_intra_video_falls_back_to_decoding_every_frame()
    {
        using var allIntra = Analyze(videos.EditAllIntra.Path);
        using var longGops = Analyze(videos.EditGop2.Path);

        Assert.Equal(allIntra.DurationSeconds, allIntra.DecodedSeconds, 3);
        Assert.True(longGops.DecodedSeconds < longGops.DurationSeconds - 1, $"decoded {longGops.DecodedSeconds:F2} of {longGops.DurationSeconds:F2} s");
        Assert.Equal(videos.EditAllIntra.Boundaries.Count + 1, allIntra.Scenes.Count);
    }

    [Fact]
    public async Task A_run_that_ends_before_a_time_gives_the_frames_an_open_ended_run_gives_up_to_it_and_then_stops()
    {
        // A run of the keyframes-first pass: from the keyframe at 8 s (4 s GOPs) at analysis rate, ending before 10.5 s.
        var path = videos.LongShotsGop4.Path;
        var probe = await new MediaProber().ProbeAsync(path, CancellationToken.None);
        var request = new FrameRequest(SceneSampling.Of(probe.PrimaryVideo!, Defaults).MinSpacing)
        {
            From = 8,
            Origin = 0,
        };

        var openEnded = Times(request).TakeWhile(t => t < 10.5).ToList();
        var ended = Times(request with { Before = 10.5 });

        Assert.Equal(8, openEnded[0], 3);
        Assert.True(openEnded.Count > 20, $"{openEnded.Count} frames");
        Assert.Equal(openEnded, ended);

        List<double> Times(FrameRequest frames)
        {
            using var reader = FfmpegFrameReader.Open(path, 640, 360, frames, CancellationToken.None);
            var times = new List<double>();
            // The open-ended run is read a little past the end only: the rest of the video is not needed.
            while (times.LastOrDefault() < 11 && reader.Read(out var time, CancellationToken.None)) times.Add(time);
            return times;
        }
    }

    [Fact]
    public async Task All_intra_video_decodes_only_the_packets_of_the_frames_analysed_and_decides_as_decoding_them_all()
    {
        var path = videos.EditAllIntra.Path;
        var probe = await new MediaProber().ProbeAsync(path, CancellationToken.None);
        var sampling = SceneSampling.Of(probe.PrimaryVideo!, Defaults);
        Assert.True(PacketIndex.Read(path, CancellationToken.None).IsIntraOnly);
        Assert.False(PacketIndex.Read(videos.Edit.Path, CancellationToken.None).IsIntraOnly);
        Assert.Equal(2, sampling.Stride);

        var everyPacket = Frames(new FrameRequest(sampling.MinSpacing));
        var thinned = Frames(new FrameRequest(sampling.MinSpacing) { PacketStride = sampling.Stride });

        // Every other frame of 26.5 s at 25 fps, the same frames to the pixel.
        Assert.InRange(everyPacket.Count, 330, 333);
        Assert.Equal(everyPacket, thinned);

        // The stage thins all-intra video itself; without the packet index (keyframes first off) it reads every packet.
        using var stage = Analyze(path);
        using var unthinned = Analyze(path, Defaults with { KeyframesFirst = false });
        Assert.Equal(unthinned.Cuts, stage.Cuts);
        Assert.Equal(unthinned.Transitions, stage.Transitions);
        Assert.Equal(unthinned.Keyframes.Select(k => k.Time), stage.Keyframes.Select(k => k.Time));

        List<(double Time, double Sum)> Frames(FrameRequest request)
        {
            using var reader = FfmpegFrameReader.Open(path, 640, 360, request, CancellationToken.None);
            var frames = new List<(double, double)>();
            while (reader.Read(out var time, CancellationToken.None)) frames.Add((Math.Round(time, 3), Cv2.Sum(reader.Frame).Val0));
            return frames;
        }
    }

    [Fact]
    public async Task A_thinned_read_of_a_file_that_is_not_a_video_says_what_the_thinning_ffmpeg_found()
    {
        var path = Path.Combine(videos.Directory, "thinned-notes.mp4");
        await File.WriteAllTextAsync(path, "These are meeting notes, not a video.\n");

        var error = Assert.Throws<UnreadableMediaException>(() =>
        {
            using var reader = FfmpegFrameReader.Open(path, 64, 36, new FrameRequest(0.07) { PacketStride = 2 }, CancellationToken.None);
            reader.Read(out _, CancellationToken.None);
        });

        Assert.Contains("Invalid data found when processing input", error.Message);
    }

    [Fact]
    public void A_scene_shorter_than_the_minimum_is_not_a_scene_of_its_own()
    {
        var cuts = videos.ShortScene.Boundaries.Select(b => b.Start).ToList();

        using var byDefault = Analyze(videos.ShortScene.Path);
        using var shorter = Analyze(videos.ShortScene.Path, new SceneDetectionOptions { MinSceneSeconds = 0.3 });

        // 1 s minimum: the second cut, 0.6 s after the first, is dropped.
        Assert.Equal(2, cuts.Count);
        var cut = Assert.Single(byDefault.Cuts);
        Assert.Equal(cuts[0], cut, 0.12);
        Assert.Equal(2, byDefault.Scenes.Count);
        Assert.Equal(cuts, shorter.Cuts, new ToleranceComparer(0.12));
        Assert.Equal(3, shorter.Scenes.Count);
    }

    [Fact]
    public void Reports_frames_rate_and_duration_of_the_single_pass()
    {
        using var analysis = Analyze(videos.Edit.Path);

        Assert.Equal(25, analysis.FrameRate, 2);
        Assert.Equal(videos.Edit.Seconds, analysis.DurationSeconds, 1);
        Assert.Equal(0, analysis.Scenes[0].Start);
        Assert.Equal(analysis.DurationSeconds, analysis.Scenes[^1].End, 6);
    }

    [Fact]
    public void One_keyframe_per_scene_from_its_middle_not_the_first_frame_after_the_cut()
    {
        using var analysis = Analyze(videos.Edit.Path);

        Assert.Equal(analysis.Scenes.Count, analysis.Keyframes.Count);
        for (var i = 0; i < analysis.Keyframes.Count; i++)
        {
            var keyframe = analysis.Keyframes[i];
            var scene = analysis.Scenes[keyframe.Scene];
            Assert.Equal(i, keyframe.Scene);
            Assert.InRange(keyframe.Time, scene.Start + 0.2 * scene.Duration - 0.01, scene.End - 0.2 * scene.Duration + 0.01);
            Assert.Equal((360, 640, MatType.CV_8UC3), (keyframe.Image.Rows, keyframe.Image.Cols, keyframe.Image.Type()));
            Assert.True(keyframe.Sharpness > 0);
        }
    }

    [Fact]
    public void Keyframes_are_never_flash_frames()
    {
        // A blown-out flash frame has strong edges and would win on sharpness alone.
        using var analysis = Analyze(videos.Edit.Path);

        Assert.Equal(4, videos.Edit.Flashes.Count);
        Assert.All(analysis.Keyframes, k =>
            Assert.DoesNotContain(videos.Edit.Flashes, f => k.Time >= f.First - 0.001 && k.Time <= f.Last + 0.001));
        using var gray = new Mat();
        foreach (var keyframe in analysis.Keyframes)
        {
            Cv2.CvtColor(keyframe.Image, gray, ColorConversionCodes.BGR2GRAY);
            Assert.InRange(gray.Mean().Val0, 15, 200);
        }
    }

    [Fact]
    public void Merges_the_shortest_scenes_down_to_the_maximum()
    {
        using var analysis = Analyze(videos.Edit.Path, new SceneDetectionOptions { MinKeyframes = 2, MaxKeyframes = 4 });

        Assert.Equal(videos.Edit.Boundaries.Count + 1, analysis.Scenes.Count);
        Assert.Equal(4, analysis.Keyframes.Count);
        Assert.Equal(analysis.Keyframes.OrderBy(k => k.Time).Select(k => k.Time), analysis.Keyframes.Select(k => k.Time));
        Assert.All(analysis.Keyframes, k => Assert.InRange(k.Time, analysis.Scenes[k.Scene].Start, analysis.Scenes[k.Scene].End));
        Assert.Equal(4, analysis.Keyframes.Select(k => k.Scene).Distinct().Count());
    }

    [Fact]
    public void Fills_evenly_spaced_frames_when_there_are_fewer_scenes_than_the_minimum()
    {
        using var analysis = Analyze(videos.SingleShot.Path, new SceneDetectionOptions { MinKeyframes = 4 });

        Assert.Single(analysis.Scenes);
        Assert.Empty(analysis.Cuts);
        Assert.Equal(4, analysis.Keyframes.Count);
        var spacing = analysis.DurationSeconds / 4;
        for (var j = 0; j < 4; j++)
            Assert.InRange(analysis.Keyframes[j].Time, (j + 0.25) * spacing, (j + 0.75) * spacing);
    }

    [Fact]
    public void Reports_progress_up_to_one_and_stops_when_cancelled()
    {
        var reports = new List<double>();
        using (_detector.Analyze(videos.SingleShot.Path, Defaults, new SynchronousProgress(reports.Add), CancellationToken.None)) { }

        Assert.True(reports.Count > 10);
        Assert.Equal(reports.Order(), reports);
        Assert.Equal(1, reports[^1]);

        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => _detector.Analyze(videos.SingleShot.Path, Defaults, null, cancelled.Token));
    }

    [Fact]
    public async Task Portrait_phone_video_gives_upright_portrait_keyframes()
    {
        var source = await TestMedia.FfmpegAsync(Path.Combine(videos.Directory, "landscape.mp4"),
            "-i", videos.SingleShot.Path, "-t", "2", "-c", "copy");
        var rotated = await TestMedia.FfmpegAsync(Path.Combine(videos.Directory, "portrait.mp4"),
            "-i", source, "-c", "copy", "-metadata:s:v:0", "rotate=270");

        using var analysis = Analyze(rotated);

        Assert.All(analysis.Keyframes, k => Assert.Equal((640, 360), (k.Image.Rows, k.Image.Cols)));
    }

    [Fact]
    public async Task Times_come_from_the_container_so_variable_frame_rate_cuts_land_where_they_are()
    {
        // 2 s at 30 fps, then 2 s at 10 fps: counting frames at the average rate (20 fps) would put the cut at 3 s.
        var path = await TestMedia.FfmpegAsync(Path.Combine(videos.Directory, "vfr.mp4"),
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30:duration=2",
            "-f", "lavfi", "-i", "smptebars=size=640x360:rate=10:duration=2",
            "-filter_complex", "[0][1]concat=n=2:v=1[v]", "-map", "[v]", "-fps_mode", "vfr", "-c:v", "libx264", "-preset", "ultrafast");

        using var analysis = Analyze(path);

        var cut = Assert.Single(analysis.Cuts);
        Assert.InRange(cut, 1.95, 2.1);
        Assert.InRange(analysis.DurationSeconds, 3.8, 4.05);
    }

    [Fact]
    public async Task Refuses_a_file_that_is_not_a_video()
    {
        var path = Path.Combine(videos.Directory, "notes.mp4");
        await File.WriteAllTextAsync(path, "These are meeting notes, not a video.\n");

        var error = Assert.Throws<UnreadableMediaException>(() => Analyze(path));

        Assert.Contains("not a video or audio file", error.Message);
    }

    private CutVideo Video(string edit) => edit switch
    {
        "standard" => videos.Edit,
        "held-out" => videos.HeldOut,
        "standard, 2 s GOPs" => videos.EditGop2,
        "held-out, 10 s GOPs" => videos.HeldOutGop10,
        "long shots, 4 s GOPs" => videos.LongShotsGop4,
        "standard, all-intra" => videos.EditAllIntra,
        _ => throw new ArgumentOutOfRangeException(nameof(edit)),
    };

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double value) => 0;
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; the test wants the reports in order, now.</summary>
    private sealed class SynchronousProgress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }
}
