namespace MediaAspire.GpuWorker.Probe;

/// <summary>The input itself is the problem (corrupt, not media, unsupported): retrying cannot help.
/// The message is written for the person who uploaded the file.</summary>
public sealed class UnreadableMediaException(string message) : Exception(message);
