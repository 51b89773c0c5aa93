using MediaAspire.GpuWorker.Brands;
using MediaAspire.Platform.Brands;

namespace MediaAspire.GpuWorker.Live;

/// <summary>
/// A live stream's brand sightings merged into appearances as segments close: a run of sightings of one brand from one
/// source stays open while the next sighting may still come within the gap, so an appearance across segment boundaries
/// is one; once closed it is made an appearance the way files' are (<see cref="AppearanceMerger"/>). Holds only the
/// open runs' sightings.
/// </summary>
internal sealed class LiveBrandAppearances(BrandSettings settings, double interval)
{
    private readonly Dictionary<(Guid BrandId, string Source), List<TimedSighting>> _open = [];
    private readonly List<TimedSighting> _closed = [];

    /// <summary>As <see cref="AppearanceMerger"/> bridges: up to the gap, and never less than one and a half samples.</summary>
    private double Gap => Math.Max(settings.GapSeconds, 1.5 * interval);

    public void Add(double t, IEnumerable<BrandSighting> sightings)
    {
        foreach (var sighting in sightings)
        {
            var key = (sighting.BrandId, sighting.Source);
            if (!_open.TryGetValue(key, out var run)) _open[key] = run = [];
            else if (t - run[^1].T > Gap)
            {
                _closed.AddRange(run);
                run.Clear();
            }
            run.Add(new TimedSighting(t, sighting));
        }
    }

    /// <summary>The appearances that ended before <paramref name="now"/> (the end of the media analysed so far), or all
    /// of them at the end of the stream; none ends after <paramref name="now"/>.</summary>
    public IReadOnlyList<BrandAppearance> Close(double now, bool streamEnded)
    {
        foreach (var (key, run) in _open.Where(o => streamEnded || now - o.Value[^1].T > Gap).ToList())
        {
            _closed.AddRange(run);
            _open.Remove(key);
        }
        if (_closed.Count == 0) return [];
        var (appearances, _) = AppearanceMerger.Merge(_closed, interval, settings.GapSeconds, settings.MinSeconds, now);
        _closed.Clear();
        return appearances;
    }
}
