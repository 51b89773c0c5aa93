namespace MediaAspire.Platform.Clips;

/// <summary>How a clip is cut; the API's <c>mode</c> values.</summary>
public static class ClipModes
{
    /// <summary>Stream copy from the keyframe at or before the start: fast, starts up to a GOP early (the clip says where).</summary>
    public const string Copy = "copy";

    /// <summary>Re-encoded from the exact start: duration within one frame.</summary>
    public const string Precise = "precise";

    /// <summary>Stream copy between the first and last keyframe inside the range, re-encoding only the partial GOPs at both edges.</summary>
    public const string Smart = "smart";

    /// <summary>9:16, the crop following faces (else the busiest region), smoothed; captions optionally burned in.</summary>
    public const string Vertical = "vertical";

    public static readonly IReadOnlyList<string> All = [Copy, Precise, Smart, Vertical];
}
