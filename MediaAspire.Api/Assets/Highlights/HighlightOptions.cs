namespace MediaAspire.Api.Assets.Highlights;

/// <summary>What a highlights or clips request may ask for (section <c>Highlights</c>; the worker reads its own settings there too).</summary>
public sealed class HighlightOptions
{
    public const string Section = "Highlights";

    public int MaxTop { get; set; } = 50;

    /// <summary>Shorter clips (after clamping to the source) are refused with 400 before anything is cut.</summary>
    public double MinClipSeconds { get; set; } = 1;

    public int MaxClipsPerRequest { get; set; } = 50;

    /// <summary>Longest chat lag a request may set.</summary>
    public double MaxChatLagSeconds { get; set; } = 120;
}
