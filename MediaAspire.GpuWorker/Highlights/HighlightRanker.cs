using MediaAspire.Platform.Highlights;

namespace MediaAspire.GpuWorker.Highlights;

/// <summary>
/// Merges the signals into one score per second and picks the top windows: the strongest second not yet taken, grown
/// while the score stays above <see cref="HighlightSettings.ExtendFraction"/> of its peak, padded, held within the
/// minimum and maximum length and kept clear of windows already picked. Pure and ordered by (score, time), so the same
/// signals always give the same list.
/// </summary>
public static class HighlightRanker
{
    public static IReadOnlyList<DetectedHighlight> Rank(IReadOnlyList<SignalTrack> tracks, double durationSeconds, int top, HighlightSettings settings)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(durationSeconds));
        var combined = new double[seconds];
        foreach (var track in tracks)
        {
            var weight = settings.SignalWeights.GetValueOrDefault(track.Signal, 1);
            for (var t = 0; t < seconds && t < track.Contribution.Length; t++) combined[t] += weight * track.Contribution[t];
        }

        var taken = new bool[seconds];
        var picked = new List<(double Start, double End)>();
        var highlights = new List<DetectedHighlight>();
        var minLength = Math.Min(settings.MinSeconds, durationSeconds);
        foreach (var peak in Enumerable.Range(0, seconds).Where(t => combined[t] > 0).OrderByDescending(t => combined[t]).ThenBy(t => t))
        {
            if (highlights.Count >= top) break;
            if (taken[peak]) continue;
            var floor = combined[peak] * settings.ExtendFraction;
            var (first, last) = (peak, peak);
            while (first > 0 && !taken[first - 1] && combined[first - 1] > 0 && combined[first - 1] >= floor) first--;
            while (last < seconds - 1 && !taken[last + 1] && combined[last + 1] > 0 && combined[last + 1] >= floor) last++;
            for (var t = first; t <= last; t++) taken[t] = true;

            var (start, end) = Shape(first - settings.PaddingSeconds, last + 1 + settings.PaddingSeconds, peak + 0.5, durationSeconds, minLength, settings.MaxSeconds);
            foreach (var (otherStart, otherEnd) in picked)
            {
                if (start >= otherEnd || end <= otherStart) continue;
                if (otherEnd <= peak + 0.5) start = Math.Max(start, otherEnd);
                else end = Math.Min(end, otherStart);
            }
            if (end - start < minLength || end <= start) continue;
            picked.Add((start, end));
            highlights.Add(new DetectedHighlight(Math.Round(start, 3), Math.Round(end, 3), Math.Round(combined[peak], 3), Reasons(tracks, settings, start, end)));
        }
        return highlights;
    }

    /// <summary>Grows a short window evenly to <paramref name="min"/>, cuts a long one to <paramref name="max"/> around its peak, keeps it inside the recording.</summary>
    private static (double Start, double End) Shape(double start, double end, double peak, double duration, double min, double max)
    {
        if (end - start < min)
        {
            var grow = (min - (end - start)) / 2;
            (start, end) = (start - grow, end + grow);
        }
        if (end - start > max)
        {
            start = Math.Clamp(peak - max / 2, start, end - max);
            end = start + max;
        }
        // Moved back inside the recording rather than shortened, where the recording is long enough.
        if (start < 0) (start, end) = (0, Math.Min(duration, end - start));
        if (end > duration) (start, end) = (Math.Max(0, start - (end - duration)), duration);
        return (start, end);
    }

    private static IReadOnlyList<HighlightReason> Reasons(IReadOnlyList<SignalTrack> tracks, HighlightSettings settings, double start, double end)
    {
        var (from, to) = ((int)Math.Floor(start), (int)Math.Ceiling(end));
        var reasons = new List<(double Weighted, HighlightReason Reason)>();
        foreach (var track in tracks)
        {
            var strongest = -1;
            for (var t = from; t < to && t < track.Contribution.Length; t++)
                if (track.Contribution[t] > 0 && (strongest < 0 || track.Contribution[t] > track.Contribution[strongest])) strongest = t;
            if (strongest < 0) continue;
            var weighted = settings.SignalWeights.GetValueOrDefault(track.Signal, 1) * track.Contribution[strongest];
            reasons.Add((weighted, new HighlightReason(track.Signal, Math.Round(track.Strength[strongest], 2), track.Describe(strongest, from, to))));
        }
        return reasons.OrderByDescending(r => r.Weighted).ThenBy(r => r.Reason.Signal, StringComparer.Ordinal).Select(r => r.Reason).ToList();
    }
}
