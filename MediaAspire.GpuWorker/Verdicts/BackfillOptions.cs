namespace MediaAspire.GpuWorker.Verdicts;

public sealed class BackfillOptions
{
    public const string Section = "Backfill";

    /// <summary>Assets a backfill classifies at once. One already keeps a CPU busy (decode threads plus LibTorch);
    /// raise it on GPU workers, where decoding, not scoring, is the bound.</summary>
    public int Concurrency { get; set; } = 1;
}
