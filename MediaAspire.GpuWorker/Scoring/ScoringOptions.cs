namespace MediaAspire.GpuWorker.Scoring;

/// <summary>Configuration section "Scoring": where the model lives and how it runs.</summary>
public sealed class ScoringOptions
{
    public const string Section = "Scoring";

    /// <summary>
    /// The directory holding nsfwjs' mobilenet_v2 files; when unset, the first
    /// models/nsfwjs-4.4.0/mobilenet_v2 found walking up from the application directory.
    /// </summary>
    public string? ModelDirectory { get; set; }

    /// <summary>Intra-op threads LibTorch may use; 0 keeps LibTorch's default (one per core).</summary>
    public int Threads { get; set; }

    /// <summary>Images per forward pass. 8 is the fastest measured on CPU (docs/benchmarks.md: 86 frames/s against
    /// 59 at 16 and 42 at 32 on 2 cores, where larger batches outgrow the caches).</summary>
    public int BatchSize { get; set; } = 8;

    /// <summary>"auto" (CUDA when available, else CPU), "cpu" or "cuda".</summary>
    public string Device { get; set; } = "auto";

    /// <summary>Load the model and run one forward pass when the worker starts, so the first classification does
    /// not pay for it; off, the model loads on first use.</summary>
    public bool WarmUp { get; set; } = true;
}
