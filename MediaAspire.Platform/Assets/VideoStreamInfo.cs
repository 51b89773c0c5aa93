namespace MediaAspire.Platform.Assets;

/// <param name="Width">Coded width, before rotation.</param>
/// <param name="FrameRate">The nominal rate (ffprobe's r_frame_rate).</param>
/// <param name="AverageFrameRate">Frames divided by duration (avg_frame_rate); differs from the nominal rate for variable-frame-rate video.</param>
/// <param name="Rotation">Clockwise degrees a player turns the picture to show it upright (0, 90, 180, 270).</param>
/// <param name="DisplayWidth">Width as shown, after rotation.</param>
/// <param name="ColorTransfer">ffprobe's color_transfer (e.g. bt709, smpte2084, arib-std-b67), when the file says.</param>
/// <param name="Hdr">PQ (smpte2084) or HLG (arib-std-b67) transfer: renditions are tone-mapped to SDR.</param>
public sealed record VideoStreamInfo(
    int Index,
    string Codec,
    string? Profile,
    int Width,
    int Height,
    int DisplayWidth,
    int DisplayHeight,
    double FrameRate,
    double AverageFrameRate,
    bool VariableFrameRate,
    int Rotation,
    string? PixelFormat,
    long? BitRate,
    double DurationSeconds,
    string? ColorTransfer,
    bool Hdr);
