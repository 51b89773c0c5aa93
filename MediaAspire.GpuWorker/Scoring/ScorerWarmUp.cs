using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenCvSharp;

namespace MediaAspire.GpuWorker.Scoring;

/// <summary>
/// Loads the scorer as the worker starts and runs one forward pass (LibTorch sizes its buffers and .NET compiles the
/// path on the first one), so the first classification is as fast as the next; and reports how that went as the
/// worker's "scoring" health check, so a model that cannot load is seen at start, with the reason, not at the first job.
/// </summary>
internal sealed class ScorerWarmUp(IServiceProvider services, IOptions<ScoringOptions> options, ILogger<ScorerWarmUp> logger)
    : BackgroundService, IHealthCheck
{
    // A finished task is the state: swapped whole, read without a lock.
    private volatile Task<HealthCheckResult> _state = Task.FromResult(options.Value.WarmUp
        ? HealthCheckResult.Degraded("Loading the scoring model.")
        : HealthCheckResult.Healthy("The scoring model loads on first use (Scoring:WarmUp is off)."));

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) => _state;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => !options.Value.WarmUp ? Task.CompletedTask : Task.Run(() =>
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var classifier = services.GetRequiredService<ContentClassifier>();
            using var grey = new Mat(FramePreprocessor.InputSize, FramePreprocessor.InputSize, MatType.CV_8UC3, new OpenCvSharp.Scalar(128, 128, 128));
            classifier.Score([grey]);
            var ready = $"{classifier.ModelName}@{classifier.ModelVersion} ready on {classifier.Device} in {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms.";
            _state = Task.FromResult(HealthCheckResult.Healthy(ready));
            logger.LogInformation("Scoring model {Ready}", ready);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            _state = Task.FromResult(HealthCheckResult.Unhealthy($"The scoring model could not be loaded: {e.Message}", e));
            logger.LogError(e, "The scoring model could not be loaded; classification jobs will fail until it can");
        }
    }, stoppingToken);
}
