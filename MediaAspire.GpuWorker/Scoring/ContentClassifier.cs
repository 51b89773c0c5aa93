using MediaAspire.GpuWorker.Inference;
using OpenCvSharp;
using TorchSharp;
using static TorchSharp.torch;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Scores keyframes with nsfwjs 4.4.0's MobileNetV2 (Drawing, Hentai, Neutral, Porn, Sexy) on LibTorch.
/// Load once per process: loading parses and converts 2.6 M weights.
/// </summary>
public sealed class ContentClassifier : IDisposable
{
    private readonly MobileNetV2Classifier _network;
    private readonly Device _device;
    private readonly int _batchSize;
    // One forward at a time: LibTorch already spreads each one over every core, so concurrent callers
    // would only contend for them.
    private readonly Lock _forward = new();

    private ContentClassifier(MobileNetV2Classifier network, Device device, int batchSize)
    {
        _network = network;
        _device = device;
        _batchSize = batchSize;
    }

    public string ModelName => Platform.Verdicts.ClassifierModel.Name;

    public string ModelVersion => Platform.Verdicts.ClassifierModel.Version;

    /// <summary>"cpu" or "cuda".</summary>
    public string Device => _device.type.ToString().ToLowerInvariant();

    public static ContentClassifier Load(ScoringOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.BatchSize, 1, nameof(options.BatchSize));
        if (options.Threads > 0) set_num_threads(options.Threads);
        NativeHeapTuning.KeepActivationBuffers();
        var device = SelectDevice(options.Device);
        var model = TfjsLayersModel.Load(ModelDirectory.Resolve(options.ModelDirectory));
        var network = MobileNetV2Classifier.FromKeras(model, foldBatchNorm: true);
        network.to(device);
        network.eval();
        return new ContentClassifier(network, device, options.BatchSize);
    }

    /// <summary>Probabilities per image, in the order given. Images are BGR 8-bit (OpenCV's decode format), any size.</summary>
    public IReadOnlyList<ClassScores> Score(IReadOnlyList<Mat> bgrImages)
    {
        var scores = new List<ClassScores>(bgrImages.Count);
        for (var start = 0; start < bgrImages.Count; start += _batchSize)
        {
            var count = Math.Min(_batchSize, bgrImages.Count - start);
            scores.AddRange(ScoreBatch(Enumerable.Range(start, count).Select(i => bgrImages[i])));
        }
        MediaAspire.Platform.Jobs.JobTelemetry.FramesScored.Add(scores.Count);
        return scores;
    }

    private ClassScores[] ScoreBatch(IEnumerable<Mat> images)
    {
        using var scope = NewDisposeScope();
        using var inference = inference_mode();
        var batch = stack(images.Select(FramePreprocessor.ToModelInput).ToArray()).to(_device);
        float[] probabilities;
        lock (_forward)
            probabilities = _network.forward(batch).cpu().data<float>().ToArray();
        return probabilities.Chunk(ClassScores.ClassNames.Count).Select(p => ClassScores.FromProbabilities(p)).ToArray();
    }

    private static Device SelectDevice(string setting) => setting.ToLowerInvariant() switch
    {
        "auto" => cuda.is_available() ? CUDA : CPU,
        "cpu" => CPU,
        "cuda" when cuda.is_available() => CUDA,
        "cuda" => throw new InvalidOperationException("Scoring:Device is \"cuda\" but LibTorch sees no CUDA device."),
        _ => throw new ArgumentException($"Scoring:Device must be auto, cpu or cuda, not \"{setting}\"."),
    };

    public void Dispose() => _network.Dispose();
}
