using MediaAspire.Platform.Brands;

namespace MediaAspire.GpuWorker.Brands;

/// <summary>
/// Turns sampled sightings into appearances and exposure. Sightings of one brand from one source at most
/// <c>maxGap</c> apart are one appearance (a sample missed between two detections is bridged); an appearance runs from
/// its first sighting to one sampling interval after its last (what a sample stands for) and is dropped when shorter
/// than <c>minSeconds</c>. Exposure counts overlapping appearances of a brand (logo and text at once) once.
/// </summary>
public static class AppearanceMerger
{
    /// <param name="sightings">In the video's pixels (boxes) and seconds.</param>
    /// <param name="interval">Seconds between samples.</param>
    /// <param name="duration">The video's length: no appearance ends after it.</param>
    public static (IReadOnlyList<BrandAppearance> Appearances, IReadOnlyList<BrandExposure> Exposure) Merge(
        IReadOnlyList<TimedSighting> sightings, double interval, double maxGap, double minSeconds, double duration)
    {
        var gap = Math.Max(maxGap, 1.5 * interval);
        var appearances = new List<BrandAppearance>();
        var shares = new Dictionary<Guid, List<double>>();
        foreach (var group in sightings.GroupBy(s => (s.Sighting.BrandId, s.Sighting.Source)))
        {
            var ordered = group.OrderBy(s => s.T).ToList();
            var run = new List<TimedSighting>();
            foreach (var sighting in ordered)
            {
                if (run.Count > 0 && sighting.T - run[^1].T > gap) Close(run);
                run.Add(sighting);
            }
            Close(run);
        }

        void Close(List<TimedSighting> run)
        {
            if (run.Count == 0) return;
            var start = run[0].T;
            var end = Math.Min(duration > 0 ? duration : double.MaxValue, run[^1].T + interval);
            if (end - start >= minSeconds - 1e-9 && end > start)
            {
                var best = run.MaxBy(s => s.Sighting.Score)!;
                var box = best.Sighting.Box;
                appearances.Add(new BrandAppearance(best.Sighting.Brand, best.Sighting.BrandId, Round(start), Round(end), Math.Round(best.Sighting.Score, 4),
                    best.Sighting.Source, Round(best.T), [box.X, box.Y, box.Width, box.Height]));
                if (!shares.TryGetValue(best.Sighting.BrandId, out var list)) shares[best.Sighting.BrandId] = list = [];
                list.AddRange(run.Select(s => s.Sighting.AreaShare));
            }
            run.Clear();
        }

        appearances.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : string.CompareOrdinal(a.Brand, b.Brand));
        var exposure = appearances.GroupBy(a => (a.BrandId, a.Brand))
            .Select(g => new BrandExposure(g.Key.Brand, g.Key.BrandId, Round(UnionSeconds(g)), Math.Round(shares[g.Key.BrandId].Average(), 6)))
            .OrderByDescending(e => e.Seconds).ThenBy(e => e.Brand, StringComparer.Ordinal).ToList();
        return (appearances, exposure);
    }

    private static double UnionSeconds(IEnumerable<BrandAppearance> appearances)
    {
        double total = 0, coveredTo = double.NegativeInfinity;
        foreach (var a in appearances.OrderBy(a => a.Start))
        {
            var from = Math.Max(a.Start, coveredTo);
            if (a.End > from) total += a.End - from;
            coveredTo = Math.Max(coveredTo, a.End);
        }
        return total;
    }

    private static double Round(double seconds) => Math.Round(seconds, 3);
}
