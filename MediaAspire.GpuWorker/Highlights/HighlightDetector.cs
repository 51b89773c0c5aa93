using MediaAspire.GpuWorker.Probe;
using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Highlights;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>
/// Pipeline stage "highlights": a recording (and what is known about it) in, its ranked best moments out. Loudness
/// comes from one audio-only decode; scene cuts from the asset's stored scene analysis when it has one (then no video
/// is decoded at all), otherwise from the scenes stage (<see cref="SceneCutDetector"/>, keyframes first, the one the
/// verdict pipeline runs) alongside the loudness decode, so the video is decoded once either way; chat, events and
/// transcript come with the request. Shared by the worker's highlights job, the analyze CLI and the tests.
/// </summary>
public static class HighlightDetector
{
    /// <summary>The progress stage while only the loudness is measured (the scene cuts are known).</summary>
    public const string LoudnessStage = "loudness";

    /// <summary>The progress stage while the loudness is measured and the scene pass runs beside it.</summary>
    public const string LoudnessAndScenesStage = "loudness+scenes";

    /// <summary>How often the progress of the two concurrent passes is reported, combined.</summary>
    private static readonly TimeSpan ProgressPeriod = TimeSpan.FromMilliseconds(250);

    /// <param name="sceneCuts">Cut times from a scene analysis already made; null: none exists, so the scene pass runs (for a video).</param>
    /// <param name="scratchDirectory">Where the loudness measurements are written while ffmpeg runs.</param>
    /// <param name="onProgress">Stage (<see cref="LoudnessStage"/> or <see cref="LoudnessAndScenesStage"/>) and 0..1 of the measuring.</param>
    /// <exception cref="Platform.Processes.FfmpegFailedException">The audio could not be decoded.</exception>
    /// <exception cref="UnreadableMediaException">The video could not be decoded for its scene cuts.</exception>
    /// <exception cref="FormatException">The transcript is neither WebVTT nor SRT.</exception>
    public static async Task<HighlightDetection> DetectAsync(string source, MediaProbe probe, HighlightRequest request, IReadOnlyList<double>? sceneCuts,
        HighlightSettings settings, string scratchDirectory, Func<string, double, Task>? onProgress, CancellationToken cancellationToken)
    {
        var runScenes = sceneCuts is null && probe.PrimaryVideo is not null;
        var stage = runScenes ? LoudnessAndScenesStage : LoudnessStage;
        double audioDone = probe.AudioStreams.Count > 0 ? 0 : 1, scenesDone = runScenes ? 0 : 1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var loudness = probe.AudioStreams.Count == 0 ? Task.FromResult<double[]?>(null) : StopOthersOnFailure(async () =>
            (double[]?)await LoudnessMeter.MeasureAsync(source, probe.DurationSeconds, Path.Combine(scratchDirectory, "loudness.txt"),
                settings.LoudnessFloor, f => { Volatile.Write(ref audioDone, f); return Task.CompletedTask; }, stop.Token));
        var scenes = !runScenes ? Task.FromResult(sceneCuts) : StopOthersOnFailure(() => Task.Run(() =>
            (IReadOnlyList<double>?)SceneCuts(source, probe, new Progress(f => Volatile.Write(ref scenesDone, f)), stop.Token), stop.Token));

        var both = Task.WhenAll(loudness, scenes);
        while (await Task.WhenAny(both, Task.Delay(ProgressPeriod, CancellationToken.None)) != both)
            if (onProgress is not null) await onProgress(stage, (Volatile.Read(ref audioDone) + Volatile.Read(ref scenesDone)) / 2);
        // The failure that stopped the other pass is the one to report, not the other's cancellation.
        if (both.IsFaulted && !cancellationToken.IsCancellationRequested
            && new Task[] { loudness, scenes }.Select(t => t.Exception?.InnerException).FirstOrDefault(e => e is not null and not OperationCanceledException) is { } failure)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        await both;
        var detection = Rank(probe.DurationSeconds, await loudness, await scenes, request, settings);
        return detection with { SceneCutsFrom = runScenes ? SceneCutSources.ScenePass : sceneCuts is null ? null : SceneCutSources.SceneAnalysis };

        Task<T> StopOthersOnFailure<T>(Func<Task<T>> pass) => Task.Run(async () =>
        {
            try
            {
                return await pass();
            }
            catch
            {
                await stop.CancelAsync();
                throw;
            }
        }, CancellationToken.None);
    }

    /// <summary>The scene stage's cuts, with the verdict pipeline's detection settings (one keyframe kept: only the cuts are used).</summary>
    private static IReadOnlyList<double> SceneCuts(string source, MediaProbe probe, IProgress<double> progress, CancellationToken cancellationToken)
    {
        using var analysis = new SceneCutDetector().Analyze(source, probe, new SceneDetectionOptions { MinKeyframes = 1, MaxKeyframes = 1 },
            progress, cancellationToken);
        return analysis.Cuts.ToList();
    }

    /// <summary>Reports straight away on the reporting thread (<see cref="Progress{T}"/> would post to a captured context).</summary>
    private sealed class Progress(Action<double> report) : IProgress<double>
    {
        public void Report(double value) => report(value);
    }

    /// <summary>The ranking on its own, from signals already measured.</summary>
    public static HighlightDetection Rank(double durationSeconds, double[]? loudness, IReadOnlyList<double>? sceneCuts, HighlightRequest request, HighlightSettings settings)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(durationSeconds));
        var tracks = new List<SignalTrack>();
        if (loudness is not null) tracks.Add(SignalTracks.Audio(loudness, settings));
        if (sceneCuts is not null) tracks.Add(SignalTracks.Scenes(sceneCuts, seconds, settings));
        if (request.Chat is { Messages.Count: > 0 } chat) tracks.Add(SignalTracks.Chat(chat, seconds, settings));
        if (request.Events is { Count: > 0 } events) tracks.Add(SignalTracks.Events(events, seconds, settings));
        if (!string.IsNullOrWhiteSpace(request.TranscriptVtt))
            tracks.Add(SignalTracks.Transcript(TimedText.Parse(request.TranscriptVtt),
                request.Keywords ?? (IReadOnlyList<string>?)settings.Keywords ?? HighlightSettings.DefaultKeywords, seconds, settings));
        var top = Math.Clamp(request.Top ?? settings.Top, 1, settings.MaxTop);
        return new HighlightDetection(HighlightRanker.Rank(tracks, durationSeconds, top, settings), tracks.Select(t => t.Signal).ToList(), durationSeconds);
    }
}
