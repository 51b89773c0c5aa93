using OpenCvSharp;
using Xunit.Abstractions;

namespace MediaAspire.Tests.Scoring;

/// <summary>Scoring many frames leaks neither tensors nor Mats: the process's resident memory stays flat.</summary>
[Collection("scoring")]
public sealed class NativeMemoryTests(ClassifierFixture fixture, ITestOutputHelper output)
{
    private const int BatchSize = 16;
    private const int WarmUpFrames = 20 * BatchSize;
    private const int Frames = 10_000;

    // Justification of the bound: leaking one batch's input tensor (16x3x224x224 float32 = 9.6 MB) per call
    // grows RSS by ~6 GB over 625 batches, one 224x224 float frame per image (0.6 MB) by ~6 GB, one
    // 32x32 Mat per frame by ~30 MB plus its header; glibc arena and LibTorch allocator jitter after the
    // warm-up stays within a few tens of MB.
    private const long AllowedGrowthBytes = 48L * 1024 * 1024;

    [Fact]
    public void Resident_memory_stays_flat_over_ten_thousand_frames()
    {
        // Small distinct frames keep the test about the model: each goes through the resize path and
        // a full forward pass, refilled with new noise for every batch.
        var frames = Enumerable.Range(0, BatchSize).Select(_ => new Mat(32, 32, MatType.CV_8UC3)).ToArray();
        try
        {
            ScoreFrames(frames, WarmUpFrames);
            var before = ResidentBytes();
            ScoreFrames(frames, Frames);
            var after = ResidentBytes();

            output.WriteLine($"RSS after warm-up {before / 1048576.0:F1} MiB, after {Frames} frames {after / 1048576.0:F1} MiB, " +
                $"growth {(after - before) / 1048576.0:F1} MiB");
            Assert.InRange(after - before, long.MinValue, AllowedGrowthBytes);
        }
        finally
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }

    private void ScoreFrames(Mat[] frames, int count)
    {
        for (var scored = 0; scored < count; scored += frames.Length)
        {
            foreach (var frame in frames)
                Cv2.Randu(frame, new OpenCvSharp.Scalar(0, 0, 0), new OpenCvSharp.Scalar(255, 255, 255));
            var scores = fixture.Classifier.Score(frames);
            Assert.Equal(frames.Length, scores.Count);
        }
    }

    private static long ResidentBytes()
    {
        // Finalizable wrappers (TorchSharp tensors, OpenCV Mats) only free native memory once collected.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;
    }
}
