using MediaAspire.Platform.Assets;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Highlights;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>
/// Pipeline stage "highlights": a recording (and what is known about it) in, its ranked best moments out. The only
/// decode is the audio's, for loudness; scene cuts come from the asset's stored scene analysis when it has one (the
/// video is never decoded again for them); chat, events and transcript come with the request. Shared by the worker's
/// highlights job, the analyze CLI and the tests.
/// </summary>
public static class HighlightDetector
{
    /// <param name="sceneCuts">Cut times from a scene analysis already made (null: none exists; the signal is left out).</param>
    /// <param name="scratchDirectory">Where the loudness measurements are written while ffmpeg runs.</param>
    /// <exception cref="Platform.Processes.FfmpegFailedException">The audio could not be decoded.</exception>
    /// <exception cref="FormatException">The transcript is neither WebVTT nor SRT.</exception>
    public static async Task<HighlightDetection> DetectAsync(string source, MediaProbe probe, HighlightRequest request, IReadOnlyList<double>? sceneCuts,
        HighlightSettings settings, string scratchDirectory, Func<double, Task>? onProgress, CancellationToken cancellationToken)
    {
        double[]? loudness = null;
        if (probe.AudioStreams.Count > 0)
            loudness = await LoudnessMeter.MeasureAsync(source, probe.DurationSeconds, Path.Combine(scratchDirectory, "loudness.txt"),
                settings.LoudnessFloor, onProgress, cancellationToken);
        return Rank(probe.DurationSeconds, loudness, sceneCuts, request, settings);
    }

    /// <summary>The ranking on its own, from signals already measured.</summary>
    public static HighlightDetection Rank(double durationSeconds, double[]? loudness, IReadOnlyList<double>? sceneCuts, HighlightRequest request, HighlightSettings settings)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(durationSeconds));
        var tracks = new List<SignalTrack>();
        if (loudness is not null) tracks.Add(SignalTracks.Audio(loudness, settings));
        if (sceneCuts is { Count: > 0 }) tracks.Add(SignalTracks.Scenes(sceneCuts, seconds, settings));
        if (request.Chat is { Messages.Count: > 0 } chat) tracks.Add(SignalTracks.Chat(chat, seconds, settings));
        if (request.Events is { Count: > 0 } events) tracks.Add(SignalTracks.Events(events, seconds, settings));
        if (!string.IsNullOrWhiteSpace(request.TranscriptVtt))
            tracks.Add(SignalTracks.Transcript(TimedText.Parse(request.TranscriptVtt),
                request.Keywords ?? (IReadOnlyList<string>?)settings.Keywords ?? HighlightSettings.DefaultKeywords, seconds, settings));
        var top = Math.Clamp(request.Top ?? settings.Top, 1, settings.MaxTop);
        return new HighlightDetection(HighlightRanker.Rank(tracks, durationSeconds, top, settings), tracks.Select(t => t.Signal).ToList(), durationSeconds);
    }
}
