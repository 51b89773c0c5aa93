using MediaAspire.GpuWorker.Scoring;
using OpenCvSharp;
using static TorchSharp.torch;

namespace MediaAspire.Tests.Scoring;

/// <summary>The model input is built exactly as nsfwjs builds it.</summary>
public sealed class FramePreprocessorTests
{
    [Fact]
    public void A_224_frame_is_only_reordered_to_rgb_and_scaled()
    {
        using var bgr = NsfwjsReference.ReadBgr("cups.png");
        using var scope = NewDisposeScope();

        var input = FramePreprocessor.ToModelInput(bgr);

        Assert.Equal([3L, 224, 224], input.shape);
        foreach (var (y, x) in new[] { (0, 0), (17, 200), (223, 223), (111, 5) })
        {
            var pixel = bgr.At<Vec3b>(y, x);
            Assert.Equal(pixel.Item2 / 255f, input[0, y, x].item<float>());
            Assert.Equal(pixel.Item1 / 255f, input[1, y, x].item<float>());
            Assert.Equal(pixel.Item0 / 255f, input[2, y, x].item<float>());
        }
    }

    [Fact]
    public void Other_sizes_are_resized_bilinearly_with_aligned_corners()
    {
        // 5x4 (WxH) frame with distinct values per pixel and channel, resized up to 224x224.
        using var bgr = new Mat(4, 5, MatType.CV_8UC3);
        for (var y = 0; y < 4; y++)
            for (var x = 0; x < 5; x++)
                bgr.Set(y, x, new Vec3b((byte)(10 * x + y), (byte)(50 + 30 * y + x), (byte)(200 - 40 * x - 7 * y)));
        using var scope = NewDisposeScope();

        var input = FramePreprocessor.ToModelInput(bgr);

        Assert.Equal([3L, 224, 224], input.shape);
        for (var channel = 0; channel < 3; channel++)
            foreach (var (y, x) in new[] { (0, 0), (223, 223), (0, 223), (100, 37), (57, 190), (150, 111) })
                Assert.Equal(AlignCornersBilinear(bgr, 2 - channel, y, x), input[channel, y, x].item<float>(), 5);
    }

    [Fact]
    public void Refuses_frames_that_are_not_8_bit_bgr()
    {
        using var gray = new Mat(224, 224, MatType.CV_8UC1);
        Assert.Throws<ArgumentException>(() => FramePreprocessor.ToModelInput(gray));
    }

    // tfjs resizeBilinear(alignCorners = true), written out: source = target * (in - 1) / (out - 1).
    private static float AlignCornersBilinear(Mat bgr, int bgrChannel, int y, int x)
    {
        var sy = y * (bgr.Rows - 1) / 223.0;
        var sx = x * (bgr.Cols - 1) / 223.0;
        int y0 = (int)Math.Floor(sy), x0 = (int)Math.Floor(sx);
        int y1 = Math.Min(y0 + 1, bgr.Rows - 1), x1 = Math.Min(x0 + 1, bgr.Cols - 1);
        double dy = sy - y0, dx = sx - x0;
        double V(int r, int c) => bgr.At<Vec3b>(r, c)[bgrChannel] / 255.0;
        var top = V(y0, x0) + (V(y0, x1) - V(y0, x0)) * dx;
        var bottom = V(y1, x0) + (V(y1, x1) - V(y1, x0)) * dx;
        return (float)(top + (bottom - top) * dy);
    }
}
