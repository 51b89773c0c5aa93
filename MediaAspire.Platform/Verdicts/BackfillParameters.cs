using MediaAspire.Platform.Tenancy;

namespace MediaAspire.Platform.Verdicts;

/// <summary>What a backfill covers: the assets of the job's tenant, or, started by the operator, of every tenant.</summary>
public sealed record BackfillParameters(bool AllTenants = false)
{
    public TenantScope ScopeOf(Guid jobTenantId) => new(jobTenantId, AllTenants);
}
