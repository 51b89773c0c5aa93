namespace MediaAspire.Platform.Queue;

public sealed class JobQueueOptions
{
    public const string Section = "Queue";

    public string StreamKey { get; set; } = "mediaaspire:jobs";
    public string DeadLetterStreamKey { get; set; } = "mediaaspire:jobs:dead";
    public string ConsumerGroup { get; set; } = "workers";

    /// <summary>How long a delivered message may sit unacknowledged, with no heartbeat from its consumer,
    /// before another consumer reclaims it (the worker is presumed dead).</summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Deliveries after which a message is moved to the dead-letter stream and its job failed.</summary>
    public int MaxDeliveries { get; set; } = 5;
}
