using System.Globalization;
using MediaAspire.GpuWorker.Scoring;
using OpenCvSharp;
using static TorchSharp.torch;

namespace MediaAspire.Bench.Benchmarks;

/// <summary>
/// Keyframe scoring throughput on CPU: the served <see cref="ContentClassifier"/> (BatchNorm folded into the
/// convolutions, inference mode) against the same network run the plain way (every BatchNormalization as
/// its own layer, eager forward under no_grad), same frames, same preprocessing, side by side.
/// </summary>
public sealed class ScorerBenchmark : IBenchmark
{
    private const int Frames = 64;
    private static readonly int[] BatchSizes = [1, 8, 32];

    public string Name => "scorer";
    public string Title => "Keyframe scorer (nsfwjs MobileNetV2) throughput on CPU";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var frames = DistinctFrames(Frames);
        try
        {
            var model = TfjsLayersModel.Load(ModelDirectory.Resolve(null));
            using var plain = MobileNetV2Classifier.FromKeras(model, foldBatchNorm: false);
            plain.eval();
            var rows = new List<BenchmarkRow>();
            foreach (var batchSize in BatchSizes)
            {
                using var classifier = ContentClassifier.Load(new ScoringOptions { BatchSize = batchSize, Device = "cpu" });
                var ours = await Timing.MedianAsync(context.Repetitions, () => Task.FromResult(classifier.Score(frames)));
                var baseline = await Timing.MedianAsync(context.Repetitions, () => Task.Run(() => PlainForward(plain, frames, batchSize)));
                rows.Add(new BenchmarkRow($"frames/s, batch {batchSize}", Fps(ours), "plain eager forward, BN unfolded", Fps(baseline),
                    baseline / ours));
            }
            return new BenchmarkReport(
                $"Input: {Frames} distinct 224x224 BGR frames per run (OpenCV noise), CPU, LibTorch threads: {get_num_threads()}. " +
                $"Median of {context.Repetitions} runs after a warm-up; each run preprocesses and scores all frames. " +
                "Baseline: the same nsfwjs network and preprocessing with each BatchNormalization kept as its own layer and a " +
                "plain eager forward under no_grad. Ratio here is ours / baseline in frames per second (higher is better). " +
                $"Machine load while measuring (1-minute load average): {LoadAverage()}.",
                rows);
        }
        finally
        {
            foreach (var frame in frames) frame.Dispose();
        }
    }

    private static void PlainForward(MobileNetV2Classifier network, IReadOnlyList<Mat> frames, int batchSize)
    {
        using var gradients = no_grad();
        foreach (var chunk in frames.Chunk(batchSize))
        {
            using var scope = NewDisposeScope();
            var batch = stack(chunk.Select(FramePreprocessor.ToModelInput).ToArray());
            network.forward(batch).data<float>().ToArray();
        }
    }

    private static Mat[] DistinctFrames(int count)
    {
        var frames = new Mat[count];
        for (var i = 0; i < count; i++)
        {
            frames[i] = new Mat(FramePreprocessor.InputSize, FramePreprocessor.InputSize, MatType.CV_8UC3);
            Cv2.Randu(frames[i], new OpenCvSharp.Scalar(0, 0, 0), new OpenCvSharp.Scalar(255, 255, 255));
        }
        return frames;
    }

    private static string Fps(TimeSpan run) => string.Create(CultureInfo.InvariantCulture, $"{Frames / run.TotalSeconds:F1}");

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
