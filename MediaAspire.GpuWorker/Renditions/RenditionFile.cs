namespace MediaAspire.GpuWorker.Renditions;

/// <param name="RelativePath">Under the output directory (for HLS: the master playlist).</param>
/// <param name="SizeBytes">The file's size; for HLS every playlist and segment together.</param>
public sealed record RenditionFile(string Kind, string RelativePath, string ContentType, int? Width, int? Height, long SizeBytes, double? DurationSeconds);
