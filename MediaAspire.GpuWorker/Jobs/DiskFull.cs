using MediaAspire.Platform.Processes;

namespace MediaAspire.GpuWorker.Jobs;

/// <summary>
/// A job stopped by a full disk (ENOSPC): the worker's scratch disk, or the object store's when it is a directory. Not
/// the input's fault and not a blip a redelivery would fix at once, so the job fails saying so, rather than failing with
/// ffmpeg's last lines or being retried until it is dead-lettered.
/// </summary>
public static class DiskFull
{
    private const int Enospc = 28;
    private const string Message = "No space left on device";

    /// <summary>Whether <paramref name="e"/> (or what it wraps) is a write refused for want of space, by .NET or by ffmpeg.</summary>
    public static bool Caused(Exception e)
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is IOException && ((x.HResult & 0xFFFF) == Enospc || x.Message.Contains(Message, StringComparison.Ordinal))) return true;
            if (x is FfmpegFailedException ffmpeg && (ffmpeg.Message.Contains(Message, StringComparison.Ordinal)
                || ffmpeg.StandardError.Any(l => l.Contains(Message, StringComparison.Ordinal)))) return true;
        }
        return false;
    }

    public static string Reason(string scratchDirectory) =>
        $"A disk the worker writes to is full (No space left on device): its scratch disk ({scratchDirectory}) or the object store. " +
        "The job stopped and kept nothing it had written; free space and run it again.";
}
