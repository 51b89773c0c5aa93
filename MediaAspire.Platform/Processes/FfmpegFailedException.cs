namespace MediaAspire.Platform.Processes;

/// <summary>ffmpeg or ffprobe exited with an error, or finished without making what it was asked for: the input cannot be
/// processed that way (not worth retrying).</summary>
/// <param name="standardError">The last lines it wrote on its error output (<see cref="FfmpegProcess.ErrorTail"/>).</param>
public sealed class FfmpegFailedException(string message, IReadOnlyList<string>? standardError = null) : Exception(message)
{
    public IReadOnlyList<string> StandardError { get; } = standardError ?? [];
}
