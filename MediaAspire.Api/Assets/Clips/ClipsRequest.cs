namespace MediaAspire.Api.Assets.Clips;

public sealed record ClipRange(double Start, double End);

/// <summary>What <c>POST /api/assets/{id}/clips</c> takes: exactly one of <paramref name="HighlightIds"/>, <paramref name="Ranges"/>
/// or <paramref name="AllHighlights"/>, and a mode (copy when omitted).</summary>
/// <param name="CaptionsVtt">WebVTT or SRT burned into vertical clips, times relative to the source.</param>
public sealed record ClipsRequest(
    IReadOnlyList<Guid>? HighlightIds = null,
    IReadOnlyList<ClipRange>? Ranges = null,
    bool? AllHighlights = null,
    string? Mode = null,
    string? CaptionsVtt = null);
