using MediaAspire.GpuWorker.Scenes;
using MediaAspire.Platform.Processes;

namespace MediaAspire.Tests.Scenes;

public sealed class HardwareDecodingTests
{
    [Fact]
    public void Decodes_on_the_gpu_only_where_ffmpeg_opens_a_cuda_device()
    {
        var gpu = File.Exists("/dev/nvidiactl") && File.Exists("/dev/nvidia0") && HardwareDecoding.FfmpegOpensCuda();

        Assert.Equal(gpu, HardwareDecoding.CudaAvailable);
        Assert.Equal(gpu ? ["-hwaccel", "cuda"] : (string[])[], HardwareDecoding.InputArguments);
        Assert.Equal(["-hwaccel", "cuda"], HardwareDecoding.For(cuda: true));
        Assert.Empty(HardwareDecoding.For(cuda: false));
    }

    [Fact]
    public async Task Debian_ffmpeg_has_the_cuda_hwaccel_to_switch_to()
    {
        var output = await FfmpegLauncher.ReadOutputAsync(FfmpegCommand.Ffmpeg("-hide_banner", "-hwaccels"), CancellationToken.None);

        Assert.Contains("cuda", output.Split('\n', StringSplitOptions.TrimEntries));
    }
}
