using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// The scene pass that does not decode what cannot hold a boundary. First only the keyframes are decoded (one frame per
/// GOP, no prediction chain: a small share of the cost of decoding every frame), and each GOP is judged by the
/// keyframes on either side of it: when their colours and light match (<see cref="Unchanged"/>) and no packet in
/// between is a size jump (<see cref="PacketIndex.SizeJumps"/>: the bits an encoder spends on a cut or a flash), the
/// GOP holds no cut, fade or flash and its own keyframe stands for it. The other GOPs, with a look-ahead after them,
/// are decoded at analysis rate (a seek to their keyframe, then forward) and go through the same detector as a full
/// pass (<see cref="SceneAccumulator"/>), so cuts are placed to the frame and flashes and fades told apart as before.
/// <para>Walks the video once, in order, holding only the keyframes whose fate is not decided yet: memory stays flat.</para>
/// </summary>
internal sealed class KeyframesFirstPass(ScenePass pass, PacketIndex packets, SceneAccumulator scenes, SceneDetectionOptions options)
{
    /// <summary>Shorter GOPs (all-intra, screen recordings, 1 s phone GOPs) leave too little to skip: a full pass is cheaper.</summary>
    public const double MinGopSeconds = 1.5;

    /// <summary>Two keyframes whose colours (HSV histograms) differ by less than this, and whose light (grey
    /// thumbnails) by less than <see cref="MaxLightChange"/>, show the same scene: a pan or zoom moves the light
    /// around and keeps the colours, a cut or fade changes both.</summary>
    private const double MaxColourChange = 0.2;
    private const double MaxLightChange = 0.12;

    /// <summary>Decoded past the last changed keyframe: the detector's look-ahead (half a second for a cut, a gradual
    /// window for a fade) so a boundary on that keyframe is decided as in a full pass.</summary>
    private double LookAheadSeconds => options.GradualWindowSeconds + 0.5;

    private readonly List<HeldKeyframe> _held = [];
    private double? _runFrom;
    private double _runTo;
    private double _origin;

    public void Run()
    {
        try
        {
            Walk();
        }
        finally
        {
            Release(_held);
        }
    }

    private void Walk()
    {
        var ct = pass.Cancellation;
        FrameSignature previous = new(), current = new();
        double previousTime = 0;
        var first = true;
        using (var keyframes = FfmpegFrameReader.Open(pass.Path, pass.Width, pass.Height, new FrameRequest(0) { Decode = DecodedFrames.Keyframes }, ct))
        {
            while (keyframes.Read(out var time, ct))
            {
                var sharpness = scenes.Measure(keyframes.Frame, current);
                if (first)
                {
                    _origin = keyframes.FirstPts ?? 0;
                    first = false;
                }
                else if (!Unchanged(previous, current, previousTime, time))
                {
                    // The GOP from the previous keyframe to this one changed: decoded from its keyframe, unless a run
                    // already open reaches it (a short unchanged stretch between two changes is decoded with them).
                    if (_runFrom is null)
                    {
                        OfferHeld(exceptLast: true);
                        _runFrom = previousTime;
                    }
                    Release(_held);
                    _runTo = time;
                }
                else if (_runFrom is { } from && time - _runTo >= 2 * LookAheadSeconds)
                {
                    DecodeRun(from, _runTo + LookAheadSeconds);
                    OfferHeld(exceptLast: false);
                }
                else if (_runFrom is null)
                {
                    OfferHeld(exceptLast: false);
                }
                _held.Add(new HeldKeyframe(time, sharpness, keyframes.Frame.Clone()));
                (previous, current, previousTime) = (current, previous, time);
                pass.Report(time);
            }
        }
        if (first) return; // no keyframe decoded: the caller reports the file unreadable

        // The last GOP runs to the end of the video, with no keyframe after it to compare with: always decoded.
        if (_runFrom is null)
        {
            OfferHeld(exceptLast: true);
            _runFrom = previousTime;
        }
        Release(_held);
        DecodeRun(_runFrom.Value, double.PositiveInfinity);
    }

    /// <summary>The GOP between keyframes a and b holds no boundary: same colours, same light, no size jump between.</summary>
    private bool Unchanged(FrameSignature a, FrameSignature b, double from, double to) =>
        a.HistogramDistance(b) < MaxColourChange && a.LumaDistance(b) < MaxLightChange
        && !packets.HasSizeJumpBetween(from + _origin, to + _origin);

    /// <summary>Frames from the keyframe at <paramref name="from"/> up to <paramref name="to"/> at analysis rate, as one detector run.</summary>
    private void DecodeRun(double from, double to)
    {
        var ct = pass.Cancellation;
        // The decoder stops after `to` (a millisecond later, for times rounded in the log): a run otherwise decodes on
        // into the reader's buffers and the pipe, about ten analysed frames past its end, before it is stopped (4-5 % of
        // the stage's decoding on 1080p with 2 s GOPs).
        using (var frames = FfmpegFrameReader.Open(pass.Path, pass.Width, pass.Height,
                   new FrameRequest(pass.MinSpacing) { From = from + _origin, Before = double.IsFinite(to) ? to + _origin + 0.001 : null, Origin = _origin }, ct))
        {
            scenes.BeginRun();
            while (frames.Read(out var time, ct))
            {
                if (time > to) break;
                // A seek that lands on an earlier keyframe than asked (an index that disagrees with the decoder)
                // decodes frames already taken.
                if (double.IsFinite(time) && time < from - 0.001) continue;
                scenes.AddToRun(time, frames.Frame);
                pass.Report(scenes.LastTime);
            }
            scenes.EndRun();
        }
        _runFrom = null;
    }

    /// <summary>Keyframes of stretches found unchanged become keyframe candidates, in time order; the last one may still
    /// start a changed GOP (it is then decoded with it), unless <paramref name="exceptLast"/> is false.</summary>
    private void OfferHeld(bool exceptLast)
    {
        var count = exceptLast ? _held.Count - 1 : _held.Count;
        for (var i = 0; i < count; i++)
        {
            var keyframe = _held[i];
            if (keyframe.Time > scenes.LastTime) scenes.AddLone(keyframe.Time, keyframe.Sharpness, keyframe.Image);
            keyframe.Image.Dispose();
        }
        _held.RemoveRange(0, Math.Max(0, count));
    }

    private static void Release(List<HeldKeyframe> held)
    {
        foreach (var keyframe in held) keyframe.Image.Dispose();
        held.Clear();
    }

    private sealed record HeldKeyframe(double Time, double Sharpness, Mat Image);
}
