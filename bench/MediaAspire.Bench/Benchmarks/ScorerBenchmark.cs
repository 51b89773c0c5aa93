using System.Globalization;
using MediaAspire.GpuWorker.Inference;
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
    private static readonly int[] BatchSizes = [1, 8, 16, 32];

    public string Name => "scorer";
    public string Title => "Keyframe scorer (nsfwjs MobileNetV2) throughput on CPU";

    public async Task<BenchmarkReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var frames = DistinctFrames(Frames);
        try
        {
            // The baseline runs first: loading the classifier tunes the process's native heap
            // (NativeHeapTuning), which is part of what is measured for ours.
            var model = TfjsLayersModel.Load(ModelDirectory.Resolve(null));
            var baselines = new Dictionary<int, TimeSpan>();
            using (var plain = MobileNetV2Classifier.FromKeras(model, foldBatchNorm: false))
            {
                plain.eval();
                foreach (var batchSize in BatchSizes)
                    baselines[batchSize] = await Timing.MedianAsync(context.Repetitions, () => Task.Run(() => PlainForward(plain, frames, batchSize)));
            }
            var rows = new List<BenchmarkRow>();
            foreach (var batchSize in BatchSizes)
            {
                using var classifier = ContentClassifier.Load(new ScoringOptions { BatchSize = batchSize, Device = "cpu" });
                // On pool threads, as the worker's job handlers call it (and as the baseline ran).
                var ours = await Timing.MedianAsync(context.Repetitions, () => Task.Run(() => classifier.Score(frames)));
                rows.Add(new BenchmarkRow($"frames/s, batch {batchSize}", Fps(ours), "plain eager forward, BN unfolded", Fps(baselines[batchSize]),
                    baselines[batchSize] / ours));
            }
            return new BenchmarkReport(
                $"Input: {Frames} distinct 224x224 BGR frames per run (OpenCV noise), CPU, LibTorch threads: {get_num_threads()}. " +
                $"Median of {context.Repetitions} runs after a warm-up; each run preprocesses and scores all frames. " +
                "Baseline (measured first, default glibc heap): the same nsfwjs network and preprocessing with each BatchNormalization " +
                "kept as its own layer and a plain eager forward under no_grad. Ours: ContentClassifier (BN folded, inference mode, " +
                "in-place activations, glibc mmap/trim thresholds raised so activation buffers are reused). Ratio here is ours / baseline in frames per second (higher is better). " +
                $"Machine {MachineLoad.Now()} while measuring.",
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

}
