using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// What the scene pass knows so far, fed frames in time order: runs of consecutive frames at analysis rate, where
/// a <see cref="TransitionDetector"/> decides cuts, transitions and flashes, and lone keyframes between runs (from
/// stretches the keyframes-first pass found unchanged), which are keyframe candidates only. Frames are numbered
/// across the whole video, the unit the <see cref="KeyframeCollector"/> works in; each run's detector numbers its
/// own from 0 and its decisions are shifted onto the video's numbering here.
/// </summary>
internal sealed class SceneAccumulator(SceneDetectionOptions options, double sampleRate) : IDisposable
{
    private readonly FrameAnalyzer _analyzer = new(options.AnalysisWidth);
    private readonly KeyframeCollector _collector = new(options, sampleRate);
    private readonly List<double> _cuts = [];
    private readonly List<GradualTransition> _transitions = [];
    private TransitionDetector? _run;
    private int _runStart;
    private double _runFrom = double.NaN;
    private double _decodedSeconds;
    private double _lastBoundaryEnd;

    /// <summary>Frames taken so far (runs and lone keyframes).</summary>
    public int Frames { get; private set; }

    /// <summary>Time of the last frame taken; -infinity before the first.</summary>
    public double LastTime { get; private set; } = double.NegativeInfinity;

    /// <summary>Fills <paramref name="signature"/> from an I420 frame; returns its sharpness.</summary>
    public double Measure(Mat i420, FrameSignature signature) => _analyzer.Analyze(i420, signature);

    /// <summary>Starts a run of consecutive frames; the first run at the start of the video behaves exactly as a
    /// single pass over the whole video would.</summary>
    public void BeginRun()
    {
        if (_run is not null) throw new InvalidOperationException("A run is already open.");
        _run = new TransitionDetector(options, sampleRate, Frames == 0 ? null : _lastBoundaryEnd);
        _runStart = Frames;
    }

    /// <summary>The next frame of the open run (as <see cref="FfmpegFrameReader.Frame"/> hands it out).</summary>
    /// <param name="reported">Its time, NaN where it has none.</param>
    public void AddToRun(double reported, Mat i420)
    {
        var run = _run ?? throw new InvalidOperationException("No run is open.");
        var time = Place(reported);
        if (double.IsNaN(_runFrom)) _runFrom = time;
        var sharpness = _analyzer.Analyze(i420, run.NextSignature);
        _collector.Offer(Frames++, time, sharpness, i420);
        Apply(run.Push(time), run.Flashes);
    }

    /// <summary>Decides the frames still in the open run's look-ahead and closes it.</summary>
    public void EndRun()
    {
        var run = _run ?? throw new InvalidOperationException("No run is open.");
        Apply(run.Finish(), run.Flashes);
        _run = null;
        // A run's frames stand for the time up to the next one (one sample spacing after its last).
        if (!double.IsNaN(_runFrom)) _decodedSeconds += LastTime + 1 / sampleRate - _runFrom;
        _runFrom = double.NaN;
    }

    /// <summary>A keyframe outside any run, measured already: a keyframe candidate, never a boundary.</summary>
    public void AddLone(double time, double sharpness, Mat i420)
    {
        if (_run is not null) throw new InvalidOperationException("A run is open.");
        time = Place(time);
        _collector.Offer(Frames++, time, sharpness, i420);
    }

    /// <summary>Closes the last scene at <paramref name="duration"/>; the keyframe images belong to the result.</summary>
    public SceneAnalysis Finish(double frameRate, double duration)
    {
        if (_run is not null) EndRun();
        var keyframes = _collector.Finish(duration);
        return new SceneAnalysis(_collector.Scenes.ToList(), _cuts, _transitions, keyframes, frameRate, duration)
        {
            DecodedSeconds = Math.Min(duration, _decodedSeconds),
        };
    }

    /// <summary>Frames without a usable timestamp (or going back) are placed one sample after the previous one.</summary>
    private double Place(double reported)
    {
        var time = double.IsFinite(reported) && reported > LastTime ? reported : Math.Max(Frames / sampleRate, LastTime + 1 / sampleRate);
        LastTime = time;
        if (Frames == 0) _lastBoundaryEnd = time; // the video's first scene starts with its first frame
        return time;
    }

    private void Apply(IReadOnlyList<Boundary> boundaries, IReadOnlyList<(int First, int Last)> flashes)
    {
        foreach (var (first, last) in flashes) _collector.Discard(first + _runStart, last + _runStart);
        foreach (var local in boundaries)
        {
            var boundary = local with { FirstFrame = local.FirstFrame + _runStart, LastFrame = local.LastFrame + _runStart };
            if (boundary.IsCut) _cuts.Add(boundary.Start);
            else _transitions.Add(new GradualTransition(boundary.Start, boundary.End));
            _collector.Close(boundary);
            _lastBoundaryEnd = boundary.End;
        }
    }

    public void Dispose()
    {
        _analyzer.Dispose();
        _collector.Dispose();
    }
}
