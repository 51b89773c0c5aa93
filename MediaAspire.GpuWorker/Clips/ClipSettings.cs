namespace MediaAspire.GpuWorker.Clips;

/// <summary>How clips are encoded where they are re-encoded (section <c>Clips</c>).</summary>
public sealed class ClipSettings
{
    public const string Section = "Clips";

    public string Preset { get; set; } = "veryfast";

    public int Crf { get; set; } = 20;

    public string AudioBitrate { get; set; } = "160k";

    /// <summary>A cut smaller than this is not a clip (it is reported, not stored).</summary>
    public long MinBytes { get; set; } = 2048;

    /// <summary>Frames a second the vertical crop looks at for faces and busy regions (the crop is interpolated between).</summary>
    public double VerticalSamplesPerSecond { get; set; } = 2;

    /// <summary>How quickly the vertical crop follows what it tracks: 0 never moves, 1 jumps at once.</summary>
    public double VerticalSmoothing { get; set; } = 0.3;

    /// <summary>Burned-in captions' size, in the subtitle renderer's units (relative to the picture's height).</summary>
    public int CaptionFontSize { get; set; } = 14;
}
