namespace MediaAspire.Api.ClassifyVideo;

public sealed class ClassifyOptions
{
    public const string Section = "Classify";

    /// <summary>Largest clip the sync endpoint takes, bytes (413 beyond; the async endpoint takes up to Uploads:MaxBytes).</summary>
    public long SyncMaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Longest clip the sync endpoint takes, seconds (413 beyond, decided by the worker's probe before decoding).</summary>
    public double SyncMaxDurationSeconds { get; set; } = 180;

    /// <summary>How long the sync endpoint holds the request; after it the answer is 202 with the job to follow.</summary>
    public TimeSpan SyncWait { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The most keyframes a request may ask for (each one is a model forward pass).</summary>
    public int MaxKeyframesLimit { get; set; } = 200;
}
