namespace MediaAspire.Platform.Captions;

/// <summary>One caption or transcript line, seconds from the start of its media.</summary>
public sealed record Cue(double Start, double End, string Text);
