using MediaAspire.Platform.Processes;

namespace MediaAspire.GpuWorker.Scenes;

/// <summary>
/// Lets ffmpeg decode on an NVIDIA GPU (<c>-hwaccel cuda</c>) where one works, chosen at run time: dev machines and CI
/// have none and decode on the CPU with otherwise the same commands. Frames come back to system memory (no
/// <c>-hwaccel_output_format</c>), so filters and reader are the same either way, and ffmpeg decodes in software a
/// codec or profile the GPU does not. ffmpeg with <c>-hwaccel cuda</c> and no usable device refuses to decode at all,
/// so the choice is made once per process: the driver's device node must exist (no process is started otherwise)
/// and ffmpeg must open a CUDA device.
/// </summary>
internal static class HardwareDecoding
{
    private static readonly Lazy<bool> Cuda = new(() => File.Exists("/dev/nvidiactl") && File.Exists("/dev/nvidia0") && FfmpegOpensCuda());

    /// <summary>True where ffmpeg decodes on the GPU in this process.</summary>
    public static bool CudaAvailable => Cuda.Value;

    /// <summary>The arguments to put before <c>-i</c>: <c>-hwaccel cuda</c>, or none.</summary>
    public static IReadOnlyList<string> InputArguments => For(Cuda.Value);

    public static IReadOnlyList<string> For(bool cuda) => cuda ? ["-hwaccel", "cuda"] : [];

    /// <summary>ffmpeg opens a CUDA device (driver and libcuda present and working): a tenth of a second, once.</summary>
    internal static bool FfmpegOpensCuda()
    {
        try
        {
            FfmpegLauncher.RunAsync(
                FfmpegCommand.Ffmpeg("-hide_banner", "-nostdin", "-loglevel", "error", "-init_hw_device", "cuda=gpu",
                    "-f", "lavfi", "-i", "color=size=64x64:duration=0.04", "-f", "null", "-") with { Timeout = TimeSpan.FromSeconds(20) },
                CancellationToken.None).GetAwaiter().GetResult();
            return true;
        }
        catch (Exception e) when (e is FfmpegFailedException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
