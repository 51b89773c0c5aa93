namespace MediaAspire.GpuWorker.Jobs;

public sealed class WorkerOptions
{
    public const string Section = "Worker";

    /// <summary>Jobs this process runs at once.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>Longest wait between polls of an empty queue (a pub/sub wake-up cuts it short).</summary>
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the sweeper looks for jobs PostgreSQL has but Redis lost.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a job may sit unmoved before the sweeper checks on it.</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Least time between two progress writes of one job (a stage change is always written).</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Free space to leave on the scratch disk beyond the source being pulled: a job that would
    /// eat into it fails before downloading, with a message saying so.</summary>
    public long MinFreeScratchBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Where sources are copied for ffmpeg; defaults to the system temp directory.</summary>
    public string? ScratchDirectory { get; set; }

    public string ScratchPath => ScratchDirectory ?? Path.Combine(Path.GetTempPath(), "mediaaspire-worker");
}
