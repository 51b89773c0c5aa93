namespace MediaAspire.Platform.Highlights;

/// <summary>A window the detection stage found, before it is stored (and given an id) or printed by the CLI.</summary>
public sealed record DetectedHighlight(double Start, double End, double Score, IReadOnlyList<HighlightReason> Reasons);
