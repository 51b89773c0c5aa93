namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Decides, frame by frame and in order, where scenes change. Pure: signatures in, <see cref="Boundary"/>s out.
/// <para>d(f) is the content difference between frame f-1 and f (<see cref="FrameSignature.Difference"/>).</para>
/// <para>Cut at f: d(f) is at least <see cref="SceneDetectionOptions.CutMinDifference"/>, twice its neighbours'
/// and <see cref="SceneDetectionOptions.CutMotionRatio"/> times the local motion level (the larger of the median d
/// over the half second before and after, skipping f's neighbours), so the steady large differences of a fast pan
/// or zoom raise the bar for themselves; and the content does not come back within
/// <see cref="SceneDetectionOptions.FlashMaxFrames"/> frames (a flash, explosion or camera strobe).</para>
/// <para>Gradual transition: the colours one <see cref="SceneDetectionOptions.GradualWindowSeconds"/> apart differ by
/// <see cref="SceneDetectionOptions.GradualMinChange"/> or more, with no single frame step carrying half of it.
/// Reported once per plateau of such windows, however many frames it spans. Pans keep their colours; fades and
/// dissolves do not.</para>
/// <para>Boundaries closer than <see cref="SceneDetectionOptions.MinSceneSeconds"/> to the previous one are
/// dropped (cuts) or merged into it (gradual transitions, so fade-out + fade-in through black is one).</para>
/// Decisions lag the input by about half a second (the look-ahead); memory is a fixed ring of signatures.
/// </summary>
internal sealed class TransitionDetector
{
    /// <summary>A cut's difference is at least this many times that of the frames beside it.</summary>
    private const double NeighbourRatio = 2.0;

    /// <summary>In a gradual window no single frame-to-frame step may carry this share of the whole change.</summary>
    private const double SpreadShare = 0.5;

    /// <summary>Where a transition starts and ends: the share of its window's colour change reached there.</summary>
    private const double StartShare = 0.25, EndShare = 0.9;

    /// <summary>A flash "returns" when the content after it differs from the content before by under this share of the jump.</summary>
    private const double FlashReturnShare = 0.4;


    private readonly SceneDetectionOptions _options;
    private readonly int _window, _lookAhead, _gradualWindow, _capacity;
    private readonly FrameSignature[] _signatures;
    private readonly double[] _differences, _times, _scratch;
    private readonly List<Boundary> _decided = [];
    private readonly List<(int First, int Last)> _flashes = [];
    private int _pushed, _finalized;
    private double _lastBoundaryEnd;
    private int _lastBoundaryFrame;
    private Boundary _gradual;
    private double _gradualPeak;
    private bool _plateau;
    private Boundary? _pendingGradual;
    private readonly double? _startsAfter;

    /// <param name="lastBoundaryEnd">Where the previous scene boundary ended, for a detector that takes over part way
    /// through a video (<see cref="SceneAccumulator"/>); null: the video starts with the first frame pushed.</param>
    public TransitionDetector(SceneDetectionOptions options, double framesPerSecond, double? lastBoundaryEnd = null)
    {
        _options = options;
        _startsAfter = lastBoundaryEnd;
        _window = Math.Max(4, (int)Math.Round(framesPerSecond / 2));
        _lookAhead = Math.Max(_window, options.FlashMaxFrames);
        _gradualWindow = Math.Max(_window + 1, (int)Math.Round(options.GradualWindowSeconds * framesPerSecond));
        _capacity = _lookAhead + Math.Max(_window, _gradualWindow) + options.FlashMaxFrames + 4;
        _signatures = new FrameSignature[_capacity];
        for (var i = 0; i < _capacity; i++) _signatures[i] = new FrameSignature();
        _differences = new double[_capacity];
        _times = new double[_capacity];
        _scratch = new double[_window];
    }

    /// <summary>The signature to fill for the next frame (a recycled ring slot).</summary>
    public FrameSignature NextSignature => _signatures[_pushed % _capacity];

    /// <summary>Frames found to be flashes by the last <see cref="Push"/> or <see cref="Finish"/> (first, last):
    /// never a keyframe.</summary>
    public IReadOnlyList<(int First, int Last)> Flashes => _flashes;

    /// <summary>Takes frame number <c>n</c> (= frames pushed so far) whose <see cref="NextSignature"/> was filled;
    /// returns the boundaries decided by it (valid until the next call).</summary>
    public IReadOnlyList<Boundary> Push(double time)
    {
        var n = _pushed++;
        _times[n % _capacity] = time;
        _differences[n % _capacity] = n == 0 ? 0 : Signature(n).Difference(Signature(n - 1));
        if (n == 0) _lastBoundaryEnd = _startsAfter ?? time;
        _decided.Clear();
        _flashes.Clear();
        while (_finalized <= n - _lookAhead) Decide(_finalized++);
        return _decided;
    }

    /// <summary>Decides the frames still in the look-ahead once the video has ended.</summary>
    public IReadOnlyList<Boundary> Finish()
    {
        _decided.Clear();
        _flashes.Clear();
        while (_finalized < _pushed) Decide(_finalized++);
        if (_plateau) ReportGradual(_gradual);
        FlushPendingGradual();
        return _decided;
    }

    private void Decide(int f)
    {
        if (f == 0) return;
        var time = Time(f);
        if (_pendingGradual is { } pending && time - pending.End >= _options.MinSceneSeconds) FlushPendingGradual();

        if (IsCut(f))
        {
            _plateau = false; // a colour change that ends in a cut belongs to the cut
            FlushPendingGradual();
            _decided.Add(Boundary.Cut(f, time));
            (_lastBoundaryEnd, _lastBoundaryFrame) = (time, f);
            return;
        }
        TrackGradual(f);
    }

    private bool IsCut(int f)
    {
        var d = Difference(f);
        if (d < _options.CutMinDifference) return false;
        if (ReturnsWithinFlash(f, d)) return false;
        // An isolated spike: well above both neighbours (inside a fade the steepest frame is not a cut) ...
        var neighbours = Math.Max(Difference(f - 1), f + 1 < _pushed ? Difference(f + 1) : 0);
        if (d < NeighbourRatio * neighbours) return false;
        // ... and above the motion level of the half second on either side.
        var level = Math.Max(Median(f - _window, f - 2), Median(f + 2, f + _window));
        if (d < _options.CutMotionRatio * level) return false;
        return Time(f) - _lastBoundaryEnd >= _options.MinSceneSeconds;
    }

    /// <summary>
    /// C(f) = colour distance between frame f and the frame one gradual window earlier. While C stays at or above
    /// <see cref="SceneDetectionOptions.GradualMinChange"/> with no single step carrying the change (that would be
    /// a cut or flash), the frames form one plateau; when it ends, one transition is reported, from where the
    /// colours began to move in the plateau's first window to where they arrived in its strongest window.
    /// </summary>
    private void TrackGradual(int f)
    {
        var from = f - _gradualWindow;
        if (from < _lastBoundaryFrame || from <= _pushed - 1 - _capacity || from < 0)
        {
            _plateau = false;
            return;
        }
        var change = Signature(from).HistogramDistance(Signature(f));
        if (change >= _options.GradualMinChange && LargestStep(from, f) < SpreadShare * change)
        {
            if (!_plateau)
            {
                _plateau = true;
                var start = FirstReaching(from, f, StartShare * change);
                _gradual = new Boundary(start, start, Time(start), Time(start));
                _gradualPeak = 0;
            }
            if (change > _gradualPeak)
            {
                _gradualPeak = change;
                var end = Math.Max(_gradual.FirstFrame, FirstReaching(from, f, EndShare * change));
                _gradual = _gradual with { LastFrame = end, End = Time(end) };
            }
            return;
        }
        if (!_plateau) return;
        _plateau = false;
        ReportGradual(_gradual);
    }

    private double LargestStep(int from, int to)
    {
        var largest = 0.0;
        for (var j = from + 1; j <= to; j++) largest = Math.Max(largest, Signature(j - 1).HistogramDistance(Signature(j)));
        return largest;
    }

    /// <summary>First frame after <paramref name="from"/> whose colours are <paramref name="distance"/> away from it.</summary>
    private int FirstReaching(int from, int to, double distance)
    {
        for (var j = from + 1; j < to; j++)
            if (Signature(from).HistogramDistance(Signature(j)) >= distance) return j;
        return to;
    }

    private void ReportGradual(Boundary transition)
    {
        if (_pendingGradual is { } pending)
        {
            // Closer than a scene to the previous transition: one transition (fade-out, black, fade-in).
            _pendingGradual = pending with { LastFrame = transition.LastFrame, End = transition.End };
        }
        else if (transition.Start - _lastBoundaryEnd >= _options.MinSceneSeconds)
        {
            _pendingGradual = transition;
        }
        if (_pendingGradual is { } merged) (_lastBoundaryEnd, _lastBoundaryFrame) = (merged.End, merged.LastFrame);
    }

    /// <summary>True when some frame up to <c>k</c> before the jump matches some frame up to <c>m</c> after it,
    /// with 1 &lt;= k + m &lt;= FlashMaxFrames frames of other content between them.</summary>
    private bool ReturnsWithinFlash(int f, double jump)
    {
        var flash = _options.FlashMaxFrames;
        for (var k = 0; k <= flash; k++)
        for (var m = 0; k + m <= flash; m++)
        {
            if (k + m == 0) continue;
            int earlier = f - 1 - k, later = f + m;
            if (earlier < 0 || later >= _pushed || earlier <= _pushed - 1 - _capacity) continue;
            if (Signature(earlier).Difference(Signature(later)) >= FlashReturnShare * jump) continue;
            _flashes.Add((earlier + 1, later - 1));
            return true;
        }
        return false;
    }

    private void FlushPendingGradual()
    {
        if (_pendingGradual is not { } pending) return;
        _decided.Add(pending);
        _pendingGradual = null;
    }

    private double Median(int from, int to)
    {
        from = Math.Max(Math.Max(1, from), _pushed - _capacity + 1);
        to = Math.Min(to, _pushed - 1);
        var count = 0;
        for (var i = from; i <= to; i++) _scratch[count++] = Difference(i);
        if (count == 0) return 0;
        var span = _scratch.AsSpan(0, count);
        span.Sort();
        return count % 2 == 1 ? span[count / 2] : (span[count / 2 - 1] + span[count / 2]) / 2;
    }

    private FrameSignature Signature(int frame) => _signatures[frame % _capacity];

    private double Difference(int frame) => _differences[frame % _capacity];

    private double Time(int frame) => _times[frame % _capacity];
}
