using System.Diagnostics;
using System.Globalization;
using MediaAspire.GpuWorker.Brands;
using MediaAspire.GpuWorker.Live;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.GpuWorker.Scoring;
using MediaAspire.Platform.Brands;
using MediaAspire.Platform.Processes;
using MediaAspire.Tests.Brands;
using MediaAspire.Tests.Infrastructure;
using MediaAspire.Tests.Live;
using OpenCvSharp;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// The live analysis of a 720p30 stream, paced as live: each ~2 s segment is handed to the analyser when the stream
/// would have closed it (its end in media time after the start), and the delay from then to its findings is measured —
/// one stream alone, and two at once (the goal: two 720p streams in real time on 2 cores). CPU per stream (the
/// analyser's threads and its ffmpeg readers) against ffmpeg only decoding the same segments.
/// </summary>
public sealed class LiveBenchmark : IBenchmark
{
    private const double Seconds = 40;

    public string Name => "live";
    public string Title => "Live analysis per segment (720p30): delay from a segment's close to its events, CPU per stream vs. ffmpeg decode";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var loadAtStart = MachineLoad.Now();
        var work = context.WorkDirectory;
        string[] photos = ["Autumn", "BytheWater", "ColdRipple", "Kite", "Volna", "ColorfulCups", "Autumn", "Kite"];
        Motion[] motions = [Motion.ZoomIn, Motion.Pan, Motion.Still, Motion.ZoomOut];
        var video = await CutVideo.MakeAsync(Path.Combine(work, "live-720p30.mp4"),
            photos.Select((p, i) => new Shot(CutVideo.Photo(p), motions[i % motions.Length], Seconds / photos.Length)).ToList(),
            1280, 720, 30, CutVideo.FixedGop(1, 30));
        var segments = await LiveMedia.SegmentAsync(video.Path, Path.Combine(work, "live-segments"), 2);
        var logo = BrandVideo.MakeLogo(work, "coffee.png", new Rect(100, 40, 400, 300), "KAFFA");
        var normalised = LogoFeatures.Normalise(File.ReadAllBytes(logo));
        BrandDefinition[] brands = [new(Guid.NewGuid(), "Kaffa", [], 0.5, [new StoredLogoFeatures(Guid.NewGuid(), normalised.Width, normalised.Height, normalised.Features)])];
        using var classifier = ContentClassifier.Load(new ScoringOptions());

        var decodeCpuBefore = ChildProcessCpu.Total();
        foreach (var segment in segments)
            await FfmpegLauncher.RunAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-loglevel", "error", "-i", segment.File, "-an", "-f", "null", "-"), cancellationToken);
        var decodeCpu = (ChildProcessCpu.Total() - decodeCpuBefore).TotalSeconds / Seconds;

        // Warm: the first forward passes and the first ffmpeg starts are not what a running worker pays.
        Paced(classifier, brands, segments.Take(2).ToList(), paced: false, cancellationToken);
        var cpuBefore = (Process.GetCurrentProcess().TotalProcessorTime, ChildProcessCpu.Total());
        var (one, cutDelays) = Paced(classifier, brands, segments, paced: true, cancellationToken);
        var oneCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore.Item1 + ChildProcessCpu.Total() - cpuBefore.Item2).TotalSeconds / Seconds;
        var two = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => Paced(classifier, brands, segments, paced: true, cancellationToken))));
        var twoDelays = two.SelectMany(d => d.Delays).ToList();
        var memory = LongStream(classifier, brands, segments, cancellationToken);
        var (warm, tenMinutes, end) = (memory[1], memory[10], memory[^1]);

        var (p50, p95) = (Percentile(one, 0.5), Percentile(one, 0.95));
        var (twoP50, twoP95) = (Percentile(twoDelays, 0.5), Percentile(twoDelays, 0.95));
        return new BenchmarkReport(
            $"Input: a generated {Seconds:0} s 1280x720 30 fps H.264 edit (veryfast CRF 23, keyframes every second) of {photos.Length} wallpaper " +
            $"photo shots with hard cuts, cut into {segments.Count} MPEG-TS segments of ~2 s as the live recorder cuts them (no re-encode). " +
            "Each segment goes to one `LiveSegmentAnalyser` (scene cuts at 15 frames/s, the sharpest frame scored by the warm classifier, 1 logo " +
            "matched at 2 frames/s on 960x540) when the stream would have closed it; the delay is from then to its findings (what the job then " +
            "appends to Redis in ~1 ms). End to end: for each cut found, from the moment it is in the stream (its media time after the " +
            "start) to the findings that report it: the wait for its segment to close plus that segment's analysis (RTMP and nginx add their " +
            "own transport on top). Memory: one analyser fed 30 minutes of stream (the segments again and again, each at its place in the " +
            "stream's time) as fast as it goes; glibc's heap in use and the process's resident set (`NativeMemory`), after the first minute and at " +
            "the end. A stream that falls behind shows it as delays that grow segment after segment. CPU per stream: the " +
            "process's CPU time plus its ffmpeg readers' over the paced single stream, per media second (1.0 = one core busy); baseline: " +
            $"`ffmpeg -i segment -an -f null -` over the same segments. Machine shared with other engineers' builds and tests ({loadAtStart} at the " +
            $"start, {MachineLoad.Now()} at the end). Release build. Resident set at the start and after each minute of the long stream: " +
            $"{string.Join(", ", memory.Select(m => NativeMemory.MiB(m.Resident)))}.",
            [
                new BenchmarkRow("delay from a segment's close to its findings, p50, one stream", Sec(p50), "goal p95", "1.00 s", p50),
                new BenchmarkRow("delay from a segment's close to its findings, p95, one stream", Sec(p95), "goal p95", "1.00 s", p95),
                new BenchmarkRow("delay, p50, two streams at once", Sec(twoP50), "goal p95", "1.00 s", twoP50),
                new BenchmarkRow("delay, p95, two streams at once", Sec(twoP95), "goal p95", "1.00 s", twoP95),
                new BenchmarkRow($"end to end, a cut in the stream to its cut event, p50 of {cutDelays.Count} cuts, one stream", Sec(Percentile(cutDelays, 0.5)),
                    "the segment length", "2.00 s", Percentile(cutDelays, 0.5) / 2),
                new BenchmarkRow("end to end, a cut in the stream to its cut event, worst, one stream", Sec(cutDelays.Max()), "the segment length", "2.00 s", cutDelays.Max() / 2),
                new BenchmarkRow($"native heap after {memory.Count - 1} minutes of stream (unpaced)", NativeMemory.MiB(end.HeapInUse), "after its first minute",
                    NativeMemory.MiB(warm.HeapInUse), (double)end.HeapInUse / warm.HeapInUse),
                new BenchmarkRow("resident memory after 10 minutes of stream (unpaced)", NativeMemory.MiB(tenMinutes.Resident), "after its first minute",
                    NativeMemory.MiB(warm.Resident), (double)tenMinutes.Resident / warm.Resident),
                new BenchmarkRow($"resident memory after {memory.Count - 1} minutes of stream (unpaced)", NativeMemory.MiB(end.Resident), "after 10 minutes",
                    NativeMemory.MiB(tenMinutes.Resident), (double)end.Resident / tenMinutes.Resident),
                new BenchmarkRow("CPU per 720p30 stream (cores)", F(oneCpu), "ffmpeg decode of the segments", F(decodeCpu), oneCpu / decodeCpu),
            ]);
    }

    /// <summary>Analyses the segments in order, each no earlier than its end after the start (as live); the delay of each,
    /// and for each cut found the time from its moment in the stream to the findings that report it.</summary>
    private static (List<double> Delays, List<double> CutDelays) Paced(ContentClassifier classifier, IReadOnlyList<BrandDefinition> brands,
        IReadOnlyList<ClosedSegment> segments, bool paced, CancellationToken cancellationToken)
    {
        using var analyser = new LiveSegmentAnalyser(classifier, brands, new BrandSettings(), new SceneDetectionOptions());
        var clock = Stopwatch.StartNew();
        var delays = new List<double>();
        var cutDelays = new List<double>();
        foreach (var segment in segments)
        {
            var wait = TimeSpan.FromSeconds(segment.End) - clock.Elapsed;
            if (paced && wait > TimeSpan.Zero) Thread.Sleep(wait);
            var closed = paced ? segment.End : clock.Elapsed.TotalSeconds;
            var findings = analyser.Analyse(segment, segment.File, cancellationToken);
            delays.Add(clock.Elapsed.TotalSeconds - closed);
            cutDelays.AddRange(findings.Cuts.Select(t => clock.Elapsed.TotalSeconds - t));
        }
        analyser.Finish(segments[^1].End);
        return (delays, cutDelays);
    }

    /// <summary>One analyser over 30 minutes of stream: the segments again and again, each at its place in the stream's
    /// clock, unpaced; native memory at the start and after each minute of stream.</summary>
    private static List<(long HeapInUse, long Resident)> LongStream(ContentClassifier classifier, IReadOnlyList<BrandDefinition> brands,
        IReadOnlyList<ClosedSegment> segments, CancellationToken cancellationToken)
    {
        const int minutes = 30;
        using var analyser = new LiveSegmentAnalyser(classifier, brands, new BrandSettings(), new SceneDetectionOptions());
        var length = segments[^1].End;
        var memory = new List<(long, long)> { NativeMemory.Measure() };
        for (var (sequence, offset) = (0, 0.0); memory.Count <= minutes; offset += length)
            foreach (var segment in segments)
            {
                analyser.Analyse(segment with { Sequence = sequence++, Start = segment.Start + offset, End = segment.End + offset }, segment.File, cancellationToken);
                if (segment.End + offset >= memory.Count * 60 && memory.Count <= minutes) memory.Add(NativeMemory.Measure());
            }
        analyser.Finish(segments[^1].End);
        return memory;
    }

    private static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];
    }

    private static string Sec(double seconds) => string.Create(CultureInfo.InvariantCulture, $"{seconds:F2} s");

    private static string F(double value) => value.ToString("F2", CultureInfo.InvariantCulture);
}
