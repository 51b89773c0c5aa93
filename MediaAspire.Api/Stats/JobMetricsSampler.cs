using System.Diagnostics.Metrics;
using MediaAspire.Platform.Jobs;
using MediaAspire.Platform.Queue;
using MediaAspire.Platform.Tenancy;

namespace MediaAspire.Api.Stats;

/// <summary>
/// Publishes the platform's job counts as metrics (jobs by state, the job stream's length) so operators see them on
/// the Aspire dashboard's Metrics page or any OTLP backend. The counts come from PostgreSQL, the system of record,
/// sampled every few seconds: an observable gauge's callback must not query a database on the exporter's thread.
/// </summary>
internal sealed class JobMetricsSampler : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);
    private readonly JobRepository _jobs;
    private readonly JobQueue _queue;
    private readonly ILogger<JobMetricsSampler> _logger;
    private volatile Snapshot? _latest;

    public JobMetricsSampler(JobRepository jobs, JobQueue queue, ILogger<JobMetricsSampler> logger)
    {
        _jobs = jobs;
        _queue = queue;
        _logger = logger;
        JobTelemetry.Meter.CreateObservableGauge("mediaaspire.jobs", Jobs, "{job}", "Jobs by state");
        JobTelemetry.Meter.CreateObservableGauge("mediaaspire.queue.length", QueueLength, "{message}", "Messages in the job stream (waiting and in progress)");
    }

    private sealed record Snapshot(IReadOnlyDictionary<JobState, long> ByState, long QueueLength);

    private IEnumerable<Measurement<long>> Jobs() =>
        _latest is { } s
            ? s.ByState.Select(kv => new Measurement<long>(kv.Value, new KeyValuePair<string, object?>("state", kv.Key.ToString().ToLowerInvariant())))
            : [];

    private IEnumerable<Measurement<long>> QueueLength() => _latest is { } s ? [new Measurement<long>(s.QueueLength)] : [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                // Installation-wide: these are the operator's numbers, like /api/stats for the bootstrap key.
                var statistics = await _jobs.GetStatisticsAsync(TenantScope.Everyone, stoppingToken);
                _latest = new Snapshot(statistics.ByState, (await _queue.CountAsync()).Length);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // PostgreSQL or Redis is down: readiness reports it; the gauges keep their last values.
                _logger.LogDebug(e, "Sampling job metrics failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
