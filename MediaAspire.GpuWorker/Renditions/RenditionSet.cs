namespace MediaAspire.GpuWorker.Renditions;

/// <param name="Files">Every file made, relative to the output directory (HLS segments included).</param>
public sealed record RenditionSet(IReadOnlyList<RenditionFile> Renditions, IReadOnlyList<string> Files);
