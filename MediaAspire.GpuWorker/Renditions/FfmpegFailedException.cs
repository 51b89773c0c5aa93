namespace MediaAspire.GpuWorker.Renditions;

/// <summary>ffmpeg exited with an error: the input cannot be turned into renditions (not worth retrying).</summary>
public sealed class FfmpegFailedException(string message) : Exception(message);
