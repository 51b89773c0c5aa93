using MediaAspire.Platform.Verdicts;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Picks keyframes during the single decoding pass, with bounded memory.
/// <list type="bullet">
/// <item>While a scene plays, each time bin (0.2 s, doubled whenever the scene holds more than
/// <see cref="MaxBins"/> bins) keeps its sharpest frame, so the candidates cover the whole scene.</item>
/// <item>When the scene is closed by a boundary its keyframe is the sharpest candidate in its middle part (the
/// middle 60 %: never a frame right after a cut or inside a transition); the others are released.</item>
/// <item>Above <c>2 x MaxKeyframes</c> closed scenes, the shortest scene is merged into its shorter neighbour
/// (keeping the keyframe of the longer original scene), and down to <c>MaxKeyframes</c> at the end.</item>
/// <item>Until <c>MinKeyframes</c> scenes exist every candidate is kept: a video with fewer scenes gets
/// <c>MinKeyframes</c> frames at evenly spaced times instead (the sharpest near each).</item>
/// </list>
/// </summary>
internal sealed class KeyframeCollector(SceneDetectionOptions options, double framesPerSecond) : IDisposable
{
    private const int MaxBins = 24;
    private const double BaseBinSeconds = 0.2;
    private const double MiddleMargin = 0.2;

    /// <summary>Frames right after a boundary never become candidates: the first frame after a cut is what
    /// naive samplers pick, and it is often still blurred by the encoder's fresh I-frame or motion.</summary>
    private readonly int _guardFrames = Math.Max(2, (int)Math.Round(framesPerSecond / 10));

    private List<KeyframeCandidate> _current = [];
    private double _binSeconds = BaseBinSeconds;
    private double _sceneStart;
    private int _candidatesFrom;
    private readonly List<SceneGroup> _groups = [];
    private readonly List<KeyframeCandidate> _everyCandidate = [];
    private readonly List<Scene> _scenes = [];

    public IReadOnlyList<Scene> Scenes => _scenes;

    /// <param name="frame">Number of the analysed frame (sample), the unit boundaries use.</param>
    /// <param name="i420">The frame at keyframe size, I420.</param>
    public void Offer(int frame, double time, double sharpness, Mat i420)
    {
        if (frame < _candidatesFrom) return;
        var last = _current.Count > 0 ? _current[^1] : null;
        if (last is not null && Bin(last.Time) == Bin(time))
        {
            if (sharpness > last.Sharpness) last.Take(frame, time, sharpness, i420);
            return;
        }
        var candidate = new KeyframeCandidate();
        candidate.Take(frame, time, sharpness, i420);
        _current.Add(candidate);
        if (_current.Count > MaxBins) Coarsen();
    }

    /// <summary>Forgets candidates from <paramref name="first"/>..<paramref name="last"/> (a flash: bright, not representative).</summary>
    public void Discard(int first, int last)
    {
        foreach (var candidate in _current.Where(c => c.Frame >= first && c.Frame <= last)) candidate.Dispose();
        _current.RemoveAll(c => c.Frame >= first && c.Frame <= last);
    }

    /// <summary>Closes the current scene at <paramref name="boundary"/>; candidates after it move to the next scene.</summary>
    public void Close(Boundary boundary)
    {
        var next = new List<KeyframeCandidate>();
        var kept = new List<KeyframeCandidate>();
        foreach (var candidate in _current)
        {
            if (candidate.Frame < boundary.FirstFrame) kept.Add(candidate);
            else if (candidate.Frame > boundary.LastFrame + _guardFrames) next.Add(candidate);
            else candidate.Dispose();
        }
        _current = kept;
        CloseScene(boundary.Start);
        _current = next;
        _sceneStart = boundary.End;
        _candidatesFrom = boundary.LastFrame + 1 + _guardFrames;
        _binSeconds = BaseBinSeconds;
    }

    /// <summary>Closes the last scene and hands out the keyframes (their images belong to the caller).</summary>
    public List<KeyframeImage> Finish(double duration)
    {
        CloseScene(duration);
        var chosen = _scenes.Count < options.MinKeyframes ? EvenlySpaced(duration) : MergedToMax();
        var keyframes = chosen.OrderBy(c => c.Time).Select(c => c.ToKeyframe()).ToList();
        foreach (var candidate in _everyCandidate.Concat(_groups.Select(g => g.Keyframe)).Distinct()) candidate.Dispose();
        _everyCandidate.Clear();
        _groups.Clear();
        return keyframes;
    }

    private void CloseScene(double end)
    {
        var scene = new Scene(_sceneStart, end);
        var index = _scenes.Count;
        _scenes.Add(scene);
        foreach (var candidate in _current) candidate.Scene = index;

        var keyframe = PickMiddle(_current, scene);
        if (_scenes.Count < options.MinKeyframes) _everyCandidate.AddRange(_current);
        else
        {
            foreach (var candidate in _current.Where(c => c != keyframe)) candidate.Dispose();
            if (_everyCandidate.Count > 0) ReleaseFillCandidates();
        }
        _current = [];
        if (keyframe is null) return;
        _groups.Add(new SceneGroup(scene.Start, scene.End, keyframe, scene.Duration));
        if (_groups.Count > 2 * options.MaxKeyframes) MergeShortest();
    }

    private static KeyframeCandidate? PickMiddle(List<KeyframeCandidate> candidates, Scene scene)
    {
        double from = scene.Start + MiddleMargin * scene.Duration, to = scene.End - MiddleMargin * scene.Duration;
        var middle = candidates.Where(c => c.Time >= from && c.Time <= to).MaxBy(c => c.Sharpness);
        var centre = (scene.Start + scene.End) / 2;
        return middle ?? candidates.MinBy(c => Math.Abs(c.Time - centre));
    }

    private void ReleaseFillCandidates()
    {
        var keyframes = _groups.Select(g => g.Keyframe).ToHashSet();
        foreach (var candidate in _everyCandidate.Where(c => !keyframes.Contains(c))) candidate.Dispose();
        _everyCandidate.Clear();
    }

    private List<KeyframeCandidate> MergedToMax()
    {
        while (_groups.Count > options.MaxKeyframes) MergeShortest();
        return _groups.Select(g => g.Keyframe).ToList();
    }

    /// <summary>Evenly spaced target times (j + 0.5) * duration / min; near each, the sharpest unused candidate
    /// within a quarter of the spacing, else the nearest one.</summary>
    private List<KeyframeCandidate> EvenlySpaced(double duration)
    {
        var pool = _everyCandidate.ToList();
        var chosen = new List<KeyframeCandidate>();
        var spacing = duration / options.MinKeyframes;
        for (var j = 0; j < options.MinKeyframes && pool.Count > 0; j++)
        {
            var target = (j + 0.5) * spacing;
            var pick = pool.Where(c => Math.Abs(c.Time - target) <= spacing / 4).MaxBy(c => c.Sharpness)
                       ?? pool.MinBy(c => Math.Abs(c.Time - target))!;
            chosen.Add(pick);
            pool.Remove(pick);
        }
        return chosen;
    }

    private void MergeShortest()
    {
        var shortest = Enumerable.Range(0, _groups.Count).MinBy(i => _groups[i].End - _groups[i].Start);
        var neighbour = shortest == 0 ? 1
            : shortest == _groups.Count - 1 ? shortest - 1
            : _groups[shortest - 1].Duration <= _groups[shortest + 1].Duration ? shortest - 1 : shortest + 1;
        int first = Math.Min(shortest, neighbour), second = Math.Max(shortest, neighbour);
        SceneGroup a = _groups[first], b = _groups[second];
        var (keep, drop) = a.KeyframeSceneDuration >= b.KeyframeSceneDuration ? (a, b) : (b, a);
        drop.Keyframe.Dispose();
        _groups[first] = new SceneGroup(a.Start, b.End, keep.Keyframe, keep.KeyframeSceneDuration);
        _groups.RemoveAt(second);
    }

    private void Coarsen()
    {
        _binSeconds *= 2;
        var merged = new List<KeyframeCandidate>();
        foreach (var candidate in _current)
        {
            var last = merged.Count > 0 ? merged[^1] : null;
            if (last is null || Bin(last.Time) != Bin(candidate.Time)) { merged.Add(candidate); continue; }
            var (keep, drop) = candidate.Sharpness > last.Sharpness ? (candidate, last) : (last, candidate);
            drop.Dispose();
            merged[^1] = keep;
        }
        _current = merged;
    }

    private long Bin(double time) => (long)Math.Floor(time / _binSeconds);

    public void Dispose()
    {
        foreach (var candidate in _current.Concat(_everyCandidate).Concat(_groups.Select(g => g.Keyframe)).Distinct()) candidate.Dispose();
    }

    /// <summary>Consecutive scenes that share one keyframe (the one of the longest original scene among them).</summary>
    private sealed record SceneGroup(double Start, double End, KeyframeCandidate Keyframe, double KeyframeSceneDuration)
    {
        public double Duration => End - Start;
    }
}
