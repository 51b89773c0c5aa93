namespace MediaAspire.Platform.Highlights;

/// <summary>Which signals a highlight is built from; the API's <c>reasons[].signal</c> values.</summary>
public static class HighlightSignals
{
    public const string Audio = "audio";
    public const string Scenes = "scenes";
    public const string Chat = "chat";
    public const string Events = "events";
    public const string Transcript = "transcript";
}

/// <summary>One signal that fired inside a highlight.</summary>
/// <param name="Signal">One of <see cref="HighlightSignals"/>.</param>
/// <param name="Score">How strongly it fired: its peak in the window (σ above the recording's baseline; for events the summed weights).</param>
/// <param name="Detail">For people: "loudness +3.1σ", "chat 4.2× baseline", "raid (50), sub".</param>
public sealed record HighlightReason(string Signal, double Score, string Detail);

/// <summary>A stretch of a recording worth watching, as the API returns it (best first).</summary>
/// <param name="ClipIds">Clips cut from it so far (assets of kind clip).</param>
public sealed record Highlight(Guid Id, double Start, double End, double Score, IReadOnlyList<HighlightReason> Reasons, IReadOnlyList<Guid> ClipIds);
