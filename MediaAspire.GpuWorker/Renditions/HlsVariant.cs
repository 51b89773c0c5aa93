namespace MediaAspire.GpuWorker.Renditions;

/// <summary>One HLS variant: its playlist (relative path) and picture size, for the master playlist.</summary>
public sealed record HlsVariant(string Playlist, int Width, int Height);
