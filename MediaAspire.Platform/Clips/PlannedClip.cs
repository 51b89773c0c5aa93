namespace MediaAspire.Platform.Clips;

/// <summary>One clip a clips job is asked to cut: its range already clamped to the source and checked by the API.</summary>
/// <param name="Id">The clip's asset id (<see cref="ClipIdentity"/>).</param>
/// <param name="Captions">WebVTT or SRT to burn in (vertical only), times relative to the source.</param>
public sealed record PlannedClip(Guid Id, string Key, Guid? HighlightId, string Mode, double Start, double End, string? Captions = null);

/// <summary>A clips job's parameters: every clip of one request, cut from one download of the source.</summary>
public sealed record ClipJobParameters(IReadOnlyList<PlannedClip> Clips);
