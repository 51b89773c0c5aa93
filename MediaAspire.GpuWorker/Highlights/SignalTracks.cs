using System.Globalization;
using System.Text.RegularExpressions;
using MediaAspire.Platform.Captions;
using MediaAspire.Platform.Highlights;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>Turns each input (loudness, scene cuts, chat, channel events, transcript) into a <see cref="SignalTrack"/>.</summary>
public static class SignalTracks
{
    public static SignalTrack Audio(double[] loudness, HighlightSettings settings)
    {
        // 1 LU of spread at least: a steady tone's tiny wobble is not excitement.
        var (z, _) = Baseline.RollingZ(loudness, settings.BaselineSeconds, minSpread: 1);
        return Fired(HighlightSignals.Audio, z, settings.AudioThreshold, settings,
            (peak, _, _) => Invariant($"loudness {z[peak]:+0.0;-0.0}σ ({loudness[peak]:0} LUFS)"));
    }

    public static SignalTrack Scenes(IReadOnlyList<double> cuts, int seconds, HighlightSettings settings)
    {
        var window = settings.RateWindowSeconds;
        var rate = Baseline.Rate(Baseline.Histogram(cuts.Select(c => (c, 1.0)), seconds), window);
        var (z, _) = Baseline.RollingZ(rate, settings.BaselineSeconds, minSpread: 1 / window);
        return Fired(HighlightSignals.Scenes, z, settings.SceneThreshold, settings,
            (peak, _, _) => Invariant($"{Math.Round(rate[peak] * window):0} cuts in {window:0} s, {z[peak]:+0.0}σ"));
    }

    public static SignalTrack Chat(ChatTimeline chat, int seconds, HighlightSettings settings)
    {
        var lag = chat.LagSeconds ?? settings.ChatLagSeconds;
        var window = settings.RateWindowSeconds;
        var rate = Baseline.Rate(Baseline.Histogram((chat.Messages ?? []).Select(m => (m.T - lag, 1.0)), seconds), window);
        var (z, mean) = Baseline.RollingZ(rate, settings.BaselineSeconds, minSpread: 1 / window);
        return Fired(HighlightSignals.Chat, z, settings.ChatThreshold, settings, (peak, _, _) =>
        {
            // A baseline of no chat at all is counted as one message per baseline window, so the ratio stays finite.
            var baseline = Math.Max(mean[peak], 1 / settings.BaselineSeconds);
            return Invariant($"chat {rate[peak] / baseline:0.0}× baseline ({rate[peak] * window:0} messages in {window:0} s)");
        });
    }

    public static SignalTrack Events(IReadOnlyList<ChannelEvent> events, int seconds, HighlightSettings settings)
    {
        var weights = new Dictionary<string, double>(settings.EventWeights, StringComparer.OrdinalIgnoreCase);
        var weighed = events.Select(e => (Event: e, Weight: weights.GetValueOrDefault(TypeName(e.Type)))).Where(e => e.Weight > 0).ToList();
        var strength = new double[seconds];
        foreach (var (e, weight) in weighed)
        {
            var from = Math.Max(0, (int)Math.Floor(e.T - settings.EventLeadSeconds));
            var to = Math.Min(seconds - 1, (int)Math.Floor(e.T + settings.EventTailSeconds));
            for (var t = from; t <= to; t++) strength[t] += weight;
        }
        var contribution = strength.Select(s => s / settings.EventWeightPerSigma).ToArray();
        return new SignalTrack(HighlightSignals.Events, contribution, strength, (_, from, to) =>
            string.Join(", ", weighed
                .Where(e => e.Event.T + settings.EventTailSeconds >= from && e.Event.T - settings.EventLeadSeconds < to)
                .OrderBy(e => e.Event.T)
                .Select(e => e.Event.Amount is { } amount ? Invariant($"{TypeName(e.Event.Type)} ({amount:0.##})") : TypeName(e.Event.Type))));
    }

    public static SignalTrack Transcript(IReadOnlyList<Cue> cues, IReadOnlyList<string> keywords, int seconds, HighlightSettings settings)
    {
        var patterns = keywords.Where(k => !string.IsNullOrWhiteSpace(k))
            .Select(k => (Keyword: k.Trim().ToLowerInvariant(), Pattern: new Regex($@"(?<!\w){Regex.Escape(k.Trim())}(?!\w)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)))
            .ToList();
        var hits = new double[seconds];
        var words = new List<(double T, string Keyword)>();
        foreach (var cue in cues)
        {
            var found = patterns.SelectMany(p => p.Pattern.Matches(cue.Text).Select(_ => p.Keyword)).ToList();
            if (found.Count == 0) continue;
            // A cue's hits are spread over its seconds: density, not a spike at its start.
            var (from, to) = ((int)Math.Max(0, Math.Floor(cue.Start)), (int)Math.Min(seconds - 1, Math.Ceiling(cue.End) - 1));
            for (var t = from; t <= Math.Max(from, to) && t < seconds; t++) hits[t] += (double)found.Count / (Math.Max(from, to) - from + 1);
            words.AddRange(found.Select(k => (cue.Start, k)));
        }
        var window = settings.RateWindowSeconds;
        var rate = Baseline.Rate(hits, window);
        var (z, _) = Baseline.RollingZ(rate, settings.BaselineSeconds, minSpread: 1 / window);
        return Fired(HighlightSignals.Transcript, z, settings.TranscriptThreshold, settings, (peak, from, to) =>
        {
            var inside = words.Where(w => w.T >= from && w.T < to).GroupBy(w => w.Keyword).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal);
            return Invariant($"keywords {string.Join(", ", inside.Select(g => g.Count() > 1 ? $"{g.Key} ×{g.Count()}" : g.Key))}, {z[peak]:+0.0}σ");
        });
    }

    /// <summary>raid, gift_subs, hype_train…: case, spaces and dashes do not matter.</summary>
    public static string TypeName(string type) => type.Trim().ToLowerInvariant().Replace('-', '_').Replace(' ', '_');

    private static SignalTrack Fired(string signal, double[] z, double threshold, HighlightSettings settings, Func<int, int, int, string> describe)
    {
        var capped = z.Select(v => Math.Min(v, settings.MaxZ)).ToArray();
        return new SignalTrack(signal, capped.Select(v => v >= threshold ? v : 0).ToArray(), capped, describe);
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
