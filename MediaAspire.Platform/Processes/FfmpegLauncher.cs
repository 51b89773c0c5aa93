using System.Globalization;
using FFMpegCore;

namespace MediaAspire.Platform.Processes;

/// <summary>
/// The one way the worker's stages, the tests and the benchmarks run ffmpeg and ffprobe: the binaries FFMpegCore's
/// <see cref="GlobalFFOptions"/> names, each started through <see cref="ParentDeathSignal"/> (it dies with this process,
/// however this process dies), killed at once on cancellation or past its <see cref="FfmpegCommand.Timeout"/>, failing
/// with an <see cref="FfmpegFailedException"/> that quotes its last error line.
/// </summary>
public static class FfmpegLauncher
{
    public static string PathOf(FfmpegTool tool) =>
        tool == FfmpegTool.Ffmpeg ? GlobalFFOptions.GetFFMpegBinaryPath() : GlobalFFOptions.GetFFProbeBinaryPath();

    /// <summary>Starts <paramref name="command"/> for a caller that reads its output as it comes (and disposes it).</summary>
    /// <param name="onErrorLine">Sees each line of the error output as it comes; returning true keeps the line out of
    /// <see cref="FfmpegProcess.ErrorTail"/> (a log line the caller consumed, not an error).</param>
    public static FfmpegProcess Start(FfmpegCommand command, CancellationToken cancellationToken, Func<string, bool>? onErrorLine = null)
    {
        var info = ParentDeathSignal.StartInfo(PathOf(command.Tool));
        if (command.WorkingDirectory is { } directory) info.WorkingDirectory = directory;
        info.RedirectStandardInput = command.ReadsStandardInput;
        foreach (var argument in command.Arguments) info.ArgumentList.Add(argument);
        // Forked from the launcher thread: callers await while it runs, and the death signal follows the forking thread.
        return new FfmpegProcess(ParentDeathSignal.Start(info), command, onErrorLine, cancellationToken);
    }

    /// <summary>Runs <paramref name="command"/> to the end. With <paramref name="onProgress"/>, reports 0..1 from the
    /// <c>out_time_us</c> lines that <c>-progress pipe:1</c> (in the command's arguments) writes, against <paramref name="durationSeconds"/>.</summary>
    /// <exception cref="FfmpegFailedException">It exited with an error.</exception>
    public static async Task RunAsync(FfmpegCommand command, CancellationToken cancellationToken,
        Func<double, Task>? onProgress = null, double durationSeconds = 0)
    {
        using var process = Start(command, cancellationToken);
        while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
        {
            if (onProgress is null || durationSeconds <= 0 || !line.StartsWith("out_time_us=", StringComparison.Ordinal)) continue;
            if (long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var microseconds) && microseconds >= 0)
                await onProgress(Math.Min(1, microseconds / 1e6 / durationSeconds));
        }
        await process.CompleteAsync();
    }

    /// <summary>Runs <paramref name="command"/> to the end and returns what it wrote on its output.</summary>
    /// <exception cref="FfmpegFailedException">It exited with an error.</exception>
    public static async Task<string> ReadOutputAsync(FfmpegCommand command, CancellationToken cancellationToken)
    {
        using var process = Start(command, cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await process.CompleteAsync();
        return output;
    }
}
