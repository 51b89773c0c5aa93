using MediaAspire.Platform.Storage;
using MediaAspire.Platform.Tenancy;
using Microsoft.Extensions.Options;

namespace MediaAspire.Api.Quotas;

/// <summary>Every <see cref="QuotaOptions.ReconcileInterval"/>, takes back what holders that died left (an API or worker
/// killed between reserving and inserting its row, or while a file streamed into the store): the quota of their
/// reservations, by recounting each tenant's use from its rows, and their half-written files, once untouched for as long
/// as a reservation lives (<see cref="QuotaOptions.ReservationTtl"/>).</summary>
public sealed class QuotaReconciler(TenantRepository tenants, IObjectStore store, IOptions<QuotaOptions> options, ILogger<QuotaReconciler> logger) : BackgroundService
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
            try
            {
                if (await store.DeleteAbandonedWritesAsync(options.Value.ReservationTtl, stoppingToken) is > 0 and var removed)
                    logger.LogWarning("Removed {Count} half-written files that writers which died left in the object store", removed);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Removing half-written files from the object store failed");
            }
        }
    }
}
