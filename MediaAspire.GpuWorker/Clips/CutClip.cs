namespace MediaAspire.GpuWorker.Clips;

/// <summary>A clip file the cutter made and where in the source it really lies.</summary>
public sealed record CutClip(string Path, double Start, double End);
