using System.Diagnostics;
using System.Globalization;
using FFMpegCore;
using MediaAspire.Platform.Processes;

namespace MediaAspire.GpuWorker.Renditions;

/// <summary>
/// Runs one ffmpeg command to the end, reporting progress from its <c>-progress pipe:1</c> output
/// (<c>out_time_us</c> against the media's duration). Cancelling kills ffmpeg at once, and so does the death
/// of the worker (<see cref="ParentDeathSignal"/>).
/// </summary>
public static class FfmpegProcess
{
    public static async Task RunAsync(
        IReadOnlyList<string> arguments, string workingDirectory, double durationSeconds,
        Func<double, Task>? onProgress, CancellationToken cancellationToken, string purpose = "make the renditions")
    {
        // ffmpeg dies with the worker, even a SIGKILLed one; forked from the launcher thread, since this method awaits.
        var info = ParentDeathSignal.StartInfo(GlobalFFOptions.GetFFMpegBinaryPath());
        info.WorkingDirectory = workingDirectory;
        foreach (var argument in arguments) info.ArgumentList.Add(argument);

        using var process = ParentDeathSignal.Start(info);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        await using (cancellationToken.Register(() => Kill(process)))
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                if (onProgress is null || durationSeconds <= 0 || !line.StartsWith("out_time_us=", StringComparison.Ordinal)) continue;
                if (long.TryParse(line.AsSpan("out_time_us=".Length), NumberStyles.Integer, CultureInfo.InvariantCulture, out var microseconds) && microseconds >= 0)
                    await onProgress(Math.Min(1, microseconds / 1e6 / durationSeconds));
            }
            await process.WaitForExitAsync(CancellationToken.None);
        }
        var stderr = await errors;
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
        {
            var last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
            throw new FfmpegFailedException($"ffmpeg could not {purpose}: {last}");
        }
    }

    /// <summary>Runs ffprobe (or ffmpeg, <paramref name="binaryPath"/>) to the end and returns what it printed on stdout.</summary>
    /// <exception cref="FfmpegFailedException">It exited with an error.</exception>
    public static async Task<string> ReadOutputAsync(string binaryPath, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var info = ParentDeathSignal.StartInfo(binaryPath);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = ParentDeathSignal.Start(info);
        var errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        string output;
        await using (cancellationToken.Register(() => Kill(process)))
        {
            output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            await process.WaitForExitAsync(CancellationToken.None);
        }
        var stderr = await errors;
        cancellationToken.ThrowIfCancellationRequested();
        if (process.ExitCode != 0)
            throw new FfmpegFailedException($"{Path.GetFileName(binaryPath)} failed: {stderr.Trim().Split('\n').LastOrDefault() ?? $"exit code {process.ExitCode}"}");
        return output;
    }

    /// <summary>Stops ffmpeg at once (cancellation, or a reader done early); a process that already exited is left alone.</summary>
    public static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }
    }
}
