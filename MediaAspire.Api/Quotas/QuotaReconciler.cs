using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.Api.Quotas;

/// <summary>Every <see cref="QuotaOptions.ReconcileInterval"/>, gives back the quota of reservations whose holder died
/// (an API or worker killed between reserving and inserting its row) and recounts each tenant's use from its rows.</summary>
public sealed class QuotaReconciler(TenantRepository tenants, IOptions<QuotaOptions> options, ILogger<QuotaReconciler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ReconcileInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                foreach (var c in await tenants.ReconcileAsync(stoppingToken))
                    logger.LogWarning("Tenant {Tenant}'s quota use was {CountedBytes} bytes and {CountedAssets} assets, its rows hold {HeldBytes} and {HeldAssets}: corrected",
                        c.Tenant, c.CountedBytes, c.CountedAssets, c.HeldBytes, c.HeldAssets);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // A database hiccup: the next tick tries again.
                logger.LogWarning(e, "Reconciling quota use failed");
            }
        }
    }
}
