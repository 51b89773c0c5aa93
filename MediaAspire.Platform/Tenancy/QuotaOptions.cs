namespace MediaAspire.Platform.Tenancy;

/// <summary>How long quota taken ahead of its row is held, and how often the tenants' use is reconciled from the rows.</summary>
public sealed class QuotaOptions
{
    public const string Section = "Quotas";

    /// <summary>A reservation nobody settled or renewed within this long is dropped by the next reconciliation: its holder
    /// died between reserving and inserting the row that holds the space. Each further reservation by the same holder (an
    /// upload streaming in, a chunk at a time) renews it, so only a holder that stalls this long without reading loses it.</summary>
    public TimeSpan ReservationTtl { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How often the API drops run-out reservations and recomputes each tenant's use from its rows.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(5);
}
