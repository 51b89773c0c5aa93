namespace MediaAspire.GpuWorker.Live;

public sealed class LiveRecorderOptions
{
    public const string Section = "Live";

    /// <summary>The RTMP server as the app model references it: the recorder reads <c>{this}/live/&lt;key&gt;</c>.</summary>
    public const string RtmpEndpointSetting = "services:rtmp:rtmp:0";

    /// <summary>The HLS segment target (segments close at the first keyframe after it).</summary>
    public double SegmentSeconds { get; set; } = 2;

    /// <summary>How long the reader waits for data before it takes the stream as over (ffmpeg's <c>-rw_timeout</c>): a
    /// publisher gone quiet ends the reader cleanly, its last segment closed.</summary>
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often the recorder looks in PostgreSQL whether its stream ended, in case the pub/sub signal was lost.</summary>
    public TimeSpan EndCheckInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the session waits for a publisher that went quiet to come back (the API's setting of the same
    /// name covers one that left: the two are one setting, <c>Live__ReconnectGrace</c>).</summary>
    public TimeSpan ReconnectGrace { get; set; } = TimeSpan.FromSeconds(15);
}
