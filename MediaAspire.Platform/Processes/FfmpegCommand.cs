namespace MediaAspire.Platform.Processes;

/// <summary>The FFmpeg programs the services run: <see cref="FfmpegLauncher.PathOf"/> finds them.</summary>
public enum FfmpegTool
{
    Ffmpeg,
    Ffprobe,
}

/// <summary>One run of ffmpeg or ffprobe, for <see cref="FfmpegLauncher"/>: the arguments as they are passed (no shell, no quoting).</summary>
public sealed record FfmpegCommand(FfmpegTool Tool, IReadOnlyList<string> Arguments)
{
    /// <summary>Where it runs (relative output names land there); the caller's current directory when null.</summary>
    public string? WorkingDirectory { get; init; }

    /// <summary>Killed after this long, and waiting on it throws <see cref="TimeoutException"/>; no limit when null.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>What it is run for, in its failure message: "ffmpeg could not <c>Purpose</c>: (its last error line)";
    /// "ffmpeg failed: …" when null.</summary>
    public string? Purpose { get; init; }

    /// <summary>Its standard input is a pipe the caller writes (<see cref="FfmpegProcess.StandardInput"/>, e.g. another
    /// ffmpeg's output) instead of being inherited.</summary>
    public bool ReadsStandardInput { get; init; }

    public static FfmpegCommand Ffmpeg(params IReadOnlyList<string> arguments) => new(FfmpegTool.Ffmpeg, arguments);

    public static FfmpegCommand Ffprobe(params IReadOnlyList<string> arguments) => new(FfmpegTool.Ffprobe, arguments);

    /// <summary>"ffmpeg" or "ffprobe", as messages name it.</summary>
    public string ToolName => Tool == FfmpegTool.Ffmpeg ? "ffmpeg" : "ffprobe";
}
