namespace MediaAspire.GpuWorker.Renditions;

/// <param name="RelativePath">Under the output directory; for HLS the master playlist.</param>
public sealed record PlannedRendition(string Kind, string RelativePath, string ContentType, int? Width, int? Height, double? DurationSeconds);
