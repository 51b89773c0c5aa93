using Microsoft.Extensions.Options;

namespace MediaAspire.Api.Uploads;

/// <summary>Every <see cref="UploadOptions.SweepInterval"/>, removes abandoned resumable uploads and their parts.</summary>
public sealed class UploadExpirySweeper(ResumableUploadService uploads, IOptions<UploadOptions> options, ILogger<UploadExpirySweeper> logger)
    : BackgroundService
{
    public Task<int> SweepAsync(CancellationToken cancellationToken) => uploads.SweepExpiredAsync(cancellationToken);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                var removed = await SweepAsync(stoppingToken);
                if (removed > 0) logger.LogInformation("Removed {Count} expired resumable uploads", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database or storage hiccup: the next tick tries again.
                logger.LogWarning(e, "Sweeping expired uploads failed");
            }
        }
    }
}
