using OpenCvSharp;
using TorchSharp;

namespace MediaAspire.GpuWorker.Native;

/// <summary>
/// Loads the two native stacks the worker's scoring depends on and says what it found, so a broken
/// install shows at start-up (and in a test) instead of on the first scored frame.
/// </summary>
public static class NativeRuntimes
{
    /// <summary>LibTorch: runs a tiny convolution on the best device (CUDA when present, else CPU).</summary>
    public static string DescribeTorch()
    {
        var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;
        using var scope = torch.NewDisposeScope();
        using var conv = torch.nn.Conv2d(3, 4, 3).to(device);
        var output = conv.forward(torch.ones(1, 3, 8, 8, device: device));
        return $"LibTorch {torch.__version__} on {device.type}, conv output {string.Join('x', output.shape)}";
    }

    /// <summary>OpenCV: builds and blurs a small image.</summary>
    public static string DescribeOpenCv()
    {
        using var image = new Mat(16, 16, MatType.CV_8UC3, new OpenCvSharp.Scalar(10, 20, 30));
        using var blurred = new Mat();
        Cv2.GaussianBlur(image, blurred, new Size(3, 3), 0);
        return $"OpenCV {Cv2.GetVersionString()}, blur mean {blurred.Mean().Val0:F0}";
    }
}
