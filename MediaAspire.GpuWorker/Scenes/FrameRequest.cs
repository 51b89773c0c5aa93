namespace MediaAspire.GpuWorker.Scenes;

/// <summary>Which frames an <see cref="FfmpegFrameReader"/> hands out.</summary>
/// <param name="MinSpacing">Least time between two frames handed out, seconds (0: every frame decoded).</param>
internal sealed record FrameRequest(double MinSpacing)
{
    /// <summary>Which frames ffmpeg decodes at all (its <c>-skip_frame</c>); the sampling picks from those.</summary>
    public DecodedFrames Decode { get; init; } = DecodedFrames.Referenced;

    /// <summary>Hand out the first decoded frame of each <see cref="MinSpacing"/>-long interval of the timeline instead:
    /// the rate asked for holds when decoded frames are sparse (<see cref="DecodedFrames.IntraAndPredicted"/>), where
    /// "at least <see cref="MinSpacing"/> after the last one" would add the gap to the next decoded frame to every
    /// sample (0.64 s instead of 0.5 s with a P-frame every 0.16 s). Two samples may then be closer than
    /// <see cref="MinSpacing"/>, by at most that gap.</summary>
    public bool OnePerInterval { get; init; }

    /// <summary>Only every n-th packet of the stream reaches the decoder (the first, the (n+1)-th, …); 1: all of them. For
    /// streams whose every packet is a keyframe (<see cref="PacketIndex.IsIntraOnly"/>), where the decoder would otherwise
    /// decode every frame for the sampling to drop most of them: none of them is needed to decode another.</summary>
    public int PacketStride { get; init; } = 1;

    /// <summary>Start at the keyframe at this presentation time (the file's own timestamps) instead of the beginning.</summary>
    public double? From { get; init; }

    /// <summary>Stop before the frame at this presentation time (the file's own timestamps) instead of at the end: the
    /// decoder stops there too, rather than running ahead into frames nobody reads.</summary>
    public double? Before { get; init; }

    /// <summary>Presentation time (the file's own timestamps) that times are counted from; else the first frame read.</summary>
    public double? Origin { get; init; }
}

/// <summary>What the decoder leaves out. A frame left out is never handed out: a sample is the first decoded frame at
/// or after its time.</summary>
internal enum DecodedFrames
{
    /// <summary>Every frame another one is predicted from (<c>-skip_frame noref</c>): in the usual encodes every other
    /// frame, fine enough for cut detection at analysis rate.</summary>
    Referenced,

    /// <summary>Keyframes and P-frames only (<c>-skip_frame bidir</c>: no B-frame, referenced or not). For sampling well
    /// under the frame rate: in x264's usual encodes (3 B-frames between P-frames) a quarter of the frames, a P-frame
    /// every 0.16 s at 25 frames/s, so a sample is at most that late.</summary>
    IntraAndPredicted,

    /// <summary>Keyframes only (<c>-skip_frame nokey</c>: one frame per GOP, no prediction chain).</summary>
    Keyframes,
}
