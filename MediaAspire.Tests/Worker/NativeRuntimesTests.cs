using MediaAspire.GpuWorker.Native;

namespace MediaAspire.Tests.Worker;

/// <summary>The worker's two native stacks load and compute on this machine (Debian 12 needs the GLIBCXX fix).</summary>
public sealed class NativeRuntimesTests
{
    [Fact]
    public void LibTorch_loads_and_runs_a_convolution()
    {
        var description = NativeRuntimes.DescribeTorch();
        Assert.StartsWith("LibTorch 2.", description);
        // 8x8 input, 3x3 kernel, no padding: 6x6 output with 4 channels.
        Assert.EndsWith("conv output 1x4x6x6", description);
    }

    [Fact]
    public void OpenCv_loads_and_filters_an_image()
    {
        var description = NativeRuntimes.DescribeOpenCv();
        Assert.StartsWith("OpenCV 4.", description);
        // Blurring a uniform image keeps its value: the blue channel stays 10.
        Assert.EndsWith("blur mean 10", description);
    }
}
